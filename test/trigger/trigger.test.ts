import { EventMemory } from '../../nodes/DingTrigger/DingTrigger.node';
import { dingTrigger } from '../support/harness';

/** The authentication the events below are about. */
const SUBJECT_UUID = 'e0e7b0e9-739d-424b-922f-1c2cb48ab077';

/** Ding's v1 authentication event, as its docs show it. */
const AUTHENTICATION_EVENT = {
	id: '90c7e8b2-203a-4984-ba25-6cf93d8fdbac',
	auth_uuid: SUBJECT_UUID,
	type: 'authentication',
	recipient_phone_number: '+14155550123',
	price: { amount: 0.009, currency: 'EUR' },
	time: '2025-03-04T17:59:19+0000',
	correlation_id: 'signup-8841',
};
const ATTEMPT_EVENT = {
	id: '5a8d0c1e-2b3f-4d5e-8f9a-0b1c2d3e4f50',
	auth_uuid: SUBJECT_UUID,
	type: 'attempt',
	attempt_number: 1,
	capability: 'text',
	time: '2025-03-04T17:59:20+0000',
};
const DELIVERY_EVENT = {
	id: '7c9e1f2a-3b4c-4d5e-9f0a-1b2c3d4e5f60',
	auth_uuid: SUBJECT_UUID,
	type: 'delivery_status',
	status: 'delivered',
	time: '2025-03-04T17:59:24+0000',
};

const emitted = (result: Awaited<ReturnType<ReturnType<typeof dingTrigger>['post']>>['result']) =>
	result.workflowData?.[0]?.map((item) => item.json);

describe('Ding Trigger', () => {
	test.each([AUTHENTICATION_EVENT, ATTEMPT_EVENT, DELIVERY_EVENT])(
		'an event of type $type starts the workflow with the payload unchanged, and is answered at once',
		async (event) => {
			const trigger = dingTrigger({ events: [] });

			const { answer, result } = await trigger.post(event);

			expect(emitted(result)).toStrictEqual([event]);
			expect(result.noWebhookResponse).toBeUndefined();
			expect(answer.status).toBe(200);
		},
	);

	test('an event type Ding adds later starts the workflow when no filter is set', async () => {
		const event = { id: 'evt-1', type: 'verify.something_new', extra: [1] };
		const { result } = await dingTrigger({ events: [] }).post(event);

		expect(emitted(result)).toStrictEqual([event]);
	});

	test('the Events filter starts the workflow only for chosen types, and still answers 200', async () => {
		const trigger = dingTrigger({ events: ['delivery_status'] });

		const skipped = await trigger.post(AUTHENTICATION_EVENT);
		const started = await trigger.post(DELIVERY_EVENT);

		expect(skipped.result.workflowData).toBeUndefined();
		expect(skipped.result.noWebhookResponse).toBe(true);
		expect(skipped.answer).toStrictEqual({
			status: 200,
			body: { received: true, started: false, reason: 'event type not selected' },
			headers: {},
		});
		expect(emitted(started.result)).toStrictEqual([DELIVERY_EVENT]);
	});

	test.each([
		['a body that is not an object', 'type=authentication'],
		['an object without a type', { id: 'x', auth_uuid: 'y' }],
		['an empty type', { type: '' }],
		['a list of events', [AUTHENTICATION_EVENT]],
		['no body', undefined],
		['null', null],
	])('%s is answered 400 and starts nothing', async (_what, body) => {
		const { answer, result } = await dingTrigger({ events: [] }).post(body);

		expect(answer.status).toBe(400);
		expect(answer.body).toStrictEqual({
			error: 'Not a Ding event: expected a JSON object with a "type" field',
		});
		expect(result.workflowData).toBeUndefined();
		expect(result.noWebhookResponse).toBe(true);
	});

	test('Ignore Repeated Events: a re-sent event ID starts nothing the second time', async () => {
		const trigger = dingTrigger({ events: [], options: { ignoreRepeats: true } });

		const first = await trigger.post(AUTHENTICATION_EVENT);
		const again = await trigger.post({ ...AUTHENTICATION_EVENT });
		const other = await trigger.post(DELIVERY_EVENT);

		expect(emitted(first.result)).toStrictEqual([AUTHENTICATION_EVENT]);
		expect(again.result.workflowData).toBeUndefined();
		expect(again.answer).toStrictEqual({
			status: 200,
			body: { received: true, started: false, reason: 'repeated event' },
			headers: {},
		});
		expect(emitted(other.result)).toStrictEqual([DELIVERY_EVENT]);
	});

	test('Ignore Repeated Events is on by default, as declared: Options need not be added', async () => {
		const trigger = dingTrigger({ events: [] });

		const first = await trigger.post(AUTHENTICATION_EVENT);
		const again = await trigger.post(AUTHENTICATION_EVENT);

		expect(emitted(first.result)).toStrictEqual([AUTHENTICATION_EVENT]);
		expect(again.result.workflowData).toBeUndefined();
		expect(again.answer.body).toMatchObject({ started: false, reason: 'repeated event' });
	});

	test('with Ignore Repeated Events turned off every delivery starts the workflow', async () => {
		const trigger = dingTrigger({ events: [], options: { ignoreRepeats: false } });

		const first = await trigger.post(AUTHENTICATION_EVENT);
		const again = await trigger.post(AUTHENTICATION_EVENT);

		expect(emitted(first.result)).toHaveLength(1);
		expect(emitted(again.result)).toHaveLength(1);
	});

	test('activation sets up the URL and an empty memory of event IDs; deactivation drops both', async () => {
		const trigger = dingTrigger({ events: [], options: { ignoreRepeats: true } });

		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		expect(trigger.nodeState()).toStrictEqual({
			webhookUrl: expect.stringMatching(
				/\/webhook\/c3a1f0de-7b8e-4f51-9d3a-2c4b5e6f7a8b\/webhook$/,
			),
		});
		await trigger.post(AUTHENTICATION_EVENT);
		expect((await trigger.post(AUTHENTICATION_EVENT)).result.workflowData).toBeUndefined();
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(trigger.nodeState()).toStrictEqual({});
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		// Activated again, it starts with an empty memory.
		await trigger.lifecycle('create');
		expect(emitted((await trigger.post(AUTHENTICATION_EVENT)).result)).toHaveLength(1);
	});
});

describe('the memory of event IDs', () => {
	const DAY = 24 * 60 * 60 * 1000;

	test('forgets IDs after 14 days', () => {
		const memory = new EventMemory();
		expect(memory.remember('a', 0)).toBe(false);
		expect(memory.remember('a', 13 * DAY)).toBe(true);
		expect(memory.remember('a', 15 * DAY)).toBe(false);
		expect(memory.size).toBe(1);
	});

	test('stays bounded: past 10,000 IDs the oldest go first', () => {
		const memory = new EventMemory();
		for (let i = 0; i < 10_050; i++) memory.remember(`id-${i}`, i);

		expect(memory.size).toBe(10_000);
		expect(memory.remember('id-10049', 10_051)).toBe(true);
		expect(memory.remember('id-50', 10_052)).toBe(true);
		expect(memory.size).toBe(10_000);
		// id-0 to id-49 were evicted: they count as new (and now evict the next oldest).
		expect(memory.remember('id-0', 10_053)).toBe(false);
		expect(memory.remember('id-49', 10_054)).toBe(false);
	});

	test.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])(
		'an ID named %s is an ordinary ID: new the first time, a repeat the second',
		(id) => {
			const memory = new EventMemory();
			expect(memory.remember(id, 0)).toBe(false);
			expect(memory.remember(id, 1)).toBe(true);
		},
	);
});
