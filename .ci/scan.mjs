// Runs the checks of @n8n/scan-community-package offline: its source leg on this folder and its
// tarball leg on what `npm pack` makes, with the scanner's own ESLint config. The CLI itself needs
// a published package with provenance; these are the same two lint passes. Warnings fail here too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import {
	analyzePackage,
	buildScanConfig,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

// The scanner's own ESLint and glob, not the project's, so that the warning count matches it.
const scannerRequire = createRequire(
	import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs'),
);
const { ESLint } = scannerRequire('eslint');
const glob = scannerRequire('fast-glob');

const root = process.cwd();
const work = path.join(root, '.scan');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const packed = JSON.parse(
	execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
		encoding: 'utf8',
	}),
)[0];
const tarball = path.join(work, packed.filename);
execFileSync('tar', ['xzf', tarball, '-C', work]);
const packageDir = path.join(work, 'package');

let failed = false;
const fail = (message) => {
	failed = true;
	console.error(`✗ ${message}`);
};

// What a user's n8n gets: the files the n8n block names, and nothing of the tests, the sandbox, the
// scripts or the benchmarks.
const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
	if (!existsSync(path.join(packageDir, file))) fail(`the tarball lacks ${file}`);
}
for (const file of packed.files.map((entry) => entry.path)) {
	if (/^(test|sandbox|scripts|benchmark|\.ci|node_modules)\//.test(file) || /\.test\./.test(file)) {
		fail(`the tarball contains ${file}`);
	}
}
if (Object.keys(manifest.dependencies ?? {}).length > 0)
	fail('package.json has runtime dependencies');

async function leg(name, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	if (!result.passed) {
		fail(`${name}: ${result.message}`);
		if (result.details) console.error(result.details);
	}
	// analyzePackage fails on errors only; reviewers read the warnings too.
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, {
		cwd: dir,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
	if (warnings > 0) {
		fail(`${name}: ${warnings} warning(s)`);
		console.error(await (await eslint.loadFormatter('stylish')).format(results));
	}
	console.log(
		`${name}: ${files.length} files, ${result.passed ? 'no errors' : 'errors'}, ${warnings} warnings`,
	);
}

await leg('source', root, SOURCE_FILE_PATTERNS);
await leg('tarball', packageDir, ['**/*.js', 'package.json']);

rmSync(work, { recursive: true, force: true });
if (failed) {
	console.error('scan: FAILED');
	process.exit(1);
}
console.log(`scan: passed (${packed.filename}, ${packed.files.length} files)`);
