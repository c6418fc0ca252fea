// @ts-check
'use strict';

/**
 * The local n8n that `npm start` and `npm run dev` share: its state folder (.n8n-local, or
 * DING_N8N_DIR), its ports (checked before anything is installed), what to stop on Ctrl-C, and the
 * state file that keeps the ids of what the scripts made.
 */

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const runtimeModule = require('./runtime');

const LOCAL = path.resolve(
	process.env.DING_N8N_DIR ?? path.join(runtimeModule.REPO_ROOT, '.n8n-local'),
);
const STATE_FILE = path.join(LOCAL, 'state.json');
const PORT = Number(process.env.N8N_PORT ?? 5678);
/** n8n's task broker port: N8N_RUNNERS_BROKER_PORT, or a free one checkPorts picks. */
let brokerPort = process.env.N8N_RUNNERS_BROKER_PORT
	? Number(process.env.N8N_RUNNERS_BROKER_PORT)
	: undefined;
const SANDBOX_PORT = Number(process.env.DING_SANDBOX_PORT ?? 5690);
const QUEUE = process.argv.includes('--queue');
const WEBHOOK_PORTS = [PORT + 2, PORT + 3];
const SANDBOX_KEY = 'sandbox-api-key';
const SANDBOX_CUSTOMER_UUID = '9d1c5e2a-0b7f-4c3e-8a6d-5f4e3d2c1b0a';
const SANDBOX_PRELUDE_KEY = 'sandbox-prelude-key';
const EXAMPLES = [
	'phone-verification-v2.json',
	'phone-verification-api.json',
	'crm-contact-verification.json',
	'send-and-wait-for-code.json',
	'form-send-and-wait-for-code.json',
	'ding-trigger-events.json',
];

/** @param {string} message */
const say = (message) => process.stdout.write(`${message}\n`);

/** @returns {{ credentials?: Record<string, string>, workflows?: Record<string, string> }} */
function loadState() {
	try {
		return JSON.parse(fs.existsSync(STATE_FILE) ? fs.readFileSync(STATE_FILE, 'utf8') : '{}');
	} catch {
		return {};
	}
}

/** Whether a port can be listened on here. @param {number} port */
function portIsFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, () => server.close(() => resolve(true)));
	});
}

/** @param {{ credentials?: Record<string, string>, workflows?: Record<string, string> }} state */
function saveState(state) {
	fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

/**
 * The ports n8n, its task broker and the sandbox will take, checked before the long install:
 * each a port number, all different, all free. Fails with the variable to change. Without
 * N8N_RUNNERS_BROKER_PORT, picks a free port for the task broker (none of the others) and says which.
 * @param {boolean} withSandbox
 */
async function checkPorts(withSandbox) {
	/** @type {Array<[string, string, number]>} */
	const ports = [['N8N_PORT', 'n8n', PORT]];
	if (withSandbox) ports.push(['DING_SANDBOX_PORT', 'the Ding sandbox', SANDBOX_PORT]);
	if (QUEUE) {
		for (const [i, port] of WEBHOOK_PORTS.entries()) {
			ports.push(['N8N_PORT', `n8n's webhook process ${i + 1} (N8N_PORT + ${i + 2})`, port]);
		}
	}
	// Queue mode's main process picks its task broker port itself (scripts/n8n/instance.js).
	if (brokerPort !== undefined) {
		ports.push(['N8N_RUNNERS_BROKER_PORT', "n8n's task broker", brokerPort]);
	}
	for (const [variable, what, port] of ports) {
		if (!Number.isInteger(port) || port < 1 || port > 65535) {
			throw new Error(`${variable} must be a port number, but is "${process.env[variable]}"`);
		}
		const clash = ports.find(([other, , p]) => other !== variable && p === port);
		if (clash) {
			throw new Error(
				`${what} and ${clash[1]} would both take port ${port}: set ${variable} (or ${clash[0]}) to another port`,
			);
		}
	}
	for (const [variable, what, port] of ports) {
		if (!(await portIsFree(port))) {
			throw new Error(
				`Port ${port}, for ${what}, is already in use (another n8n or npm start?): stop that, or set ${variable} to a free port`,
			);
		}
	}
	if (brokerPort === undefined && !QUEUE) {
		const taken = new Set(ports.map(([, , port]) => port));
		let picked = await runtimeModule.freePort();
		while (taken.has(picked)) picked = await runtimeModule.freePort();
		brokerPort = picked;
		say(
			`[start] n8n's task broker will listen on port ${picked} (free; N8N_RUNNERS_BROKER_PORT sets another)`,
		);
	}
}

/**
 * What to stop, in order, on Ctrl-C, SIGTERM or a failure, registered as each part starts: a
 * signal at any point of the start stops what is already running and leaves nothing behind.
 * @type {Array<() => Promise<void>>}
 */
const running = [];
let stopping = false;

/** @param {number} code */
async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	if (running.length > 0) say('\n[start] stopping n8n and the sandbox');
	for (const stop of running.reverse()) await stop().catch(() => undefined);
	process.exit(code);
}

/** Whether a stop has begun (a start in progress then stops too). */
const isStopping = () => stopping;

/** n8n's task broker port, once checkPorts has run. */
const brokerPortOf = () => /** @type {number} */ (brokerPort);

module.exports = {
	LOCAL,
	PORT,
	QUEUE,
	WEBHOOK_PORTS,
	SANDBOX_PORT,
	SANDBOX_KEY,
	SANDBOX_CUSTOMER_UUID,
	SANDBOX_PRELUDE_KEY,
	EXAMPLES,
	say,
	loadState,
	saveState,
	checkPorts,
	running,
	shutdown,
	isStopping,
	brokerPortOf,
};
