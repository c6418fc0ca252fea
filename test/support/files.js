// @ts-check
'use strict';

// File access for tests that check what ships (icons, codex). In plain JavaScript because n8n's
// lint rules, written for code that runs inside n8n, allow no file system in TypeScript.
const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

/** @param {string} relativePath a path from the repository root */
function readRepoFile(relativePath) {
	return readFileSync(path.join(ROOT, relativePath), 'utf8');
}

/** @param {string} relativePath a path from the repository root */
function repoFileExists(relativePath) {
	return existsSync(path.join(ROOT, relativePath));
}

module.exports = { readRepoFile, repoFileExists };
