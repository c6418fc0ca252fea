/**
 * A Jest transform for the few files of n8n's expression engine that load a module with a
 * dynamic import(): n8n-workflow's Expression (it loads @n8n/expression-runtime when an engine
 * other than legacy starts), the runtime's QuickJS bridge (quickjs-emscripten) and QuickJS's
 * WebAssembly variant (its Emscripten module). Jest runs CommonJS and refuses import() without
 * --experimental-vm-modules; Node itself would load the CommonJS build of each. This gives
 * the same: require() of the module, wrapped as import() wraps CommonJS (`default` is the whole
 * module.exports, its properties are the named exports). Nothing else in the files changes.
 */
const IMPORT = /\bimport\((['"][^'"]+['"])\)/g;

module.exports = {
	/** @param {string} source */
	process(source) {
		return {
			code: source.replace(
				IMPORT,
				'Promise.resolve(require($1)).then((m) => Object.assign({}, m, { default: m }))',
			),
		};
	},
};
