// @ts-check
'use strict';
/**
 * A real n8n for `npm start`, `npm run dev` and the end-to-end tests: its environment, free ports,
 * starting it and waiting until it serves, stopping its process group, and running its CLI. The
 * install (install.js) is re-exported here, so one module gives a script all it needs.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const install = require('./install');
const { ensureEncryptionKey, privateFolder, rotateLegacyKey } = require('./secrets');

const { say } = install;

/** @typedef {import('./install').Runtime} Runtime */

/** Whether something accepts connections on 127.0.0.1:port. @param {number} port */
function isListening(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** A free TCP port on 127.0.0.1. */
async function freePort() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

/**
 * The environment n8n runs with: its own user folder, loopback only, no telemetry. The
 * encryption key is the user folder's own (ownKey), unless the caller's env names one.
 * @param {{ userFolder: string, port: number, brokerPort: number, logLevel?: string }} options
 */
function n8nEnv({ userFolder, port, brokerPort, logLevel }) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		TMPDIR: process.env.TMPDIR,
		LANG: process.env.LANG ?? 'C.UTF-8',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
		WEBHOOK_URL: `http://localhost:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
		DB_TYPE: 'sqlite',
		N8N_LOG_LEVEL: logLevel ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		NODE_ENV: 'production',
	};
	return env;
}

/**
 * A user folder only its owner can enter, with n8n's encryption key: the one `env` names (queue
 * mode: every process of a cluster shares one), or else the folder's own (secrets.js).
 * @param {string} userFolder @param {NodeJS.ProcessEnv} env
 */
function ownKey(userFolder, env) {
	privateFolder(path.join(userFolder, '.n8n'));
	privateFolder(userFolder);
	return env.N8N_ENCRYPTION_KEY ? { legacy: false } : ensureEncryptionKey(userFolder);
}

/** @param {string} url @returns {Promise<number>} */
function statusOf(url) {
	return new Promise((resolve) => {
		const request = http.get(url, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		request.on('error', () => resolve(0));
		request.setTimeout(2000, () => request.destroy());
	});
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {{ url: string, port: number, log: () => string, stop: () => Promise<void>,
 *   exited: Promise<number | null>, pid: number | undefined }} RunningN8n
 */

/**
 * The stop function of a child started in a process group of its own (detached): SIGTERM to the
 * whole group, then SIGKILL if it has not exited after `graceMs`. Resolves once it is gone.
 * @param {import('node:child_process').ChildProcess} child @param {Promise<unknown>} exited
 * @param {number} graceMs
 */
function groupStopper(child, exited, graceMs) {
	let hasExited = false;
	void exited.then(() => (hasExited = true));
	return async () => {
		if (hasExited || child.pid === undefined) return;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			return;
		}
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		const gaveUp = new Promise((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
		const stopped = await Promise.race([exited.then(() => true), gaveUp]);
		clearTimeout(timer);
		if (!stopped) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
			await exited;
		}
	};
}

/**
 * What each n8n command logs once it is ready, and whether it serves HTTP on its port (a worker
 * serves nothing unless its health check is on).
 */
const READY = {
	start: { line: /Editor is now accessible via/, http: true },
	webhook: { line: /Webhook listener waiting for requests/, http: true },
	worker: { line: /n8n worker is now ready/, http: false },
};

/**
 * Starts `n8n start` (or, in queue mode, `n8n webhook` or `n8n worker`) and waits until it is
 * ready: for `start`, until the editor and REST API answer.
 * @param {Runtime} runtime
 * `onSpawn` gets the stop function as soon as the process exists, so a caller that is told to stop
 * while n8n is still starting can stop it too.
 * @param {{ userFolder: string, port: number, brokerPort: number, logFile: string, logLevel?: string,
 *   env?: NodeJS.ProcessEnv, echo?: boolean, timeoutMs?: number,
 *   command?: keyof typeof READY, args?: string[],
 *   onSpawn?: (stop: () => Promise<void>) => void }} options
 * @returns {Promise<RunningN8n>}
 */
async function startN8n(runtime, options) {
	const command = options.command ?? 'start';
	const env = { ...n8nEnv(options), ...runtime.env, ...options.env };
	if (ownKey(options.userFolder, env).legacy) {
		say(
			`${options.userFolder} was made with the encryption key once shared by every copy of this repository: moving its credentials to a key of its own`,
		);
		const { credentials } = await rotateLegacyKey(options.userFolder, async (args) => {
			const cliOptions = { ...options, port: await freePort(), brokerPort: await freePort() };
			return await runN8nCli(runtime, args, cliOptions);
		});
		say(`${credentials} credentials re-encrypted with the new key`);
	}
	fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
	const logStream = fs.createWriteStream(options.logFile, { flags: 'a' });
	let log = '';
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, command, ...(options.args ?? [])], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	/** @param {Buffer} chunk */
	const collect = (chunk) => {
		const text = chunk.toString('utf8');
		log += text;
		logStream.write(text);
		if (options.echo) process.stdout.write(text);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	/** @type {Promise<number | null>} */
	const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	let hasExited = false;
	void exited.then(() => {
		hasExited = true;
		logStream.end();
	});

	const stop = groupStopper(child, exited, 20_000);

	options.onSpawn?.(stop);

	const url = `http://localhost:${options.port}`;
	const deadline = Date.now() + (options.timeoutMs ?? 240_000);
	while (Date.now() < deadline) {
		if (hasExited) throw new Error(`n8n ${command} exited during start-up:\n${log.slice(-4000)}`);
		const ready =
			!READY[command].http ||
			(await statusOf(`http://127.0.0.1:${options.port}/healthz/readiness`)) === 200;
		if (ready && READY[command].line.test(log)) {
			return { url, port: options.port, log: () => log, stop, exited, pid: child.pid };
		}
		await sleep(500);
	}
	await stop();
	throw new Error(`n8n ${command} did not become ready in time:\n${log.slice(-4000)}`);
}

/**
 * Runs an n8n CLI command (import, execute, ...) against a user folder. Asynchronous on purpose:
 * the Ding stand-in may live in this process and must keep answering while the CLI runs.
 * @param {Runtime} runtime @param {string[]} args
 * @param {{ userFolder: string, port: number, brokerPort: number, logLevel?: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ status: number | null, stdout: string, stderr: string }>}
 */
function runN8nCli(runtime, args, options) {
	const env = { ...n8nEnv(options), ...runtime.env, ...options.env };
	ownKey(options.userFolder, env);
	return new Promise((resolve, reject) => {
		const child = spawn(runtime.nodeBin, [runtime.n8nBin, ...args], {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk) => (stderr += chunk.toString('utf8')));
		const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
		child.on('error', reject);
		child.on('close', (status) => {
			clearTimeout(timer);
			resolve({ status, stdout, stderr });
		});
	});
}

module.exports = {
	...install,
	sleep,
	groupStopper,
	isListening,
	freePort,
	startN8n,
	runN8nCli,
};
