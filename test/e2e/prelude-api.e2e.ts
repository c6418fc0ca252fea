import type { IDataObject } from 'n8n-workflow';

import { SUBSCRIPTION_CONFIG_ID, SUSPICIOUS_PHONE } from '../../sandbox/prelude';
import { useN8n, webhookToPrelude } from './support/e2e';

/**
 * The rest of Prelude's API through the package in a real n8n (2.x, and 1.x in the N8N_LINE=1
 * pass): the flows users build beyond Send and Check. Each step is a workflow of its own (Webhook
 * → Ding, answering with the Ding node's items), called in turn, and every request is read back
 * from the strict stand-in.
 */
const n8n = useN8n('prelude-api');

const TEST_PHONE = '+14155550142';
const BLOCKED_PHONE = '+14155550199';

let path = 0;

/** Creates an active Webhook → Ding workflow and answers a function that calls it. */
async function step(parameters: IDataObject) {
	const webhookPath = `v2x/${++path}`;
	const workflow = webhookToPrelude(n8n, webhookPath, { api: 'preludeV2', ...parameters });
	await n8n.instance.client.createWorkflow(workflow, { activate: true });
	return async (body: IDataObject = {}) => {
		const answer = await n8n.instance.client.callWebhook(webhookPath, body);
		expect(answer.status).toBe(200);
		return answer.body as IDataObject[];
	};
}

/** Like step, with a Split Out node between Webhook and Ding: one Ding item per `body.people`. */
async function stepPerPerson(parameters: IDataObject) {
	const webhookPath = `v2x/${++path}`;
	const workflow = webhookToPrelude(n8n, webhookPath, { api: 'preludeV2', ...parameters });
	const [webhook, ding] = workflow.nodes;
	const split = {
		id: '00000000-0000-4000-8000-5917a0000000',
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [110, 0],
		parameters: { fieldToSplitOut: 'body.people', options: {} },
	};
	Object.assign(workflow, {
		nodes: [webhook, split, ding],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Ding', type: 'main', index: 0 }]] },
		},
	});
	await n8n.instance.client.createWorkflow(workflow, { activate: true });
	return async (people: IDataObject[]) => {
		const answer = await n8n.instance.client.callWebhook(webhookPath, { people });
		expect(answer.status).toBe(200);
		return answer.body as IDataObject[];
	};
}

const lastRequest = () => n8n.standIn.requests.at(-1)!;
const lastQuery = () => Object.fromEntries(new URL(lastRequest().url, 'http://x').searchParams);

/** How many messages the stand-in sent to a number (sandbox and blocked numbers get none). */
const textsTo = (phone: string) =>
	[...n8n.standIn.prelude!.verifications.values()]
		.filter((v) => v.target.value === phone)
		.reduce((count, v) => count + v.sent.length, 0);

