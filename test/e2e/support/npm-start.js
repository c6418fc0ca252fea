// @ts-check
'use strict';

// Runs `npm start` as a person would, in its own process group, and watches what it prints.
// Plain JS: n8n's lint forbids child_process in TypeScript.
const { spawn } = require('node:child_process');

const { isListening } = require('../../../scripts/n8n/runtime');
const { ROOT } = require('../../support/files');

/**
 * @param {NodeJS.ProcessEnv} env extra environment (ports, state folder)
 * @param {string[]} [args] arguments after `npm start --`, e.g. --queue
 */
function npmStart(env, args = []) {
	let output = '';
	const child = spawn('npm', ['start', ...(args.length > 0 ? ['--', ...args] : [])], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout.on('data', (chunk) => (output += chunk.toString('utf8')));
	child.stderr.on('data', (chunk) => (output += chunk.toString('utf8')));
	/** @type {Promise<number | null>} */
	const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	/** To the whole process group; nothing when it has ended already. @param {NodeJS.Signals} name */
	const signal = (name) => {
		try {
			if (child.pid !== undefined) process.kill(-child.pid, name);
		} catch {
			// already gone
		}
	};

	return {
		output: () => output,
		exited,
		/** Resolves once the output matches, fails if npm start ends first or time runs out. */
		/** @param {RegExp} pattern @param {number} timeoutMs */
		async waitFor(pattern, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			let done = false;
			void exited.then(() => (done = true));
			while (Date.now() < deadline) {
				const match = output.match(pattern);
				if (match) return match;
				if (done)
					throw new Error(`npm start ended before printing ${pattern}:\n${output.slice(-3000)}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			throw new Error(`npm start did not print ${pattern} in time:\n${output.slice(-3000)}`);
		},
		/** Ctrl-C: SIGINT to the whole process group, as a terminal sends it. */
		interrupt: () => signal('SIGINT'),
		/** SIGTERM to the whole process group, as docker stop, systemd and process managers send it. */
		terminate: () => signal('SIGTERM'),
		/** Last resort after a failed test. */
		kill: () => signal('SIGKILL'),
	};
}

module.exports = { npmStart, isListening };
