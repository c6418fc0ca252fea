import type { IDataObject } from 'n8n-workflow';

import { jsonOf, pairingOf, PHONE, usePrelude } from '../support/fixtures';
import { SUSPICIOUS_PHONE } from '../../sandbox/prelude';
import { expectRefused, ONE_AT_A_TIME, phoneItems, requestWhere, v2 } from './helpers';

const prelude = usePrelude();

const TARGET = { type: 'phone_number', value: PHONE };

/** Every Signal, set once, and where each goes on the wire. */
const EVERY_SIGNAL = {
	appVersion: '2.4.1',
	deviceId: '9774d56d682e549c',
	deviceModel: 'iPhone17,2',
	devicePlatform: 'ios',
	existingUser: true,
	ip: '203.0.113.7',
	isTrustedUser: false,
	ja4Fingerprint: 't13d1516h2_8daaf6152771_e5627efa2ab1',
	osVersion: '17.4',
	userAgent: 'Mozilla/5.0 (iPhone)',
};
const EVERY_SIGNAL_ON_THE_WIRE = {
	app_version: '2.4.1',
	device_id: '9774d56d682e549c',
	device_model: 'iPhone17,2',
	device_platform: 'ios',
	existing_user: true,
	ip: '203.0.113.7',
	is_trusted_user: false,
	ja4_fingerprint: 't13d1516h2_8daaf6152771_e5627efa2ab1',
	os_version: '17.4',
	user_agent: 'Mozilla/5.0 (iPhone)',
};

const predict = (extra: IDataObject = {}) =>
	v2('watch', 'predict', { phoneNumber: PHONE, ...extra });
const evaluate = (extra: IDataObject = {}) =>
	v2('watch', 'evaluate', { flowId: 'flo_signup', phoneNumber: PHONE, ...extra });
const feedback = (extra: IDataObject = {}) =>
	v2('watch', 'sendFeedback', {
		phoneNumber: '={{ $json.phone }}',
		feedbackType: 'verification.started',
		...extra,
	});
const events = (extra: IDataObject = {}) =>
	v2('watch', 'sendEvents', {
		phoneNumber: '={{ $json.phone }}',
		label: 'payment.chargeback',
		confidence: 'minimum',
		...extra,
	});

/**
 * The gathered requests in input order (requests in flight together arrive in any order): the
 * target values of each request's entries, and its answer.
 */
function gathered(key: 'feedbacks' | 'events') {
	const requests = prelude.standIn.requests.map((r) => ({
		targets: (r.body[key] as Array<{ target: { value: string } }>).map((e) => e.target.value),
		answer: r.answer as IDataObject,
	}));
	return requests.sort((a, b) => a.targets[0].localeCompare(b.targets[0]));
}

describe('Fraud Watch → Predict (POST /v2/watch/predict)', () => {
	test('sends only the target; the answer comes out unchanged, paired', async () => {
		const result = await prelude.run(predict());

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['POST', '/v2/watch/predict']);
		expect(request.body).toStrictEqual({ target: TARGET });
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toStrictEqual(request.answer);
		expect(result.output[0].json).toMatchObject({ prediction: 'legitimate' });
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('every Additional Field and Signal goes under its wire name', async () => {
		await prelude.run(
			predict({
				predictFields: { correlationId: 'signup-8841', dispatchId: 'dsp_01' },
				signals: EVERY_SIGNAL,
			}),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			target: TARGET,
			dispatch_id: 'dsp_01',
			metadata: { correlation_id: 'signup-8841' },
			signals: EVERY_SIGNAL_ON_THE_WIRE,
		});
	});

	test('an email target goes as email_address; fields added but left empty are not sent', async () => {
		await prelude.run(
			predict({
				targetType: 'email_address',
				emailAddress: 'jane@example.com',
				predictFields: { correlationId: ' ', dispatchId: '' },
				signals: { deviceId: '' },
			}),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			target: { type: 'email_address', value: 'jane@example.com' },
		});
	});

	test('one item per input item: a suspicious number says so, with its risk factors', async () => {
		const result = await prelude.run(predict({ phoneNumber: '={{ $json.phone }}' }), [
			{ phone: PHONE },
			{ phone: SUSPICIOUS_PHONE },
		]);

		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(jsonOf(result.output).map((o) => o.prediction)).toStrictEqual([
			'legitimate',
			'suspicious',
		]);
		expect(result.output[1].json.risk_factors).toStrictEqual([
			'poor_conversion_history',
			'temporary_phone_number',
		]);
		expect(result.output[1].json).toStrictEqual(
			requestWhere(prelude, (r) => r.body.target.value === SUSPICIOUS_PHONE).answer,
		);
	});

	test.each([
		[
			'a bad phone number',
			{ phoneNumber: '555-0123' },
			'Phone Number "555-0123" is not a phone number in E.164 format',
		],
		[
			'a device platform from an expression that is not one',
			{ signals: { devicePlatform: '={{ "windows" }}' } },
			'Device Platform "windows" is not one of android, ios, ipados, tvos, web',
		],
		[
			'a long Correlation ID',
			{ predictFields: { correlationId: 'x'.repeat(65) } },
			'Correlation ID has 65 characters, more than the 64 allowed',
		],
		['an IP that is not one', { signals: { ip: '10.0.0' } }, 'IP "10.0.0" is not an IP address'],
	])('%s is refused before anything is sent', async (_name, extra, message) => {
		expectRefused(prelude, await prelude.run(predict(extra as IDataObject)), message);
	});

	test('Continue On Fail keeps the other items, in both modes, each paired', async () => {
		const items = [{ phone: PHONE }, { phone: 'nope' }, { phone: SUSPICIOUS_PHONE }];
		const params = predict({ phoneNumber: '={{ $json.phone }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(regular.output[1].json).toMatchObject({
			error: 'Phone Number "nope" is not a phone number in E.164 format [item 1]',
			details: { itemIndex: 1 },
		});
		expect(regular.output[2].json.prediction).toBe('suspicious');

		prelude.standIn.reset();
		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }, { item: 2 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }]);
		expect(routed.errorOutput[0].json.error).toBe(
			'Phone Number "nope" is not a phone number in E.164 format [item 1]',
		);
		expect(prelude.standIn.requests).toHaveLength(2);
	});
});

