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
const path = require('node:path');

const { openAccounts, welcome } = require('./accounts');
const {
	LOCAL,
	PORT,
	QUEUE,
	WEBHOOK_PORTS,
	isStopping,
	running,
	say,
	shutdown,
} = require('./local');
const { importExamples, startSingle } = require('./provision');
const { startQueueCluster } = require('./queue');

/** @typedef {import('./provision').Accounts} Accounts */

/**
 * n8n in queue mode, with a fresh database: the credentials and the examples are made anew.
 * @param {Accounts} accounts
 */
async function startQueueMode({ ding, prelude, names }) {
	const folder = path.join(LOCAL, 'queue');
	fs.rmSync(folder, { recursive: true, force: true });
	fs.mkdirSync(folder, { recursive: true });
	if (isStopping()) throw new Error('stopped');
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
			if (!isStopping()) {
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

	const opened = await openAccounts('[start]');
	const started = QUEUE
		? await startQueueMode(opened.accounts)
		: await startSingle(opened.accounts);
	welcome(started, opened);
}

main().catch(async (error) => {
	process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
	await shutdown(1);
});
