import { sleep } from 'n8n-workflow';

import { INITIAL_WINDOW } from '../../nodes/Ding/run/pace';
import { currentLine } from '../../scripts/n8n/runtime';
import { sign } from '../../sandbox/prelude';
import {
	DING_NODE,
	n8nLog,
	PRELUDE_KEY,
	useN8n,
	WEBHOOK_KEYS,
	webhookToPrelude,
} from './support/e2e';

/**
 * Secure by default, in a real n8n (2.x, and 1.x with N8N_LINE=1): a version 2 Ding Trigger
 * starts nothing for forged, old or oversized posts; a credential's Allowed Domains keep the key
 * away from other hosts; stopping an execution stops the node at once.
 */
const n8n = useN8n('security');
const line = currentLine();

let ids = 0;
const nodeId = () => `5ec00000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

function triggerWorkflow(webhookId: string, parameters: Record<string, unknown>) {
	return {
		name: `e2e trigger ${webhookId}`,
		nodes: [
			{
				id: nodeId(),
				name: 'Ding Trigger',
				type: 'n8n-nodes-ding.dingTrigger',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { events: [], ...parameters },
			},
		],
		connections: {},
	};
}

const event = (createdAt: Date) => ({
	id: `evt_${Math.random().toString(36).slice(2)}`,
	type: 'verify.delivery_status',
	payload: { verification_id: 'vrf_01jc0t6fwwfgfsq1md24mhyztj', status: 'undeliverable' },
	created_at: createdAt.toISOString(),
});

/** The running execution of a workflow (the public API lists running ones only on request). */
async function runningExecution(workflowId: string): Promise<{ id: string }> {
	const client = n8n.instance.client;
	for (let attempt = 0; attempt < 1000; attempt++) {
		const viaApi = await client
			.api('GET', `/executions?workflowId=${workflowId}&status=running&limit=5`)
			.then((list: { data?: Array<{ id: string }> }) => list.data ?? [])
			.catch(() => [] as Array<{ id: string }>);
		if (viaApi.length > 0) return viaApi[0];
		const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['running'] }));
		const viaRest = await client
			.rest('GET', `/executions?filter=${filter}`)
			.then((data: { results?: Array<{ id: string }> }) => data?.results ?? [])
			.catch(() => [] as Array<{ id: string }>);
		if (viaRest.length > 0) return viaRest[0];
		await sleep(100);
	}
	throw new Error(`workflow ${workflowId} has no running execution`);
}

describe(`secure by default in a real n8n ${line}.x`, () => {
	test('a version 2 Ding Trigger without a Webhook Public Key cannot be activated', async () => {
		const client = n8n.instance.client;
		const workflow = await client.createWorkflow(triggerWorkflow(nodeId(), {}));
		// n8n refuses it for the missing required parameter, or the trigger's activation does.
		await expect(client.api('POST', `/workflows/${workflow.id}/activate`)).rejects.toThrow(
			/webhookPublicKey|Webhook Public Key/,
		);
	});

	test('forged, old and oversized posts start nothing; a signed fresh event starts one execution', async () => {
		const client = n8n.instance.client;
		const webhookId = nodeId();
		const workflow = await client.createWorkflow(
			triggerWorkflow(webhookId, { webhookPublicKey: WEBHOOK_KEYS.publicKeyPem }),
			{ activate: true },
		);
		const url = `${n8n.instance.n8n.url}/webhook/${webhookId}/webhook`;
		const signedPost = async (body: object) => {
			const raw = JSON.stringify(body);
			return await n8n.standIn.redeliver(url, body, {
				'x-webhook-signature': sign(raw, WEBHOOK_KEYS.privateKey),
			});
		};

		// Registered once activation is done: the first answer may still be n8n's 404.
		let unsigned = await client.request('POST', `/webhook/${webhookId}/webhook`, event(new Date()));
		for (let i = 0; i < 400 && unsigned.status === 404; i++) {
			await sleep(250);
			unsigned = await client.request('POST', `/webhook/${webhookId}/webhook`, event(new Date()));
		}
		expect(unsigned.status).toBe(401);

		const forged = await n8n.standIn.redeliver(url, event(new Date()), {
			'x-webhook-signature': sign('{"other":"bytes"}', WEBHOOK_KEYS.privateKey),
		});
		expect(forged.status).toBe(401);
		const old = await signedPost(event(new Date(Date.now() - 15 * 24 * 3600 * 1000)));
		expect(old.status).toBe(403);
		const oversized = await signedPost({ ...event(new Date()), pad: 'x'.repeat(70 * 1024) });
		expect(oversized.status).toBe(413);

		const fresh = event(new Date());
		expect((await signedPost(fresh)).status).toBe(200);
		const runs = await client.waitForExecutions(workflow.id, 1);
		await sleep(1000);
		const all = await client.api('GET', `/executions?workflowId=${workflow.id}&limit=50`);
		expect(all.data).toHaveLength(1);
		const execution = await client.api('GET', `/executions/${runs[0].id}?includeData=true`);
		expect(JSON.stringify(execution)).toContain(fresh.id);
	});

	test('a credential whose Allowed Domains exclude its Base URL: nothing is sent, the error says why', async () => {
		const client = n8n.instance.client;
		const data = {
			apiKey: PRELUDE_KEY,
			baseUrl: n8n.standIn.preludeBaseUrl,
			allowedHttpRequestDomains: 'domains',
			allowedDomains: 'api.prelude.dev',
		};
		const restricted = await client.createCredential({
			name: 'Prelude restricted',
			type: 'preludeApi',
			data,
		});
		const workflow = webhookToPrelude(n8n, 'security/restricted', {
			api: 'preludeV2',
			resource: 'otp',
			operation: 'send',
			phoneNumber: '+14155550188',
		});
		Object.assign(workflow.nodes[1], {
			credentials: { preludeApi: { id: String(restricted.id), name: 'Prelude restricted' } },
		});
		await client.createWorkflow(workflow, { activate: true });
		const before = n8n.standIn.requests.length;

		const answer = await client.callWebhook('security/restricted', {});
		expect(answer.status).toBe(500);
		expect(n8n.standIn.requests.length).toBe(before);
		expect(n8nLog(n8n)).toContain('allows requests only to api.prelude.dev, not to 127.0.0.1');

		const tested = await client.testCredential({
			id: String(restricted.id),
			name: 'Prelude restricted',
			type: 'preludeApi',
			data,
		});
		expect(tested.status).toBe('Error');
		expect(n8n.standIn.requests.length).toBe(before);
	});

	test('stopping an execution ends the requests in flight; no request follows', async () => {
		const client = n8n.instance.client;
		const workflow = webhookToPrelude(n8n, 'security/bulk', {
			api: 'preludeV2',
			resource: 'lookup',
			operation: 'get',
			phoneNumber: '={{ $json.phone }}',
			options: { maxRetries: 3 },
		});
		// Webhook → Code (one item per number) → Ding, answering at once.
		Object.assign(workflow.nodes[0].parameters, { responseMode: 'onReceived' });
		workflow.nodes.splice(1, 0, {
			id: nodeId(),
			name: 'Numbers',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [110, 0],
			parameters: {
				jsCode:
					'return Array.from({ length: 40 }, (_, i) => ({ json: { phone: `+1415555${1000 + i}` } }));',
			},
		} as never);
		Object.assign(workflow.nodes[2], { onError: 'continueRegularOutput' });
		workflow.connections = {
			Webhook: { main: [[{ node: 'Numbers', type: 'main', index: 0 }]] },
			Numbers: { main: [[{ node: 'Ding', type: 'main', index: 0 }]] },
		} as never;
		const created = await client.createWorkflow(workflow, { activate: true });

		// Every answer is held: the node's first window (INITIAL_WINDOW, 10) goes out and waits. Told
		// by events, not by the clock: the stop comes once all of it is here; the node must then
		// abandon every one (their answers would never come) and send nothing more.
		n8n.standIn.latency = () => new Promise<never>(() => {});
		try {
			const before = n8n.standIn.requests.length;
			expect((await client.callWebhook('security/bulk', {})).status).toBe(200);
			const running = await runningExecution(created.id);
			await n8n.standIn.whenReceived(before + INITIAL_WINDOW);

			await client.rest('POST', `/executions/${running.id}/stop`);
			const inFlight = n8n.standIn.requests.slice(before);
			await Promise.all(inFlight.map((r) => r.clientGone));
			let execution: { status?: unknown; stoppedAt?: unknown } = {};
			while (!execution.stoppedAt) {
				execution = await client.api('GET', `/executions/${running.id}`);
				if (!execution.stoppedAt) await sleep(100);
			}

			expect(String(execution.status)).toMatch(/^(canceled|crashed|error)$/);
			expect(inFlight).toHaveLength(INITIAL_WINDOW);
			expect(n8n.standIn.requests.length).toBe(before + INITIAL_WINDOW);
		} finally {
			n8n.standIn.latency = 0;
		}
	});

	test('no key in n8n’s log', () => {
		expect(n8nLog(n8n)).not.toContain(PRELUDE_KEY);
		expect(DING_NODE).toBe('n8n-nodes-ding.ding');
	});
});
