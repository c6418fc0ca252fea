import { API_KEY, CUSTOMER_UUID, expectNoKey, jsonOf, PHONE, useDing } from '../support/fixtures';

const ding = useDing();

async function sendCode(): Promise<string> {
	const result = await ding.run({ resource: 'otp', operation: 'send', phoneNumber: PHONE });
	expect(result.error).toBeUndefined();
	return result.output[0].json.authentication_uuid as string;
}

const check = (authenticationUuid: string, checkCode: string) => ({
	resource: 'otp',
	operation: 'check',
	authenticationUuid,
	checkCode,
});

const retry = (authenticationUuid: string) => ({
	resource: 'otp',
	operation: 'retry',
	authenticationUuid,
});

describe('OTP → Check (POST /check)', () => {
	test('sends exactly the check model and returns Ding’s answer', async () => {
		const uuid = await sendCode();
		const code = ding.standIn.codeFor(uuid)!;
		ding.standIn.requests = [];

		const result = await ding.run(check(uuid, code));

		expect(ding.standIn.requests).toHaveLength(1);
		const [request] = ding.standIn.requests;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/v1/check');
		expect(request.headers['x-api-key']).toBe(API_KEY);
		expect(JSON.parse(request.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			authentication_uuid: uuid,
			check_code: code,
		});
		expect(jsonOf(result.output)).toStrictEqual([{ authentication_uuid: uuid, status: 'valid' }]);
		expectNoKey(result);
	});

	test('a wrong code is "invalid" and a second good one "already_validated", both as output', async () => {
		const uuid = await sendCode();
		const code = ding.standIn.codeFor(uuid)!;
		const wrong = code === '000000' ? '000001' : '000000';

		const results = [];
		for (const attempt of [wrong, code, code]) results.push(await ding.run(check(uuid, attempt)));

		expect(results.map((r) => r.error)).toStrictEqual([undefined, undefined, undefined]);
		expect(results.map((r) => r.output[0].json.status)).toStrictEqual([
			'invalid',
			'valid',
			'already_validated',
		]);
	});

	test('trims the code and the UUID, and sends the UUID in lower case', async () => {
		const uuid = await sendCode();
		const code = ding.standIn.codeFor(uuid)!;
		ding.standIn.requests = [];

		const result = await ding.run(check(`  ${uuid.toUpperCase()} `, ` ${code}\n`));

		expect(JSON.parse(ding.standIn.requests[0].rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			authentication_uuid: uuid,
			check_code: code,
		});
		expect(result.output[0].json.status).toBe('valid');
	});

	test.each([
		'expired_auth',
		'rate_limited',
		'without_attempt',
		'unknown',
		'a_status_ding_adds_later',
	])('passes "%s" through as output for an IF node to branch on', async (status) => {
		const uuid = await sendCode();
		ding.standIn.answerNext({ status: 200, body: { authentication_uuid: uuid, status } });

		const result = await ding.run(check(uuid, '123456'));

		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output)).toStrictEqual([{ authentication_uuid: uuid, status }]);
	});
});

describe('OTP → Retry (POST /retry)', () => {
	test('sends exactly the retry model; retries count down, then Ding denies', async () => {
		const uuid = await sendCode();
		ding.standIn.requests = [];

		const answers = [];
		for (let attempt = 0; attempt < 4; attempt++) {
			const result = await ding.run(retry(uuid));
			expect(result.error).toBeUndefined();
			answers.push(result.output[0].json);
		}

		expect(ding.standIn.requests).toHaveLength(4);
		for (const request of ding.standIn.requests) {
			expect(request.method).toBe('POST');
			expect(request.url).toBe('/v1/retry');
			expect(request.headers['x-api-key']).toBe(API_KEY);
			expect(JSON.parse(request.rawBody)).toStrictEqual({
				customer_uuid: CUSTOMER_UUID,
				authentication_uuid: uuid,
			});
		}
		expect(answers.map((a) => [a.status, a.remaining_retry])).toStrictEqual([
			['approved', 2],
			['approved', 1],
			['approved', 0],
			['denied', 0],
		]);
		expect(Object.keys(answers[0]).sort()).toStrictEqual([
			'authentication_uuid',
			'created_at',
			'next_retry_at',
			'remaining_retry',
			'status',
		]);
	});

	test('the code sent by a retry is the one that checks valid', async () => {
		const uuid = await sendCode();
		const first = ding.standIn.codeFor(uuid)!;
		await ding.run(retry(uuid));
		const second = ding.standIn.codeFor(uuid)!;

		if (first !== second) {
			const stale = await ding.run(check(uuid, first));
			expect(stale.output[0].json.status).toBe('invalid');
		}
		const result = await ding.run(check(uuid, second));
		expect(result.output[0].json.status).toBe('valid');
	});

	test('a retry after validation is "already_validated", as output', async () => {
		const uuid = await sendCode();
		await ding.run(check(uuid, ding.standIn.codeFor(uuid)!));

		const result = await ding.run(retry(uuid));

		expect(result.error).toBeUndefined();
		expect(result.output[0].json.status).toBe('already_validated');
	});
});
