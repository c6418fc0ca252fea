// @ts-check
'use strict';

/**
 * `npm start`: a real n8n with this package, on http://localhost:5678.
 *
 * Without DING_API_KEY it also starts a local Ding sandbox that prints codes instead of texting
 * them, and points a pre-made "Ding sandbox" credential at it, so the example workflows run with
 * no Ding account. With DING_API_KEY and DING_CUSTOMER_UUID the credential points at Ding itself.
 * State (n8n's database, the login) is kept in .n8n-local/ (or DING_N8N_DIR) between starts.
 * Ctrl-C stops it all. N8N_PORT and DING_SANDBOX_PORT change the ports (5678, 5690).
 */

const fs = require('node:fs');
const path = require('node:path');

const { DingStandIn } = require('../support/ding-stand-in');
const { readText, writeFile } = require('../support/files');
const { N8nClient } = require('./client');
const { OWNER, readExample } = require('./instance');
const runtimeModule = require('./runtime');

const LOCAL = path.resolve(
	process.env.DING_N8N_DIR ?? path.join(runtimeModule.REPO_ROOT, '.n8n-local'),
);
const STATE_FILE = path.join(LOCAL, 'state.json');
const PORT = Number(process.env.N8N_PORT ?? 5678);
const SANDBOX_PORT = Number(process.env.DING_SANDBOX_PORT ?? 5690);
const SANDBOX_KEY = 'sandbox-api-key';
const SANDBOX_CUSTOMER_UUID = '9d1c5e2a-0b7f-4c3e-8a6d-5f4e3d2c1b0a';
const EXAMPLES = ['phone-verification-api.json', 'crm-contact-verification.json'];

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

async function main() {
	const useRealDing = Boolean(process.env.DING_API_KEY);
	if (useRealDing && !process.env.DING_CUSTOMER_UUID) {
		throw new Error(
			'DING_API_KEY is set but DING_CUSTOMER_UUID is not: set both to use the real Ding API.',
		);
	}

	/** @type {DingStandIn | undefined} */
	let sandbox;
	/** @type {{ baseUrl: string, apiKey: string, customerUuid: string }} */
	let ding;
	if (useRealDing) {
		ding = {
			baseUrl: process.env.DING_BASE_URL ?? 'https://api.ding.live/v1',
			apiKey: String(process.env.DING_API_KEY),
			customerUuid: String(process.env.DING_CUSTOMER_UUID),
		};
	} else {
		sandbox = new DingStandIn({
			apiKey: SANDBOX_KEY,
			customerUuid: SANDBOX_CUSTOMER_UUID,
			onCode: (auth) =>
				say(
					`[ding sandbox] code ${auth.code} for ${auth.phoneNumber} (authentication ${auth.uuid}, attempt ${auth.attempts})`,
				),
		});
		await sandbox.start(SANDBOX_PORT);
		ding = { baseUrl: sandbox.baseUrl, apiKey: SANDBOX_KEY, customerUuid: SANDBOX_CUSTOMER_UUID };
		say(
			`[ding sandbox] Ding v1 stand-in on ${sandbox.baseUrl}: codes are printed here, not texted`,
		);
	}

	// On a fresh clone the build tools are not installed yet: `npm start` alone must work.
	if (!fs.existsSync(path.join(runtimeModule.REPO_ROOT, 'node_modules', '.bin', 'tsc'))) {
		say('[start] installing the development dependencies (npm ci)');
		runtimeModule.runNpm(
			['ci', '--no-audit', '--no-fund', '--loglevel=error'],
			runtimeModule.REPO_ROOT,
		);
	}
	const runtime = runtimeModule.ensureRuntime();
	say('[start] building and packing n8n-nodes-ding, installing it into n8n');
	const userFolder = path.join(LOCAL, 'user');
	const tarball = runtimeModule.packPackage(path.join(LOCAL, 'pack'));
	runtimeModule.installPackage(userFolder, tarball);

	say(`[start] starting n8n ${runtime.version} (log: ${path.join(LOCAL, 'n8n.log')})`);
	const n8n = await runtimeModule.startN8n(runtime, {
		userFolder,
		port: PORT,
		brokerPort: Number(process.env.N8N_RUNNERS_BROKER_PORT ?? PORT + 1),
		logFile: path.join(LOCAL, 'n8n.log'),
	});

	let stopping = false;
	const shutdown = async (/** @type {number} */ code) => {
		if (stopping) return;
		stopping = true;
		say('\n[start] stopping n8n and the sandbox');
		await n8n.stop();
		await sandbox?.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));
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
	const credentialName = useRealDing ? 'Ding account' : 'Ding sandbox';
	if (state.credentials[credentialName]) {
		await client
			.api('DELETE', `/credentials/${state.credentials[credentialName]}`)
			.catch(() => undefined);
	}
	const credential = await client.createCredential({
		name: credentialName,
		type: 'dingApi',
		data: ding,
	});
	state.credentials[credentialName] = String(credential.id);

	for (const file of EXAMPLES) {
		const previous = state.workflows[file];
		if (previous) {
			await client.api('POST', `/workflows/${previous}/deactivate`).catch(() => undefined);
			await client.api('DELETE', `/workflows/${previous}`).catch(() => undefined);
		}
		const example = readExample(file, String(credential.id));
		for (const node of example.nodes) {
			if (node.credentials?.dingApi) node.credentials.dingApi.name = credentialName;
		}
		const created = await client.createWorkflow(example, { activate: true });
		state.workflows[file] = String(created.id);
	}
	writeFile(STATE_FILE, JSON.stringify(state, null, 2));

	say('');
	say(`n8n is running with the Ding node: ${n8n.url}`);
	say(`  sign in as ${OWNER.email} / ${OWNER.password}`);
	say(
		`  credential "${credentialName}" → ${useRealDing ? ding.baseUrl : `the sandbox at ${ding.baseUrl}`}`,
	);
	say('  example workflows (active):');
	say(
		`    curl -X POST ${n8n.url}/webhook/ding/verify/start -H 'content-type: application/json' -d '{"phone":"+14155550123"}'`,
	);
	say(
		`    curl -X POST ${n8n.url}/webhook/ding/verify/check -H 'content-type: application/json' -d '{"authentication_uuid":"<from above>","code":"<printed code>"}'`,
	);
	say('Press Ctrl-C to stop.');
}

main().catch((error) => {
	process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
