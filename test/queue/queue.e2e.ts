import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { N8nClient } from '../../scripts/n8n/client';
import { nodeOutput } from '../../scripts/n8n/client';
import { readExample } from '../../scripts/n8n/instance';
import { startQueueCluster } from '../../scripts/n8n/queue';
import { makeTempFolder, readText } from '../support/files';
import { sign } from '../../sandbox/prelude';
import type { E2eContext } from '../e2e/support/e2e';
import {
	API_KEY,
	CUSTOMER_UUID,
	PRELUDE_KEY,
	startE2eStandIn,
	WEBHOOK_KEYS,
	webhookToPrelude,
} from '../e2e/support/e2e';

/**
 * The package in n8n's queue mode (scripts/n8n/queue.js): PostgreSQL and Redis on loopback, one
 * main process with production webhooks off, two webhook processes and two workers, each with the
 * packed package installed in its own user folder. Calls alternate between the webhook
 * processes, as a load balancer's would; every execution runs on a worker.
 */
type Cluster = Awaited<ReturnType<typeof startQueueCluster>>;

let cluster: Cluster;
/** Stops whatever of the cluster has started, even if its start failed or timed out. */
let stopCluster: (() => Promise<void>) | undefined;
const context = {} as E2eContext;
const executionIds: string[] = [];

beforeAll(async () => {
	context.standIn = await startE2eStandIn();
	const folder = makeTempFolder('n8n-nodes-ding-queue-');
	cluster = await startQueueCluster({
		folder,
		ding: { baseUrl: context.standIn.baseUrl, apiKey: API_KEY, customerUuid: CUSTOMER_UUID },
		prelude: { baseUrl: context.standIn.preludeBaseUrl, apiKey: PRELUDE_KEY },
		onStop: (stop) => (stopCluster = stop),
	});
	context.instance = cluster.main;
	context.logFile = `${folder}/main/n8n.log`;
}, 15 * 60_000);

afterAll(async () => {
	await stopCluster?.();
	await context.standIn?.stop();
}, 180_000);

/** The webhook processes' clients, taken in turn. */
let turn = 0;
const nextWebhookProcess = (): N8nClient =>
	cluster.webhooks[turn++ % cluster.webhooks.length].client;
const [FIRST, SECOND] = [0, 1].map((i) => () => cluster.webhooks[i].client);

async function webhookWorkflow(path: string, parameters: IDataObject, settings: IDataObject = {}) {
	const workflow = webhookToPrelude(context, path, { api: 'preludeV2', ...parameters });
	Object.assign(workflow.nodes[1], settings);
	return await cluster.main.client.createWorkflow(workflow, { activate: true });
}

/** Webhook → Split Out (body.people) → Ding: one item per person. */
async function listWorkflow(path: string, parameters: IDataObject, settings: IDataObject = {}) {
	const workflow = webhookToPrelude(context, path, { api: 'preludeV2', ...parameters });
	Object.assign(workflow.nodes[1], settings);
	const split = {
		id: randomUUID(),
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [110, 0],
		parameters: { fieldToSplitOut: 'body.people', options: {} },
	};
	(workflow.nodes as unknown[]).splice(1, 0, split);
	workflow.connections = {
		Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
		'Split Out': { main: [[{ node: 'Ding', type: 'main', index: 0 }]] },
	} as typeof workflow.connections;
	return await cluster.main.client.createWorkflow(workflow, { activate: true });
}

async function lastExecution(workflowId: string) {
	const execution = await cluster.main.client.lastExecution(workflowId, { timeoutMs: 60_000 });
	executionIds.push(String(execution.id));
	return execution;
}

/** Which worker ran each execution, from the workers' logs. */
function workersThatRan(ids: string[]) {
	return ids.map((id) =>
		cluster.workers.findIndex((worker) =>
			new RegExp(`Worker started execution ${id} \\(`).test(worker.log()),
		),
	);
}

const phones = (count: number, from = 100) =>
	Array.from({ length: count }, (_, i) => ({
		phone: `+4477009${String(from + i).padStart(5, '0')}`,
	}));

