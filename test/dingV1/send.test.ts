import { MODELS } from '../../sandbox';
import { API_KEY, CUSTOMER_UUID, expectNoKey, jsonOf, PHONE, useDing } from '../support/fixtures';

const ding = useDing();

const SOME_UUID = 'e0e7b0e9-739d-424b-922f-1c2cb48ab077';

const send = (extra: Record<string, unknown> = {}) => ({
	resource: 'otp',
	operation: 'send',
	phoneNumber: PHONE,
	...extra,
});

/** Every Additional Field, set once, and the body field each must become. */
const EVERY_FIELD = {
	appRealm: 'FA+9qCX9VSu',
	appVersion: '2.4.1',
	callbackUrl: 'https://example.com/hooks/ding',
	correlationId: 'signup-8841',
	deviceId: '9774d56d682e549c',
	deviceModel: 'Pixel 8',
	deviceType: 'ANDROID',
	ip: '203.0.113.7',
	isReturningUser: false,
	locale: 'en-US',
	osVersion: '14',
	senderId: 'MyApp',
	templateId: 'tmpl_default',
};
const EVERY_FIELD_ON_THE_WIRE = {
	customer_uuid: CUSTOMER_UUID,
	phone_number: PHONE,
	app_realm: 'FA+9qCX9VSu',
	app_version: '2.4.1',
	callback_url: 'https://example.com/hooks/ding',
	correlation_id: 'signup-8841',
	device_id: '9774d56d682e549c',
	device_model: 'Pixel 8',
	device_type: 'ANDROID',
	ip: '203.0.113.7',
	is_returning_user: false,
	locale: 'en-US',
	os_version: '14',
	sender_id: 'MyApp',
	template_id: 'tmpl_default',
};

describe('OTP → Send (POST /authentication)', () => {
	test('sends only the required fields when no Additional Field is set', async () => {
		const result = await ding.run(send());

		expect(ding.standIn.requests).toHaveLength(1);
		const [request] = ding.standIn.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/authentication');
		expect(request.url).toBe('/v1/authentication');
		expect(request.headers['x-api-key']).toBe(API_KEY);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.headers.accept).toBe('application/json');
		expect(JSON.parse(request.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: PHONE,
		});

		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output)).toStrictEqual([request.answer]);
		expect(result.output[0].json.status).toBe('pending');
		expectNoKey(result);
	});

	test('sends every optional field once, under its wire name', async () => {
		const result = await ding.run(send({ additionalFields: EVERY_FIELD }));

		expect(result.error).toBeUndefined();
		expect(ding.standIn.requests).toHaveLength(1);
		expect(JSON.parse(ding.standIn.requests[0].rawBody)).toStrictEqual(EVERY_FIELD_ON_THE_WIRE);
	});

	test('covers every field of Ding’s create-authentication model', () => {
		expect(Object.keys(EVERY_FIELD_ON_THE_WIRE).sort()).toStrictEqual(
			Object.keys(MODELS['POST /authentication']).sort(),
		);
	});

	test('leaves out optional fields that were added but left empty', async () => {
		const empty = Object.fromEntries(
			Object.entries(EVERY_FIELD)
				.filter(([, value]) => typeof value === 'string')
				.filter(([name]) => name !== 'deviceType')
				.map(([name]) => [name, name === 'appVersion' ? '   ' : '']),
		);
		const result = await ding.run(send({ additionalFields: empty }));

		expect(result.error).toBeUndefined();
		expect(JSON.parse(ding.standIn.requests[0].rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: PHONE,
		});
	});

	test('resolves expressions per item and normalises what it safely can', async () => {
		const result = await ding.run(
			send({
				phoneNumber: '={{ $json.phone }}',
				additionalFields: {
					correlationId: '={{ "signup-" + $json.id }}',
					isReturningUser: '={{ $json.returning }}',
					deviceType: '={{ $json.device }}',
					locale: '={{ $json.locale }}',
				},
			}),
			[
				{ phone: ' +1 (415) 555-0123 ', id: 1, returning: true, device: 'ios', locale: 'fr-fr' },
				{ phone: '+44 (0)7700.900.123', id: 2, returning: false, device: 'WEB', locale: 'el-GR' },
			],
		);

		expect(result.error).toBeUndefined();
		expect(ding.standIn.requests.map((request) => JSON.parse(request.rawBody))).toStrictEqual([
			{
				customer_uuid: CUSTOMER_UUID,
				phone_number: '+14155550123',
				correlation_id: 'signup-1',
				is_returning_user: true,
				device_type: 'IOS',
				locale: 'fr-FR',
			},
			{
				customer_uuid: CUSTOMER_UUID,
				phone_number: '+447700900123',
				correlation_id: 'signup-2',
				is_returning_user: false,
				device_type: 'WEB',
				locale: 'el-GR',
			},
		]);
		expect(result.output).toHaveLength(2);
	});

	test.each(['rate_limited', 'spam_detected', 'some_status_ding_adds_later'])(
		'passes a %s answer through unchanged, as output',
		async (status) => {
			const answer = {
				authentication_uuid: SOME_UUID,
				status,
				created_at: '2025-03-04T17:59:19Z',
				expires_at: '2025-03-04T18:09:19Z',
				a_field_ding_adds_later: { nested: [1, 2] },
			};
			ding.standIn.answerNext({ status: 200, body: answer });

			const result = await ding.run(send());

			expect(result.error).toBeUndefined();
			expect(jsonOf(result.output)).toStrictEqual([answer]);
		},
	);

	test('accepts a credential Base URL with a trailing slash', async () => {
		const result = await ding.run(send(), [{}], {
			credentials: { baseUrl: `${ding.standIn.baseUrl}/` },
		});
		expect(result.error).toBeUndefined();
		expect(ding.standIn.requests[0].path).toBe('/v1/authentication');
	});
});
