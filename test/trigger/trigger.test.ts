import { EventMemory, MAX_SHARED_IDS } from '../../nodes/DingTrigger/repeatMemory';
import type { SharedWorkflow } from '../support/harness';
import { dingTrigger, newProcess } from '../support/harness';

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
			// Answered by the node itself, before n8n starts the run (so n8n saves its static data).
			expect(result.noWebhookResponse).toBe(true);
			expect(answer).toStrictEqual({
				status: 200,
				body: { received: true, started: true },
				headers: {},
			});
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

	test('activation sets up the URL; the memory of event IDs outlives deactivation and re-activation', async () => {
		const trigger = dingTrigger({ events: [], options: { ignoreRepeats: true } });

		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		const webhookUrl = expect.stringMatching(
			/\/webhook\/c3a1f0de-7b8e-4f51-9d3a-2c4b5e6f7a8b\/webhook$/,
		);
		expect(trigger.nodeState()).toStrictEqual({ webhookUrl });
		const before = Date.now();
		await trigger.post(AUTHENTICATION_EVENT);
		expect((await trigger.post(AUTHENTICATION_EVENT)).result.workflowData).toBeUndefined();
		const remembered = { ids: [AUTHENTICATION_EVENT.id], times: [expect.any(Number)] };
		expect(trigger.nodeState()).toStrictEqual({ webhookUrl, recentEventIds: remembered });
		const [at] = (trigger.nodeState().recentEventIds as { times: number[] }).times;
		expect(at).toBeGreaterThanOrEqual(before);
		expect(at).toBeLessThanOrEqual(Date.now());

		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(trigger.nodeState()).toStrictEqual({ recentEventIds: remembered });
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		// Prelude goes on re-sending while the workflow is off: activated again, it still knows.
		await trigger.lifecycle('create');
		expect((await trigger.post(AUTHENTICATION_EVENT)).result.workflowData).toBeUndefined();
		expect(emitted((await trigger.post(ATTEMPT_EVENT)).result)).toStrictEqual([ATTEMPT_EVENT]);
	});
});

/**
 * n8n in queue mode: several webhook processes, each with its own process memory, and one
 * database. Each call loads the workflow's static data and saves it if the node changed it, as
 * n8n's LiveWebhooks does (the harness's "process").
 */
