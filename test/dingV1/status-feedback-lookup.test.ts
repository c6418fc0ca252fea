import { API_KEY, CUSTOMER_UUID, expectNoKey, jsonOf, PHONE, useDing } from '../support/fixtures';

const ding = useDing();

async function sendCode(phone = PHONE): Promise<string> {
	const result = await ding.run({ resource: 'otp', operation: 'send', phoneNumber: phone });
	expect(result.error).toBeUndefined();
	return result.output[0].json.authentication_uuid as string;
}

const getStatus = (authenticationUuid: string, options = {}) => ({
	resource: 'otp',
	operation: 'getStatus',
	authenticationUuid,
	options,
});

describe('OTP → Get Status (GET /authentication/{auth_uuid})', () => {
	test('sends a bodiless GET with only the key, and returns Ding’s answer unchanged', async () => {
		const uuid = await sendCode();
		ding.standIn.requests = [];

		const result = await ding.run(getStatus(uuid));

		expect(ding.standIn.requests).toHaveLength(1);
		const [request] = ding.standIn.requests;
		expect(request.method).toBe('GET');
		expect(request.url).toBe(`/v1/authentication/${uuid}`);
		expect(request.rawBody).toBe('');
		expect(request.headers['x-api-key']).toBe(API_KEY);
		expect(request.headers['customer-uuid']).toBeUndefined();
		expect(jsonOf(result.output)).toStrictEqual([request.answer]);
		expect(result.output[0].json).toMatchObject({ uuid, phone_number: PHONE });
		expectNoKey(result);
	});

	test('Simplify adds the latest delivery and check status, the attempts and whether it was verified', async () => {
		const uuid = await sendCode();
		const first = ding.standIn.codeFor(uuid)!;
		await ding.run({
			resource: 'otp',
			operation: 'check',
			authenticationUuid: uuid,
			checkCode: first === '000000' ? '000001' : '000000',
		});
		await ding.run({ resource: 'otp', operation: 'retry', authenticationUuid: uuid });
		const beforeValid = await ding.run(getStatus(uuid, { simplify: true }));
		await ding.run({
			resource: 'otp',
			operation: 'check',
			authenticationUuid: uuid,
			checkCode: ding.standIn.codeFor(uuid)!,
		});

		const result = await ding.run(getStatus(uuid, { simplify: true }));

		expect(beforeValid.output[0].json).toMatchObject({
			latest_delivery_status: 'delivered',
			latest_check_status: 'invalid',
			attempts: 2,
			verified: false,
		});
		const answer = ding.standIn.requests.at(-1)!.answer;
		expect(result.output[0].json).toStrictEqual({
			...answer,
			latest_delivery_status: 'delivered',
			latest_check_status: 'valid',
			attempts: 2,
			verified: true,
		});
	});

	test('Simplify reads events by time, and lets types and values Ding adds later pass through', async () => {
		const uuid = await sendCode();
		const answer = {
			uuid,
			phone_number: PHONE,
			signals: { device_type: 'TVOS' },
			events: [
				{ type: 'delivery_status', status: 'undeliverable', created_at: '2025-03-04T18:00:09Z' },
				{
					type: 'attempt',
					capability: 'zalo',
					status: 'delivered',
					created_at: '2025-03-04T18:00:00Z',
				},
				{ type: 'delivery_status', status: 'in_transit', created_at: '2025-03-04T18:00:05Z' },
				{ type: 'voice_call', status: 'answered', created_at: '2025-03-04T18:00:10Z' },
				{ type: 'check', status: 'some_new_status', created_at: '2025-03-04T18:00:20Z' },
			],
		};
		ding.standIn.answerNext({ status: 200, body: answer });

		const result = await ding.run(getStatus(uuid, { simplify: true }));

		expect(result.output[0].json).toStrictEqual({
			...answer,
			latest_delivery_status: 'undeliverable',
			latest_check_status: 'some_new_status',
			attempts: 1,
			verified: false,
		});
	});

	test('Simplify on an authentication without events', async () => {
		const uuid = await sendCode();
		ding.standIn.answerNext({ status: 200, body: { uuid } });

		const result = await ding.run(getStatus(uuid, { simplify: true }));

		expect(result.output[0].json).toStrictEqual({
			uuid,
			latest_delivery_status: null,
			latest_check_status: null,
			attempts: 0,
			verified: false,
		});
	});

	test('an unknown authentication is Ding’s invalid_auth_uuid, mapped', async () => {
		const result = await ding.run(getStatus('e0e7b0e9-739d-424b-922f-1c2cb48ab077'));

		expect(result.error?.message).toBe(
			'Ding refused the request: The authentication UUID is invalid. (invalid_auth_uuid)',
		);
	});

	test.each([
		'../lookup/+14155550123',
		'e0e7b0e9-739d-424b-922f-1c2cb48ab077?x=1',
		'e0e7b0e9-739d-424b-922f-1c2cb48ab077#frag',
	])('a UUID that tries to reach another path (%s) is refused before sending', async (uuid) => {
		const result = await ding.run(getStatus(uuid));

		expect(result.error?.message).toContain('is not a UUID');
		expect(ding.standIn.requests).toHaveLength(0);
	});
});

