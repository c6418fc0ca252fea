import type { IDataObject } from 'n8n-workflow';

import { jsonOf, pairingOf, PHONE, usePrelude } from '../support/fixtures';
import { SUSPICIOUS_PHONE } from '../../sandbox/prelude';
import { expectRefused, ONE_AT_A_TIME, requestWhere, sorted, v2, wireOf } from './helpers';

const prelude = usePrelude();

const OTHER_PHONE = '+447700900123';
const THIRD_PHONE = '+33612345678';
const LISTS = '/v2/verification/management/phone-numbers';

const phoneList = (operation: string, extra: IDataObject = {}) =>
	v2('phoneList', operation, { list: 'block', ...extra });
const testNumber = (operation: string, extra: IDataObject = {}) =>
	v2('testNumber', operation, extra);
const senderId = (operation: string, extra: IDataObject = {}) => v2('senderId', operation, extra);

describe('Allow / Block List → Add, Remove, Get Many', () => {
	test.each(['allow', 'block'])(
		'Add to the %s list: POST with the number in the body; the answer comes out, paired',
		async (list) => {
			const result = await prelude.run(phoneList('add', { list, phoneNumber: '+1 415-555-0123' }));

			const [request] = prelude.standIn.requests;
			expect([request.method, request.url]).toStrictEqual(['POST', `${LISTS}/${list}`]);
			expect(request.body).toStrictEqual({ phone_number: PHONE });
			expect(request.status).toBe(201);
			expect(result.output).toHaveLength(1);
			expect(result.output[0].json).toStrictEqual({ phone_number: PHONE });
			expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
			const stored = prelude.standIn.prelude!.list(list);
			expect([...stored]).toStrictEqual([PHONE]);
		},
	);

	test('Remove: DELETE with the number in a JSON body, as the official clients send it', async () => {
		prelude.standIn.prelude!.allowed.add(PHONE);

		const result = await prelude.run(phoneList('remove', { list: 'allow', phoneNumber: PHONE }));

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['DELETE', `${LISTS}/allow`]);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toStrictEqual({ phone_number: PHONE });
		expect(result.output[0].json).toStrictEqual({ phone_number: PHONE });
		expect(prelude.standIn.prelude!.allowed.size).toBe(0);
	});

	test('Get Many: one output item per number, each paired to the item that asked', async () => {
		for (const phone of [PHONE, OTHER_PHONE, THIRD_PHONE])
			prelude.standIn.prelude!.blocked.add(phone);

		const result = await prelude.run(phoneList('getMany', { returnAll: true }), [{}, {}]);

		expect(wireOf(prelude)).toStrictEqual([`GET ${LISTS}/block`, `GET ${LISTS}/block`]);
		expect(prelude.standIn.requests[0].rawBody).toBe('');
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual([
			PHONE,
			OTHER_PHONE,
			THIRD_PHONE,
			PHONE,
			OTHER_PHONE,
			THIRD_PHONE,
		]);
		expect(result.output[0].json).toStrictEqual(
			(prelude.standIn.requests[0].answer as { phone_numbers: IDataObject[] }).phone_numbers[0],
		);
		expect(pairingOf(result.output)).toStrictEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
			{ item: 1 },
		]);
	});

	test('Get Many with a Limit: the first numbers only; an empty list gives no item', async () => {
		for (const phone of [PHONE, OTHER_PHONE, THIRD_PHONE])
			prelude.standIn.prelude!.blocked.add(phone);

		const limited = await prelude.run(phoneList('getMany', { limit: 2 }));
		const empty = await prelude.run(phoneList('getMany', { list: 'allow' }));

		expect(jsonOf(limited.output).map((o) => o.phone_number)).toStrictEqual([PHONE, OTHER_PHONE]);
		expect(empty.output).toStrictEqual([]);
		expect(empty.error).toBeUndefined();
		expect(wireOf(prelude)).toStrictEqual([`GET ${LISTS}/block`, `GET ${LISTS}/allow`]);
	});

	test.each([
		[
			'add',
			'a bad phone number',
			{ phoneNumber: '0612' },
			'Phone Number "0612" is not a phone number in E.164 format',
		],
		['remove', 'an empty phone number', { phoneNumber: '={{ "" }}' }, 'Phone Number is empty'],
		[
			'add',
			'a list that is not one',
			{ list: 'grey', phoneNumber: PHONE },
			'List "grey" is not one of allow, block',
		],
		[
			'getMany',
			'a Limit of 0',
			{ limit: 0 },
			'Limit must be a whole number from 1 to 1000000, but got the number 0',
		],
	])('%s: %s is refused before anything is sent', async (operation, _name, extra, message) => {
		expectRefused(prelude, await prelude.run(phoneList(operation, extra)), message);
	});

	test('Continue On Fail, in both modes', async () => {
		const items = [{ phone: PHONE }, { phone: 'x' }, { phone: OTHER_PHONE }];
		const params = phoneList('add', { phoneNumber: '={{ $json.phone }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(regular.output[1].json).toMatchObject({
			error: 'Phone Number "x" is not a phone number in E.164 format [item 1]',
			details: { itemIndex: 1 },
		});
		expect(sorted([...prelude.standIn.prelude!.blocked])).toStrictEqual(
			sorted([PHONE, OTHER_PHONE]),
		);

		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }, { item: 2 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }]);
	});
});

