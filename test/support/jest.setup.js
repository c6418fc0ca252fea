// n8n-core writes an instance config (with a generated encryption key) into N8N_USER_FOLDER on
// first use: keep it in a temporary folder, never in the user's home.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-nodes-ding-test-'));
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
