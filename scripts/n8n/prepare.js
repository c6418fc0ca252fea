// @ts-check
'use strict';

/**
 * Before the end-to-end tier: the pinned n8n 2.x with its Node.js and the newest n8n 1.x (each
 * once per machine), and Debian's Chromium for the editor test. All install themselves; nothing
 * is expected on the machine.
 */

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const { ensureRuntime } = require('./runtime');

const CHROMIUM = '/usr/bin/chromium';

/** @param {string[]} command */
function sh(command) {
	const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: process.env });
	if (result.status !== 0) throw new Error(`${command.join(' ')} failed (${result.status})`);
}

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	process.stdout.write('[prepare] installing Debian chromium for the editor test\n');
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	sh([...sudo, 'apt-get', 'update', '-qq']);
	sh([
		...sudo,
		'env',
		'DEBIAN_FRONTEND=noninteractive',
		'apt-get',
		'install',
		'-y',
		'-qq',
		'--no-install-recommends',
		'chromium',
	]);
}

const started = Date.now();
ensureRuntime(2);
ensureRuntime(1);
ensureChromium();
process.stdout.write(`[prepare] ready in ${Math.round((Date.now() - started) / 1000)} s\n`);
