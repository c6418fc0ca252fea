// @ts-check
'use strict';

/**
 * `npm start`: a real n8n with this package, on http://localhost:5678.
 *
 * It also starts a local sandbox that answers both Ding v1 and Prelude Verify v2 and prints codes
 * instead of texting them, and points pre-made credentials at it ("Ding sandbox", "Prelude
 * sandbox"), so the example workflows run with no account. With PRELUDE_API_KEY the Prelude
 * credential points at Prelude itself; with DING_API_KEY and DING_CUSTOMER_UUID the Ding one at Ding.
 * State (n8n's database, the login) is kept in .n8n-local/ (or DING_N8N_DIR) between starts.
 * Ctrl-C stops it all. N8N_PORT and DING_SANDBOX_PORT change the ports (5678, 5690).
 */

const path = require('node:path');

const { DingStandIn } = require('../../test/support/ding-stand-in');
const { readText, writeFile } = require('../../test/support/files');
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
const SANDBOX_PRELUDE_KEY = 'sandbox-prelude-key';
const EXAMPLES = [
	'phone-verification-v2.json',
	'phone-verification-api.json',
	'crm-contact-verification.json',
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

async function main() {
	const useRealDing = Boolean(process.env.DING_API_KEY);
	if (useRealDing && !process.env.DING_CUSTOMER_UUID) {
		throw new Error(
			'DING_API_KEY is set but DING_CUSTOMER_UUID is not: set both to use the real Ding API.',
		);
	}

	const useRealPrelude = Boolean(process.env.PRELUDE_API_KEY);
	// The sandbox answers whichever API has no real key.
	const sandbox =
		useRealDing && useRealPrelude
			? undefined
			: new DingStandIn({
					apiKey: SANDBOX_KEY,
					customerUuid: SANDBOX_CUSTOMER_UUID,
					preludeApiKey: SANDBOX_PRELUDE_KEY,
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
	/** Replaces the credential of a kind that an earlier start made; returns its id and name. */
	const freshCredential = async (
		/** @type {string} */ name,
		/** @type {string} */ type,
		/** @type {Record<string, string>} */ data,
	) => {
		const credentials = /** @type {Record<string, string>} */ (state.credentials);
		for (const [oldName, id] of Object.entries(credentials)) {
			if (oldName === name || oldName.split(' ')[0] === name.split(' ')[0]) {
				await client.api('DELETE', `/credentials/${id}`).catch(() => undefined);
				delete credentials[oldName];
			}
		}
		const created = await client.createCredential({ name, type, data });
		credentials[name] = String(created.id);
		return { id: String(created.id), name };
	};
	const dingCredential = await freshCredential(
		useRealDing ? 'Ding account' : 'Ding sandbox',
		'dingApi',
		ding,
	);
	const preludeCredential = await freshCredential(
		useRealPrelude ? 'Prelude account' : 'Prelude sandbox',
		'preludeApi',
		prelude,
	);

	for (const file of EXAMPLES) {
		const previous = state.workflows[file];
		if (previous) {
			await client.api('POST', `/workflows/${previous}/deactivate`).catch(() => undefined);
			await client.api('DELETE', `/workflows/${previous}`).catch(() => undefined);
		}
		const example = readExample(file, { ding: dingCredential.id, prelude: preludeCredential.id });
		for (const node of example.nodes) {
			if (node.credentials?.dingApi) node.credentials.dingApi.name = dingCredential.name;
			if (node.credentials?.preludeApi) node.credentials.preludeApi.name = preludeCredential.name;
		}
		const created = await client.createWorkflow(example, { activate: true });
		state.workflows[file] = String(created.id);
	}
	writeFile(STATE_FILE, JSON.stringify(state, null, 2));

	say('');
	say(`n8n is running with the Ding node: ${n8n.url}`);
	say(`  sign in as ${OWNER.email} / ${OWNER.password}`);
	say(
		`  credential "${preludeCredential.name}" (Prelude Verify v2) → ${useRealPrelude ? prelude.baseUrl : `the sandbox at ${prelude.baseUrl}`}`,
	);
	say(
		`  credential "${dingCredential.name}" (Ding v1, legacy) → ${useRealDing ? ding.baseUrl : `the sandbox at ${ding.baseUrl}`}`,
	);
	const post = (/** @type {string} */ route, /** @type {string} */ body) =>
		say(
			`    curl -X POST ${n8n.url}/webhook/${route} -H 'content-type: application/json' -d '${body}'`,
		);
	say('  example workflows (active), Prelude Verify v2:');
	post('prelude/verify/start', '{"phone":"+14155550123"}');
	post('prelude/verify/resend', '{"phone":"+14155550123"}');
	post('prelude/verify/check', '{"phone":"+14155550123","code":"<printed code>"}');
	say('  and Ding v1 (legacy):');
	post('ding/verify/start', '{"phone":"+14155550123"}');
	post('ding/verify/check', '{"authentication_uuid":"<from above>","code":"<printed code>"}');
	say('Press Ctrl-C to stop.');
}

main().catch((error) => {
	process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
