import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { getGlobalState, setGlobalState } from 'n8n-workflow';

import { FieldChecker } from '../../nodes/Ding/helpers/validation';
import { jsonOf, pairingOf, PHONE, usePrelude } from '../support/fixtures';
import { expectRefused, sorted, v2 } from './helpers';

const prelude = usePrelude();

const FR_PHONE = '+33612345678';
/** A number that replied STOP to a seeded subscription: Notify refuses to message it. */
const UNSUBSCRIBED = '+33612345602';
const TEMPLATE = 'template_01jd1xq0cffycayqtdkdbv4d61';

const send = (extra: IDataObject = {}) =>
	v2('notify', 'send', { templateId: TEMPLATE, to: PHONE, ...extra });
const sendBatch = (to: string, extra: IDataObject = {}) =>
	v2('notify', 'sendBatch', { templateId: TEMPLATE, to, ...extra });
const transactional = (extra: IDataObject = {}) =>
	v2('transactional', 'send', { templateId: TEMPLATE, to: PHONE, ...extra });
const reply = (replyTo: string, extra: IDataObject = {}) =>
	v2('notify', 'reply', { replyTo, to: PHONE, text: 'Thanks, it ships tomorrow.', ...extra });

/** Every Additional Field of a message but Schedule At, set once, and its wire form. */
const EVERY_MESSAGE_FIELD = {
	callbackUrl: 'https://example.com/webhooks/prelude',
	correlationId: 'order-8841',
	documentFilename: 'invoice-8841.pdf',
	documentUrl: 'https://example.com/invoice-8841.pdf',
	expiresAt: '2026-12-01T09:00:00Z',
	from: 'Acme',
	locale: 'fr-fr',
	maxAutoRetries: 2,
	preferredChannel: 'whatsapp',
	variables: {
		variable: [
			{ name: 'order_id', value: '8841' },
			{ name: 'total', value: '={{ 49.9 }}' },
		],
	},
};
const EVERY_MESSAGE_FIELD_ON_THE_WIRE = {
	callback_url: 'https://example.com/webhooks/prelude',
	correlation_id: 'order-8841',
	document: { url: 'https://example.com/invoice-8841.pdf', filename: 'invoice-8841.pdf' },
	expires_at: '2026-12-01T09:00:00.000Z',
	from: 'Acme',
	locale: 'fr-FR',
	max_auto_retries: 2,
	preferred_channel: 'whatsapp',
	variables: { order_id: '8841', total: '49.9' },
};

