// @ts-check
'use strict';

// Runs before each test file of every tier (setupFilesAfterEnv): a tier's time limit per test,
// the `testTimeoutMs` global its project in jest.config.js sets (jest takes `testTimeout` from the
// command's config, not a project's).
jest.setTimeout(/** @type {number} */ (/** @type {any} */ (globalThis).testTimeoutMs));