describe('Fraud Watch → Evaluate (POST /v2/watch/eval)', () => {
	test('sends the flow and the target; the answer comes out unchanged, paired', async () => {
		const result = await prelude.run(evaluate());

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['POST', '/v2/watch/eval']);
		expect(request.body).toStrictEqual({ flow_id: 'flo_signup', target: TARGET });
		expect(result.output[0].json).toStrictEqual(request.answer);
		expect(result.output[0].json).toMatchObject({ action: 'ALLOW', verdict: 'PASS' });
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('every Additional Field and Signal goes under its wire name; the attributes reach the rules', async () => {
		const result = await prelude.run(
			evaluate({
				evaluateFields: {
					attributes: {
						variable: [
							{ name: 'country', value: 'FR' },
							{ name: 'plan', value: 'premium' },
						],
					},
					dispatchId: 'dsp_01',
				},
				signals: EVERY_SIGNAL,
			}),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			flow_id: 'flo_signup',
			target: TARGET,
			attributes: { country: 'FR', plan: 'premium' },
			dispatch_id: 'dsp_01',
			signals: EVERY_SIGNAL_ON_THE_WIRE,
		});
		// A US number that says it is French: the custom rule triggers.
		expect(result.output[0].json).toMatchObject({ action: 'CHALLENGE', verdict: 'FLAG' });
	});

	test('a number on the block list is blocked', async () => {
		prelude.standIn.prelude!.blocked.add(PHONE);

		const result = await prelude.run(evaluate());

		expect(result.output[0].json).toMatchObject({ action: 'BLOCK' });
	});

	test.each([
		['an empty Flow ID', { flowId: ' ' }, 'Flow ID is empty'],
		[
			'an attribute name that is not one',
			{ evaluateFields: { attributes: { variable: [{ name: 'attr.country', value: 'FR' }] } } },
			'Attributes → Name "attr.country" is not a variable name',
		],
		[
			'an attribute value that is not text',
			{ evaluateFields: { attributes: { variable: [{ name: 'plan', value: '={{ {} }}' }] } } },
			'Attributes → plan must be text, but got an object {}',
		],
	])('%s is refused before anything is sent', async (_name, extra, message) => {
		expectRefused(prelude, await prelude.run(evaluate(extra as IDataObject)), message);
	});
});