const feedback = (phoneNumber: string, status: string) => ({
	resource: 'otp',
	operation: 'sendFeedback',
	phoneNumber,
	status,
});

describe('OTP → Send Feedback (POST /authentication/feedback)', () => {
	test.each(['onboarded', 'not_onboarded'])(
		'sends exactly the feedback model with status %s',
		async (status) => {
			await sendCode();
			ding.standIn.requests = [];

			const result = await ding.run(feedback('+1 415 555 0123', status));

			const [request] = ding.standIn.requests;
			expect(request.method).toBe('POST');
			expect(request.url).toBe('/v1/authentication/feedback');
			expect(JSON.parse(request.rawBody)).toStrictEqual({
				customer_uuid: CUSTOMER_UUID,
				phone_number: PHONE,
				status,
			});
			expect(jsonOf(result.output)).toStrictEqual([request.answer]);
			expect(result.output[0].json.uuid).toMatch(/^[0-9a-f-]{36}$/);
		},
	);

	test('Ding’s no_associated_auth_found and duplicated_feedback_status are mapped', async () => {
		const unknown = await ding.run(feedback('+447700900999', 'onboarded'));
		expect(unknown.error?.message).toContain('(no_associated_auth_found)');
		expect(unknown.error?.description).toContain('Send a code to the phone number first');

		await sendCode();
		await ding.run(feedback(PHONE, 'onboarded'));
		const again = await ding.run(feedback(PHONE, 'onboarded'));
		expect(again.error?.message).toContain('(duplicated_feedback_status)');
	});

	test('a status from an expression must be one of the two', async () => {
		const result = await ding.run(feedback(PHONE, '={{ "signed_up" }}'));

		expect(result.error?.message).toBe(
			'Status "signed_up" is not one of not_onboarded, onboarded [item 0]',
		);
		expect(ding.standIn.requests).toHaveLength(0);
	});
});

const lookup = (phoneNumber: string, options = {}) => ({
	resource: 'lookup',
	operation: 'get',
	phoneNumber,
	options,
});

describe('Lookup → Get (GET /lookup/{phone_number})', () => {
	test('percent-encodes the number, sends the customer UUID as a header, returns the answer unchanged', async () => {
		const result = await ding.run(lookup(' +1 415 555 0123 '));

		expect(ding.standIn.requests).toHaveLength(1);
		const [request] = ding.standIn.requests;
		expect(request.method).toBe('GET');
		expect(request.url).toBe('/v1/lookup/+14155550123');
		expect(request.rawBody).toBe('');
		expect(request.headers['x-api-key']).toBe(API_KEY);
		expect(request.headers['customer-uuid']).toBe(CUSTOMER_UUID);
		expect(jsonOf(result.output)).toStrictEqual([request.answer]);
		expect(result.output[0].json).not.toHaveProperty('caller_name');
		expectNoKey(result);
	});

	test('Include Caller Name asks for CNAM with type=cnam', async () => {
		const result = await ding.run(lookup(PHONE, { callerName: true }));

		expect(ding.standIn.requests[0].url).toBe('/v1/lookup/+14155550123?type=cnam');
		expect(result.output[0].json.caller_name).toBe('JANE DOE');
	});

	test('a line type or field Ding adds later passes through', async () => {
		const answer = {
			phone_number: PHONE,
			line_type: 'QuantumLink',
			flags: ['ported'],
			temporary_phone_number: true,
		};
		ding.standIn.answerNext({ status: 200, body: answer });

		const result = await ding.run(lookup(PHONE));

		expect(jsonOf(result.output)).toStrictEqual([answer]);
	});

	test('Ding errors are mapped, e.g. unsupported_region', async () => {
		ding.standIn.answerNext({
			status: 400,
			body: { code: 'unsupported_region', message: 'Region not supported.' },
		});

		const result = await ding.run(lookup(PHONE));

		expect(result.error?.message).toBe(
			'Ding refused the request: Region not supported. (unsupported_region)',
		);
		expect(result.error?.description).toContain('supported country');
	});

	test.each(['+1415555/0123', '+14155550123?type=cnam', '../authentication', '+1415555#0123'])(
		'a number that is not E.164 (%s) is refused before sending: no path or query can be injected',
		async (phone) => {
			const result = await ding.run(lookup(phone));

			expect(result.error?.message).toContain('is not a phone number in E.164 format');
			expect(ding.standIn.requests).toHaveLength(0);
		},
	);

	test('several numbers: one request and one paired output item each', async () => {
		const phones = ['+14155550100', '+447700900100', '+14155550101'];

		const result = await ding.run(
			{ ...lookup('={{ $json.phone }}') },
			phones.map((phone) => ({ phone })),
		);

		expect(ding.standIn.requests.map((r) => r.url)).toStrictEqual(
			phones.map((phone) => `/v1/lookup/${phone}`),
		);
		expect(result.output.map((item) => [item.json.phone_number, item.pairedItem])).toStrictEqual(
			phones.map((phone, item) => [phone, { item }]),
		);
	});
});
