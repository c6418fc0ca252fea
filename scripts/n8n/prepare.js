// @ts-check
'use strict';

/**
 * Before the end-to-end tier: the pinned n8n 2.x with its Node.js and the newest n8n 1.x (each
 * once per machine), and Debian's Chromium for the editor test. All install themselves; nothing
 * is expected on the machine.
 */

const fs = require('node:fs');

const { aptInstall, ensureRuntime } = require('./runtime');

const CHROMIUM = '/usr/bin/chromium';

function ensureChromium() {
	if (!fs.existsSync(CHROMIUM)) aptInstall(['chromium'], 'for the editor test');
}

const started = Date.now();
ensureRuntime(2);
ensureRuntime(1);
ensureChromium();
process.stdout.write(`[prepare] ready in ${Math.round((Date.now() - started) / 1000)} s\n`);