describe('Message → Send (POST /v2/notify)', () => {
	test('sends only the template and the number; the answer comes out unchanged, paired', async () => {
		const result = await prelude.run(send({ to: '+1 (415) 555-0123' }));

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['POST', '/v2/notify']);
		expect(request.body).toStrictEqual({ template_id: TEMPLATE, to: PHONE });
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toStrictEqual(request.answer);
		expect(result.output[0].json).toMatchObject({ to: PHONE, template_id: TEMPLATE });
		expect(result.output[0].json.id).toMatch(/^tx_/);
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('every Additional Field goes under its wire name', async () => {
		await prelude.run(
			send({ messageFields: { ...EVERY_MESSAGE_FIELD, scheduleAt: '2026-11-30T18:00:00+01:00' } }),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			template_id: TEMPLATE,
			to: PHONE,
			...EVERY_MESSAGE_FIELD_ON_THE_WIRE,
			schedule_at: '2026-11-30T17:00:00.000Z',
		});
	});

	test('fields added but left empty are not sent', async () => {
		await prelude.run(
			send({
				messageFields: { from: ' ', locale: '', correlationId: '', variables: { variable: [] } },
			}),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({ template_id: TEMPLATE, to: PHONE });
	});

	test('one message per input item, each paired to its item', async () => {
		const result = await prelude.run(send({ to: '={{ $json.to }}' }), [
			{ to: PHONE },
			{ to: FR_PHONE },
		]);

		expect(sorted(prelude.standIn.requests.map((r) => r.body.to))).toStrictEqual(
			sorted([PHONE, FR_PHONE]),
		);
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(jsonOf(result.output).map((o) => o.to)).toStrictEqual([PHONE, FR_PHONE]);
	});

	test.each([
		['a bad To', { to: '0612345678' }, 'To "0612345678" is not a phone number in E.164 format'],
		['an empty Template ID', { templateId: '={{ "" }}' }, 'Template ID is empty'],
		[
			'a Document Filename without a Document URL',
			{ messageFields: { documentFilename: 'invoice.pdf' } },
			'Document Filename needs a Document URL',
		],
		[
			'a Document URL that is not one',
			{ messageFields: { documentUrl: 'invoice.pdf' } },
			'Document URL "invoice.pdf" is not an http(s) URL',
		],
		[
			'a Preferred Channel from an expression that is not one',
			{ messageFields: { preferredChannel: '={{ "telegram" }}' } },
			'Preferred Channel "telegram" is not one of sms, rcs, whatsapp',
		],
		[
			'a Max Auto Retries of 11',
			{ messageFields: { maxAutoRetries: 11 } },
			'Max Auto Retries must be a whole number from 0 to 10, but got the number 11',
		],
		[
			'a Locale that is not one',
			{ messageFields: { locale: 'French' } },
			'Locale "French" is not a BCP-47 language tag',
		],
		[
			'an Expires At that is not a date',
			{ messageFields: { expiresAt: 'tomorrow' } },
			'Expires At "tomorrow" is not a date and time',
		],
		[
			'a Schedule At on a day that does not exist',
			{ messageFields: { scheduleAt: '2026-02-30T09:00:00' } },
			'Schedule At "2026-02-30T09:00:00" is not a date and time',
		],
		[
			'a template variable without a name',
			{ messageFields: { variables: { variable: [{ name: '', value: 'x' }] } } },
			'Template Variables → Name is empty',
		],
	])('%s is refused before anything is sent', async (_name, extra, message) => {
		expectRefused(prelude, await prelude.run(send(extra as IDataObject)), message);
	});

	test('Continue On Fail, in both modes: a refused item and an unsubscribed number, each in place', async () => {
		const items = [{ to: PHONE }, { to: 'nope' }, { to: UNSUBSCRIBED }, { to: FR_PHONE }];
		const params = send({ to: '={{ $json.to }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual(items.map((_, item) => ({ item })));
		const outputs = jsonOf(regular.output);
		expect(outputs[1]).toMatchObject({
			error: 'To "nope" is not a phone number in E.164 format [item 1]',
			details: { itemIndex: 1 },
		});
		expect(outputs[2]).toMatchObject({
			error:
				'Prelude refused the request: The recipient has opted out of these messages. (unsubscribed, field to)',
			details: { itemIndex: 2, httpCode: '422', code: 'unsubscribed' },
		});
		expect([outputs[0].to, outputs[3].to]).toStrictEqual([PHONE, FR_PHONE]);
		expect(prelude.standIn.requests).toHaveLength(3);

		prelude.standIn.reset();
		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }, { item: 3 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }, { item: 2 }]);
	});
});

