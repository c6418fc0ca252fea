// @ts-check
'use strict';

/**
 * n8n in queue mode, as n8n's docs lay it out for scale, on one machine: PostgreSQL and Redis, one
 * main process (editor, API, activation; production webhooks off), webhook processes that take
 * the webhook calls and put executions on the queue, and workers that run them. Every process has
 * its own user folder with the packed package installed, as separate machines would.
 */

const path = require('node:path');

const { N8nClient } = require('./client');
const { startInstance } = require('./instance');
const runtimeModule = require('./runtime');
const { randomSecret } = require('./secrets');
const { startQueueServices } = require('./services');

/**
 * @param {{
 *   folder: string, webhookProcesses?: number, workers?: number, concurrency?: number,
 *   logLevel?: string, echo?: boolean, port?: number, webhookPorts?: number[],
 *   ding: { baseUrl: string, apiKey: string, customerUuid: string },
 *   prelude?: { baseUrl: string, apiKey: string },
 *   credentialNames?: { ding: string, prelude: string },
 *   say?: (message: string) => void,
 *   onStop?: (stop: () => Promise<void>) => void,
 * }} options
 * `onStop` gets the function that stops everything started so far, before anything starts: a
 * caller told to stop while the cluster is still starting can stop it too.
 */
async function startQueueCluster(options) {
	const say = options.say ?? (() => undefined);
	/** @type {Array<() => Promise<void>>} */
	const stops = [];
	const stopAll = async () => {
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
	};
	options.onStop?.(stopAll);
	try {
		say('starting PostgreSQL and Redis on loopback');
		const services = await startQueueServices(options.folder, (stop) => stops.push(stop));

		// Queue mode here is n8n 2.x only, whatever N8N_LINE says: one runtime for every process.
		const runtime = runtimeModule.ensureRuntime(2);
		const tarball = runtimeModule.packPackage(path.join(options.folder, 'pack'));
		const webhookPorts = options.webhookPorts ?? [];
		for (let i = webhookPorts.length; i < (options.webhookProcesses ?? 2); i++) {
			webhookPorts.push(await runtimeModule.freePort());
		}
		// Links n8n hands out (a Send and Wait code page, a Callback URL) lead to a webhook process,
		// as a load balancer in front of them would.
		const shared = {
			...services.env,
			// Every process decrypts the credentials: one random key for the cluster.
			N8N_ENCRYPTION_KEY: randomSecret(24),
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			WEBHOOK_URL: `http://localhost:${webhookPorts[0]}/`,
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		};
		const logLevel = options.logLevel ?? 'debug';
		// An n8n process is ready in about 20 s alone; the four beside the main one take longer.
		const timeoutMs = 480_000;

		say('starting the main process (it prepares the database)');
		const main = await startInstance({
			userFolder: path.join(options.folder, 'main'),
			port: options.port,
			logFile: path.join(options.folder, 'main', 'n8n.log'),
			credentialName: options.credentialNames?.ding,
			preludeCredentialName: options.credentialNames?.prelude,
			logLevel,
			echo: options.echo,
			tarball,
			runtime,
			ding: options.ding,
			prelude: options.prelude,
			env: { ...shared, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
			onSpawn: (stop) => stops.push(stop),
		});

		/** @param {'webhook' | 'worker'} command @param {number} index @param {number} [port] */
		const startProcess = async (command, index, port) => {
			const userFolder = path.join(options.folder, `${command}-${index}`);
			runtimeModule.installPackage(userFolder, tarball);
			const logFile = path.join(userFolder, 'n8n.log');
			const process = await runtimeModule.startN8n(runtime, {
				command,
				args: command === 'worker' ? [`--concurrency=${options.concurrency ?? 10}`] : [],
				userFolder,
				port: port ?? (await runtimeModule.freePort()),
				brokerPort: await runtimeModule.freePort(),
				logFile,
				logLevel,
				echo: options.echo,
				env: shared,
				timeoutMs,
				onSpawn: (stop) => stops.push(stop),
			});
			return { ...process, logFile };
		};

		say(`starting ${webhookPorts.length} webhook processes and ${options.workers ?? 2} workers`);
		const [webhooks, workers] = await Promise.all([
			Promise.all(webhookPorts.map((port, i) => startProcess('webhook', i + 1, port))),
			Promise.all(
				Array.from({ length: options.workers ?? 2 }, (_, i) => startProcess('worker', i + 1)),
			),
		]);

		return {
			main,
			webhooks: webhooks.map((process) => ({
				...process,
				client: new N8nClient(process.url),
			})),
			workers,
			env: shared,
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

module.exports = { startQueueCluster };
