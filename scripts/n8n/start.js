// @ts-check
'use strict';

/**
 * `npm start`: a real n8n with this package, on http://localhost:5678.
 *
 * It also starts a local sandbox that answers both Ding v1 and Prelude Verify v2 and prints codes
 * instead of texting them, and points pre-made credentials at it ("Ding sandbox", "Prelude
 * sandbox"), so the example workflows run with no account. With PRELUDE_API_KEY the Prelude
 * credential points at Prelude itself; with DING_API_KEY and DING_CUSTOMER_UUID the Ding one at Ding.
 * State (n8n's database, the login, the ids of what it made) is kept in .n8n-local/ (or
 * DING_N8N_DIR) between starts: the sandbox credentials and the examples are updated in place, so
 * workflows a user built on them keep working, and nothing the user made is touched.
 * Ctrl-C or SIGTERM stops it all, at any point of the start. N8N_PORT, N8N_RUNNERS_BROKER_PORT and
 * DING_SANDBOX_PORT set the ports (5678, a free port it prints, 5690); they are checked before
 * anything is installed. n8n's own default for its task broker, N8N_PORT + 1, is not used: it may be
 * a port the user picked for something else.
 *
 * `npm start -- --queue` runs n8n in queue mode instead (scripts/n8n/queue.js): PostgreSQL and
 * Redis on loopback (installed from Debian's packages when missing), the main process on N8N_PORT,
 * two webhook processes on N8N_PORT + 2 and + 3, and two workers, with a fresh database at each
 * start (in .n8n-local/queue).
 */

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { DingStandIn } = require('../../sandbox');
const { readText, writeFile } = require('../../test/support/files');
const { privateFolder } = require('./secrets');
const { N8nClient } = require('./client');
const { OWNER, readExample } = require('./instance');
const { startQueueCluster } = require('./queue');
const { sandboxWebhookKeys, withSandboxKey } = require('./sandbox-webhook');
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
		return JSON.parse(readText(STATE_FILE) || '{}');
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

/**
 * The example workflows, with the credentials filled in, active: updated in place when `workflows`
 * (file → id) knows them, so their ids stay, or made (and recorded there) when missing.
 * @param {N8nClient} client
 * @param {{ ding: { id: string, name: string }, prelude: { id: string, name: string } }} credentials
 * @param {Record<string, string>} workflows
 */
async function importExamples(client, credentials, workflows) {
	for (const file of EXAMPLES) {
		const example = withSandboxKey(
			readExample(file, { ding: credentials.ding.id, prelude: credentials.prelude.id }),
			sandboxWebhookKeys(LOCAL).publicKeyPem,
		);
		for (const node of example.nodes) {
			if (node.credentials?.dingApi) node.credentials.dingApi.name = credentials.ding.name;
			if (node.credentials?.preludeApi) node.credentials.preludeApi.name = credentials.prelude.name;
		}
		const previous = workflows[file];
		const { name, nodes, connections, settings } = example;
		const updated = previous
			? await client
					.api('PUT', `/workflows/${previous}`, {
						name,
						nodes,
						connections,
						settings: settings ?? { executionOrder: 'v1' },
					})
					.then(() => true)
					.catch(() => false)
			: false;
		if (updated) {
			// Publishes the updated version (n8n 2.x) or keeps it active (1.x).
			await client.api('POST', `/workflows/${previous}/activate`);
		} else {
			const created = await client.createWorkflow(example, { activate: true });
			workflows[file] = String(created.id);
		}
	}
}

/**
 * @typedef {{ baseUrl: string, apiKey: string, customerUuid: string }} DingAccount
 * @typedef {{ baseUrl: string, apiKey: string }} PreludeAccount
 * @typedef {{ ding: DingAccount, prelude: PreludeAccount, names: { ding: string, prelude: string } }} Accounts
 */

/**
 * One n8n with its state kept in .n8n-local between starts.
 * @param {Accounts} accounts
 */
