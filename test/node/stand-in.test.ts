import axios from 'axios';

import { API_KEY, CUSTOMER_UUID, PHONE, PRELUDE_KEY, useDing } from '../support/fixtures';
import { SUBSCRIPTION_CONFIG_ID, SUSPICIOUS_PHONE, V2_MODELS } from '../../sandbox/prelude';

/**
 * The stand-in must be at least as strict as Ding, or the node's wire tests prove nothing.
 * These requests go to it directly, without the node.
 */
const ding = useDing();

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await axios.post(`${ding.standIn.baseUrl}${path}`, body, {
		headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...headers },
		validateStatus: () => true,
		transformRequest: [(data) => (typeof data === 'string' ? data : JSON.stringify(data))],
	});
	return { status: response.status, body: response.data };
}

const GOOD_SEND = { customer_uuid: CUSTOMER_UUID, phone_number: PHONE };

describe('the Ding stand-in refuses what Ding refuses', () => {
	test('accepts a well-formed send', async () => {
		const { status, body } = await post('/authentication', GOOD_SEND);
		expect(status).toBe(200);
		expect(body.status).toBe('pending');
	});

	test.each([
		['a missing key', { 'x-api-key': '' }, 401, { message: 'Unauthorized' }],
		['a wrong key', { 'x-api-key': 'nope' }, 403, { message: 'Forbidden' }],
	])('%s', async (_what, headers, status, body) => {
		await expect(post('/authentication', GOOD_SEND, headers)).resolves.toStrictEqual({
			status,
			body,
		});
	});

	test.each([
		['an unknown field', { ...GOOD_SEND, phone: PHONE }, 'unknown field "phone"'],
		['a camelCase field', { ...GOOD_SEND, correlationId: 'x' }, 'unknown field "correlationId"'],
		['an empty string', { ...GOOD_SEND, template_id: '' }, 'field "template_id" is empty'],
		['a null', { ...GOOD_SEND, locale: null }, 'field "locale" is null'],
		[
			'a number for a string',
			{ ...GOOD_SEND, os_version: 14 },
			'field "os_version" must be a string',
		],
		['a string for a boolean', { ...GOOD_SEND, is_returning_user: 'true' }, 'must be a boolean'],
		[
			'a missing required field',
			{ customer_uuid: CUSTOMER_UUID },
			'missing required field "phone_number"',
		],
		['surrounding spaces', { ...GOOD_SEND, sender_id: ' MyApp' }, 'surrounding spaces'],
		['a lower-case device type', { ...GOOD_SEND, device_type: 'ios' }, 'not IOS, ANDROID or WEB'],
		['an IPv6 ip', { ...GOOD_SEND, ip: '2001:db8::1' }, 'not an IPv4 address'],
		['an array body', [GOOD_SEND], 'not a JSON object'],
	])('%s is bad_request', async (_what, body, message) => {
		const answer = await post('/authentication', body);
		expect(answer.status).toBe(400);
		expect(answer.body.code).toBe('bad_request');
		expect(answer.body.message).toContain(message);
	});

	test('a body that is not JSON, or not sent as JSON', async () => {
		expect((await post('/check', '{oops')).body.message).toBe('the body is not JSON');
		const asForm = await post('/check', 'a=b', {
			'content-type': 'application/x-www-form-urlencoded',
		});
		expect(asForm.body.message).toContain('expected content-type application/json');
	});

	test('a bad phone number is invalid_phone_number, a foreign customer UUID account_invalid', async () => {
		expect((await post('/authentication', { ...GOOD_SEND, phone_number: '+0' })).body.code).toBe(
			'invalid_phone_number',
		);
		const foreign = { ...GOOD_SEND, customer_uuid: '11111111-2222-4333-8444-555555555555' };
		expect((await post('/authentication', foreign)).body.code).toBe('account_invalid');
	});

	test('an unknown path is 404, a query string is bad_request', async () => {
		expect((await post('/authentications', GOOD_SEND)).status).toBe(404);
		expect((await post('/authentication?x=1', GOOD_SEND)).body.code).toBe('bad_request');
	});

	test('check and retry know only authentications that were created', async () => {
		const unknown = { customer_uuid: CUSTOMER_UUID, authentication_uuid: CUSTOMER_UUID };
		expect((await post('/retry', unknown)).body.code).toBe('invalid_auth_uuid');
		expect((await post('/check', { ...unknown, check_code: '1' })).body.code).toBe(
			'invalid_auth_uuid',
		);
	});
});

/**
 * The Prelude v2 stand-in, on the same port under /v2, must serve every endpoint of Prelude's
 * official clients, accept exactly what they send and refuse what they would not.
 */
async function v2(
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
) {
	const response = await axios.request({
		method,
		url: `${ding.standIn.preludeBaseUrl}${path}`,
		data: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		headers: {
			authorization: `Bearer ${PRELUDE_KEY}`,
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...headers,
		},
		validateStatus: () => true,
		transformRequest: [(data: unknown) => data],
	});
	return { status: response.status, body: response.data };
}

