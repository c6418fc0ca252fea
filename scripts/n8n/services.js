// @ts-check
'use strict';

/**
 * The servers n8n's queue mode needs beside it: PostgreSQL (the database every n8n process
 * shares) and Redis (the queue), from Debian's packages, installed when the machine lacks them
 * and started on loopback ports of their own, with throwaway data folders.
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const {
	aptInstall,
	freePort,
	groupStopper,
	isListening,
	isRoot,
	run,
	sleep,
} = require('./runtime');
const { randomSecret, writeSecret } = require('./secrets');

/** Runs a command, its output shown only when it fails. @param {string[]} command */
const sh = (command) => run(command[0], command.slice(1), { quiet: true });

/** The bin folder of the newest PostgreSQL Debian installed, if any. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

/** Installs Debian's PostgreSQL and Redis when either is missing (as the Chromium step does). */
function ensureInstalled() {
	const missing = [];
	if (!postgresBin()) missing.push('postgresql');
	if (!fs.existsSync('/usr/bin/redis-server')) missing.push('redis-server');
	if (missing.length > 0) aptInstall(missing, "for n8n's queue mode");
}

/**
 * A server process started in its own process group, stopped with its children.
 * @param {string} name @param {string} command @param {string[]} args @param {string} logFile
 */
function startProcess(name, command, args, logFile) {
	const log = fs.openSync(logFile, 'a');
	const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
	fs.closeSync(log);
	/** @type {Promise<number | null>} */
	const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
	let hasExited = false;
	void exited.then(() => (hasExited = true));
	return { name, hasExited: () => hasExited, stop: groupStopper(child, exited, 15_000) };
}

/**
 * @param {ReturnType<typeof startProcess>} server @param {number} port @param {string} logFile
 */
async function waitUntilAccepting(server, port, logFile) {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (server.hasExited()) {
			throw new Error(`${server.name} exited at start:\n${fs.readFileSync(logFile, 'utf8')}`);
		}
		if (await isListening(port)) return;
		await sleep(200);
	}
	await server.stop();
	throw new Error(`${server.name} did not accept connections on port ${port} in time`);
}

/**
 * A PostgreSQL cluster of its own in a new folder, on a loopback port, with a password user.
 * PostgreSQL refuses to run as root: as root, its files belong to Debian's `postgres` user and it
 * runs as that user. `register` gets the stop function (which also removes the data folder) before
 * anything starts.
 * @param {string} folder @param {(stop: () => Promise<void>) => void} register
 */
async function startPostgres(folder, register) {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed');
	// A private folder (mkdtemp makes it 0700) holds the cluster and its password file (0600).
	const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-ding-pg-'));
	const data = path.join(secrets, 'data');
	const passwordFile = path.join(secrets, 'password');
	/** @type {ReturnType<typeof startProcess> | undefined} */
	let server;
	const stop = async () => {
		await server?.stop();
		fs.rmSync(secrets, { recursive: true, force: true });
	};
	register(stop);
	// The role is a superuser of the cluster: its password comes from crypto.
	const password = randomSecret();
	writeSecret(passwordFile, password);
	const asUser = isRoot() ? ['runuser', '-u', 'postgres', '--'] : [];
	if (isRoot()) sh(['chown', '-R', 'postgres', secrets]);
	const logFile = path.join(folder, 'postgres.log');
	fs.writeFileSync(logFile, '');
	if (isRoot()) sh(['chown', 'postgres', logFile]);
	sh([
		...asUser,
		path.join(bin, 'initdb'),
		'--pgdata',
		data,
		'--username',
		'n8n',
		'--pwfile',
		passwordFile,
		'--auth',
		'scram-sha-256',
		'--encoding',
		'UTF8',
		'--no-instructions',
	]);
	const port = await freePort();
	server = startProcess(
		'PostgreSQL',
		asUser[0] ?? path.join(bin, 'postgres'),
		[
			...(asUser.length > 0 ? [...asUser.slice(1), path.join(bin, 'postgres')] : []),
			'-D',
			data,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			`unix_socket_directories=${data}`,
			'-c',
			'max_connections=200',
			'-c',
			'fsync=off',
		],
		logFile,
	);
	await waitUntilAccepting(server, port, logFile);
	return {
		secrets,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: 'postgres',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: password,
		},
	};
}

/**
 * A Redis of its own on a loopback port, keeping nothing on disk, that answers only clients that
 * give its password (from crypto; in its configuration file, 0600, not on its command line).
 * @param {string} folder @param {(stop: () => Promise<void>) => void} register
 */
async function startRedis(folder, register) {
	const port = await freePort();
	const logFile = path.join(folder, 'redis.log');
	const password = randomSecret();
	const configFile = path.join(folder, 'redis.conf');
	writeSecret(
		configFile,
		[
			`port ${port}`,
			'bind 127.0.0.1',
			'save ""',
			'appendonly no',
			`dir "${folder}"`,
			`requirepass "${password}"`,
			'',
		].join('\n'),
	);
	const server = startProcess('Redis', '/usr/bin/redis-server', [configFile], logFile);
	register(() => server.stop());
	await waitUntilAccepting(server, port, logFile);
	return {
		env: {
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(port),
			QUEUE_BULL_REDIS_PASSWORD: password,
		},
	};
}

/**
 * PostgreSQL and Redis for one queue-mode n8n, logging into `folder`. `env` is what every n8n
 * process of the cluster needs to find them. `register` gets each server's stop function as soon
 * as it is started, so that a caller told to stop meanwhile stops them too.
 * @param {string} folder @param {(stop: () => Promise<void>) => void} register
 */
async function startQueueServices(folder, register) {
	ensureInstalled();
	const postgres = await startPostgres(folder, register);
	const redis = await startRedis(folder, register);
	return { postgresSecrets: postgres.secrets, env: { ...postgres.env, ...redis.env } };
}

module.exports = { startQueueServices, ensureInstalled };
