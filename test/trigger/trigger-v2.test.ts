import { generateKeyPairSync } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import { readPublicKey, signatureVerifies } from '../../nodes/DingTrigger/signatures';
import { captureServer } from '../support/capture';
import { PHONE, usePrelude, WEBHOOK_KEYS } from '../support/fixtures';
import { dingTrigger } from '../support/harness';
import { sign } from '../../sandbox/prelude';

const prelude = usePrelude();

/** Prelude's verify.authentication event, as its webhook docs show it. */
const AUTHENTICATION_EVENT = {
	id: 'evt_01jnh4zwabfx0s8y5k8m3e9rtn',
	type: 'verify.authentication',
	payload: {
		verification_id: 'vrf_01jc0t6fwwfgfsq1md24mhyztj',
		target: { type: 'phone_number', value: PHONE },
		price: { amount: 0.009, currency: 'EUR' },
		time: '2026-11-25T10:00:00Z',
		metadata: { correlation_id: 'signup-8841' },
	},
	// A minute ago: signed events older than 14 days are refused.
	created_at: new Date(Date.now() - 60_000).toISOString(),
};

const signedPost = (
	trigger: ReturnType<typeof dingTrigger>,
	event: object,
	raw = JSON.stringify(event),
) =>
	trigger.post(
		event,
		{
			'content-type': 'application/json',
			'x-webhook-signature': sign(raw, WEBHOOK_KEYS.privateKey),
		},
		raw,
	);

const withKey = (extra: object = {}) =>
	dingTrigger({ events: [], options: { webhookPublicKey: WEBHOOK_KEYS.publicKeyPem, ...extra } });