describe('repeats across n8n processes (queue mode, restarts)', () => {
	let workflows = 0;
	const database = (): SharedWorkflow => ({
		workflowId: `wf-shared-${++workflows}`,
		staticData: {},
	});
	/** Three n8n processes; each test has a database (a workflow) of its own. */
	const processes: Array<ReturnType<typeof newProcess>> = [];
	beforeAll(() => processes.push(newProcess(), newProcess(), newProcess()));
	const triggerIn = (db: SharedWorkflow, process = 0) =>
		dingTrigger({ events: [], options: { ignoreRepeats: true } }, 1, {
			DingTrigger: processes[process],
			database: db,
		});

	test('an event started on one webhook process is a repeat on the other, both ways', async () => {
		const db = database();
		const [a, b] = [triggerIn(db, 0), triggerIn(db, 1)];

		expect(emitted((await a.post(AUTHENTICATION_EVENT)).result)).toHaveLength(1);
		const atB = await b.post(AUTHENTICATION_EVENT);
		expect(atB.result.workflowData).toBeUndefined();
		expect(atB.answer.body).toMatchObject({ started: false, reason: 'repeated event' });

		expect(emitted((await b.post(ATTEMPT_EVENT)).result)).toHaveLength(1);
		expect((await a.post(ATTEMPT_EVENT)).result.workflowData).toBeUndefined();
		expect(emitted((await a.post(DELIVERY_EVENT)).result)).toHaveLength(1);
		expect((await b.post(DELIVERY_EVENT)).result.workflowData).toBeUndefined();
		expect((await a.post(DELIVERY_EVENT)).result.workflowData).toBeUndefined();

		// The processes' own memories are separate: with the database emptied, only A knows.
		const other = { ...ATTEMPT_EVENT, id: 'evt_only_in_a' };
		await a.post(other);
		db.staticData = {};
		expect((await a.post(other)).result.workflowData).toBeUndefined();
		expect(emitted((await b.post(other)).result)).toHaveLength(1);
	});

	test('an ID lost to two saves at the same moment comes back with its process’s next new event', async () => {
		const db = database();
		const [a, b] = [triggerIn(db, 0), triggerIn(db, 1)];
		// B loads the static data, A saves e1, then B saves what it loaded plus e2: e1 is lost.
		const loadedByB = db.staticData;
		await a.post(AUTHENTICATION_EVENT);
		db.staticData = loadedByB;
		await b.post(ATTEMPT_EVENT);
		const ids = () => (a.nodeState().recentEventIds as { ids: string[] }).ids;
		expect(ids()).toStrictEqual([ATTEMPT_EVENT.id]);

		await a.post(DELIVERY_EVENT);
		// (Two IDs of the same millisecond may come in either order.)
		expect(ids().sort()).toStrictEqual(
			[AUTHENTICATION_EVENT.id, ATTEMPT_EVENT.id, DELIVERY_EVENT.id].sort(),
		);
		expect((await b.post(AUTHENTICATION_EVENT)).result.workflowData).toBeUndefined();
	});

	test('an ID longer than 64 characters is remembered by its hash: what n8n stores stays small', async () => {
		const db = database();
		const [a, b] = [triggerIn(db, 0), triggerIn(db, 1)];
		const long = { ...ATTEMPT_EVENT, id: `evt_${'x'.repeat(20_000)}` };
		expect(emitted((await a.post(long)).result)).toStrictEqual([long]);
		expect((await b.post(long)).result.workflowData).toBeUndefined();
		expect((await a.post(long)).result.workflowData).toBeUndefined();
		const { ids } = a.nodeState().recentEventIds as { ids: string[] };
		expect(ids).toStrictEqual([expect.stringMatching(/^sha256:[\w-]{43}$/)]);
		expect(emitted((await b.post({ ...long, id: `${long.id}y` })).result)).toHaveLength(1);
	});

	test('a restarted process (an empty process memory) still knows the IDs', async () => {
		const db = database();
		await triggerIn(db, 0).post(AUTHENTICATION_EVENT);

		const restarted = triggerIn(db, 2);
		expect((await restarted.post(AUTHENTICATION_EVENT)).result.workflowData).toBeUndefined();
		expect(emitted((await restarted.post(ATTEMPT_EVENT)).result)).toHaveLength(1);
	});

	test('the database is written only for a new ID, not for a repeat', async () => {
		const db = database();
		const [a, b] = [triggerIn(db, 0), triggerIn(db, 1)];
		await a.post(AUTHENTICATION_EVENT);
		const saved = db.staticData;

		await a.post(AUTHENTICATION_EVENT);
		await b.post(AUTHENTICATION_EVENT);
		expect(db.staticData).toBe(saved);
	});

	test(`the shared memory keeps the latest ${MAX_SHARED_IDS} IDs, oldest out first`, async () => {
		const db = database();
		const a = triggerIn(db, 0);
		for (let i = 0; i <= MAX_SHARED_IDS; i++) {
			await a.post({ ...ATTEMPT_EVENT, id: `evt_${i}` });
		}
		const { ids, times } = a.nodeState().recentEventIds as { ids: string[]; times: number[] };
		expect([ids.length, times.length]).toStrictEqual([MAX_SHARED_IDS, MAX_SHARED_IDS]);
		expect([ids[0], ids.at(-1)]).toStrictEqual(['evt_1', `evt_${MAX_SHARED_IDS}`]);

		const b = triggerIn(db, 1);
		// evt_1 is still in the shared memory; evt_0 went out of it. Process A still knows evt_0.
		expect((await b.post({ ...ATTEMPT_EVENT, id: 'evt_1' })).result.workflowData).toBeUndefined();
		expect(emitted((await b.post({ ...ATTEMPT_EVENT, id: 'evt_0' })).result)).toHaveLength(1);
		expect((await a.post({ ...ATTEMPT_EVENT, id: 'evt_0' })).result.workflowData).toBeUndefined();
	});

	test('what the node stores is read back defensively: entries of the wrong shape are skipped', async () => {
		const db = database();
		const now = Date.now();
		db.staticData = {
			'node:Ding Trigger': {
				recentEventIds: {
					ids: ['evt_kept', 7, 'evt_no_time', 'evt_nan'],
					times: [now, now, 'x', NaN],
				},
			},
		};
		const a = triggerIn(db, 0);
		expect(
			(await a.post({ ...ATTEMPT_EVENT, id: 'evt_kept' })).result.workflowData,
		).toBeUndefined();
		expect(emitted((await a.post({ ...ATTEMPT_EVENT, id: 'evt_no_time' })).result)).toHaveLength(1);
		expect(a.nodeState().recentEventIds).toStrictEqual({
			ids: ['evt_kept', 'evt_no_time'],
			times: [now, expect.any(Number)],
		});
		for (const junk of [null, 'evt_kept', ['evt_kept', now], { ids: 'evt_kept', times: [now] }]) {
			const other = database();
			other.staticData = { 'node:Ding Trigger': { recentEventIds: junk } };
			const fresh = triggerIn(other, 1);
			expect(emitted((await fresh.post({ ...ATTEMPT_EVENT, id: 'evt_kept' })).result)).toHaveLength(
				1,
			);
		}
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