async function startSingle({ ding, prelude, names }) {
	const runtime = runtimeModule.ensureRuntime();
	say('[start] building and packing n8n-nodes-ding, installing it into n8n');
	const userFolder = path.join(LOCAL, 'user');
	const tarball = runtimeModule.packPackage(path.join(LOCAL, 'pack'));
	runtimeModule.installPackage(userFolder, tarball);

	say(`[start] starting n8n ${runtime.version} (log: ${path.join(LOCAL, 'n8n.log')})`);
	if (stopping) throw new Error('stopped');
	const n8n = await runtimeModule.startN8n(runtime, {
		userFolder,
		port: PORT,
		brokerPort: /** @type {number} */ (brokerPort),
		logFile: path.join(LOCAL, 'n8n.log'),
		onSpawn: (stop) => running.push(stop),
	});

	void n8n.exited.then((code) => {
		if (!stopping) {
			say(`[start] n8n exited (${code}); see ${path.join(LOCAL, 'n8n.log')}`);
			void shutdown(1);
		}
	});

	const client = new N8nClient(n8n.url);
	await client.signIn(OWNER);
	await client.createApiKey('npm-start');

	const state = loadState();
	state.credentials ??= {};
	state.workflows ??= {};
	/**
	 * The credential this script keeps under `name`: updated in place when an earlier start made it
	 * (its id stays, so workflows built on it keep working), made when it is missing.
	 */
	const keptCredential = async (
		/** @type {string} */ name,
		/** @type {string} */ type,
		/** @type {Record<string, string>} */ data,
	) => {
		const credentials = /** @type {Record<string, string>} */ (state.credentials);
		const known = credentials[name];
		if (known) {
			const updated = await client
				.rest('PATCH', `/credentials/${known}`, { name, type, data })
				.then(() => true)
				.catch(() => false);
			if (updated) return { id: known, name };
		}
		const created = await client.createCredential({ name, type, data });
		credentials[name] = String(created.id);
		return { id: String(created.id), name };
	};
	const dingCredential = await keptCredential(names.ding, 'dingApi', ding);
	const preludeCredential = await keptCredential(names.prelude, 'preludeApi', prelude);

	// The examples are updated in place too (same ids, active), or made when missing.
	await importExamples(
		client,
		{ ding: dingCredential, prelude: preludeCredential },
		state.workflows,
	);
	writeFile(STATE_FILE, JSON.stringify(state, null, 2));

	return { n8nUrl: n8n.url, webhookUrl: n8n.url, dingCredential, preludeCredential };
}

/**
 * n8n in queue mode, with a fresh database: the credentials and the examples are made anew.
 * @param {Accounts} accounts
 */
async function startQueueMode({ ding, prelude, names }) {
	const folder = path.join(LOCAL, 'queue');
	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(folder, { recursive: true });
	if (stopping) throw new Error('stopped');
	const cluster = await startQueueCluster({
		folder,
		port: PORT,
		webhookPorts: WEBHOOK_PORTS,
		ding,
		prelude,
		logLevel: 'info',
		credentialNames: names,
		say: (message) => say(`[start] queue mode: ${message}`),
		onStop: (stop) => running.push(stop),
	});
	for (const n8nProcess of [cluster.main.n8n, ...cluster.webhooks, ...cluster.workers]) {
		void n8nProcess.exited.then((code) => {
			if (!stopping) {
				say(`[start] an n8n process exited (${code}); see the logs in ${folder}`);
				void shutdown(1);
			}
		});
	}
	const dingCredential = cluster.main.credential;
	const preludeCredential = /** @type {{ id: string, name: string }} */ (
		cluster.main.preludeCredential
	);
	await importExamples(
		cluster.main.client,
		{ ding: dingCredential, prelude: preludeCredential },
		{},
	);
	return {
		n8nUrl: cluster.main.n8n.url,
		webhookUrl: cluster.webhooks[0].url,
		dingCredential,
		preludeCredential,
	};
}

