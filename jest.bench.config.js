/** Benchmarks (not tests): `npm run bench:memory`. @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/bench'],
	testMatch: ['**/*.bench.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/support/jest.setup.js'],
	testTimeout: 600000,
};
