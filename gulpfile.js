const { src, dest, series } = require('gulp');
const { rm } = require('node:fs/promises');

// tsc compiles the TypeScript; n8n also needs the icons next to the compiled files and the codex
// JSON beside each node (n8n finds it as `<Node>.node.js` + `on`).
const ASSETS = ['nodes/**/*.svg', 'nodes/**/*.node.json', 'credentials/**/*.svg'];

function clean() {
	return rm('dist', { recursive: true, force: true });
}

function assets() {
	return src(ASSETS, { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.clean = clean;
exports.assets = assets;
exports.default = series(clean, assets);
