// @ts-check
'use strict';

/**
 * One real n8n with this package installed from its npm tarball, an owner account, an API key
 * and a Ding credential: what `npm start` gives a person and what the end-to-end tests drive.
 */

const fs = require('node:fs');
const path = require('node:path');

const { N8nClient } = require('./client');
const runtimeModule = require('./runtime');

const OWNER = {
	email: 'owner@n8n-nodes-ding.local',
	firstName: 'Ding',
	lastName: 'Tester',
	password: 'Ding-sandbox-1',
};

/**
 * An example workflow with its credential placeholders filled in.
 * @param {string} file @param {{ ding?: string, prelude?: string }} credentialIds
 */
function readExample(file, credentialIds) {
	const text = fs
		.readFileSync(path.join(runtimeModule.REPO_ROOT, 'examples', file), 'utf8')
		.replaceAll('DING_CREDENTIAL_ID', credentialIds.ding ?? '')
		.replaceAll('PRELUDE_CREDENTIAL_ID', credentialIds.prelude ?? '');
	return JSON.parse(text);
}

/**
 * @param {{
 *   userFolder: string, port?: number, brokerPort?: number, logFile: string, echo?: boolean,
 *   logLevel?: string, tarball?: string,
 *   ding: { baseUrl: string, apiKey: string, customerUuid: string }, credentialName?: string,
 *   prelude?: { baseUrl: string, apiKey: string }, preludeCredentialName?: string,
 *   owner?: typeof OWNER, env?: NodeJS.ProcessEnv, runtime?: ReturnType<typeof runtimeModule.ensureRuntime>,
 *   onSpawn?: (stop: () => Promise<void>) => void
 * }} options
 * `runtime` is the n8n to run (default: the line N8N_LINE picks); `onSpawn` gets n8n's stop function
 * as soon as the process exists.
 */
async function startInstance(options) {
	const runtime = options.runtime ?? runtimeModule.ensureRuntime();
	const tarball =
		options.tarball ?? runtimeModule.packPackage(path.join(options.userFolder, 'pack'));
	runtimeModule.installPackage(options.userFolder, tarball);

	const port = options.port ?? (await runtimeModule.freePort());
	const brokerPort = options.brokerPort ?? (await runtimeModule.freePort());
	const n8n = await runtimeModule.startN8n(runtime, {
		userFolder: options.userFolder,
		port,
		brokerPort,
		logFile: options.logFile,
		logLevel: options.logLevel,
		echo: options.echo,
		env: options.env,
		onSpawn: options.onSpawn,
	});
	try {
		const client = new N8nClient(n8n.url);
		const owner = options.owner ?? OWNER;
		await client.signIn(owner);
		await client.createApiKey();
		const credential = await client.createCredential({
			name: options.credentialName ?? 'Ding account',
			type: 'dingApi',
			data: options.ding,
		});
		const prelude = options.prelude
			? await client.createCredential({
					name: options.preludeCredentialName ?? 'Prelude account',
					type: 'preludeApi',
					data: options.prelude,
				})
			: undefined;
		const ids = { ding: String(credential.id), prelude: prelude ? String(prelude.id) : undefined };
		return {
			runtime,
			n8n,
			client,
			owner,
			tarball,
			credential: { id: String(credential.id), name: String(credential.name) },
			preludeCredential: prelude
				? { id: String(prelude.id), name: String(prelude.name) }
				: undefined,
			/** @param {string} file */
			example: (file) => readExample(file, ids),
			/** Runs the n8n CLI beside the server (its own task-broker port). @param {string[]} args */
			cli: async (args) =>
				await runtimeModule.runN8nCli(runtime, args, {
					userFolder: options.userFolder,
					port: await runtimeModule.freePort(),
					brokerPort: await runtimeModule.freePort(),
					logLevel: 'info',
					env: options.env,
				}),
			stop: () => n8n.stop(),
		};
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

module.exports = { startInstance, OWNER, readExample };