const prelude = () => ding.standIn.prelude!;
const target = (value = PHONE) => ({ type: 'phone_number', value });
const page = (limit: number, cursor?: string) =>
	`limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/** Every page of a list, following next_cursor from the first page on. */
async function walk(path: string, name: string, limit: number, extra = '') {
	const pages: unknown[][] = [];
	let cursor: string | undefined;
	do {
		const { status, body } = await v2('GET', `${path}?${page(limit, cursor)}${extra}`);
		expect(status).toBe(200);
		expect(body[name].length).toBeLessThanOrEqual(limit);
		pages.push(body[name]);
		expect(body.next_cursor === undefined || typeof body.next_cursor === 'string').toBe(true);
		cursor = body.next_cursor;
	} while (cursor !== undefined);
	return pages;
}

const CONFIG = SUBSCRIPTION_CONFIG_ID;
const SUBSCRIPTIONS = `/v2/notify/management/subscriptions`;
const LISTS = '/v2/verification/management/phone-numbers';
const NOTIFY = { template_id: 'template_01k8ap1btqf5r9fq2c8ax5fhc9', to: PHONE };

/** One request per endpoint, as the official clients send it; some need state first. */
const OFFICIAL: Array<
	[string, () => [string, string, unknown?] | Promise<[string, string, unknown?]>, number]
> = [
	['POST /v2/verification', () => ['POST', '/v2/verification', { target: target() }], 200],
	[
		'POST /v2/verification/check',
		() => ['POST', '/v2/verification/check', { target: target(), code: '123456' }],
		200,
	],
	[
		'GET /v2/verification/phone/history',
		() => ['GET', '/v2/verification/phone/history?limit=10'],
		200,
	],
	[
		'GET /v2/verification/phone/history/{id}',
		async () => {
			const created = await v2('POST', '/v2/verification', { target: target() });
			return ['GET', `/v2/verification/phone/history/${created.body.id}`];
		},
		200,
	],
	['GET /v2/verification/management/phone-numbers/{action}', () => ['GET', `${LISTS}/allow`], 200],
	[
		'POST /v2/verification/management/phone-numbers/{action}',
		() => ['POST', `${LISTS}/block`, { phone_number: PHONE }],
		201,
	],
	[
		'DELETE /v2/verification/management/phone-numbers/{action}',
		() => ['DELETE', `${LISTS}/block`, { phone_number: PHONE }],
		200,
	],
	['GET /v2/verification/management/phone-numbers/sandbox', () => ['GET', `${LISTS}/sandbox`], 200],
	[
		'PUT /v2/verification/management/phone-numbers/sandbox',
		() => ['PUT', `${LISTS}/sandbox`, { phone_number: PHONE, attempt_code: '123456' }],
		200,
	],
	[
		'DELETE /v2/verification/management/phone-numbers/sandbox/{phone_number}',
		() => ['DELETE', `${LISTS}/sandbox/${PHONE}`],
		200,
	],
	[
		'GET /v2/verification/management/sender-id',
		() => ['GET', '/v2/verification/management/sender-id'],
		200,
	],
	[
		'POST /v2/verification/management/sender-id',
		() => ['POST', '/v2/verification/management/sender-id', { sender_id: 'Acme' }],
		200,
	],
	['GET /v2/lookup/{phone_number}', () => ['GET', `/v2/lookup/${PHONE}?type=cnam`], 200],
	['POST /v2/watch/predict', () => ['POST', '/v2/watch/predict', { target: target() }], 200],
	[
		'POST /v2/watch/eval',
		() => ['POST', '/v2/watch/eval', { flow_id: 'flo_signup', target: target() }],
		200,
	],
	[
		'POST /v2/watch/event',
		() => [
			'POST',
			'/v2/watch/event',
			{ events: [{ target: target(), label: 'account.banned', confidence: 'minimum' }] },
		],
		200,
	],
	[
		'POST /v2/watch/feedback',
		() => [
			'POST',
			'/v2/watch/feedback',
			{ feedbacks: [{ target: target(), type: 'verification.completed' }] },
		],
		200,
	],
	['POST /v2/notify', () => ['POST', '/v2/notify', NOTIFY], 200],
	['POST /v2/notify/batch', () => ['POST', '/v2/notify/batch', { ...NOTIFY, to: [PHONE] }], 200],
	[
		'POST /v2/notify/reply',
		() => [
			'POST',
			'/v2/notify/reply',
			{ reply_to: prelude().inbound(PHONE, 'Hi'), text: 'Hello!', to: PHONE },
		],
		200,
	],
	['GET /v2/notify/management/subscriptions', () => ['GET', `${SUBSCRIPTIONS}?limit=2`], 200],
	[
		'GET /v2/notify/management/subscriptions/{config_id}',
		() => ['GET', `${SUBSCRIPTIONS}/${CONFIG}`],
		200,
	],
	[
		'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers',
		() => ['GET', `${SUBSCRIPTIONS}/${CONFIG}/phone_numbers?state=SUB`],
		200,
	],
	[
		'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}',
		() => ['GET', `${SUBSCRIPTIONS}/${CONFIG}/phone_numbers/+33612345601`],
		200,
	],
	[
		'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}/events',
		() => ['GET', `${SUBSCRIPTIONS}/${CONFIG}/phone_numbers/+33612345601/events?limit=1`],
		200,
	],
	['POST /v2/transactional', () => ['POST', '/v2/transactional', NOTIFY], 200],
	[
		'POST /v2/intel/kyc/match/{phone}',
		() => ['POST', '/v2/intel/kyc/match/+33612345678', { given_name: 'Jeanne' }],
		200,
	],
];

describe('the Prelude v2 stand-in serves every endpoint of the official clients', () => {
	test('the table below has one official request for every endpoint the stand-in models', () => {
		expect(OFFICIAL.map(([route]) => route).sort()).toStrictEqual(Object.keys(V2_MODELS).sort());
	});

	test.each(OFFICIAL)(
		'%s accepts the official request, answers JSON',
		async (_route, request, status) => {
			const [method, path, body] = await request();
			const answer = await v2(method, path, body);
			expect(answer.status).toBe(status);
			expect(typeof answer.body).toBe('object');
			expect(answer.body.code).toBeUndefined();
			const recorded = ding.standIn.requests[ding.standIn.requests.length - 1];
			expect(recorded.method).toBe(method);
			expect(recorded.status).toBe(status);
		},
	);

	test('a request without a body records its path parameters and query as its body', async () => {
		await v2('GET', `${SUBSCRIPTIONS}/${CONFIG}/phone_numbers?limit=3&state=UNSUB`);
		const [request] = ding.standIn.requests;
		expect(request.url).toBe(`${SUBSCRIPTIONS}/${CONFIG}/phone_numbers?limit=3&state=UNSUB`);
		expect(request.rawBody).toBe('');
		expect(request.body).toStrictEqual({ config_id: CONFIG, limit: 3, state: 'UNSUB' });
	});
});

describe('the Prelude v2 stand-in refuses what the official clients would not send', () => {
	const predict = { target: target() };
	const event = { target: target(), label: 'payment.chargeback', confidence: 'low' };
	const feedback = { target: target(), type: 'verification.started' };
	test.each<[string, string, string, unknown, number, string]>([
		[
			'an unknown field',
			'POST',
			'/v2/watch/predict',
			{ ...predict, score: 1 },
			400,
			'invalid_request',
		],
		['a wrong type', 'POST', '/v2/watch/event', { events: event }, 400, 'invalid_request'],
		['a missing required field', 'POST', '/v2/notify', { to: PHONE }, 400, 'invalid_request'],
		[
			'a bad enum',
			'POST',
			'/v2/watch/event',
			{ events: [{ ...event, confidence: 'sure' }] },
			422,
			'invalid_request',
		],
		[
			'an email target that is not one',
			'POST',
			'/v2/watch/predict',
			{ target: { type: 'email_address', value: 'x' } },
			422,
			'invalid_request',
		],
		[
			'a target number that is not E.164',
			'POST',
			'/v2/watch/event',
			{ events: [{ ...event, target: target('0612') }] },
			422,
			'invalid_phone_number',
		],
		['no events', 'POST', '/v2/watch/event', { events: [] }, 400, 'empty_batch'],
		[
			'101 events',
			'POST',
			'/v2/watch/event',
			{ events: Array(101).fill(event) },
			400,
			'batch_size_exceeded',
		],
		['no feedbacks', 'POST', '/v2/watch/feedback', { feedbacks: [] }, 400, 'empty_batch'],
		[
			'101 feedbacks',
			'POST',
			'/v2/watch/feedback',
			{ feedbacks: Array(101).fill(feedback) },
			400,
			'batch_size_exceeded',
		],
		// TS SDK 0.10.0 sends these; python-sdk 0.11.0 removed them and no newer source has them.
		[
			'a feedback dispatch_id',
			'POST',
			'/v2/watch/feedback',
			{ feedbacks: [{ ...feedback, dispatch_id: 'd' }] },
			400,
			'invalid_request',
		],
		[
			'options.integration',
			'POST',
			'/v2/verification',
			{ target: target(), options: { integration: 'auth0' } },
			400,
			'invalid_request',
		],
		[
			'a notify number that is not E.164',
			'POST',
			'/v2/notify',
			{ ...NOTIFY, to: '0612345678' },
			422,
			'invalid_phone_number',
		],
		[
			'a date that is not RFC 3339',
			'POST',
			'/v2/notify',
			{ ...NOTIFY, expires_at: '2030-01-01 10:00' },
			422,
			'invalid_expires_at',
		],
		[
			'a document over plain http',
			'POST',
			'/v2/notify',
			{ ...NOTIFY, document: { url: 'http://x.test/a.pdf' } },
			422,
			'invalid_document',
		],
		[
			'a channel Notify does not have',
			'POST',
			'/v2/notify',
			{ ...NOTIFY, preferred_channel: 'viber' },
			422,
			'invalid_request',
		],
		[
			'a negative max_auto_retries',
			'POST',
			'/v2/notify/batch',
			{ ...NOTIFY, to: [PHONE], max_auto_retries: -1 },
			422,
			'invalid_request',
		],
		[
			'a batch without recipients',
			'POST',
			'/v2/notify/batch',
			{ ...NOTIFY, to: [] },
			400,
			'empty_batch',
		],
		[
			'a batch recipient that is a number',
			'POST',
			'/v2/notify/batch',
			{ ...NOTIFY, to: [14155550123] },
			400,
			'invalid_request',
		],
		[
			'schedule_at on Transactional',
			'POST',
			'/v2/transactional',
			{ ...NOTIFY, schedule_at: '2030-01-01T10:00:00Z' },
			400,
			'invalid_request',
		],
		[
			'a reply without text',
			'POST',
			'/v2/notify/reply',
			{ reply_to: 'im_x', to: PHONE },
			400,
			'invalid_request',
		],
		[
			'an evaluation without a flow',
			'POST',
			'/v2/watch/eval',
			{ target: target() },
			400,
			'invalid_request',
		],
		[
			'attributes that are not text',
			'POST',
			'/v2/watch/eval',
			{ flow_id: 'f', target: target(), attributes: { age: 3 } },
			422,
			'invalid_attributes',
		],
		[
			'a list that is neither allow nor block',
			'POST',
			`${LISTS}/maybe`,
			{ phone_number: PHONE },
			422,
			'invalid_request',
		],
		[
			'a listed number that is not E.164',
			'POST',
			`${LISTS}/block`,
			{ phone_number: '004477' },
			422,
			'invalid_phone_number',
		],
		['a delete without its body', 'DELETE', `${LISTS}/allow`, undefined, 400, 'invalid_request'],
		[
			'a sender ID that is a number',
			'POST',
			'/v2/verification/management/sender-id',
			{ sender_id: 7 },
			400,
			'invalid_request',
		],
		[
			'a sandbox number without a code',
			'PUT',
			`${LISTS}/sandbox`,
			{ phone_number: PHONE },
			400,
			'invalid_request',
		],
		[
			'a sandbox code that is not digits',
			'PUT',
			`${LISTS}/sandbox`,
			{ phone_number: PHONE, attempt_code: 'abc' },
			422,
			'invalid_attempt_code',
		],
		[
			'a KYC birthdate that is not YYYY-MM-DD',
			'POST',
			'/v2/intel/kyc/match/+33612345678',
			{ birthdate: '12/04/1990' },
			422,
			'invalid_birthdate',
		],
		[
			'a KYC field it does not have',
			'POST',
			'/v2/intel/kyc/match/+33612345678',
			{ name: 'J' },
			400,
			'invalid_request',
		],
		['a body on a GET', 'GET', `${LISTS}/allow`, {}, 400, 'invalid_request'],
		[
			'a query parameter it does not take',
			'GET',
			`${SUBSCRIPTIONS}?page=2`,
			undefined,
			400,
			'invalid_request',
		],
		[
			'a query string where none is taken',
			'GET',
			`${LISTS}/allow?limit=2`,
			undefined,
			400,
			'invalid_request',
		],
		[
			'a limit that is not an integer',
			'GET',
			`${SUBSCRIPTIONS}?limit=ten`,
			undefined,
			400,
			'invalid_request',
		],
		['a fractional limit', 'GET', `${SUBSCRIPTIONS}?limit=2.5`, undefined, 400, 'invalid_request'],
		['a limit of 0', 'GET', `${SUBSCRIPTIONS}?limit=0`, undefined, 422, 'invalid_request'],
		['a limit over 200', 'GET', `${SUBSCRIPTIONS}?limit=201`, undefined, 422, 'invalid_request'],
		[
			'a limit given twice',
			'GET',
			`${SUBSCRIPTIONS}?limit=2&limit=3`,
			undefined,
			400,
			'invalid_request',
		],
		[
			'a state that is not SUB or UNSUB',
			'GET',
			`${SUBSCRIPTIONS}/${CONFIG}/phone_numbers?state=OPT_OUT`,
			undefined,
			422,
			'invalid_request',
		],
		[
			'a cursor that is not one',
			'GET',
			`${SUBSCRIPTIONS}?cursor=bm9wZQ%3D%3D`,
			undefined,
			422,
			'invalid_cursor',
		],
		[
			'history from without to',
			'GET',
			'/v2/verification/phone/history?from=2026-01-01T00%3A00%3A00Z',
			undefined,
			422,
			'invalid_request',
		],
		[
			'history over more than six months',
			'GET',
			'/v2/verification/phone/history?from=2026-01-01T00:00:00Z&to=2026-09-01T00:00:00Z',
			undefined,
			422,
			'invalid_request',
		],
		[
			'a history status that cannot be filtered',
			'GET',
			'/v2/verification/phone/history?status=pending_check',
			undefined,
			422,
			'invalid_request',
		],
		[
			'a built-in template filter',
			'GET',
			'/v2/verification/phone/history?template_id=prelude%3Apsd2',
			undefined,
			422,
			'invalid_request',
		],
		[
			'a history channel it does not know',
			'GET',
			'/v2/verification/phone/history?channels=sms,fax',
			undefined,
			422,
			'invalid_request',
		],
		[
			'a number in a path percent-encoded',
			'GET',
			`${SUBSCRIPTIONS}/${CONFIG}/phone_numbers/%2B33612345601`,
			undefined,
			400,
			'invalid_request',
		],
		[
			'a number in a path that is not E.164',
			'DELETE',
			`${LISTS}/sandbox/0612345678`,
			undefined,
			422,
			'invalid_phone_number',
		],
		['a method the path does not take', 'PATCH', '/v2/notify', NOTIFY, 405, 'method_not_allowed'],
	])('%s', async (_what, method, path, body, status, code) => {
		const answer = await v2(method, path, body);
		expect(answer).toMatchObject({ status, body: { code } });
		expect(answer.body.request_id).toMatch(/^req_/);
	});

	test('an unknown path is 404, a wrong key 401, both JSON', async () => {
		expect(await v2('GET', '/v2/notify/management')).toStrictEqual({
			status: 404,
			body: { message: 'Not Found' },
		});
		const wrongKey = await v2('GET', `${LISTS}/allow`, undefined, { authorization: 'Bearer x' });
		expect(wrongKey).toMatchObject({ status: 401, body: { code: 'invalid_api_key' } });
	});

	test('signals.existing_user, which the newest clients send, is accepted', async () => {
		const signals = { existing_user: true, device_platform: 'ios' };
		expect((await v2('POST', '/v2/verification', { target: target(), signals })).status).toBe(200);
		expect((await v2('POST', '/v2/watch/predict', { target: target(), signals })).status).toBe(200);
	});
});

describe('the allow and block lists, and anti-fraud', () => {
	test('a number on the block list is blocked and predicted suspicious until it is removed', async () => {
		expect(await v2('POST', `${LISTS}/block`, { phone_number: PHONE })).toStrictEqual({
			status: 201,
			body: { phone_number: PHONE },
		});
		await v2('POST', `${LISTS}/block`, { phone_number: PHONE });
		const listed = await v2('GET', `${LISTS}/block`);
		expect(listed.body.phone_numbers).toStrictEqual([
			{ phone_number: PHONE, created_at: expect.stringMatching(/^\d{4}-.*Z$/) },
		]);
		expect((await v2('GET', `${LISTS}/allow`)).body).toStrictEqual({ phone_numbers: [] });

		const blocked = await v2('POST', '/v2/verification', { target: target() });
		expect(blocked.body).toMatchObject({
			status: 'blocked',
			reason: 'in_block_list',
			risk_factors: ['fraud_database'],
		});
		const predicted = await v2('POST', '/v2/watch/predict', { target: target() });
		expect(predicted.body).toMatchObject({
			prediction: 'suspicious',
			risk_factors: ['fraud_database'],
		});

		await v2('DELETE', `${LISTS}/block`, { phone_number: PHONE });
		expect((await v2('POST', '/v2/verification', { target: target() })).body.status).toBe(
			'success',
		);
		expect((await v2('POST', '/v2/watch/predict', { target: target() })).body).toStrictEqual({
			id: expect.stringMatching(/^prd_/),
			prediction: 'legitimate',
			request_id: expect.stringMatching(/^req_/),
		});
		expect((await v2('GET', `${LISTS}/block`)).body.phone_numbers).toStrictEqual([]);
	});

	test('the suspicious test number is blocked and predicted suspicious, unless allowed', async () => {
		const suspicious = target(SUSPICIOUS_PHONE);
		expect((await v2('POST', '/v2/verification', { target: suspicious })).body).toMatchObject({
			status: 'blocked',
			reason: 'suspicious',
		});
		expect((await v2('POST', '/v2/watch/predict', { target: suspicious })).body.prediction).toBe(
			'suspicious',
		);
		await v2('POST', `${LISTS}/allow`, { phone_number: SUSPICIOUS_PHONE });
		expect((await v2('POST', '/v2/verification', { target: suspicious })).body.status).toBe(
			'success',
		);
		expect((await v2('POST', '/v2/watch/predict', { target: suspicious })).body.prediction).toBe(
			'legitimate',
		);
	});

	test('reset empties the lists', async () => {
		await v2('POST', `${LISTS}/allow`, { phone_number: PHONE });
		await v2('PUT', `${LISTS}/sandbox`, { phone_number: PHONE, attempt_code: '1234' });
		ding.standIn.reset();
		expect((await v2('GET', `${LISTS}/allow`)).body.phone_numbers).toStrictEqual([]);
		expect((await v2('GET', `${LISTS}/sandbox`)).body.phone_numbers).toStrictEqual([]);
	});

	test('Watch evaluation: ALLOW, CHALLENGE on a declared country that differs, BLOCK on fraud', async () => {
		const evaluate = async (value: string, attributes?: Record<string, string>) =>
			(await v2('POST', '/v2/watch/eval', { flow_id: 'flo_1', target: target(value), attributes }))
				.body;
		expect(await evaluate(PHONE, { country: 'US' })).toMatchObject({
			action: 'ALLOW',
			verdict: 'PASS',
			recipes: [{ partial_evidence: false }],
		});
		const challenged = await evaluate(PHONE, { country: 'FR' });
		expect(challenged).toMatchObject({ action: 'CHALLENGE', verdict: 'FLAG' });
		expect(challenged.recipes[0].rules.map((r: { outcome: string }) => r.outcome)).toStrictEqual([
			'NOT_TRIGGERED',
			'TRIGGERED',
		]);
		const blocked = await evaluate(SUSPICIOUS_PHONE);
		expect(blocked).toMatchObject({ action: 'BLOCK', verdict: 'FLAG' });
		expect(blocked.recipes[0]).toMatchObject({ partial_evidence: true });
		expect(blocked.recipes[0].rules[1].outcome).toBe('NOT_EVALUATED');
	});
});

describe('sandbox numbers and the verification history', () => {
	/** The codes "texted", as a phone would receive them. */
	const codes: string[] = [];
	let onCode: ReturnType<typeof prelude>['onCode'];
	beforeEach(() => {
		codes.length = 0;
		onCode = prelude().onCode;
		prelude().onCode = (v) => codes.push(v.code);
	});
	afterEach(() => {
		prelude().onCode = onCode;
	});

	test('a sandbox number is sent nothing and its fixed code checks', async () => {
		expect(
			await v2('PUT', `${LISTS}/sandbox`, { phone_number: PHONE, attempt_code: '424242' }),
		).toStrictEqual({
			status: 200,
			body: { phone_number: PHONE, attempt_code: '424242' },
		});
		expect((await v2('GET', `${LISTS}/sandbox`)).body.phone_numbers).toStrictEqual([
			{ phone_number: PHONE, attempt_code: '424242', created_at: expect.any(String) },
		]);
		const callback_url = 'http://127.0.0.1:9/hook';
		const created = await v2('POST', '/v2/verification', {
			target: target(),
			options: { callback_url },
		});
		expect(created.body).toStrictEqual({
			id: expect.stringMatching(/^vrf_/),
			status: 'success',
			method: 'message',
			request_id: expect.stringMatching(/^req_/),
		});
		expect(codes).toStrictEqual([]);
		expect(ding.standIn.deliveries).toStrictEqual([]);
		const check = (code: string) =>
			v2('POST', '/v2/verification/check', { target: target(), code });
		expect((await check('000000')).body.status).toBe('failure');
		expect((await check('424242')).body.status).toBe('success');

		const history = await v2('GET', `/v2/verification/phone/history/${created.body.id}`);
		expect(history.body).toMatchObject({
			status: 'converted',
			phone_number_condition: 'sandboxed',
		});
		expect(history.body.lifecycle.events.map((e: { type: string }) => e.type)).toStrictEqual([
			'create',
			'check',
			'check',
		]);
		const listed = await v2('GET', '/v2/verification/phone/history');
		expect(listed.body.verifications[0]).not.toHaveProperty('attempts');

		expect(await v2('DELETE', `${LISTS}/sandbox/${PHONE}`)).toStrictEqual({
			status: 200,
			body: { phone_number: PHONE },
		});
		await v2('POST', '/v2/verification', { target: target(), options: { code_size: 4 } });
		expect(codes).toHaveLength(1);
		expect(codes[0]).toMatch(/^\d{4}$/);
	});

	test('the history of a verification: each message sent and each check, the code masked while open', async () => {
		const options = { template_id: 'tpl_login', preferred_channel: 'whatsapp' };
		const body = {
			target: target(),
			metadata: { correlation_id: 'signup-1' },
			options,
			signals: { device_platform: 'ios', ip: '203.0.113.7', is_trusted_user: true },
		};
		const { id } = (await v2('POST', '/v2/verification', body)).body;
		expect((await v2('POST', '/v2/verification', body)).body.status).toBe('retry');
		await v2('POST', '/v2/verification/check', { target: target(), code: 'x' });

		const open = (await v2('GET', `/v2/verification/phone/history/${id}`)).body;
		expect(open).toMatchObject({
			id,
			phone_number: PHONE,
			status: 'pending_check',
			correlation_id: 'signup-1',
			template_id: 'tpl_login',
			device_platform: 'ios',
			ip_address: '203.0.113.7',
			signals: { is_trusted_user: true },
			carrier: { mccmnc: '310410' },
			phone_number_region: 'US',
			lifecycle: { total_cost: { amount: '0.018', currency: 'EUR' } },
		});
		const events = open.lifecycle.events;
		expect(events.map((e: { type: string }) => e.type)).toStrictEqual([
			'create',
			'attempt',
			'attempt',
			'check',
		]);
		expect(events[1].attempt).toMatchObject({ channel: 'whatsapp', trigger: 'initial' });
		expect(events[2].attempt).toMatchObject({ trigger: 'user_retry' });
		expect(events[1].attempt.content).toContain('******');
		expect(events[3].check).toStrictEqual({ created_at: expect.any(String), is_valid: false });

		const code = prelude().codeFor(PHONE)!;
		await v2('POST', '/v2/verification/check', { target: target(), code });
		const closed = (await v2('GET', `/v2/verification/phone/history/${id}`)).body;
		expect(closed.status).toBe('converted');
		expect(closed.lifecycle.events[1].attempt.content).toContain(code);
		expect(closed.lifecycle.events[4].check).toMatchObject({ is_valid: true, value: code });
	});

	test('blocked verifications are in the history, email ones are not, an unknown ID is 404', async () => {
		prelude().blocked.add(PHONE);
		const blocked = (await v2('POST', '/v2/verification', { target: target() })).body;
		const email = (
			await v2('POST', '/v2/verification', {
				target: { type: 'email_address', value: 'jane@example.com' },
			})
		).body;
		expect((await v2('GET', `/v2/verification/phone/history/${blocked.id}`)).body).toMatchObject({
			status: 'in_blocklist',
			block_reasons: ['fraud_database'],
			phone_number_condition: 'block_listed',
			phone_number_current_condition: 'block_listed',
		});
		expect(await v2('GET', `/v2/verification/phone/history/${email.id}`)).toMatchObject({
			status: 404,
			body: { code: 'not_found', param: 'id' },
		});
	});

	test('the history list filters, and pages newest first through every verification', async () => {
		const numbers = [
			'+14155550201',
			'+14155550202',
			'+447700900203',
			'+14155550204',
			'+14155550205',
		];
		const ids: string[] = [];
		for (const value of numbers)
			ids.push((await v2('POST', '/v2/verification', { target: target(value) })).body.id);
		await v2('POST', '/v2/verification/check', {
			target: target(numbers[1]),
			code: prelude().codeFor(numbers[1]),
		});

		const pages = await walk('/v2/verification/phone/history', 'verifications', 2);
		expect(pages.map((p) => p.length)).toStrictEqual([2, 2, 1]);
		expect(pages.flat().map((v) => (v as { id: string }).id)).toStrictEqual([...ids].reverse());

		const filtered = async (filters: string) =>
			(await v2('GET', `/v2/verification/phone/history?${filters}`)).body.verifications.map(
				(v: { phone_number: string }) => v.phone_number,
			);
		expect(await filtered('status=converted')).toStrictEqual([numbers[1]]);
		expect(await filtered('region=GB')).toStrictEqual([numbers[2]]);
		expect(await filtered('phone_number=14155550204')).toStrictEqual([numbers[3]]);
		expect(await filtered('phone_number=%2B14155550204&channels=voice')).toStrictEqual([]);
		expect(
			await filtered('channels=sms&channels=voice&min_attempts=1&max_attempts=1'),
		).toHaveLength(5);
		const now = Date.now();
		const around = `from=${new Date(now - 60_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}`;
		expect(await filtered(around)).toHaveLength(5);

		const first = (await v2('GET', '/v2/verification/phone/history?limit=2')).body;
		const elsewhere = await v2(
			'GET',
			`/v2/verification/phone/history?region=US&${page(2, first.next_cursor)}`,
		);
		expect(elsewhere).toMatchObject({ status: 422, body: { code: 'invalid_cursor' } });
	});
});

describe('Notify: subscriptions, messages, replies; Transactional; KYC; sender IDs', () => {
	test('subscription lists page by cursor until next_cursor is left out', async () => {
		const configs = await walk(SUBSCRIPTIONS, 'configs', 2);
		expect(configs.map((p) => p.length)).toStrictEqual([2, 1]);
		expect((configs[0][0] as { id: string }).id).toBe(CONFIG);

		const numbers = await walk(`${SUBSCRIPTIONS}/${CONFIG}/phone_numbers`, 'phone_numbers', 3);
		expect(numbers.map((p) => p.length)).toStrictEqual([3, 3, 1]);
		const all = (await v2('GET', `${SUBSCRIPTIONS}/${CONFIG}/phone_numbers`)).body;
		expect(all.next_cursor).toBeUndefined();
		expect(numbers.flat()).toStrictEqual(all.phone_numbers);
		expect(all.phone_numbers[0]).toStrictEqual({
			config_id: CONFIG,
			phone_number: '+33612345601',
			state: 'SUB',
			source: 'API',
			updated_at: '2025-05-15T11:00:00Z',
		});

		const unsubscribed = await walk(
			`${SUBSCRIPTIONS}/${CONFIG}/phone_numbers`,
			'phone_numbers',
			1,
			'&state=UNSUB',
		);
		expect(
			unsubscribed.flat().map((n) => (n as { phone_number: string }).phone_number),
		).toStrictEqual(['+33612345602', '+33612345605']);

		const events = await walk(
			`${SUBSCRIPTIONS}/${CONFIG}/phone_numbers/+33612345601/events`,
			'events',
			2,
		);
		expect(events.map((p) => p.length)).toStrictEqual([2, 2, 1]);
		const times = events.flat().map((e) => (e as { timestamp: string }).timestamp);
		expect(times).toStrictEqual([...times].sort().reverse());
		const latest = (await v2('GET', `${SUBSCRIPTIONS}/${CONFIG}/phone_numbers/+33612345601`)).body;
		expect(events[0][0]).toMatchObject({ state: latest.state, timestamp: latest.updated_at });
	});

	test('a cursor belongs to its list, and unknown configurations and numbers are 404', async () => {
		const first = (await v2('GET', `${SUBSCRIPTIONS}/${CONFIG}/phone_numbers?limit=2`)).body;
		const withFilter = await v2(
			'GET',
			`${SUBSCRIPTIONS}/${CONFIG}/phone_numbers?${page(2, first.next_cursor)}&state=SUB`,
		);
		expect(withFilter).toMatchObject({
			status: 422,
			body: { code: 'invalid_cursor', param: 'cursor' },
		});
		expect(await v2('GET', `${SUBSCRIPTIONS}/subcfg_unknown`)).toMatchObject({
			status: 404,
			body: { code: 'not_found', param: 'config_id' },
		});
		expect(await v2('GET', `${SUBSCRIPTIONS}/subcfg_unknown/phone_numbers`)).toMatchObject({
			status: 404,
		});
		expect(
			await v2('GET', `${SUBSCRIPTIONS}/${CONFIG}/phone_numbers/${PHONE}/events`),
		).toMatchObject({
			status: 404,
			body: { code: 'not_found', param: 'phone_number' },
		});
	});

	test('Notify sends a message, refuses an unsubscribed number, and a batch reports each recipient', async () => {
		const sent = await v2('POST', '/v2/notify', {
			...NOTIFY,
			variables: { code: '42' },
			correlation_id: 'order-1',
			expires_at: '2030-01-01T10:00:00+01:00',
		});
		expect(sent.body).toStrictEqual({
			id: expect.stringMatching(/^tx_/),
			to: PHONE,
			template_id: NOTIFY.template_id,
			variables: { code: '42' },
			correlation_id: 'order-1',
			created_at: expect.any(String),
			expires_at: '2030-01-01T10:00:00+01:00',
			encoding: 'GSM-7',
			estimated_segment_count: 1,
		});
		expect(await v2('POST', '/v2/notify', { ...NOTIFY, to: '+33612345602' })).toMatchObject({
			status: 422,
			body: { code: 'unsubscribed', param: 'to' },
		});

		const batch = await v2('POST', '/v2/notify/batch', {
			...NOTIFY,
			to: [PHONE, '0612', '+33612345605'],
			preferred_channel: 'whatsapp',
			variables: { name: 'Zoë 🎉' },
		});
		expect(batch.body).toMatchObject({ total_count: 3, success_count: 1, error_count: 2 });
		expect(batch.body.results).toStrictEqual([
			{
				phone_number: PHONE,
				success: true,
				message: expect.objectContaining({ id: expect.stringMatching(/^tx_/), to: PHONE }),
			},
			{
				phone_number: '0612',
				success: false,
				error: expect.objectContaining({ code: 'invalid_phone_number' }),
			},
			{
				phone_number: '+33612345605',
				success: false,
				error: expect.objectContaining({ code: 'unsubscribed' }),
			},
		]);
		expect(batch.body.results[0].message).not.toHaveProperty('encoding');
		expect(prelude().messages).toHaveLength(2);
	});

	test('Transactional answers as the deprecated API did', async () => {
		const { body } = await v2('POST', '/v2/transactional', { ...NOTIFY, from: 'Acme' });
		expect(Object.keys(body).sort()).toStrictEqual(
			['created_at', 'expires_at', 'from', 'id', 'template_id', 'to', 'variables'].sort(),
		);
	});

	test('a reply goes to the sender of a message received in the last 24 hours', async () => {
		const reply = (reply_to: string, to = PHONE) =>
			v2('POST', '/v2/notify/reply', { reply_to, text: 'Thanks!', to, correlation_id: 'c-1' });
		const received = prelude().inbound(PHONE, 'Where is my order?');
		expect((await reply(received)).body).toStrictEqual({
			id: expect.stringMatching(/^tx_/),
			created_at: expect.any(String),
			reply_to: received,
			text: 'Thanks!',
			to: PHONE,
			correlation_id: 'c-1',
		});
		expect(await reply('im_unknown')).toMatchObject({ status: 404, body: { param: 'reply_to' } });
		expect(await reply(received, '+14155550124')).toMatchObject({
			status: 422,
			body: { param: 'to' },
		});
		const old = prelude().inbound(PHONE, 'Hello?', new Date(Date.now() - 25 * 3_600_000));
		expect(await reply(old)).toMatchObject({ status: 422, body: { code: 'window_expired' } });
	});

	test('KYC match: true, false with a score, not_available; French numbers only', async () => {
		const match = await v2('POST', '/v2/intel/kyc/match/+33612345678', {
			given_name: 'jeanne',
			family_name: 'Dupond',
			birthdate: '1990-04-12',
			postal_code: '75002',
		});
		expect(match.body).toStrictEqual({
			phone_number: '+33612345678',
			country_code: 'FR',
			operator: 'Orange',
			given_name_match: 'true',
			family_name_match: 'false',
			family_name_match_score: expect.any(Number),
			birthdate_match: 'true',
			postal_code_match: 'false',
			request_id: expect.stringMatching(/^req_/),
		});
		expect(match.body.family_name_match_score).toBeGreaterThan(50);
		expect(
			(await v2('POST', '/v2/intel/kyc/match/+33700000000', { email: 'a@b.fr' })).body.email_match,
		).toBe('not_available');
		expect(await v2('POST', `/v2/intel/kyc/match/${PHONE}`, {})).toMatchObject({
			status: 422,
			body: { code: 'unsupported_region' },
		});
	});

	test('sender IDs go to review or are rejected, and are listed', async () => {
		const submit = (sender_id: string) =>
			v2('POST', '/v2/verification/management/sender-id', { sender_id });
		expect((await submit('Acme')).body).toStrictEqual({ sender_id: 'Acme', status: 'pending' });
		expect((await submit('12345')).body).toMatchObject({
			status: 'rejected',
			reason: expect.any(String),
		});
		prelude().senderIds.get('Acme')!.status = 'approved';
		expect((await submit('Acme')).body.status).toBe('approved');
		expect((await v2('GET', '/v2/verification/management/sender-id')).body).toStrictEqual({
			sender_ids: [
				{ sender_id: 'Acme', status: 'approved' },
				{ sender_id: '12345', status: 'rejected' },
			],
		});
	});
});

describe('Lookup refuses the numbers Prelude refuses, and answers valid ones by their country', () => {
	const v1Lookup = async (number: string) => {
		const response = await axios.get(`${ding.standIn.baseUrl}/lookup/${number}`, {
			headers: { 'x-api-key': API_KEY, 'customer-uuid': CUSTOMER_UUID },
			validateStatus: () => true,
		});
		return { status: response.status, body: response.data };
	};

	test.each([
		['an unassigned country code', '+99912345678'],
		['a country code alone', '+12'],
		['a US number a digit short', '+1415555012'],
		['a French number a digit long', '+336123456789'],
	])('%s (%s): v2 answers 422 invalid_phone_number, v1 400', async (_what, number) => {
		const v2Answer = await v2('GET', `/v2/lookup/${number}`);
		expect(v2Answer.status).toBe(422);
		expect(v2Answer.body).toMatchObject({
			code: 'invalid_phone_number',
			message: `${number} is not a valid phone number`,
			param: 'phone_number',
		});
		expect(v2Answer.body.request_id).toMatch(/^req_/);

		await expect(v1Lookup(number)).resolves.toStrictEqual({
			status: 400,
			body: {
				code: 'invalid_phone_number',
				message: `${number} is not a valid phone number`,
				doc_url: expect.stringContaining('#invalid_phone_number'),
			},
		});
	});

	test.each([
		[PHONE, 'US', 'mobile', 'AT&T', '310'],
		['+447700900123', 'GB', 'mobile', 'Vodafone', '234'],
		['+442079460000', 'GB', 'fixed_line', 'BT', '234'],
		['+33612345678', 'FR', 'mobile', 'Orange', '208'],
		['+4915112345678', 'DE', 'mobile', 'Telekom', '262'],
		['+919876543210', 'IN', 'mobile', 'Airtel', '404'],
	])('%s is a %s %s (%s)', async (number, country, lineType, carrier, mcc) => {
		const v2Answer = await v2('GET', `/v2/lookup/${number}`);
		expect(v2Answer.status).toBe(200);
		expect(v2Answer.body).toMatchObject({
			phone_number: number,
			country_code: country,
			line_type: lineType,
			network_info: { carrier_name: carrier, mcc },
		});

		const v1Answer = await v1Lookup(number);
		expect(v1Answer.status).toBe(200);
		expect(v1Answer.body).toMatchObject({
			phone_number: number,
			country_code: country,
			line_type: lineType === 'mobile' ? 'Mobile' : 'FixedLine',
			carrier,
			mcc,
		});
	});
});