describe('Message → Send Batch (POST /v2/notify/batch)', () => {
	test('To as text separated by commas: one request, the list in order; one output item per input item', async () => {
		const result = await prelude.run(
			sendBatch(`${PHONE}, +33 6 12 34 56 78 ,${UNSUBSCRIBED}`, {
				messageFields: { correlationId: 'campaign-12' },
			}),
		);

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['POST', '/v2/notify/batch']);
		expect(request.body).toStrictEqual({
			template_id: TEMPLATE,
			to: [PHONE, FR_PHONE, UNSUBSCRIBED],
			correlation_id: 'campaign-12',
		});
		// The batch's answer as one item: a result per recipient, a refused one failing alone.
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toStrictEqual(request.answer);
		expect(result.output[0].json).toMatchObject({
			total_count: 3,
			success_count: 2,
			error_count: 1,
		});
		const results = result.output[0].json.results as IDataObject[];
		expect(results.map((r) => [r.phone_number, r.success])).toStrictEqual([
			[PHONE, true],
			[FR_PHONE, true],
			[UNSUBSCRIBED, false],
		]);
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('To as a list from an expression; every Additional Field goes under its wire name', async () => {
		const result = await prelude.run(
			sendBatch('={{ $json.numbers }}', {
				messageFields: { ...EVERY_MESSAGE_FIELD, scheduleAt: '2026-11-30T17:00:00Z' },
			}),
			[{ numbers: [PHONE] }, { numbers: [FR_PHONE, PHONE] }],
		);

		expect(sorted(prelude.standIn.requests.map((r) => r.body))).toStrictEqual(
			sorted([
				{
					template_id: TEMPLATE,
					to: [PHONE],
					...EVERY_MESSAGE_FIELD_ON_THE_WIRE,
					schedule_at: '2026-11-30T17:00:00.000Z',
				},
				{
					template_id: TEMPLATE,
					to: [FR_PHONE, PHONE],
					...EVERY_MESSAGE_FIELD_ON_THE_WIRE,
					schedule_at: '2026-11-30T17:00:00.000Z',
				},
			]),
		);
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(jsonOf(result.output).map((o) => o.total_count)).toStrictEqual([1, 2]);
	});

	test.each([
		['an empty To from an expression', '={{ "" }}', 'To has no phone numbers'],
		['a To of commas only', ' , ,', 'To has no phone numbers'],
		['an empty list from an expression', '={{ [] }}', 'To has no phone numbers'],
		[
			'a bad number in the list, by its position',
			`${PHONE}, 12345`,
			'To (number 2) " 12345" is not a phone number in E.164 format',
		],
		[
			'a number (not text) in a list from an expression',
			'={{ [14155550123] }}',
			'To (number 1) must be text, but got the number 14155550123',
		],
	])('%s is refused before anything is sent', async (_name, to, message) => {
		expectRefused(prelude, await prelude.run(sendBatch(to)), message);
	});

	test('Continue On Fail: a refused item in place, the other batches sent', async () => {
		const result = await prelude.run(
			sendBatch('={{ $json.to }}'),
			[{ to: PHONE }, { to: '' }, { to: FR_PHONE }],
			{ onError: 'continueRegularOutput' },
		);

		expect(sorted(prelude.standIn.requests.map((r) => r.body.to))).toStrictEqual(
			sorted([[PHONE], [FR_PHONE]]),
		);
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.output[1].json.error).toBe('To has no phone numbers [item 1]');
	});
});

describe('Message → Reply (POST /v2/notify/reply)', () => {
	test('answers a message received from the number; the answer comes out unchanged, paired', async () => {
		const received = prelude.standIn.prelude!.inbound(PHONE, 'When does my order ship?');

		const result = await prelude.run(reply(received));

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['POST', '/v2/notify/reply']);
		expect(request.body).toStrictEqual({
			reply_to: received,
			text: 'Thanks, it ships tomorrow.',
			to: PHONE,
		});
		expect(result.output[0].json).toStrictEqual(request.answer);
		expect(result.output[0].json).toMatchObject({ reply_to: received, to: PHONE });
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('every Additional Field goes under its wire name', async () => {
		const received = prelude.standIn.prelude!.inbound(PHONE, 'Hello?');

		await prelude.run(
			reply(received, {
				replyFields: {
					callbackUrl: 'https://example.com/webhooks/prelude',
					correlationId: 'ticket-8841',
				},
			}),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			reply_to: received,
			text: 'Thanks, it ships tomorrow.',
			to: PHONE,
			callback_url: 'https://example.com/webhooks/prelude',
			correlation_id: 'ticket-8841',
		});
	});

	test('a closed 24-hour window or another number is Prelude’s refusal, with its code', async () => {
		const old = prelude.standIn.prelude!.inbound(PHONE, 'Hi', new Date(Date.now() - 25 * 3600e3));
		const other = prelude.standIn.prelude!.inbound(FR_PHONE, 'Hi');

		const result = await prelude.run(reply('={{ $json.id }}'), [{ id: old }, { id: other }], {
			onError: 'continueRegularOutput',
		});

		expect(jsonOf(result.output).map((o) => (o.details as IDataObject).code)).toStrictEqual([
			'window_expired',
			'invalid_request',
		]);
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
	});

	test.each([
		['an empty Reply To', { replyTo: '={{ "" }}' }, 'Reply To (Message ID) is empty'],
		['an empty Text', { text: '={{ " " }}' }, 'Text is empty'],
		['a bad To', { to: '+0' }, 'To "+0" is not a phone number in E.164 format'],
		[
			'a Callback URL that is not one',
			{ replyFields: { callbackUrl: 'example.com/hook' } },
			'Callback URL "example.com/hook" is not an http(s) URL',
		],
	])('%s is refused before anything is sent', async (_name, extra, message) => {
		expectRefused(prelude, await prelude.run({ ...reply('im_x'), ...extra }), message);
	});
});

