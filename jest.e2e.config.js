/**
 * The end-to-end tier: a real n8n (scripts/n8n/runtime) with this package installed from its npm
 * tarball, and a real browser. Run by `npm run test:e2e`, which installs n8n first if needed.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/support/jest.setup.js'],
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
	maxWorkers: 1,
	testTimeout: 180000,
};
