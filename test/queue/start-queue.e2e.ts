import { sleep } from 'n8n-workflow';

import { N8nClient } from '../../scripts/n8n/client';
import { freePort } from '../../scripts/n8n/runtime';
import { makeTempFolder, readText } from '../support/files';
import { isListening, npmStart } from '../e2e/support/npm-start';

/** A port p with p, p + 2 and p + 3 free: n8n's main process and its two webhook processes. */
async function freePortRun(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await freePort();
		if (port > 65000) continue;
		const free = await Promise.all([2, 3].map(async (d) => !(await isListening(port + d))));
		if (free.every(Boolean)) return port;
	}
	throw new Error('no free ports');
}

async function closed(port: number): Promise<boolean> {
	for (let attempt = 0; attempt < 120 && (await isListening(port)); attempt++) await sleep(250);
	return !(await isListening(port));
}

/**
 * `npm start -- --queue`: the same sandbox and examples, on n8n in queue mode (PostgreSQL, Redis,
 * main, two webhook processes, two workers), and Ctrl-C stops every process.
 */
describe('npm start -- --queue', () => {
	let started: ReturnType<typeof npmStart>;
	let port: number;
	let sandboxPort: number;
	let folder: string;

	beforeAll(async () => {
		port = await freePortRun();
		folder = makeTempFolder('n8n-nodes-ding-start-queue-');
		sandboxPort = await freePort();
		started = npmStart(
			{
				N8N_PORT: String(port),
				N8N_RUNNERS_BROKER_PORT: String(port + 1),
				DING_SANDBOX_PORT: String(sandboxPort),
				DING_N8N_DIR: folder,
				DING_API_KEY: '',
				PRELUDE_API_KEY: '',
			},
			['--queue'],
		);
		await started.waitFor(/Press Ctrl-C to stop\./, 10 * 60_000);
	}, 11 * 60_000);

	// SIGTERM first: start.js then stops n8n's five processes, PostgreSQL and Redis (a SIGKILL
	// would leave them running, as they run in process groups of their own).
	afterAll(async () => {
		started?.terminate();
		if (port) await closed(port);
		started?.kill();
	}, 60_000);

	test('prints the editor and the webhook processes; the example flow runs across both', async () => {
		const output = started.output();
		expect(output).toContain(`n8n is running with the Ding node: http://localhost:${port}`);
		expect(output).toContain(
			`in queue mode: webhooks and forms on the webhook processes (http://localhost:${port + 2} and :${port + 3}), runs on two workers`,
		);
		expect(output).toContain(
			`curl -X POST http://localhost:${port + 2}/webhook/prelude/verify/start`,
		);

		const phone = '+14155550188';
		const first = new N8nClient(`http://localhost:${port + 2}`);
		const second = new N8nClient(`http://localhost:${port + 3}`);
		const sent = await first.callWebhook('prelude/verify/start', { phone });
		expect(sent.body).toMatchObject({ status: 'success' });
		const [, code] = await started.waitFor(new RegExp(`v2 code (\\d{6}) for \\${phone} `), 30_000);
		const checked = await second.callWebhook('prelude/verify/check', { phone, code });
		expect(checked.body).toStrictEqual({ verified: true, status: 'success' });
		const workers = [1, 2].map((i) => readText(`${folder}/queue/worker-${i}/n8n.log`)).join('\n');
		expect(workers).toMatch(/Worker started execution/);
	});

	test('Ctrl-C stops n8n’s five processes, PostgreSQL, Redis and the sandbox', async () => {
		started.interrupt();
		await started.exited;
		// npm itself ends on the signal at once; start.js goes on to stop everything.
		await started.waitFor(/stopping n8n and the sandbox/, 10_000);
		for (const p of [port, port + 2, port + 3, sandboxPort]) expect(await closed(p)).toBe(true);
		const stoppedLine = async (file: string, line: RegExp) => {
			for (let i = 0; i < 120 && !line.test(readText(file)); i++) await sleep(250);
			return readText(file);
		};
		expect(
			await stoppedLine(`${folder}/queue/postgres.log`, /database system is shut down/),
		).toMatch(/database system is shut down/);
		expect(await stoppedLine(`${folder}/queue/redis.log`, /ready to exit/)).toMatch(
			/ready to exit/,
		);
		for (const name of ['main', 'webhook-1', 'webhook-2', 'worker-1', 'worker-2']) {
			expect(readText(`${folder}/queue/${name}/n8n.log`)).toMatch(/shutting down|Stopping n8n/i);
		}
	});
});
