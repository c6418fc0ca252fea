import axios from 'axios';

import { API_KEY, CUSTOMER_UUID, PHONE, useDing } from '../support/fixtures';

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
