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
function fileMode(file) {
	return fs.statSync(file).mode & 0o777;
}

/** The names in a folder. @param {string} folder */
function folderEntries(folder) {
	return fs.readdirSync(folder);
}

/** @param {string} folder */
function removeFolder(folder) {
	fs.rmSync(folder, { recursive: true, force: true });
}

/** @param {string} file */
function fileExists(file) {
	return fs.existsSync(file);
}

/**
 * The package as n8n installs it: built, `npm pack`ed and unpacked into
 * <folder>/node_modules/n8n-nodes-ding, with n8n-workflow (its peer dependency, n8n's own copy in
 * n8n) beside it. Returns the package's folder.
 * @param {string} folder
 */
function installPackedPackage(folder) {
	// Required here, not at the top: scripts/n8n/runtime.js is only needed by this helper.
	const { packPackage, run } = require('../../scripts/n8n/runtime');
	const tarball = packPackage(folder);
	const modules = path.join(folder, 'node_modules');
	const packageDir = path.join(modules, 'n8n-nodes-ding');
	fs.mkdirSync(packageDir, { recursive: true });
	run('tar', ['xzf', tarball, '-C', packageDir, '--strip-components=1'], { quiet: true });
	fs.symlinkSync(
		path.dirname(require.resolve('n8n-workflow/package.json')),
		path.join(modules, 'n8n-workflow'),
		'dir',
	);
	return packageDir;
}

module.exports = {
	ROOT,
	readRepoFile,
	repoFileExists,
	makeTempFolder,
	readText,
	writeFile,
	removeFolder,
	fileExists,
	installPackedPackage,
	fileMode,
	folderEntries,
};
