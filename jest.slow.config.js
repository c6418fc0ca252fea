/**
 * The slow tier, `npm run test:slow`: exactly test/slow (property-based hostile input, the fault
 * matrix, 10,000 items), with the default tier's compiler, setup files and reporters.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
	...base,
	roots: ['<rootDir>/test/slow'],
	testPathIgnorePatterns: ['/node_modules/'],
};
