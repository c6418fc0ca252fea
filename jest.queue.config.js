/**
 * The queue-mode tier: the package in n8n's queue mode (PostgreSQL, Redis, a main process, two
 * webhook processes, two workers; scripts/n8n/queue.js). Run by `npm run test:queue`, which
 * installs n8n, PostgreSQL and Redis first where the machine lacks them.
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.e2e.config.js'),
	roots: ['<rootDir>/test/queue'],
};
