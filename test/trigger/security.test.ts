import { randomBytes } from 'crypto';

import { MAX_BODY_BYTES } from '../../nodes/DingTrigger/webhook';
import { PHONE, WEBHOOK_KEYS } from '../support/fixtures';
import { dingTrigger } from '../support/harness';
import { sign } from '../../sandbox/prelude';

/**
 * A Ding Trigger added today (version 2) starts a workflow only for events it can prove came
 * from the API: Prelude's signature, or (Ding v1, which signs nothing) a secret in the Callback
 * URL. "None" must be chosen knowingly. Refused posts start nothing.
 */

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

const event = (createdAt = new Date(Date.now() - MINUTE).toISOString()) => ({
	id: `evt_${Math.random().toString(36).slice(2)}`,
	type: 'verify.authentication',
	payload: {
		verification_id: 'vrf_01jc0t6fwwfgfsq1md24mhyztj',
		target: { type: 'phone_number', value: PHONE },
	},
	created_at: createdAt,
});

const SUBJECT_UUID = 'e0e7b0e9-739d-424b-922f-1c2cb48ab077';

const DING_V1_EVENT = {
	id: '90c7e8b2-203a-4984-ba25-6cf93d8fdbac',
	auth_uuid: SUBJECT_UUID,
	type: 'authentication',
	time: '2025-03-04T17:59:19+0000',
};

/** A Callback Secret, made anew for each run, 24 characters. */
const SECRET = randomBytes(12).toString('hex');

type Trigger = ReturnType<typeof dingTrigger>;

const signed = (trigger: Trigger, body: object, raw = JSON.stringify(body)) =>
	trigger.post(
		body,
		{
			'content-type': 'application/json',
			'x-webhook-signature': sign(raw, WEBHOOK_KEYS.privateKey),
		},
		raw,
	);

const started = (result: Awaited<ReturnType<Trigger['post']>>['result']) =>
	result.workflowData?.[0]?.length ?? 0;

const signatureTrigger = () =>
	dingTrigger({ events: [], webhookPublicKey: WEBHOOK_KEYS.publicKeyPem }, 2);

describe('Ding Trigger version 2: Prelude signature (the default)', () => {
	test('activation without a Webhook Public Key fails and says what to paste', async () => {
		const trigger = dingTrigger({ events: [] }, 2);
		await expect(trigger.lifecycle('create')).rejects.toThrow(
			'The Ding Trigger needs the Webhook Public Key to check that events come from Prelude',
		);
	});

	test('a signed event starts the workflow', async () => {
		const trigger = signatureTrigger();
		expect(await trigger.lifecycle('create')).toBe(true);
		const body = event();
		const { answer, result } = await signed(trigger, body);
		expect(answer.status).toBe(200);
		expect(result.workflowData?.[0]?.map((item) => item.json)).toStrictEqual([body]);
	});

	test.each([
		['no signature', {}],
		['a signature by another key', { 'x-webhook-signature': 'rsassa-pss-sha256=AAAA' }],
	])('%s: 401, nothing started', async (_what, headers) => {
		const { answer, result } = await signatureTrigger().post(event(), {
			'content-type': 'application/json',
			...headers,
		});
		expect(answer.status).toBe(401);
		expect(result).toStrictEqual({ noWebhookResponse: true });
	});

	test('a forged Ding v1 event (unsigned): 401, nothing started', async () => {
		const { answer, result } = await signatureTrigger().post(DING_V1_EVENT);
		expect(answer.status).toBe(401);
		expect(started(result)).toBe(0);
	});

	test.each([
		['15 days old', -15 * DAY, 403],
		['an hour in the future', 60 * MINUTE, 403],
		['13 days old (Prelude re-sends for two weeks)', -13 * DAY, 200],
		['four minutes ahead (clock skew)', 4 * MINUTE, 200],
	])('a signed event %s: HTTP %d', async (_what, offset, status) => {
		const { answer, result } = await signed(
			signatureTrigger(),
			event(new Date(Date.now() + offset).toISOString()),
		);
		expect(answer.status).toBe(status);
		expect(started(result)).toBe(status === 200 ? 1 : 0);
		if (status === 403)
			expect(String((answer.body as { error: string }).error)).toMatch(/signed, but/);
	});

	// A signature proves who wrote the bytes, not when: without an id the repeat memory cannot
	// know a replay, and without a created_at the age check cannot refuse an old one.
	test.each([
		['no id', { id: undefined }],
		['an empty id', { id: '' }],
		['a numeric id', { id: 42 }],
		['no created_at', { created_at: undefined }],
		['a numeric created_at', { created_at: Date.now() }],
		['a created_at that is no RFC 3339 time', { created_at: 'March 4, 2025' }],
		['a created_at without its time zone', { created_at: '2025-03-04T17:59:21' }],
	])(
		'a signed event with %s: 400, nothing started, however often it is posted',
		async (_what, change) => {
			const trigger = signatureTrigger();
			const body = { ...event(), ...change };
			for (let post = 0; post < 3; post++) {
				const { answer, result } = await signed(trigger, body);
				expect(answer.status).toBe(400);
				expect(String((answer.body as { error: string }).error)).toMatch(
					/^The event is signed, but/,
				);
				expect(started(result)).toBe(0);
			}
		},
	);

	test('a signed event with a nanosecond created_at, as Prelude writes it, starts the workflow', async () => {
		const createdAt = new Date(Date.now() - MINUTE).toISOString().replace('Z', '113921Z');
		const { answer, result } = await signed(signatureTrigger(), event(createdAt));
		expect(answer.status).toBe(200);
		expect(started(result)).toBe(1);
	});

	test('a replayed signed event starts nothing the second time (repeats are on by default)', async () => {
		const trigger = signatureTrigger();
		const body = event();
		expect(started((await signed(trigger, body)).result)).toBe(1);
		const again = await signed(trigger, body);
		expect(again.answer.status).toBe(200);
		expect(started(again.result)).toBe(0);
	});
});