async function main() {
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));

	const useRealDing = Boolean(process.env.DING_API_KEY);
	if (useRealDing && !process.env.DING_CUSTOMER_UUID) {
		throw new Error(
			'DING_API_KEY is set but DING_CUSTOMER_UUID is not: set both to use the real Ding API.',
		);
	}

	const useRealPrelude = Boolean(process.env.PRELUDE_API_KEY);
	await checkPorts(!(useRealDing && useRealPrelude));
	// n8n's database and settings file (its encryption key) live here: for the user's eyes only.
	privateFolder(LOCAL);
	// The sandbox answers whichever API has no real key.
	const sandbox =
		useRealDing && useRealPrelude
			? undefined
			: new DingStandIn({
					apiKey: SANDBOX_KEY,
					customerUuid: SANDBOX_CUSTOMER_UUID,
					preludeApiKey: SANDBOX_PRELUDE_KEY,
					webhookSigningKey: sandboxWebhookKeys(LOCAL).privateKey,
					onCode: (auth) =>
						say(
							`[ding sandbox] v1 code ${auth.code} for ${auth.phoneNumber} (authentication ${auth.uuid}, attempt ${auth.attempts})`,
						),
					onPreludeCode: (verification) =>
						say(
							`[ding sandbox] v2 code ${verification.code} for ${verification.target.value} (verification ${verification.id}, attempt ${verification.attempts})`,
						),
				});
	if (sandbox) {
		await sandbox.start(SANDBOX_PORT);
		running.push(async () => await sandbox.stop());
		say(
			`[ding sandbox] Prelude v2 on ${sandbox.preludeBaseUrl}, Ding v1 on ${sandbox.baseUrl}: codes are printed here, not texted`,
		);
	}
	const sandboxUrls = { ding: sandbox?.baseUrl ?? '', prelude: sandbox?.preludeBaseUrl ?? '' };
	const ding = useRealDing
		? {
				baseUrl: process.env.DING_BASE_URL ?? 'https://api.ding.live/v1',
				apiKey: String(process.env.DING_API_KEY),
				customerUuid: String(process.env.DING_CUSTOMER_UUID),
			}
		: { baseUrl: sandboxUrls.ding, apiKey: SANDBOX_KEY, customerUuid: SANDBOX_CUSTOMER_UUID };
	const prelude = useRealPrelude
		? {
				baseUrl: process.env.PRELUDE_BASE_URL ?? 'https://api.prelude.dev',
				apiKey: String(process.env.PRELUDE_API_KEY),
			}
		: { baseUrl: sandboxUrls.prelude, apiKey: SANDBOX_PRELUDE_KEY };

	runtimeModule.ensureDevDependencies((message) => say(`[start] ${message}`));
	const names = {
		ding: useRealDing ? 'Ding account' : 'Ding sandbox',
		prelude: useRealPrelude ? 'Prelude account' : 'Prelude sandbox',
	};
	const { n8nUrl, webhookUrl, dingCredential, preludeCredential } = QUEUE
		? await startQueueMode({ ding, prelude, names })
		: await startSingle({ ding, prelude, names });

	say('');
	say(`n8n is running with the Ding node: ${n8nUrl}`);
	if (QUEUE) {
		say(
			`  in queue mode: webhooks and forms on the webhook processes (${webhookUrl} and :${WEBHOOK_PORTS[1]}), runs on two workers; logs in ${path.join(LOCAL, 'queue')}`,
		);
	}
	say(`  sign in as ${OWNER.email} / ${OWNER.password}`);
	say(
		`  credential "${preludeCredential.name}" (Prelude Verify v2) → ${useRealPrelude ? prelude.baseUrl : `the sandbox at ${prelude.baseUrl}`}`,
	);
	say(
		`  credential "${dingCredential.name}" (Ding v1, legacy) → ${useRealDing ? ding.baseUrl : `the sandbox at ${ding.baseUrl}`}`,
	);
	const post = (/** @type {string} */ route, /** @type {string} */ body) =>
		say(
			`    curl -X POST ${webhookUrl}/webhook/${route} -H 'content-type: application/json' -d '${body}'`,
		);
	say('  verify in one step (Send and Wait for Code): open the form, or start from an app:');
	say(`    ${webhookUrl}/form/ding/verify-phone`);
	post('ding/verify-in-one-step', '{"phone":"+14155550123"}');
	say('    then open the codeUrl it answers and type the printed code');
	say('  example workflows (active), Prelude Verify v2:');
	post('prelude/verify/start', '{"phone":"+14155550123"}');
	post('prelude/verify/resend', '{"phone":"+14155550123"}');
	post('prelude/verify/check', '{"phone":"+14155550123","code":"<printed code>"}');
	say(
		'  a Ding Trigger (its workflow runs once per event the sandbox posts, signed; see Executions):',
	);
	post('prelude/verify/with-events', '{"phone":"+14155550123"}');
	say('  and Ding v1 (legacy):');
	post('ding/verify/start', '{"phone":"+14155550123"}');
	post('ding/verify/check', '{"authentication_uuid":"<from above>","code":"<printed code>"}');
	say('Press Ctrl-C to stop.');
}

main().catch(async (error) => {
	process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
	await shutdown(1);
});
