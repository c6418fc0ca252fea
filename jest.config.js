/**
 * The test tiers, as jest projects of one config:
 * - unit: every test under test/ but the tiers below. `npm test`, and plain `npx jest`.
 * - slow: test/slow (property-based hostile input, the fault matrix, 10,000 items). `npm run test:slow`.
 * - e2e: test/e2e, a real n8n with this package installed from its npm tarball, and a real
 *   browser. `npm run test:e2e`, which installs n8n first if needed.
 * - queue: test/queue, the package in n8n's queue mode (scripts/n8n/queue.js). `npm run test:queue`.
 * - bench: benchmark/*.bench.ts, benchmarks, not tests. `npm run bench:memory`.
 *
 * Plain `npx jest [file]` runs the unit tier only; `npx jest --selectProjects <tier> [file]` runs
 * another (the end-to-end and queue tiers with `--maxWorkers=1`, as their scripts do).
 *
 * The unit and slow tiers compile tests without type checking (test/tsconfig.jest.json: `npm run
 * typecheck` checks types) and print nothing of their own: the console is recorded by
 * test/support/console-capture.js (TEST_OUTPUT=1 prints it too).
 */

/**
 * The files of n8n's expression engine that load a module with import(), which Jest cannot run
 * (test/support/dynamic-import.js): test/node/expressions.test.ts starts the QuickJS engine.
 */
const DYNAMIC_IMPORTS =
	'(n8n-workflow/dist/cjs/expression|@n8n/expression-runtime/dist/cjs/bridge/quickjs-bridge|@jitl/quickjs-wasmfile-release-sync/dist/index)\\.js$';

/** Sets each tier's time limit per test, from its `testTimeoutMs` global. */
const TIMEOUT = '<rootDir>/test/support/jest.timeout.js';

/** @type {import('jest').Config} */
const unit = {
	displayName: 'unit',
	rootDir: __dirname,
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/slow/', '<rootDir>/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.jest.json' }],
		[DYNAMIC_IMPORTS]: '<rootDir>/test/support/dynamic-import.js',
	},
	// node_modules stay untransformed, but for the expression engine's dynamic imports (above).
	transformIgnorePatterns: [`/node_modules/(?!${DYNAMIC_IMPORTS.slice(0, -1)})`],
	setupFiles: ['<rootDir>/test/support/jest.setup.js'],
	setupFilesAfterEnv: [
		'<rootDir>/test/support/jest.console.js',
		'<rootDir>/test/support/jest.limits.js',
		TIMEOUT,
	],
	globals: { testTimeoutMs: 30000 },
};

/** @type {import('jest').Config} */
const slow = {
	...unit,
	displayName: 'slow',
	roots: ['<rootDir>/test/slow'],
	testPathIgnorePatterns: ['/node_modules/'],
};

/** @type {import('jest').Config} */
const e2e = {
	displayName: 'e2e',
	rootDir: __dirname,
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/support/jest.setup.js'],
	setupFilesAfterEnv: [TIMEOUT],
	globals: { testTimeoutMs: 180000 },
};

/** @type {import('jest').Config} */
const queue = { ...e2e, displayName: 'queue', roots: ['<rootDir>/test/queue'] };

/** @type {import('jest').Config} */
const bench = {
	displayName: 'bench',
	rootDir: __dirname,
	testEnvironment: 'node',
	roots: ['<rootDir>/benchmark'],
	testMatch: ['**/*.bench.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/support/jest.setup.js'],
	setupFilesAfterEnv: [TIMEOUT],
	globals: { testTimeoutMs: 600000 },
};

const selecting = process.argv.some((arg) => arg.startsWith('--selectProjects'));

/** @type {import('jest').Config} */
module.exports = {
	projects: selecting ? [unit, slow, e2e, queue, bench] : [unit],
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
	maxWorkers: 2,
};
