import { useDing } from '../support/fixtures';

/**
 * 10,000 items in one execution: 10,000 output items, in order, each paired to its input; with a
 * fault in every 20th request and Continue On Fail, the error items are exactly those. (Memory and
 * speed are measured by a benchmark script, not here.)
 */
const ding = useDing();

const COUNT = 10_000;
const phoneOf = (i: number) => `+1415${String(i).padStart(7, '0')}`;
const faulty = (i: number) => i % 20 === 7;

test('10,000 items: every one answered, in order, paired; the injected faults and only they fail', async () => {
	const items = Array.from({ length: COUNT }, (_, i) => ({ i, phone: phoneOf(i) }));
	const faultyPhones = new Set(items.filter(({ i }) => faulty(i)).map(({ phone }) => phone));
	for (let n = 0; n < faultyPhones.size; n++) {
		ding.standIn.answerNext(
			{ status: 400, body: { code: 'blocked_number', message: 'The phone number is blocked.' } },
			(request) => faultyPhones.delete(request.body.phone_number),
		);
	}

	const result = await ding.run(
		{ resource: 'otp', operation: 'send', phoneNumber: '={{ $json.phone }}' },
		items,
		{ onError: 'continueRegularOutput' },
	);

	expect(result.error).toBeUndefined();
	expect(result.output).toHaveLength(COUNT);
	expect(ding.standIn.requests).toHaveLength(COUNT);
	const failedAt: number[] = [];
	result.output.forEach((item, i) => {
		expect(item.pairedItem).toStrictEqual({ item: i });
		if (item.json.error !== undefined) failedAt.push(i);
		else expect(item.json.status).toBe('pending');
	});
	expect(failedAt).toStrictEqual(items.filter(({ i }) => faulty(i)).map(({ i }) => i));
	expect(failedAt).toHaveLength(COUNT / 20);
	// One request per item, each exactly once (in flight together, they may arrive in any order).
	expect(ding.standIn.requests.map((r) => r.body.phone_number).sort()).toStrictEqual(
		items.map((x) => x.phone).sort(),
	);
}, 300_000);
