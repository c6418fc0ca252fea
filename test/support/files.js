// @ts-check
'use strict';

// File access for tests: what ships (icons, codex), temporary folders and logs. In plain
// JavaScript because n8n's lint rules, written for code that runs inside n8n, allow no file
// system in TypeScript.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

/** @param {string} relativePath a path from the repository root */
function readRepoFile(relativePath) {
	return fs.readFileSync(path.join(ROOT, relativePath), 'utf8');
}

/** @param {string} relativePath a path from the repository root */
function repoFileExists(relativePath) {
	return fs.existsSync(path.join(ROOT, relativePath));
}

/** @param {string} prefix */
function makeTempFolder(prefix) {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The text of a file, or '' if it does not exist. @param {string} file */
function readText(file) {
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

/** @param {string} file @param {string | Buffer} content */
function writeFile(file, content) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
}

/** A file's permission bits, e.g. 0o600. @param {string} file */
function permissionsOf(file) {
	return fs.statSync(file).mode & 0o777;
}

module.exports = {
	ROOT,
	readRepoFile,
	repoFileExists,
	makeTempFolder,
	readText,
	writeFile,
	permissionsOf,
};