describe('the package in n8n queue mode (main, two webhook processes, two workers)', () => {
	test('every process has the package installed and runs in queue mode', () => {
		for (const n8nProcess of [...cluster.webhooks, ...cluster.workers]) {
			const userFolder = n8nProcess.logFile.replace(/\/n8n\.log$/, '');
			const installed = readText(
				`${userFolder}/.n8n/nodes/node_modules/n8n-nodes-ding/package.json`,
			);
			expect(JSON.parse(installed)).toMatchObject({ name: 'n8n-nodes-ding' });
		}
		expect(readText(context.logFile)).not.toMatch(/Error loading package "n8n-nodes-ding"/);
		for (const worker of cluster.workers) expect(worker.log()).toMatch(/n8n worker is now ready/);
	});

	test('Send → wrong code → Retry → right code, each call on the other webhook process', async () => {
		await webhookWorkflow('q/send', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
		});
		await webhookWorkflow('q/retry', {
			resource: 'otp',
			operation: 'retry',
			phoneNumber: '={{ $json.body.phone }}',
		});
		const check = await webhookWorkflow('q/check', {
			resource: 'otp',
			operation: 'check',
			phoneNumber: '={{ $json.body.phone }}',
			checkCode: '={{ $json.body.code }}',
		});
		const phone = '+14155550131';
		const sent = await FIRST().callWebhook('q/send', { phone });
		expect(sent.status).toBe(200);
		const sendRequest = context.standIn.requests.at(-1)!;
		expect(JSON.parse(sendRequest.rawBody)).toStrictEqual({
			target: { type: 'phone_number', value: phone },
		});
		const code = context.standIn.prelude!.codeFor(phone)!;
		const wrong = await SECOND().callWebhook('q/check', {
			phone,
			code: code === '000000' ? '000001' : '000000',
		});
		const retried = await FIRST().callWebhook('q/retry', { phone });
		const right = await SECOND().callWebhook('q/check', { phone, code });
		expect([sent, wrong, retried, right].map((r) => r.body[0].status)).toStrictEqual([
			'success',
			'failure',
			'retry',
			'success',
		]);
		expect(right.body[0].dingVerification.verified).toBe(true);
		const texts = context.standIn.requests.filter(
			(r) => r.path === '/v2/verification' && r.rawBody.includes(phone),
		);
		expect(texts).toHaveLength(2);

		const execution = await lastExecution(check.id);
		expect(nodeOutput(execution, 'Ding')).toStrictEqual([[right.body[0]]]);
		expect(workersThatRan([String(execution.id)])[0]).toBeGreaterThanOrEqual(0);
	});

	test('Lookup for 60 people with the adaptive default and 24 with Fixed Batching: paired, in order, once each', async () => {
		const lookup = {
			resource: 'lookup',
			operation: 'get',
			phoneNumber: '={{ $json.phone }}',
		};
		const adaptive = await listWorkflow('q/lookup', lookup);
		const fixed = await listWorkflow('q/lookup-fixed', {
			...lookup,
			options: { batching: { batch: { mode: 'fixed', batchSize: 5, batchInterval: 0 } } },
		});

		for (const [path, workflow, people] of [
			['q/lookup', adaptive, phones(60, 100)],
			['q/lookup-fixed', fixed, phones(24, 300)],
		] as const) {
			const before = context.standIn.requests.length;
			const answer = await nextWebhookProcess().callWebhook(path, { people });
			expect(answer.status).toBe(200);
			const sent = context.standIn.requests.slice(before);
			expect(sent.map((r) => r.path).sort()).toStrictEqual(
				people.map((p) => `/v2/lookup/${p.phone}`).sort(),
			);
			expect(answer.body.map((item: IDataObject) => item.phone_number)).toStrictEqual(
				people.map((p) => p.phone),
			);
			const execution = await lastExecution(workflow.id);
			expect(execution.status).toBe('success');
			expect(nodeOutput(execution, 'Ding')[0]).toHaveLength(people.length);
		}
	});

	test('Continue On Fail in both modes keeps the others going; without it the run stops naming the item', async () => {
		const lookup = { resource: 'lookup', operation: 'get', phoneNumber: '={{ $json.phone }}' };
		const people = [...phones(3, 500), { phone: 'call me maybe' }, ...phones(3, 503)];
		const good = people.filter((p) => p.phone.startsWith('+'));

		const regular = await listWorkflow('q/cof-regular', lookup, {
			onError: 'continueRegularOutput',
		});
		let before = context.standIn.requests.length;
		const answer = await nextWebhookProcess().callWebhook('q/cof-regular', { people });
		expect(answer.body).toHaveLength(7);
		expect(answer.body[3]).toMatchObject({
			error: 'Phone Number "call me maybe" is not a phone number in E.164 format [item 3]',
			details: { itemIndex: 3 },
		});
		expect(
			answer.body
				.filter((_: unknown, i: number) => i !== 3)
				.map((b: IDataObject) => b.phone_number),
		).toStrictEqual(good.map((p) => p.phone));
		expect(context.standIn.requests.length - before).toBe(6);
		expect((await lastExecution(regular.id)).status).toBe('success');

		const errorOutput = await listWorkflow('q/cof-error', lookup, {
			onError: 'continueErrorOutput',
		});
		before = context.standIn.requests.length;
		await nextWebhookProcess().callWebhook('q/cof-error', { people });
		const split = await lastExecution(errorOutput.id);
		const [succeeded, failed] = nodeOutput(split, 'Ding');
		expect(succeeded.map((b: IDataObject) => b.phone_number)).toStrictEqual(
			good.map((p) => p.phone),
		);
		expect(failed).toHaveLength(1);
		expect(JSON.stringify(failed[0])).toContain('call me maybe');
		expect(context.standIn.requests.length - before).toBe(6);

		const strict = await listWorkflow('q/strict', lookup);
		await nextWebhookProcess().callWebhook('q/strict', { people });
		const stopped = await lastExecution(strict.id);
		expect(stopped.status).toBe('error');
		expect(stopped.data.resultData.error.message).toContain('[item 3]');
	});

	test('the Ding Trigger: signed events and their repeats, posted to alternating webhook processes, start one execution each', async () => {
		const client = cluster.main.client;
		const webhookId = randomUUID();
		const trigger = await client.createWorkflow(
			{
				name: 'queue trigger',
				nodes: [
					{
						id: randomUUID(),
						name: 'Ding Trigger',
						type: 'n8n-nodes-ding.dingTrigger',
						typeVersion: 2,
						position: [0, 0],
						webhookId,
						parameters: { events: [], webhookPublicKey: WEBHOOK_KEYS.publicKeyPem },
					},
				],
				connections: {},
			},
			{ activate: true },
		);
		const urls = cluster.webhooks.map((w) => `${w.url}/webhook/${webhookId}/webhook`);
		const post = async (processIndex: number, event: object) =>
			await context.standIn.redeliver(urls[processIndex], event, {
				'x-webhook-signature': sign(JSON.stringify(event), WEBHOOK_KEYS.privateKey),
			});
		const event = (n: number) => ({
			id: `evt_queue_${n}_${randomUUID()}`,
			type: 'verify.delivery_status',
			payload: { verification_id: `vrf_queue_${n}`, status: 'delivered' },
			created_at: new Date().toISOString(),
		});

		// Registered once activation is done: n8n may answer 404 for a moment.
		const first = event(1);
		let answer = await post(0, first);
		for (let i = 0; i < 400 && answer.status === 404; i++) {
			await sleep(250);
			answer = await post(0, first);
		}
		expect([answer.status, JSON.parse(answer.body)]).toStrictEqual([
			200,
			{ received: true, started: true },
		]);
		// Each event once n8n has saved the shared memory with the one before (Prelude re-sends an
		// event a minute or more after the first try; a lost save heals too: see docs/trigger.md).
		// Told by the workflow's stored static data, not by a pause a busy machine may outlast.
		const saved = async (eventId: string) => {
			const stored = async () =>
				JSON.stringify((await client.api('GET', `/workflows/${trigger.id}`)).staticData ?? {});
			while (!(await stored()).includes(eventId)) await sleep(100);
		};
		const events = [first, event(2), event(3), event(4)];
		const answers = [];
		for (const [i, e] of events.slice(1).entries()) {
			await saved(events[i].id);
			answers.push(await post((i + 1) % 2, e));
		}
		await saved(events[3].id);
		expect(answers.map((a) => JSON.parse(a.body))).toStrictEqual(
			Array(3).fill({ received: true, started: true }),
		);

		// Each event again, on the other process and on the same one; and a forged one.
		const repeats = [];
		for (const [i, e] of events.entries()) {
			repeats.push(JSON.parse((await post((i + 1) % 2, e)).body));
			repeats.push(JSON.parse((await post(i % 2, e)).body));
		}
		expect(repeats).toStrictEqual(
			Array(8).fill({ received: true, started: false, reason: 'repeated event' }),
		);
		const forged = await context.standIn.redeliver(urls[1], event(5), {
			'x-webhook-signature': sign('{}', WEBHOOK_KEYS.privateKey),
		});
		expect(forged.status).toBe(401);

		const runs = await client.waitForExecutions(trigger.id, 4);
		await sleep(1500);
		const all = await client.api('GET', `/executions?workflowId=${trigger.id}&limit=50`);
		expect(all.data).toHaveLength(4);
		const started = [];
		for (const run of runs) {
			const execution = await client.api('GET', `/executions/${run.id}?includeData=true`);
			started.push(nodeOutput(execution, 'Ding Trigger')[0][0].id);
		}
		expect(started.sort()).toStrictEqual(events.map((e) => e.id).sort());
		expect(workersThatRan(runs.map((r: { id: string }) => String(r.id)))).not.toContain(-1);
	});

	test('Send and Wait for Code: started on one webhook process, wrong code on the other, right code → Verified', async () => {
		const example = readExample('send-and-wait-for-code.json', {
			prelude: cluster.main.preludeCredential!.id,
		});
		example.name = `${example.name} (queue)`;
		for (const node of example.nodes) {
			if (node.type === 'n8n-nodes-base.webhook') {
				node.parameters.path = 'q/verify-in-one-step';
				node.webhookId = randomUUID();
			}
		}
		await cluster.main.client.createWorkflow(example, { activate: true });
		const phone = '+14155550144';
		const started = await FIRST().callWebhook('q/verify-in-one-step', { phone });
		expect(started.status).toBe(200);
		const codeUrl = new URL(String(started.body.dingVerification.codeUrl));
		expect(codeUrl.port).toBe(new URL(cluster.webhooks[0].url).port);
		const path = `${codeUrl.pathname}${codeUrl.search}`;
		const code = context.standIn.prelude!.codeFor(phone)!;
		const json = { accept: 'application/json' };

		await SECOND().codePageReady(codeUrl.toString());
		const status = await SECOND().request('GET', path, undefined, json);
		expect(status.body).toMatchObject({ status: 'waiting', attempts_left: 3 });
		const wrong = await SECOND().request(
			'POST',
			path,
			{ code: code === '000000' ? '111111' : '000000' },
			json,
		);
		expect(wrong.body).toMatchObject({ status: 'invalid' });
		const right = await FIRST().request('POST', path, { code }, json);
		expect(right.body).toStrictEqual({ status: 'verified' });

		const id = codeUrl.pathname.split('/')[2];
		let execution: IDataObject = {};
		for (let i = 0; i < 240; i++) {
			execution = await cluster.main.client.api('GET', `/executions/${id}?includeData=true`);
			if (!['new', 'running', 'waiting'].includes(String(execution.status))) break;
			await sleep(250);
		}
		expect(execution.status).toBe('success');
		const [notVerified, verified] = nodeOutput(execution, 'Send and Wait for Code');
		expect(notVerified).toEqual([]);
		expect(verified[0].dingVerification).toMatchObject({
			verified: true,
			target: { value: phone },
		});
		expect(JSON.stringify(execution)).not.toContain(code);
		expect(workersThatRan([id])[0]).toBeGreaterThanOrEqual(0);
	});

	test('the executions ran on the workers, and both workers took some', () => {
		const ran = workersThatRan(executionIds);
		expect(ran).not.toContain(-1);
		expect(new Set(ran).size).toBe(2);
		expect(readText(context.logFile)).not.toMatch(/Worker started execution/);
	});

	test('the keys appear in no process’s log', () => {
		for (const log of [
			readText(context.logFile),
			...cluster.webhooks.map((w) => w.log()),
			...cluster.workers.map((w) => w.log()),
		]) {
			expect(log).not.toContain(PRELUDE_KEY);
			expect(log).not.toContain(API_KEY);
		}
	});
});