describe('Fraud Watch → Send Feedback and Send Events: up to 100 items per request', () => {
	test('Send Events: the items go in one request, in order; each item gets the answer, paired', async () => {
		const items = phoneItems(3);
		const result = await prelude.run(
			events({ label: '={{ $json.label }}', confidence: '={{ $json.confidence }}' }),
			[
				{ ...items[0], label: 'payment.chargeback', confidence: 'minimum' },
				{ ...items[1], label: 'payment.confirmed', confidence: 'HIGH' },
				{ ...items[2], label: 'onboarding.completed', confidence: 'neutral' },
			],
		);

		expect(prelude.standIn.requests).toHaveLength(1);
		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['POST', '/v2/watch/event']);
		expect(request.body).toStrictEqual({
			events: [
				{
					target: { type: 'phone_number', value: items[0].phone },
					label: 'payment.chargeback',
					confidence: 'minimum',
				},
				{
					target: { type: 'phone_number', value: items[1].phone },
					label: 'payment.confirmed',
					confidence: 'high',
				},
				{
					target: { type: 'phone_number', value: items[2].phone },
					label: 'onboarding.completed',
					confidence: 'neutral',
				},
			],
		});
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(jsonOf(result.output)).toStrictEqual([request.answer, request.answer, request.answer]);
		expect(request.answer).toMatchObject({ status: 'success' });
		expect(prelude.standIn.prelude!.watchEvents).toHaveLength(3);
	});

	test('Send Feedback under Fraud Watch: the Correlation ID goes as metadata', async () => {
		await prelude.run(
			feedback({
				feedbackType: 'verification.completed',
				feedbackFields: { correlationId: 'signup-8841' },
			}),
			[{ phone: PHONE }],
		);

		expect(prelude.standIn.requests[0].url).toBe('/v2/watch/feedback');
		expect(prelude.standIn.requests[0].body).toStrictEqual({
			feedbacks: [
				{
					target: TARGET,
					type: 'verification.completed',
					metadata: { correlation_id: 'signup-8841' },
				},
			],
		});
	});

	test('250 items: 3 requests of 100, 100 and 50, in input order; 250 outputs paired in order', async () => {
		const items = phoneItems(250);

		const result = await prelude.run(feedback(), items);

		const sent = gathered('feedbacks');
		expect(sent.map((r) => r.targets.length)).toStrictEqual([100, 100, 50]);
		expect(sent.flatMap((r) => r.targets)).toStrictEqual(items.map((i) => i.phone));
		expect(pairingOf(result.output)).toStrictEqual(items.map((_, item) => ({ item })));
		// Each item's output is the answer of the request that carried it.
		expect(new Set(sent.map((r) => r.answer.request_id)).size).toBe(3);
		expect(jsonOf(result.output)).toStrictEqual(
			items.map((_, i) => sent[Math.floor(i / 100)].answer),
		);
		expect(prelude.standIn.prelude!.feedbacks).toHaveLength(250);
	});

	test('Batching sends the gathered requests at once; outputs stay in input order', async () => {
		const items = phoneItems(250);
		// Every answer is held until all three requests are here (so they were out at once), and
		// the first request's answer goes last.
		const held: Array<{ first: boolean; release: () => void }> = [];
		prelude.standIn.latency = (r) => {
			const answered = new Promise<void>((release) =>
				held.push({ first: r.body?.feedbacks?.[0]?.target?.value === items[0].phone, release }),
			);
			if (held.length === 3) {
				for (const answer of [...held.filter((h) => !h.first), ...held.filter((h) => h.first)]) {
					answer.release();
				}
			}
			return answered;
		};

		const result = await prelude.run(
			feedback({ options: { batching: { batch: { mode: 'fixed', batchSize: 3 } } } }),
			items,
		);

		expect(prelude.standIn.requests).toHaveLength(3);
		expect(pairingOf(result.output)).toStrictEqual(items.map((_, item) => ({ item })));
		const byFirstTarget = new Map(
			prelude.standIn.requests.map((r) => [r.body.feedbacks[0].target.value, r.answer]),
		);
		expect(result.output[0].json).toStrictEqual(byFirstTarget.get(items[0].phone));
		expect(result.output[249].json).toStrictEqual(byFirstTarget.get(items[200].phone));
	});

	test('one refused item without Continue On Fail: nothing is sent, the error names the item', async () => {
		const items: IDataObject[] = phoneItems(250);
		items[137] = { phone: 'call me' };

		const result = await prelude.run(feedback(), items);

		expectRefused(
			prelude,
			result,
			'Phone Number "call me" is not a phone number in E.164 format',
			137,
		);
	});

	test('a refused item with Continue On Fail: its error in place, the other 249 sent', async () => {
		const items: IDataObject[] = phoneItems(250);
		items[137] = { phone: 'call me' };
		const others = items.filter((_, i) => i !== 137).map((i) => i.phone);

		const regular = await prelude.run(feedback(), items, { onError: 'continueRegularOutput' });

		const sent = gathered('feedbacks');
		expect(sent.map((r) => r.targets.length)).toStrictEqual([100, 100, 49]);
		expect(sent.flatMap((r) => r.targets)).toStrictEqual(others);
		expect(pairingOf(regular.output)).toStrictEqual(items.map((_, item) => ({ item })));
		expect(regular.output[137].json).toMatchObject({
			error: 'Phone Number "call me" is not a phone number in E.164 format [item 137]',
			details: { itemIndex: 137 },
		});
		expect(jsonOf(regular.output).filter((o) => o.error)).toHaveLength(1);

		prelude.standIn.reset();
		const routed = await prelude.run(feedback(), items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 137 }]);
		expect(pairingOf(routed.output)).toStrictEqual(
			items.map((_, item) => ({ item })).filter(({ item }) => item !== 137),
		);
	});

	test("an API error on one request is the error of each of that request's items", async () => {
		const items = phoneItems(250);
		prelude.standIn.answerNext(
			{ status: 422, body: { code: 'invalid_request', message: 'feedbacks refused' } },
			(r) => r.body.feedbacks[0].target.value === items[100].phone,
		);

		const result = await prelude.run(feedback(), items, { onError: 'continueRegularOutput' });

		expect(prelude.standIn.requests).toHaveLength(3);
		const outputs = jsonOf(result.output);
		expect(pairingOf(result.output)).toStrictEqual(items.map((_, item) => ({ item })));
		const failed = outputs.flatMap((o, i) => (o.error ? [i] : []));
		expect(failed).toStrictEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
		for (const i of [100, 150, 199]) {
			expect(outputs[i]).toStrictEqual({
				error: 'Prelude refused the request: feedbacks refused (invalid_request)',
				details: expect.objectContaining({
					itemIndex: i,
					httpCode: '422',
					code: 'invalid_request',
				}),
			});
		}
		expect(outputs[99]).toMatchObject({ status: 'success' });
		expect(outputs[200]).toMatchObject({ status: 'success' });
	});

	test('without Continue On Fail a failed request stops the run; later requests are not started', async () => {
		const items = phoneItems(250);
		prelude.standIn.answerNext(
			{ status: 422, body: { code: 'invalid_request', message: 'feedbacks refused' } },
			(r) => r.body.feedbacks[0].target.value === items[100].phone,
		);

		const result = await prelude.run(feedback({ options: ONE_AT_A_TIME }), items);

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			'Prelude refused the request: feedbacks refused (invalid_request)',
		);
		expect((result.error as { context?: IDataObject }).context?.itemIndex).toBe(100);
		expect(result.error?.description).toContain('100 other items had already succeeded');
	});

	test.each([
		[
			'Send Feedback, a Feedback Type from an expression that is not one',
			feedback({ feedbackType: '={{ "verification.failed" }}' }),
			'Feedback Type "verification.failed" is not one of verification.started, verification.completed',
		],
		[
			'Send Events, a Confidence from an expression that is not one',
			events({ confidence: '={{ "sure" }}' }),
			'Confidence "sure" is not one of maximum, high, neutral, low, minimum',
		],
		[
			'Send Events, an empty Label from an expression',
			events({ label: '={{ "" }}' }),
			'Label is empty',
		],
	])('%s is refused before anything is sent', async (_name, params, message) => {
		expectRefused(prelude, await prelude.run(params, phoneItems(2)), message);
	});
});

