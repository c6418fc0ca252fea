// @ts-check
'use strict';

/**
 * One n8n with this package installed from its tarball, signed in, with the credentials and the
 * example workflows that `npm start` and `npm run dev` keep: updated in place between starts (their
 * ids stay, so what a user built on them keeps working), made when missing.
 */

const path = require('node:path');

const { N8nClient } = require('./client');
const { OWNER, readExample } = require('./instance');
const {
	EXAMPLES,
	LOCAL,
	PORT,
	brokerPortOf,
	isStopping,
	loadState,
	running,
	saveState,
	say,
	shutdown,
} = require('./local');
const runtimeModule = require('./runtime');
const { sandboxWebhookKeys, withSandboxKey } = require('./sandbox-webhook');

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
 * @param {{ env?: NodeJS.ProcessEnv }} [options] more of n8n's environment (`npm run dev`'s reload)
 */
async function startSingle({ ding, prelude, names }, options = {}) {
	const runtime = runtimeModule.ensureRuntime();
	say('[start] building and packing n8n-nodes-ding, installing it into n8n');
	const userFolder = path.join(LOCAL, 'user');
	const tarball = runtimeModule.packPackage(path.join(LOCAL, 'pack'));
	runtimeModule.installPackage(userFolder, tarball);

	say(`[start] starting n8n ${runtime.version} (log: ${path.join(LOCAL, 'n8n.log')})`);
	if (isStopping()) throw new Error('stopped');
	const n8n = await runtimeModule.startN8n(runtime, {
		userFolder,
		port: PORT,
		brokerPort: brokerPortOf(),
		env: options.env,
		logFile: path.join(LOCAL, 'n8n.log'),
		onSpawn: (stop) => running.push(stop),
	});

	void n8n.exited.then((code) => {
		if (!isStopping()) {
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
	saveState(state);

	return { n8nUrl: n8n.url, webhookUrl: n8n.url, dingCredential, preludeCredential, userFolder };
}

module.exports = { importExamples, startSingle };
