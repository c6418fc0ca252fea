import type { IDataObject } from 'n8n-workflow';

import { nodeOutput } from '../../scripts/n8n/client';
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
 * Prelude Verify v2 through the package in a real n8n: a node added today (version 2) with the
 * Prelude API credential, against the strict v2 stand-in, and the Ding Trigger verifying the
 * signed events the stand-in posts.
 */
const n8n = useN8n('prelude');

const executionIds: string[] = [];
const PHONE = '+14155550177';

async function webhookWorkflow(path: string, parameters: IDataObject) {
	const workflow = webhookToPrelude(n8n, path, { api: 'preludeV2', ...parameters });
	return await n8n.instance.client.createWorkflow(workflow, { activate: true });
}

async function lastExecution(workflowId: string) {
	const execution = await n8n.instance.client.lastExecution(workflowId);
	executionIds.push(String(execution.id));
	return execution;
}

describe('Prelude Verify v2 in a real n8n', () => {
	test('n8n offers the node in versions 1 to 3, version 3 by default, and the Prelude API credential', async () => {
		const headers = {
			cookie: n8n.instance.client.cookie,
			'browser-id': n8n.instance.client.browserId,
		};
		const types = await n8n.instance.client.request('GET', '/types/nodes.json', undefined, headers);
		const ding = (
			types.body as Array<{ name: string; version: unknown; defaultVersion: unknown }>
		).find((type) => type.name === DING_NODE);
		expect(ding?.version).toStrictEqual([1, 2, 3]);
		expect(ding?.defaultVersion).toBe(3);
		const credentials = await n8n.instance.client.request(
			'GET',
			'/types/credentials.json',
			undefined,
			headers,
		);
		expect((credentials.body as Array<{ name: string }>).map((c) => c.name)).toEqual(
			expect.arrayContaining(['dingApi', 'preludeApi']),
		);
	});

	test('send → wrong code → retry → right code, and Lookup, through webhooks', async () => {
		const client = n8n.instance.client;
		await webhookWorkflow('v2/send', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
			verificationOptions: {
				correlationId: '={{ $json.body.ref }}',
				locale: 'en-gb',
				preferredChannel: 'sms',
			},
			signals: { ip: '203.0.113.7', isTrustedUser: true, devicePlatform: 'web' },
		});
		await webhookWorkflow('v2/retry', {
			resource: 'otp',
			operation: 'retry',
			phoneNumber: '={{ $json.body.phone }}',
		});
		const checkFlow = await webhookWorkflow('v2/check', {
			resource: 'otp',
			operation: 'check',
			phoneNumber: '={{ $json.body.phone }}',
			checkCode: '={{ $json.body.code }}',
		});
		await webhookWorkflow('v2/lookup', {
			resource: 'lookup',
			operation: 'get',
			phoneNumber: '={{ $json.body.phone }}',
			options: { callerName: true },
		});

		const sent = await client.callWebhook('v2/send', {
			phone: '+1 (415) 555-0177',
			ref: 'signup-77',
		});
		expect(sent.status).toBe(200);
		const request = n8n.standIn.requests.at(-1)!;
		expect(request.path).toBe('/v2/verification');
		expect(request.headers.authorization).toBe(`Bearer ${PRELUDE_KEY}`);
		expect(JSON.parse(request.rawBody)).toStrictEqual({
			target: { type: 'phone_number', value: PHONE },
			metadata: { correlation_id: 'signup-77' },
			options: { locale: 'en-GB', preferred_channel: 'sms' },
			signals: { device_platform: 'web', ip: '203.0.113.7', is_trusted_user: true },
		});
		expect(sent.body).toStrictEqual([
			{ ...request.answer, dingVerification: { target: { type: 'phone_number', value: PHONE } } },
		]);
		const id = sent.body[0].id as string;
		const code = n8n.standIn.prelude!.codeFor(PHONE)!;

		const wrong = await client.callWebhook('v2/check', {
			phone: PHONE,
			code: code === '000000' ? '000001' : '000000',
		});
		const retried = await client.callWebhook('v2/retry', { phone: PHONE });
		const right = await client.callWebhook('v2/check', { phone: PHONE, code });
		expect([wrong.body[0].status, retried.body[0].status, right.body[0].status]).toStrictEqual([
			'failure',
			'retry',
			'success',
		]);
		expect([wrong.body[0].id, retried.body[0].id, right.body[0].id]).toStrictEqual([id, id, id]);
		expect([wrong.body[0], right.body[0]].map((b) => b.dingVerification.verified)).toStrictEqual([
			false,
			true,
		]);
		const execution = await lastExecution(checkFlow.id);
		expect(nodeOutput(execution, 'Ding')).toStrictEqual([[right.body[0]]]);

		const looked = await client.callWebhook('v2/lookup', { phone: '+447700900123' });
		const lookup = n8n.standIn.requests.at(-1)!;
		expect(lookup.url).toBe('/v2/lookup/+447700900123?type=cnam');
		expect(looked.body).toStrictEqual([lookup.answer]);
	});

	test('Send Feedback goes to the Watch API; bad input fails before anything is sent', async () => {
		const client = n8n.instance.client;
		await webhookWorkflow('v2/feedback', {
			resource: 'otp',
			operation: 'sendFeedback',
			phoneNumber: '={{ $json.body.phone }}',
			feedbackType: 'verification.completed',
		});
		const feedback = await client.callWebhook('v2/feedback', { phone: PHONE });
		expect(feedback.body).toMatchObject([{ status: 'success' }]);
		expect(JSON.parse(n8n.standIn.requests.at(-1)!.rawBody)).toStrictEqual({
			feedbacks: [
				{ target: { type: 'phone_number', value: PHONE }, type: 'verification.completed' },
			],
		});

		const before = n8n.standIn.requests.length;
		const bad = await client.callWebhook('v2/feedback', { phone: 'call me' });
		expect(bad.status).toBe(500);
		expect(n8n.standIn.requests.length).toBe(before);
	});

	test('a signed-events Ding Trigger starts on the events of a v2 Send and refuses a forged one', async () => {
		const client = n8n.instance.client;
		const webhookId = '7e1d2c3b-4a5f-4e6d-9c8b-0a1f2e3d4c5b';
		const trigger = await client.createWorkflow(
			{
				name: 'e2e Prelude Trigger',
				nodes: [
					{
						id: '7e1d2c3b-0000-4000-8000-000000000001',
						name: 'Ding Trigger',
						type: 'n8n-nodes-ding.dingTrigger',
						typeVersion: 1,
						position: [0, 0],
						webhookId,
						parameters: {
							events: [],
							options: { ignoreRepeats: true, webhookPublicKey: WEBHOOK_KEYS.publicKeyPem },
						},
					},
				],
				connections: {},
			},
			{ activate: true },
		);
		const triggerUrl = `${n8n.instance.n8n.url}/webhook/${webhookId}/webhook`;
		await webhookWorkflow('v2/send-with-callback', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
			verificationOptions: { callbackUrl: triggerUrl },
		});

		const sent = await client.callWebhook('v2/send-with-callback', { phone: '+14155550199' });
		expect(sent.status).toBe(200);
		await n8n.standIn.settled();
		const delivered = n8n.standIn.delivered.filter((d) => d.url === triggerUrl);
		expect(delivered.map((d) => [d.event.type, d.status])).toStrictEqual([
			['verify.authentication', 200],
			['verify.attempt', 200],
			['verify.delivery_status', 200],
		]);
		expect(delivered[0].event.payload.verification_id).toBe(sent.body[0].id);

		const runs = await n8n.instance.client.waitForExecutions(trigger.id, 3);
		const emitted = [];
		for (const run of runs) {
			const execution = await client.api('GET', `/executions/${run.id}?includeData=true`);
			executionIds.push(String(execution.id));
			emitted.push(...nodeOutput(execution, 'Ding Trigger')[0]);
		}
		expect(emitted.map((e) => e.id).sort()).toStrictEqual(delivered.map((d) => d.event.id).sort());

		const forged = { ...delivered[0].event, id: 'evt_forged' };
		const unsigned = await client.request('POST', `/webhook/${webhookId}/webhook`, forged);
		expect(unsigned.status).toBe(401);
		const wronglySigned = await n8n.standIn.redeliver(triggerUrl, forged, {
			'x-webhook-signature': sign(JSON.stringify(delivered[0].event), WEBHOOK_KEYS.privateKey),
		});
		expect(wronglySigned.status).toBe(401);
		const replay = await n8n.standIn.redeliver(triggerUrl, delivered[0].event, {
			'x-webhook-signature': sign(JSON.stringify(delivered[0].event), WEBHOOK_KEYS.privateKey),
		});
		expect(JSON.parse(replay.body)).toMatchObject({ started: false, reason: 'repeated event' });
		expect((await n8n.instance.client.waitForExecutions(trigger.id, 3)).length).toBe(3);
	});

	test('the v2 example workflow: start → resend → check', async () => {
		const client = n8n.instance.client;
		await client.createWorkflow(n8n.instance.example('phone-verification-v2.json'), {
			activate: true,
		});
		const phone = '+14155550166';

		const started = await client.callWebhook('prelude/verify/start', { phone });
		expect(started.body).toMatchObject({ status: 'success' });
		const resent = await client.callWebhook('prelude/verify/resend', { phone });
		expect(resent.body).toMatchObject({
			status: 'retry',
			verification_id: started.body.verification_id,
		});
		const code = n8n.standIn.prelude!.codeFor(phone)!;
		const checked = await client.callWebhook('prelude/verify/check', { phone, code });
		expect(checked.body).toStrictEqual({ verified: true, status: 'success' });
	});

	test('the Prelude credential test through n8n’s own endpoint: good key, wrong key', async () => {
		const credential = n8n.instance.preludeCredential!;
		const test_ = (apiKey: string) =>
			n8n.instance.client.testCredential({
				id: credential.id,
				name: credential.name,
				type: 'preludeApi',
				data: { baseUrl: n8n.standIn.preludeBaseUrl, apiKey },
			});

		await expect(test_(PRELUDE_KEY)).resolves.toStrictEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		await expect(test_('not-the-key')).resolves.toMatchObject({
			status: 'Error',
			message: expect.stringContaining('The API key was refused'),
		});
		expect(n8n.standIn.prelude!.verifications.has('phone_number +12025550100')).toBe(false);
	});

	test('the v2 key appears in no execution data and nowhere in n8n’s log', async () => {
		expect(executionIds.length).toBeGreaterThan(3);
		for (const id of executionIds) {
			const execution = await n8n.instance.client.api('GET', `/executions/${id}?includeData=true`);
			expect(JSON.stringify(execution)).not.toContain(PRELUDE_KEY);
		}
		expect(n8nLog(n8n)).not.toContain(PRELUDE_KEY);
	});
});