describe('Transactional (Deprecated) → Send (POST /v2/transactional)', () => {
	test('sends only the template and the number; the answer comes out unchanged, paired', async () => {
		const result = await prelude.run(transactional());

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['POST', '/v2/transactional']);
		expect(request.body).toStrictEqual({ template_id: TEMPLATE, to: PHONE });
		expect(result.output[0].json).toStrictEqual(request.answer);
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('every Additional Field goes under its wire name; there is no Schedule At', async () => {
		await prelude.run(
			transactional({
				messageFields: { ...EVERY_MESSAGE_FIELD, scheduleAt: '2026-11-30T17:00:00Z' },
			}),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			template_id: TEMPLATE,
			to: PHONE,
			...EVERY_MESSAGE_FIELD_ON_THE_WIRE,
		});
	});

	test.each([
		[
			'a Document Filename without a Document URL',
			{ messageFields: { documentFilename: 'invoice.pdf' } },
			'Document Filename needs a Document URL',
		],
		['a bad To', { to: 'me' }, 'To "me" is not a phone number in E.164 format'],
	])('%s is refused before anything is sent', async (_name, extra, message) => {
		expectRefused(prelude, await prelude.run(transactional(extra as IDataObject)), message);
	});

	test('Continue On Fail, in both modes', async () => {
		const items = [{ to: 'nope' }, { to: PHONE }];
		const params = transactional({ to: '={{ $json.to }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(regular.output[0].json.error).toBe(
			'To "nope" is not a phone number in E.164 format [item 0]',
		);
		expect(regular.output[1].json.to).toBe(PHONE);

		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 1 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 0 }]);
	});
});

describe('Messages are never sent twice by a retry', () => {
	const MAY_HAVE_BEEN_SENT = 'the message may or may not have been sent';
	const operations: Record<string, () => INodeParameters> = {
		'Message → Send': () => send(),
		'Message → Send Batch': () => sendBatch(PHONE),
		// A reply needs a message received: made again after each reset of the stand-in.
		'Message → Reply': () => reply(prelude.standIn.prelude!.inbound(PHONE, 'Hi')),
		'Transactional → Send': () => transactional(),
	};

	test.each(Object.keys(operations))(
		'%s: a 500 and a lost connection are not repeated, and the error says so',
		async (name) => {
			const params = operations[name];

			prelude.standIn.answerNext({ status: 500, body: {} });
			const failed = await prelude.run(params());
			expect(prelude.standIn.requests).toHaveLength(1);
			expect(failed.error?.name).toBe('NodeApiError');
			expect(failed.error?.message).toBe(
				`Prelude failed to process the request (HTTP 500): ${MAY_HAVE_BEEN_SENT}`,
			);
			expect(failed.error?.description).toContain('Notify → Logs');

			prelude.standIn.reset();
			prelude.standIn.answerNext({ status: 0, fault: 'reset' });
			const lost = await prelude.run(params());
			expect(prelude.standIn.requests).toHaveLength(1);
			expect(lost.error?.message).toBe(
				`Could not reach Prelude: the connection was reset (ECONNRESET): ${MAY_HAVE_BEEN_SENT}`,
			);
			expect(prelude.standIn.prelude!.messages).toHaveLength(0);
		},
	);

	test('a 429 is repeated: it provably was not sent', async () => {
		prelude.standIn.answerNext({ status: 429, body: {}, headers: { 'retry-after': '0' } });

		const result = await prelude.run(send());

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(result.output[0].json.to).toBe(PHONE);
		expect(prelude.standIn.prelude!.messages).toHaveLength(1);
	});
});

/**
 * The harness's workflow has no time zone of its own, so n8n's Workflow takes the instance's
 * (GENERIC_TIMEZONE), which n8n's server puts into n8n-workflow's global state at start: the tests
 * set the instance's zone there, as the server would.
 */