describe('Test Number → Add, Remove, Get Many (the sandbox)', () => {
	test('Add: PUT the number and its fixed code; a code from an expression as a number goes as text', async () => {
		const result = await prelude.run(
			testNumber('add', { phoneNumber: PHONE, attemptCode: '={{ $json.code }}' }),
			[{ code: 123456 }],
		);

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['PUT', `${LISTS}/sandbox`]);
		expect(request.body).toStrictEqual({ attempt_code: '123456', phone_number: PHONE });
		expect(result.output[0].json).toStrictEqual({ phone_number: PHONE, attempt_code: '123456' });
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('Remove: DELETE with the number in the path, "+" raw, and no body', async () => {
		prelude.standIn.prelude!.sandbox.set(PHONE, {
			phone_number: PHONE,
			attempt_code: '123456',
			createdAt: new Date(),
		});

		const result = await prelude.run(testNumber('remove', { phoneNumber: '+1 (415) 555-0123' }));

		const [request] = prelude.standIn.requests;
		expect([request.method, request.url]).toStrictEqual(['DELETE', `${LISTS}/sandbox/${PHONE}`]);
		expect(request.rawBody).toBe('');
		expect(result.output[0].json).toStrictEqual({ phone_number: PHONE });
		expect(prelude.standIn.prelude!.sandbox.size).toBe(0);
	});

	test('Get Many: one item per test number with its code; Limit keeps the first', async () => {
		await prelude.run(
			testNumber('add', {
				phoneNumber: '={{ $json.phone }}',
				attemptCode: '={{ $json.code }}',
				options: ONE_AT_A_TIME,
			}),
			[
				{ phone: PHONE, code: '111111' },
				{ phone: OTHER_PHONE, code: '222222' },
			],
		);
		prelude.standIn.requests = [];

		const all = await prelude.run(testNumber('getMany', { returnAll: true }));
		const one = await prelude.run(testNumber('getMany', { limit: 1 }));

		expect(wireOf(prelude)).toStrictEqual([`GET ${LISTS}/sandbox`, `GET ${LISTS}/sandbox`]);
		expect(jsonOf(all.output).map((o) => [o.phone_number, o.attempt_code])).toStrictEqual([
			[PHONE, '111111'],
			[OTHER_PHONE, '222222'],
		]);
		expect(pairingOf(all.output)).toStrictEqual([{ item: 0 }, { item: 0 }]);
		expect(jsonOf(one.output).map((o) => o.phone_number)).toStrictEqual([PHONE]);
	});

	test.each([
		[
			'add',
			'an empty Fixed Code',
			{ phoneNumber: PHONE, attemptCode: '={{ " " }}' },
			'Fixed Code is empty',
		],
		[
			'add',
			'a Fixed Code that is not text',
			{ phoneNumber: PHONE, attemptCode: '={{ true }}' },
			'Fixed Code must be text, but got the boolean true',
		],
		[
			'add',
			'a bad phone number',
			{ phoneNumber: '+1', attemptCode: '123456' },
			'Phone Number "+1" is not a phone number in E.164 format',
		],
		[
			'remove',
			'a bad phone number',
			{ phoneNumber: 'abc' },
			'Phone Number "abc" is not a phone number in E.164 format',
		],
	])('%s: %s is refused before anything is sent', async (operation, _name, extra, message) => {
		expectRefused(prelude, await prelude.run(testNumber(operation, extra)), message);
	});

	test('Continue On Fail, in both modes', async () => {
		const items = [{ phone: 'x' }, { phone: PHONE }];
		const params = testNumber('remove', { phoneNumber: '={{ $json.phone }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(regular.output[0].json.error).toBe(
			'Phone Number "x" is not a phone number in E.164 format [item 0]',
		);
		expect(regular.output[1].json).toStrictEqual({ phone_number: PHONE });

		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 1 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 0 }]);
	});
});