describe('the rest of Prelude in a real n8n', () => {
	test('a test number with a fixed code: no message, the code checks, the history shows it', async () => {
		const addTestNumber = await step({
			resource: 'testNumber',
			operation: 'add',
			phoneNumber: '={{ $json.body.phone }}',
			attemptCode: '={{ $json.body.code }}',
		});
		const send = await step({
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
		});
		const check = await step({
			resource: 'otp',
			operation: 'check',
			phoneNumber: '={{ $json.body.phone }}',
			checkCode: '={{ $json.body.code }}',
		});
		const get = await step({
			resource: 'otp',
			operation: 'get',
			verificationId: '={{ $json.body.id }}',
			options: { simplify: true },
		});
		const history = await step({
			resource: 'otp',
			operation: 'getMany',
			returnAll: true,
			filters: { phoneNumber: '={{ $json.body.phone }}' },
		});
		const listTestNumbers = await step({ resource: 'testNumber', operation: 'getMany', limit: 10 });
		const removeTestNumber = await step({
			resource: 'testNumber',
			operation: 'remove',
			phoneNumber: '={{ $json.body.phone }}',
		});

		expect(await addTestNumber({ phone: TEST_PHONE, code: '424242' })).toStrictEqual([
			{ phone_number: TEST_PHONE, attempt_code: '424242' },
		]);
		expect(lastRequest()).toMatchObject({
			method: 'PUT',
			path: '/v2/verification/management/phone-numbers/sandbox',
		});
		expect(JSON.parse(lastRequest().rawBody)).toStrictEqual({
			attempt_code: '424242',
			phone_number: TEST_PHONE,
		});

		const [sent] = await send({ phone: TEST_PHONE });
		expect(textsTo(TEST_PHONE)).toBe(0);
		const [checked] = await check({ phone: TEST_PHONE, code: '424242' });
		expect(checked).toMatchObject({ status: 'success', id: sent.id });

		const [got] = await get({ id: sent.id });
		expect(lastRequest().url).toBe(`/v2/verification/phone/history/${String(sent.id)}`);
		expect(got).toMatchObject({ id: sent.id, status: 'converted' });
		expect(got.dingVerification).toMatchObject({ verified: true, status: 'converted', checks: 1 });

		const listed = await history({ phone: TEST_PHONE });
		expect(lastRequest().path).toBe('/v2/verification/phone/history');
		expect(lastQuery()).toMatchObject({ phone_number: TEST_PHONE });
		expect(listed.map((v) => v.id)).toStrictEqual([sent.id]);

		const numbers = await listTestNumbers();
		expect(numbers).toStrictEqual([
			expect.objectContaining({ phone_number: TEST_PHONE, attempt_code: '424242' }),
		]);
		await removeTestNumber({ phone: TEST_PHONE });
		expect(lastRequest()).toMatchObject({
			method: 'DELETE',
			url: `/v2/verification/management/phone-numbers/sandbox/${TEST_PHONE}`,
		});
		expect(await listTestNumbers()).toStrictEqual([]);
	});

	test('a number a CRM marked as fraud: block list, Predict says suspicious, no code is sent', async () => {
		const block = await step({
			resource: 'phoneList',
			operation: 'add',
			list: 'block',
			phoneNumber: '={{ $json.body.phone }}',
		});
		const predict = await step({
			resource: 'watch',
			operation: 'predict',
			phoneNumber: '={{ $json.body.phone }}',
			predictFields: { correlationId: 'signup-9' },
			signals: { ip: '203.0.113.9', existingUser: false },
		});
		const send = await step({
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
		});
		const listBlocked = await step({
			resource: 'phoneList',
			operation: 'getMany',
			list: 'block',
			returnAll: true,
		});
		const unblock = await step({
			resource: 'phoneList',
			operation: 'remove',
			list: 'block',
			phoneNumber: '={{ $json.body.phone }}',
		});

		await block({ phone: BLOCKED_PHONE });
		expect(lastRequest()).toMatchObject({
			method: 'POST',
			path: '/v2/verification/management/phone-numbers/block',
		});
		const [prediction] = await predict({ phone: BLOCKED_PHONE });
		expect(JSON.parse(lastRequest().rawBody)).toStrictEqual({
			target: { type: 'phone_number', value: BLOCKED_PHONE },
			metadata: { correlation_id: 'signup-9' },
			signals: { ip: '203.0.113.9', existing_user: false },
		});
		expect(prediction.prediction).toBe('suspicious');
		const [blocked] = await send({ phone: BLOCKED_PHONE });
		expect(blocked.status).toBe('blocked');
		expect(textsTo(BLOCKED_PHONE)).toBe(0);

		expect((await listBlocked()).map((n) => n.phone_number)).toContain(BLOCKED_PHONE);
		await unblock({ phone: BLOCKED_PHONE });
		expect(JSON.parse(lastRequest().rawBody)).toStrictEqual({ phone_number: BLOCKED_PHONE });
		expect(lastRequest().method).toBe('DELETE');
		expect((await listBlocked()).map((n) => n.phone_number)).not.toContain(BLOCKED_PHONE);
		const [legitimate] = await predict({ phone: '+14155550143' });
		expect(legitimate.prediction).toBe('legitimate');
		const [suspicious] = await predict({ phone: SUSPICIOUS_PHONE });
		expect(suspicious.prediction).toBe('suspicious');
	});

	test('the follow-up message: Notify Send and Send Batch, the opt-outs, one feedback request for a batch of people', async () => {
		const notify = await step({
			resource: 'notify',
			operation: 'send',
			templateId: 'template_01jd1xq0cffycayqtdkdbv4d61',
			to: '={{ $json.body.phone }}',
			messageFields: {
				correlationId: '={{ $json.body.order }}',
				preferredChannel: 'whatsapp',
				variables: { variable: [{ name: 'order_id', value: '={{ $json.body.order }}' }] },
				scheduleAt: '2030-01-15T09:30:00Z',
			},
		});
		const batch = await step({
			resource: 'notify',
			operation: 'sendBatch',
			templateId: 'template_01jd1xq0cffycayqtdkdbv4d61',
			to: '={{ $json.body.phones }}',
		});
		const optedOut = await step({
			resource: 'subscription',
			operation: 'getManyNumbers',
			configId: SUBSCRIPTION_CONFIG_ID,
			returnAll: true,
			filters: { state: 'UNSUB' },
		});
		const everyone = await step({
			resource: 'subscription',
			operation: 'getManyNumbers',
			configId: SUBSCRIPTION_CONFIG_ID,
			returnAll: true,
		});
		const feedback = await stepPerPerson({
			resource: 'watch',
			operation: 'sendFeedback',
			phoneNumber: '={{ $json.phone }}',
			feedbackType: 'verification.completed',
		});

		const [message] = await notify({ phone: '+33612345601', order: 'order-8841' });
		expect(lastRequest().path).toBe('/v2/notify');
		expect(JSON.parse(lastRequest().rawBody)).toStrictEqual({
			template_id: 'template_01jd1xq0cffycayqtdkdbv4d61',
			to: '+33612345601',
			correlation_id: 'order-8841',
			preferred_channel: 'whatsapp',
			variables: { order_id: 'order-8841' },
			schedule_at: '2030-01-15T09:30:00.000Z',
		});
		expect(message).toMatchObject({ to: '+33612345601', correlation_id: 'order-8841' });

		const [sentBatch] = await batch({ phones: '+33612345603, +33612345604' });
		expect(JSON.parse(lastRequest().rawBody).to).toStrictEqual(['+33612345603', '+33612345604']);
		expect(sentBatch).toMatchObject({ total_count: 2, success_count: 2 });

		const unsubscribed = await optedOut();
		expect(lastQuery()).toMatchObject({ state: 'UNSUB' });
		expect(unsubscribed.map((n) => n.phone_number)).toStrictEqual(['+33612345602', '+33612345605']);
		expect(await everyone()).toHaveLength(7);

		const people = [
			{ phone: '+14155550151' },
			{ phone: '+14155550152' },
			{ phone: '+14155550153' },
		];
		const before = n8n.standIn.requests.length;
		const answers = await feedback(people);
		const sentFeedback = n8n.standIn.requests.slice(before);
		expect(sentFeedback).toHaveLength(1);
		expect(JSON.parse(sentFeedback[0].rawBody).feedbacks).toStrictEqual(
			people.map((p) => ({
				target: { type: 'phone_number', value: p.phone },
				type: 'verification.completed',
			})),
		);
		expect(answers).toHaveLength(3);
		expect(new Set(answers.map((a) => a.request_id)).size).toBe(1);
	});
});