describe('Expires At and Schedule At: a date and time without a zone is in the workflow’s time zone', () => {
	const sentExpiry = async (expiresAt: unknown) => {
		prelude.standIn.reset();
		const result = await prelude.run(send({ messageFields: { expiresAt } }));
		expect(result.error).toBeUndefined();
		return prelude.standIn.requests[0].body.expires_at as string;
	};

	test("n8n's default time zone (America/New_York) when the instance sets none", async () => {
		expect(getGlobalState().defaultTimezone).toBe('America/New_York');
		expect(await sentExpiry('2026-12-01T09:00:00')).toBe('2026-12-01T14:00:00.000Z');
		expect(await sentExpiry('2026-07-01T09:00:00')).toBe('2026-07-01T13:00:00.000Z');
	});

	describe('with the instance time zone Europe/Paris (GENERIC_TIMEZONE)', () => {
		const before = getGlobalState();
		beforeAll(() => setGlobalState({ ...before, defaultTimezone: 'Europe/Paris' }));
		afterAll(() => setGlobalState(before));

		test.each([
			['winter (CET, +01:00)', '2026-12-01T09:00:00', '2026-12-01T08:00:00.000Z'],
			['summer (CEST, +02:00)', '2026-07-01T09:00', '2026-07-01T07:00:00.000Z'],
			['the date picker’s form, with a space', '2026-07-01 09:00:00', '2026-07-01T07:00:00.000Z'],
			['a date alone: midnight', '2026-12-01', '2026-11-30T23:00:00.000Z'],
			[
				'the night the clocks go forward, before',
				'2026-03-29T01:30:00',
				'2026-03-29T00:30:00.000Z',
			],
			['the night the clocks go forward, after', '2026-03-29T03:30:00', '2026-03-29T01:30:00.000Z'],
			['the night the clocks go back, after', '2026-10-25T03:30:00', '2026-10-25T02:30:00.000Z'],
			['Z as given', '2026-12-01T09:00:00Z', '2026-12-01T09:00:00.000Z'],
			['an offset as given', '2026-12-01T09:00:00-05:00', '2026-12-01T14:00:00.000Z'],
			['milliseconds kept', '2026-12-01T09:00:00.250', '2026-12-01T08:00:00.250Z'],
		])('%s', async (_name, given, sent) => {
			expect(await sentExpiry(given)).toBe(sent);
		});

		test('a Luxon date from an expression keeps its own zone; a JavaScript Date its instant', async () => {
			expect(
				await sentExpiry('={{ DateTime.fromISO("2026-12-01T09:00:00", { zone: "Asia/Tokyo" }) }}'),
			).toBe('2026-12-01T00:00:00.000Z');
			expect(await sentExpiry('={{ new Date("2026-12-01T09:00:00Z") }}')).toBe(
				'2026-12-01T09:00:00.000Z',
			);
			// An hour after the moment the expression was resolved, which lies within the run (the
			// API's format keeps whole seconds).
			const before = Date.now();
			const inAnHour = Date.parse(await sentExpiry("={{ $now.plus(1, 'hour') }}"));
			const after = Date.now();
			expect(inAnHour).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3_600_000);
			expect(inAnHour).toBeLessThanOrEqual(after + 3_600_000);
		});

		test('an invalid date from an expression is refused, naming the field, the value and the item', async () => {
			for (const [expiresAt, shown] of [
				['={{ new Date("garbage") }}', 'Invalid Date'],
				['={{ DateTime.fromISO("garbage") }}', 'Invalid DateTime'],
			]) {
				prelude.standIn.reset();
				const result = await prelude.run(send({ messageFields: { expiresAt } }));
				expectRefused(prelude, result, `Expires At "${shown}" is not a date and time`);
			}
		});

		test('Schedule At and Send Batch read the same way', async () => {
			await prelude.run(sendBatch(PHONE, { messageFields: { scheduleAt: '2026-12-24T18:00:00' } }));
			expect(prelude.standIn.requests[0].body.schedule_at).toBe('2026-12-24T17:00:00.000Z');
		});
	});
});

