// @ts-check
'use strict';

/**
 * `npm run dev`: `npm start`'s n8n (same sandbox, credentials, examples and state folder), but a
 * change to the node reaches the running n8n within seconds, without a new install.
 *
 * It installs the package once, as `npm start` does, then keeps `tsc --watch` compiling into the
 * installed package's dist/ and copies each changed icon or codex file there. n8n runs with
 * N8N_DEV_RELOAD (and NODE_ENV=development, which n8n requires for it): it watches the installed
 * package, drops its modules from the require cache when a file changes, loads the nodes and
 * credentials again and tells the open editor. A changed description shows after reloading the
 * editor page; a running workflow uses the new code from its next execution.
 *
 * n8n's own `n8n-node dev` runs `npx n8n@latest` (not the pinned n8n of scripts/n8n/runtime) and
 * loads the package as a custom folder, under the node type CUSTOM.ding instead of
 * n8n-nodes-ding.ding, so the example workflows and what a user built with `npm start` would not
 * find their nodes: hence this script.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { openAccounts, welcome } = require('./accounts');
const { running, say, shutdown, isStopping } = require('./local');
const { startSingle } = require('./provision');
const { REPO_ROOT, groupStopper } = require('./runtime');

/** What gulp's assets task copies beside the compiled files (gulpfile.js), by folder. */
const ASSET_FOLDERS = ['nodes', 'credentials'];
const ASSET = /\.(svg|node\.json)$/;

/**
 * Keeps `tsc --watch` compiling the package into `outDir`, its output prefixed with [dev tsc].
 * @param {string} outDir
 */
function watchTypeScript(outDir) {
	const tsc = spawn(
		process.execPath,
		[
			require.resolve('typescript/bin/tsc'),
			'-p',
			'tsconfig.json',
			'--watch',
			'--preserveWatchOutput',
			'--outDir',
			outDir,
		],
		{ cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const exited = new Promise((resolve) => tsc.once('exit', resolve));
	running.push(groupStopper(tsc, exited, 2000));
	for (const stream of [tsc.stdout, tsc.stderr]) {
		stream.on('data', (chunk) => {
			for (const line of String(chunk).split('\n')) if (line.trim()) say(`[dev tsc] ${line}`);
		});
	}
	void exited.then((code) => {
		if (!isStopping()) {
			say(`[dev] tsc --watch exited (${code})`);
			void shutdown(1);
		}
	});
}

/**
 * Copies each icon or codex file that changes under nodes/ or credentials/ into `outDir`, as
 * gulp's assets task does for a build.
 * @param {string} outDir
 */
function watchAssets(outDir) {
	for (const folder of ASSET_FOLDERS) {
		const watcher = fs.watch(path.join(REPO_ROOT, folder), { recursive: true }, (_event, name) => {
			if (!name || !ASSET.test(name)) return;
			const from = path.join(REPO_ROOT, folder, name);
			if (!fs.existsSync(from)) return;
			const to = path.join(outDir, folder, name);
			fs.mkdirSync(path.dirname(to), { recursive: true });
			fs.copyFileSync(from, to);
			say(`[dev] copied ${path.join(folder, name)}`);
		});
		running.push(async () => watcher.close());
	}
}

async function main() {
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));

	const opened = await openAccounts('[dev]');
	const started = await startSingle(opened.accounts, {
		env: { NODE_ENV: 'development', N8N_DEV_RELOAD: 'true' },
	});
	const outDir = path.join(
		started.userFolder,
		'.n8n',
		'nodes',
		'node_modules',
		'n8n-nodes-ding',
		'dist',
	);
	watchTypeScript(outDir);
	watchAssets(outDir);
	welcome(started, opened);
	say(
		`[dev] watching nodes/ and credentials/: a saved change is compiled into ${outDir} and n8n reloads the node (reload the editor page to see a changed description)`,
	);
}

main().catch(async (error) => {
	process.stderr.write(`[dev] ${error instanceof Error ? error.message : String(error)}\n`);
	await shutdown(1);
});