describe('Ding Trigger version 2: Callback Secret (Ding v1)', () => {
	const secretTrigger = (secret = SECRET) =>
		dingTrigger({ events: [], authentication: 'urlSecret', callbackSecret: secret }, 2);

	test('activation refuses a short secret', async () => {
		await expect(secretTrigger('short').lifecycle('create')).rejects.toThrow(
			'The Callback Secret must have at least 16 characters',
		);
		expect(await secretTrigger().lifecycle('create')).toBe(true);
	});

	test.each([
		['no secret', {}, 401],
		['a wrong secret of the same length', { secret: `${SECRET.slice(0, -1)}-` }, 401],
		['the start of the secret', { secret: SECRET.slice(0, 8) }, 401],
		['the secret twice', { secret: [SECRET, SECRET] }, 200],
		['the secret', { secret: SECRET }, 200],
	])('a post with %s: HTTP %d', async (_what, query, status) => {
		const { answer, result } = await secretTrigger().post(
			DING_V1_EVENT,
			{ 'content-type': 'application/json' },
			JSON.stringify(DING_V1_EVENT),
			query,
		);
		expect(answer.status).toBe(status);
		expect(started(result)).toBe(status === 200 ? 1 : 0);
	});
});

describe('Ding Trigger version 2: None (insecure), chosen knowingly', () => {
	test('accepts an unsigned event, and the panel shows why that is insecure', async () => {
		const trigger = dingTrigger({ events: [], authentication: 'none' }, 2);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(started((await trigger.post(DING_V1_EVENT)).result)).toBe(1);
	});
});

describe('Ding Trigger: bodies no event has', () => {
	test.each([1, 2])('version %d: a body over 64 KiB: 413, nothing started', async (version) => {
		const trigger = dingTrigger({ events: [], authentication: 'none' }, version);
		const body = { type: 'verify.attempt', pad: 'x'.repeat(MAX_BODY_BYTES) };
		const { answer, result } = await trigger.post(body);
		expect(answer.status).toBe(413);
		expect(started(result)).toBe(0);
	});

	test.each([1, 2])(
		'version %d: a body nested 1,000 deep: 400, nothing started',
		async (version) => {
			const trigger = dingTrigger({ events: [], authentication: 'none' }, version);
			const raw = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;
			const { answer, result } = await trigger.post(JSON.parse(raw), undefined, raw);
			expect(answer.status).toBe(400);
			expect(String((answer.body as { error: string }).error)).toMatch(/nests deeper/);
			expect(started(result)).toBe(0);
		},
	);
});

describe('Ding Trigger: a body nested 200,000 deep', () => {
	test('is refused (413 with its raw bytes, 400 without) and never walked whole', async () => {
		const depth = 200_000;
		const raw = `${'['.repeat(depth)}${']'.repeat(depth)}`;
		const body = JSON.parse(raw) as unknown;
		const trigger = dingTrigger({ events: [], authentication: 'none' }, 2);

		const withRaw = await trigger.post(body, undefined, raw);
		expect(withRaw.answer.status).toBe(413);
		// Without the raw bytes to measure, the depth check comes first.
		const withoutRaw = await trigger.post(body, undefined, '');
		expect(withoutRaw.answer.status).toBe(400);
		expect(withoutRaw.result).toStrictEqual({ noWebhookResponse: true });
	});
});