describe('FieldChecker.dateTime, the reader of every date-time field', () => {
	const node = { name: 'Ding' } as INode;
	const paris = new FieldChecker(node, 3, 'Europe/Paris');

	test.each([
		['2026-01-15T12:00:00', '2026-01-15T11:00:00.000Z'],
		['2026-08-15T12:00:00', '2026-08-15T10:00:00.000Z'],
		['2026-03-29T01:59:59', '2026-03-29T00:59:59.000Z'],
		['2026-03-29T03:00:00', '2026-03-29T01:00:00.000Z'],
		['2026-10-25T01:59:00', '2026-10-24T23:59:00.000Z'],
		['2026-10-25T03:00:00', '2026-10-25T02:00:00.000Z'],
		['2026-12-31 23:30', '2026-12-31T22:30:00.000Z'],
		['2026-12-01T09:00:00z', '2026-12-01T09:00:00.000Z'],
		['2026-12-01T09:00:00+0530', '2026-12-01T03:30:00.000Z'],
	])('%s in Europe/Paris is %s', (given, sent) => {
		expect(paris.dateTime('Expires At', given)).toBe(sent);
	});

	test('a number (milliseconds) is refused as not text', () => {
		expect(() => paris.dateTime('Expires At', 1764579600000)).toThrow(
			'Expires At must be text, but got the number 1764579600000 [item 3]',
		);
	});

	test('a time the clocks skip is moved forward by the gap, east and west of Greenwich, as Luxon does', () => {
		const newYork = new FieldChecker(node, 0, 'America/New_York');
		// 02:30 does not exist on these nights: it is read as 03:30 summer time.
		expect(paris.dateTime('Expires At', '2026-03-29T02:30:00')).toBe('2026-03-29T01:30:00.000Z');
		expect(newYork.dateTime('Expires At', '2026-03-08T02:30:00')).toBe('2026-03-08T07:30:00.000Z');
		expect(newYork.dateTime('Expires At', '2026-03-08T03:30:00')).toBe('2026-03-08T07:30:00.000Z');
		// A time the clocks go through twice is one of its two readings.
		expect(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']).toContain(
			newYork.dateTime('Expires At', '2026-11-01T01:30:00'),
		);
		expect(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']).toContain(
			paris.dateTime('Expires At', '2026-10-25T02:30:00'),
		);
	});

	test('a Luxon-like object is read through its toISO(), a Date as its instant', () => {
		const luxonLike = { toISO: () => '2026-12-01T09:00:00.000+09:00' };
		expect(paris.dateTime('Expires At', luxonLike)).toBe('2026-12-01T00:00:00.000Z');
		expect(paris.dateTime('Expires At', new Date('2026-12-01T09:00:00Z'))).toBe(
			'2026-12-01T09:00:00.000Z',
		);
	});

	test.each([
		['text that is no date', 'next week', '"next week"'],
		['a day that does not exist', '2026-02-29T10:00:00', '"2026-02-29T10:00:00"'],
		['an hour that does not exist', '2026-12-01T25:00:00', '"2026-12-01T25:00:00"'],
		['hour 24', '2026-12-01T24:00:00', '"2026-12-01T24:00:00"'],
		['a minute that does not exist', '2026-12-01T09:75', '"2026-12-01T09:75"'],
		['a second that does not exist', '2026-12-01 09:00:60', '"2026-12-01 09:00:60"'],
		['a month that does not exist', '2026-13-01', '"2026-13-01"'],
		['a day that does not exist, with Z', '2026-02-30T09:00:00Z', '"2026-02-30T09:00:00Z"'],
		['hour 24, with an offset', '2026-12-01T24:00:00+01:00', '"2026-12-01T24:00:00+01:00"'],
		['an object without toISO', { at: 'noon' }, 'an object {"at":"noon"}'],
		['an invalid Date', new Date('nope'), '"Invalid Date"'],
		['a Luxon-like object that is invalid', { toISO: () => null }, '"null"'],
	])('%s is refused, naming the field, the value and the item', (_name, value, shown) => {
		expect(() => paris.dateTime('Expires At', value)).toThrow(
			`Expires At ${shown} is not a date and time [item 3]`,
		);
	});

	test('an unknown time zone refuses a date and time without a zone, and takes one with it', () => {
		const nowhere = new FieldChecker(node, 0, 'Mars/Olympus_Mons');
		expect(() => nowhere.dateTime('Expires At', '2026-12-01T09:00:00')).toThrow(
			'Expires At "2026-12-01T09:00:00" is not a date and time [item 0]',
		);
		expect(nowhere.dateTime('Expires At', '2026-12-01T09:00:00Z')).toBe('2026-12-01T09:00:00.000Z');
	});
});