describe('Ding Trigger with Prelude v2 events', () => {
	test('without a public key, a v2 event starts the workflow with its envelope unchanged', async () => {
		const { answer, result } = await dingTrigger({ events: [] }).post(AUTHENTICATION_EVENT);

		expect(result.workflowData?.[0].map((i) => i.json)).toStrictEqual([AUTHENTICATION_EVENT]);
		expect(answer.status).toBe(200);
	});

	test('with the public key, a signed event starts the workflow', async () => {
		const { result } = await signedPost(withKey(), AUTHENTICATION_EVENT);

		expect(result.workflowData?.[0].map((i) => i.json)).toStrictEqual([AUTHENTICATION_EVENT]);
	});

	test('the signature covers the exact bytes: other spacing of the same JSON, signed, verifies', async () => {
		const raw = JSON.stringify(AUTHENTICATION_EVENT, null, 2);

		const { result } = await signedPost(withKey(), AUTHENTICATION_EVENT, raw);

		expect(result.workflowData).toBeDefined();
	});

	test.each([
		['no signature', {}, 'No X-Webhook-Signature: this trigger accepts only signed events'],
		[
			'a signature of other bytes',
			{ 'x-webhook-signature': sign('{"id":"evt_other"}', WEBHOOK_KEYS.privateKey) },
			'The X-Webhook-Signature does not verify with the webhook public key',
		],
		[
			'a signature by another key',
			{
				'x-webhook-signature': sign(
					JSON.stringify(AUTHENTICATION_EVENT),
					generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
				),
			},
			'The X-Webhook-Signature does not verify with the webhook public key',
		],
		[
			'a signature without its scheme',
			{ 'x-webhook-signature': 'c2lnbmF0dXJl' },
			'The X-Webhook-Signature does not verify with the webhook public key',
		],
	])('%s: 401, and nothing starts', async (_name, headers, error) => {
		const { answer, result } = await withKey().post(AUTHENTICATION_EVENT, {
			'content-type': 'application/json',
			...headers,
		});

		expect(answer).toStrictEqual({ status: 401, body: { error }, headers: {} });
		expect(result).toStrictEqual({ noWebhookResponse: true });
	});

	test('a tampered body with the original signature: 401', async () => {
		const signature = sign(JSON.stringify(AUTHENTICATION_EVENT), WEBHOOK_KEYS.privateKey);
		const tampered = {
			...AUTHENTICATION_EVENT,
			payload: { ...AUTHENTICATION_EVENT.payload, price: { amount: 0, currency: 'EUR' } },
		};

		const { answer, result } = await withKey().post(tampered, {
			'content-type': 'application/json',
			'x-webhook-signature': signature,
		});

		expect(answer.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
	});

	test('the v2 event filter and repeat suppression work on v2 types and evt_ IDs', async () => {
		const trigger = dingTrigger({
			events: ['verify.delivery_status'],
			options: { ignoreRepeats: true, webhookPublicKey: WEBHOOK_KEYS.publicKeyPem },
		});
		const delivery = {
			...AUTHENTICATION_EVENT,
			id: 'evt_delivery1',
			type: 'verify.delivery_status',
		};

		const filtered = await signedPost(trigger, AUTHENTICATION_EVENT);
		const first = await signedPost(trigger, delivery);
		const repeat = await signedPost(trigger, delivery);

		expect(filtered.answer.body).toMatchObject({
			started: false,
			reason: 'event type not selected',
		});
		expect(first.result.workflowData).toBeDefined();
		expect(repeat.answer.body).toMatchObject({ started: false, reason: 'repeated event' });
	});

	test('public keys are read as PEM, as a bare base64 key, or as a JWK; nonsense is not', () => {
		const pem = WEBHOOK_KEYS.publicKeyPem;
		const bare = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
		const jwk = JSON.stringify(readPublicKey(pem)!.export({ format: 'jwk' }));
		const raw = Buffer.from('{"a":1}');
		const header = sign('{"a":1}', WEBHOOK_KEYS.privateKey);
		for (const text of [pem, `  ${pem}\n`, bare, jwk]) {
			expect(signatureVerifies(readPublicKey(text)!, raw, header)).toBe(true);
		}
		expect(readPublicKey('not a key')).toBeUndefined();
	});

	test('a key that cannot be read stops the activation with a message saying what to paste', async () => {
		const trigger = withKey({ webhookPublicKey: 'not a key' });

		await expect(trigger.lifecycle('create')).rejects.toThrow(
			'The Webhook Public Key cannot be read as a public key',
		);
		expect(await withKey().lifecycle('create')).toBe(true);
	});

	/**
	 * What the stand-in posts to a capture server for a run of the node, each posted event then
	 * handed to a trigger holding the stand-in's public key, byte for byte: the event types that
	 * started it and the events as posted.
	 */
	async function eventsOfRun(parameters: (url: string) => IDataObject) {
		const capture = await captureServer();
		try {
			await prelude.run({ api: 'preludeV2', ...parameters(capture.url) });
			await prelude.standIn.settled();
			const trigger = withKey();
			const answers = [];
			const started = [];
			for (const posted of capture.received) {
				const { answer, result } = await trigger.post(
					JSON.parse(posted.raw),
					posted.headers,
					posted.raw,
				);
				answers.push(answer.status);
				started.push(result.workflowData?.[0][0].json.type);
			}
			return { answers, started, posted: capture.received.map((p) => JSON.parse(p.raw)) };
		} finally {
			await capture.close();
		}
	}

	test('the events the v2 stand-in posts for a Send are signed so that the trigger verifies them', async () => {
		const { answers, started, posted } = await eventsOfRun((url) => ({
			resource: 'otp',
			operation: 'send',
			phoneNumber: PHONE,
			verificationOptions: { callbackUrl: url, correlationId: 'signup-8841' },
		}));

		expect(answers).toStrictEqual([200, 200, 200]);
		expect(started).toStrictEqual([
			'verify.authentication',
			'verify.attempt',
			'verify.delivery_status',
		]);
		expect(posted[0].payload.metadata).toStrictEqual({ correlation_id: 'signup-8841' });
	});

	test('the stand-in posts a Notify message’s events, signed, and each starts the trigger', async () => {
		const { answers, started, posted } = await eventsOfRun((url) => ({
			resource: 'notify',
			operation: 'send',
			templateId: 'template_01jd1xq0cffycayqtdkdbv4d61',
			to: PHONE,
			messageFields: { callbackUrl: url, correlationId: 'order-1187' },
		}));

		expect(answers).toStrictEqual([200, 200, 200]);
		expect(started).toStrictEqual([
			'transactional.message.created',
			'transactional.message.submitted',
			'transactional.message.delivered',
		]);
		const messageId = prelude.standIn.prelude!.messages[0].message.id;
		expect(posted[0].payload).toMatchObject({
			id: messageId,
			to: PHONE,
			correlation_id: 'order-1187',
		});
		expect(posted[2].payload).toMatchObject({ message_id: messageId, channel: 'sms' });
		for (const event of posted) {
			expect(event).toStrictEqual({
				id: expect.stringMatching(/^evt_/),
				type: expect.any(String),
				payload: expect.any(Object),
				created_at: expect.any(String),
			});
		}
	});
});
