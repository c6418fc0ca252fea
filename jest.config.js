/**
 * The files of n8n's expression engine that load a module with import(), which Jest cannot run
 * (test/support/dynamic-import.js): test/node/expressions.test.ts starts the QuickJS engine.
 */
const DYNAMIC_IMPORTS =
	'(n8n-workflow/dist/cjs/expression|@n8n/expression-runtime/dist/cjs/bridge/quickjs-bridge|@jitl/quickjs-wasmfile-release-sync/dist/index)\\.js$';

/**
 * The default tier, `npm test`: every unit test under test/ but the slow tier (test/slow,
 * `npm run test:slow`, jest.slow.config.js), the end-to-end tier (test/e2e, jest.e2e.config.js)
 * and the benchmarks (test/bench, jest.bench.config.js).
 *
 * Tests are compiled without type checking (test/tsconfig.jest.json: `npm run typecheck` checks
 * types), run on two workers, and print nothing of their own: the console is recorded by
 * test/support/console-capture.js (TEST_OUTPUT=1 prints it too).
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: [
		'/node_modules/',
		'<rootDir>/test/slow/',
		'<rootDir>/test/e2e/',
		'<rootDir>/test/bench/',
	],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.jest.json' }],
		[DYNAMIC_IMPORTS]: '<rootDir>/test/support/dynamic-import.js',
	},
	// node_modules stay untransformed, but for the expression engine's dynamic imports (above).
	transformIgnorePatterns: [`/node_modules/(?!${DYNAMIC_IMPORTS.slice(0, -1)})`],
	setupFiles: ['<rootDir>/test/support/jest.setup.js'],
	setupFilesAfterEnv: ['<rootDir>/test/support/jest.console.js'],
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
	maxWorkers: 2,
	testTimeout: 30000,
};