describe('Fraud Watch: what a failed request may be repeated', () => {
	const fault = {
		'a 500': { status: 500, body: {} },
		'a connection reset': { status: 0, fault: 'reset' as const },
	};
	const items = phoneItems(3);

	test.each([
		[
			'Send Feedback',
			'a 500',
			feedback(),
			'Prelude failed to process the request (HTTP 500): the feedback of items 0 to 2 may or may not have been recorded',
		],
		[
			'Send Feedback',
			'a connection reset',
			feedback(),
			'Could not reach Prelude: the connection was reset (ECONNRESET): the feedback of items 0 to 2 may or may not have been recorded',
		],
		[
			'Send Events',
			'a 500',
			events(),
			'Prelude failed to process the request (HTTP 500): the events of items 0 to 2 may or may not have been recorded',
		],
		[
			'Send Events',
			'a connection reset',
			events(),
			'Could not reach Prelude: the connection was reset (ECONNRESET): the events of items 0 to 2 may or may not have been recorded',
		],
	] as const)('%s after %s is not repeated, and says so', async (_name, kind, params, message) => {
		prelude.standIn.answerNext(fault[kind]);

		const result = await prelude.run(params, items);

		expect(prelude.standIn.requests).toHaveLength(1);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain('counts');
	});

	test.each([
		['Predict', 'a 500', predict()],
		['Evaluate', 'a connection reset', evaluate()],
	] as const)('%s after %s is repeated: it texts nobody', async (_name, kind, params) => {
		prelude.standIn.answerNext(fault[kind]);

		const result = await prelude.run(params);

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(prelude.standIn.requests[0].body).toStrictEqual(prelude.standIn.requests[1].body);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toStrictEqual(prelude.standIn.requests[1].answer);
	});

	test('Send Feedback after a 429 is repeated: it provably was not recorded', async () => {
		prelude.standIn.answerNext({ status: 429, body: {}, headers: { 'retry-after': '0' } });

		const result = await prelude.run(feedback({ options: ONE_AT_A_TIME }), items);

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(jsonOf(result.output).map((o) => o.status)).toStrictEqual([
			'success',
			'success',
			'success',
		]);
		expect(prelude.standIn.prelude!.feedbacks).toHaveLength(3);
	});
});
