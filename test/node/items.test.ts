import { expectNoKey, jsonOf, pairingOf, useDing } from '../support/fixtures';

const ding = useDing();

const SEND = { resource: 'otp', operation: 'send', phoneNumber: '={{ $json.phone }}' };

/** Five sign-ups: item 1 is not a phone number, Ding refuses item 3. */
const SIGNUPS = [
	{ id: 'a', phone: '+14155550100' },
	{ id: 'b', phone: 'call me' },
	{ id: 'c', phone: '+14155550102' },
	{ id: 'd', phone: '+14155550103' },
	{ id: 'e', phone: '+14155550104' },
];

function refuseItem3() {
	ding.standIn.answerNext(
		{
			status: 400,
			body: { code: 'blocked_number', message: 'The phone number is blocked.' },
		},
		(request) => request.body.phone_number === '+14155550103',
	);
}

describe('several items in one run', () => {
	test('one output item per input item, in order, each paired to its input', async () => {
		const items = [0, 1, 2, 3].map((i) => ({ phone: `+1415555010${i}` }));

		const result = await ding.run(SEND, items);

		expect(result.error).toBeUndefined();
		expect(ding.standIn.requests.map((r) => r.body.phone_number)).toStrictEqual(
			items.map((i) => i.phone),
		);
		expect(jsonOf(result.output)).toStrictEqual(ding.standIn.requests.map((r) => r.answer));
		expect(pairingOf(result.output)).toStrictEqual([0, 1, 2, 3].map((item) => ({ item })));
	});

	test('Continue On Fail (continue): error items take their place, paired, and the rest go on', async () => {
		refuseItem3();

		const result = await ding.run(SEND, SIGNUPS, { onError: 'continueRegularOutput' });

		expect(result.error).toBeUndefined();
		expect(ding.standIn.requests.map((r) => r.body.phone_number)).toStrictEqual([
			'+14155550100',
			'+14155550102',
			'+14155550103',
			'+14155550104',
		]);
		expect(result.output).toHaveLength(5);
		expect(pairingOf(result.output)).toStrictEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(result.output.map((item) => item.json.status ?? 'error')).toStrictEqual([
			'pending',
			'error',
			'pending',
			'error',
			'pending',
		]);
		expect(result.output[1].json).toStrictEqual({
			error: 'Phone Number "call me" is not a phone number in E.164 format [item 1]',
			details: {
				itemIndex: 1,
				description: expect.stringContaining('E.164'),
			},
		});
		expect(result.output[3].json).toStrictEqual({
			error: 'Ding refused the request: The phone number is blocked. (blocked_number)',
			details: {
				itemIndex: 3,
				httpCode: '400',
				code: 'blocked_number',
				description: expect.stringContaining('blocklist'),
			},
		});
		expectNoKey(result);
	});

	test('Continue On Fail (error output): failures go to the error output, paired, with their input', async () => {
		refuseItem3();

		const result = await ding.run(SEND, SIGNUPS, { onError: 'continueErrorOutput' });

		expect(result.error).toBeUndefined();
		expect(result.output.length + result.errorOutput.length).toBe(SIGNUPS.length);
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 2 }, { item: 4 }]);
		expect(result.output.every((item) => item.json.status === 'pending')).toBe(true);
		expect(pairingOf(result.errorOutput)).toStrictEqual([{ item: 1 }, { item: 3 }]);
		// n8n puts the failed input's fields beside the error, so the branch knows whom it failed for.
		expect(result.errorOutput.map((item) => [item.json.id, item.json.phone])).toStrictEqual([
			['b', 'call me'],
			['d', '+14155550103'],
		]);
		expect(result.errorOutput.map((item) => item.json)).toStrictEqual([
			{
				id: 'b',
				phone: 'call me',
				error: 'Phone Number "call me" is not a phone number in E.164 format [item 1]',
			},
			{
				id: 'd',
				phone: '+14155550103',
				error: 'Ding refused the request: The phone number is blocked. (blocked_number)',
			},
		]);

		expectNoKey(result);
	});

	test('without Continue On Fail the run stops at the first failure, naming that item, before anything is sent', async () => {
		const result = await ding.run(SEND, SIGNUPS);

		expect(result.error?.message).toContain('[item 1]');
		expect(ding.standIn.requests).toHaveLength(0);
		expect(result.output).toHaveLength(0);
		expect(result.run.status).toBe('error');
	});

	test('a Ding error without Continue On Fail fails the run with the mapped message and item', async () => {
		refuseItem3();
		const items = SIGNUPS.filter((signup) => signup.id !== 'b');

		// One at a time, so that nothing after the failing item has started (batching.test.ts
		// covers the items in flight beside it).
		const result = await ding.run(
			{ ...SEND, options: { batching: { batch: { mode: 'fixed', batchSize: 1 } } } },
			items,
		);

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			'Ding refused the request: The phone number is blocked. (blocked_number)',
		);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(2);
		expect(ding.standIn.requests).toHaveLength(3);
	});

	test('mixed operations by expression are not possible: operation is fixed per node', async () => {
		const result = await ding.run({ ...SEND, operation: '={{ "check" }}' }, [
			{ phone: '+14155550100' },
		]);

		// n8n refuses expressions on the operation selector (noDataExpression), so the saved
		// expression text is read as an unknown operation and the item fails before sending.
		expect(result.error?.message).toContain('is not known');
		expect(ding.standIn.requests).toHaveLength(0);
	});
});
