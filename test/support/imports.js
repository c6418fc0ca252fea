// @ts-check
'use strict';

// The relative imports of a source folder, for the layers test. In plain JavaScript because
// n8n's lint rules allow no file system in TypeScript (see files.js).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

/** @param {string} folder @returns {string[]} */
function sources(folder) {
	return fs.readdirSync(folder).flatMap((name) => {
		const file = path.join(folder, name);
		if (fs.statSync(file).isDirectory()) return sources(file);
		return file.endsWith('.ts') ? [file] : [];
	});
}

/** The file an import names: a folder stands for its index.ts. @param {string} target */
function moduleAt(target) {
	if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
		return path.join(target, 'index.ts');
	}
	return fs.existsSync(target) ? target : `${target}.ts`;
}

/**
 * Every relative import under a folder of the repository: the importing file and the file it
 * imports, both as paths below that folder.
 * @param {string} relativeFolder e.g. nodes/Ding
 * @returns {Array<{ file: string; imported: string; written: string }>}
 */
function importsUnder(relativeFolder) {
	const top = path.join(ROOT, relativeFolder);
	return sources(top).flatMap((file) =>
		[...fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']*)'/g)].map((match) => ({
			file: path.relative(top, file),
			imported: path.relative(top, moduleAt(path.resolve(path.dirname(file), match[1]))),
			written: match[1],
		})),
	);
}

module.exports = { importsUnder };