describe('Sender ID → Submit, Get Many', () => {
	test('Submit: POST the name; a pending review and a rejection both come out as answers, paired', async () => {
		const result = await prelude.run(senderId('submit', { senderId: '={{ $json.name }}' }), [
			{ name: ' Acme ' },
			{ name: 'A!' },
		]);

		expect(wireOf(prelude)).toStrictEqual([
			'POST /v2/verification/management/sender-id',
			'POST /v2/verification/management/sender-id',
		]);
		const submitted = (name: string) => requestWhere(prelude, (r) => r.body.sender_id === name);
		expect(submitted('Acme').body).toStrictEqual({ sender_id: 'Acme' });
		expect(submitted('A!').body).toStrictEqual({ sender_id: 'A!' });
		expect(jsonOf(result.output)).toStrictEqual([submitted('Acme').answer, submitted('A!').answer]);
		expect(jsonOf(result.output).map((o) => o.status)).toStrictEqual(['pending', 'rejected']);
		expect(result.output[1].json.reason).toBeTruthy();
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
	});

	test('Get Many: one item per sender ID with its status; Limit keeps the first', async () => {
		const ids = prelude.standIn.prelude!.senderIds;
		ids.set('Acme', { sender_id: 'Acme', status: 'approved' });
		ids.set('AcmeShop', { sender_id: 'AcmeShop', status: 'pending' });

		const all = await prelude.run(senderId('getMany', { returnAll: true }));
		const one = await prelude.run(senderId('getMany', { limit: 1 }));

		expect(wireOf(prelude)).toStrictEqual([
			'GET /v2/verification/management/sender-id',
			'GET /v2/verification/management/sender-id',
		]);
		expect(jsonOf(all.output)).toStrictEqual([
			{ sender_id: 'Acme', status: 'approved' },
			{ sender_id: 'AcmeShop', status: 'pending' },
		]);
		expect(jsonOf(one.output)).toStrictEqual([{ sender_id: 'Acme', status: 'approved' }]);
	});

	test('Submit with an empty Sender ID is refused before anything is sent', async () => {
		expectRefused(
			prelude,
			await prelude.run(senderId('submit', { senderId: '={{ "  " }}' })),
			'Sender ID is empty',
		);
	});

	test('Continue On Fail, in both modes', async () => {
		const items = [{ name: 'Acme' }, { name: 42 }];
		const params = senderId('submit', { senderId: '={{ $json.name }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(regular.output[1].json.error).toBe(
			'Sender ID must be text, but got the number 42 [item 1]',
		);

		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }]);
	});
});

