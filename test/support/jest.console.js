// @ts-check
'use strict';

// Runs before each test file of the unit tiers (setupFilesAfterEnv). n8n logs at its default level
// (info) but as JSON, with each line's metadata, as an instance with N8N_LOG_FORMAT=json writes it,
// so the leak checks read the metadata too (plain text prints the message alone). The console is
// recorded, not printed, unless TEST_OUTPUT=1. See console-capture.js.
process.env.N8N_LOG_LEVEL = 'info';
process.env.N8N_LOG_FORMAT = 'json';
require('./console-capture').captureConsole();