describe('Lists, test numbers and sender IDs change nothing when repeated: a failed request is retried', () => {
	test.each([
		['Allow / Block List → Add', phoneList('add', { phoneNumber: PHONE })],
		['Allow / Block List → Remove', phoneList('remove', { phoneNumber: PHONE })],
		['Allow / Block List → Get Many', phoneList('getMany')],
		['Test Number → Add', testNumber('add', { phoneNumber: PHONE, attemptCode: '123456' })],
		['Test Number → Remove', testNumber('remove', { phoneNumber: PHONE })],
		['Test Number → Get Many', testNumber('getMany')],
		['Sender ID → Submit', senderId('submit', { senderId: 'Acme' })],
		['Sender ID → Get Many', senderId('getMany')],
	])('%s after a 503', async (_name, params) => {
		prelude.standIn.answerNext({ status: 503, body: {}, headers: { 'retry-after': '0' } });

		const result = await prelude.run(params);

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(prelude.standIn.requests[1].url).toBe(prelude.standIn.requests[0].url);
		expect(prelude.standIn.requests[1].rawBody).toBe(prelude.standIn.requests[0].rawBody);
		expect(result.error).toBeUndefined();
	});

	test.each([
		['Allow / Block List → Remove', phoneList('remove', { phoneNumber: PHONE })],
		['Test Number → Add', testNumber('add', { phoneNumber: PHONE, attemptCode: '123456' })],
	])('%s after a lost connection', async (_name, params) => {
		prelude.standIn.answerNext({ status: 0, fault: 'reset' });

		const result = await prelude.run(params);

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.phone_number).toBe(PHONE);
	});

	test('a 422 is final: not repeated, with the API’s code', async () => {
		prelude.standIn.answerNext({
			status: 422,
			body: { code: 'invalid_phone_number', message: 'not a mobile number' },
		});

		const result = await prelude.run(phoneList('add', { phoneNumber: PHONE }));

		expect(prelude.standIn.requests).toHaveLength(1);
		expect(result.error?.message).toBe(
			'Prelude refused the request: not a mobile number (invalid_phone_number)',
		);
	});
});

describe('The sandbox and the lists, end to end', () => {
	const send = (phone: string) => v2('otp', 'send', { phoneNumber: phone });

	test('a test number with code 123456: Send texts nobody, Check with 123456 succeeds', async () => {
		let texted = 0;
		prelude.standIn.prelude!.onCode = () => (texted += 1);
		try {
			await prelude.run(testNumber('add', { phoneNumber: PHONE, attemptCode: '123456' }));
			const sent = await prelude.run(send(PHONE));
			const checked = await prelude.run(
				v2('otp', 'check', { phoneNumber: PHONE, checkCode: '123456' }),
			);
			const history = await prelude.run(
				v2('otp', 'get', { verificationId: sent.output[0].json.id, options: { simplify: true } }),
			);

			expect(texted).toBe(0);
			expect(sent.output[0].json).toMatchObject({ status: 'success' });
			expect(sent.output[0].json.channels).toBeUndefined();
			expect(checked.output[0].json).toMatchObject({
				id: sent.output[0].json.id,
				status: 'success',
			});
			expect(history.output[0].json).toMatchObject({ phone_number_condition: 'sandboxed' });
			expect(history.output[0].json.dingVerification).toStrictEqual({
				verified: true,
				status: 'converted',
				attempts: 0,
				checks: 1,
				latestDeliveryStatus: null,
			});

			// Removed from the sandbox, the number gets real codes again.
			await prelude.run(testNumber('remove', { phoneNumber: PHONE }));
			await prelude.run(send(OTHER_PHONE));
			expect(texted).toBe(1);
		} finally {
			prelude.standIn.prelude!.onCode = undefined;
		}
	});

	test('a number added to the block list: Send answers blocked, Watch Predict says suspicious', async () => {
		const before = await prelude.run(v2('watch', 'predict', { phoneNumber: PHONE }));
		await prelude.run(phoneList('add', { list: 'block', phoneNumber: PHONE }));
		const sent = await prelude.run(send(PHONE));
		const predicted = await prelude.run(v2('watch', 'predict', { phoneNumber: PHONE }));
		await prelude.run(phoneList('remove', { list: 'block', phoneNumber: PHONE }));
		const after = await prelude.run(v2('watch', 'predict', { phoneNumber: PHONE }));

		expect(before.output[0].json.prediction).toBe('legitimate');
		expect(sent.output[0].json).toMatchObject({ status: 'blocked', reason: 'in_block_list' });
		expect(predicted.output[0].json).toMatchObject({
			prediction: 'suspicious',
			risk_factors: ['fraud_database'],
		});
		expect(after.output[0].json.prediction).toBe('legitimate');
	});

	test('the allow list lets a suspicious number through', async () => {
		const refused = await prelude.run(send(SUSPICIOUS_PHONE));
		await prelude.run(phoneList('add', { list: 'allow', phoneNumber: SUSPICIOUS_PHONE }));
		const allowed = await prelude.run(send(SUSPICIOUS_PHONE));

		expect(refused.output[0].json).toMatchObject({ status: 'blocked', reason: 'suspicious' });
		expect(allowed.output[0].json).toMatchObject({ status: 'success' });
	});
});
