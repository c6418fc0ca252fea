import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { DingFixture } from '../support/fixtures';
import { jsonOf, pairingOf, useDing, usePrelude } from '../support/fixtures';
import { v2 } from '../preludeV2/helpers';

/**
 * Every item's input is read and checked before any request of the run goes out (router.ts,
 * prepareAll): in a bulk run whose item 100 is bad, without Continue On Fail nobody is texted;
 * with it, the other 100 go out and item 100 gets its error item, in place and paired.
 */
const prelude = usePrelude();
const ding = useDing();

const BAD = 'call me';
/** 101 items, 0-99 distinct valid numbers, item 100 not a phone number. */
const ITEMS: IDataObject[] = [
	...Array.from({ length: 100 }, (_, i) => ({ phone: `+1415555${String(3000 + i)}` })),
	{ phone: BAD },
];
const PHONE = '={{ $json.phone }}';

const cases: Array<[string, () => DingFixture, INodeParameters, string]> = [
	['Prelude Send', () => prelude, v2('otp', 'send', { phoneNumber: PHONE }), 'Phone Number'],
	['Prelude Lookup', () => prelude, v2('lookup', 'get', { phoneNumber: PHONE }), 'Phone Number'],
	[
		'Notify Send',
		() => prelude,
		v2('notify', 'send', { templateId: 'template_01jd1xq0cffycayqtdkdbv4d61', to: PHONE }),
		'To',
	],
	[
		'Fraud Watch Send Feedback (gathered, 100 per request)',
		() => prelude,
		v2('watch', 'sendFeedback', { phoneNumber: PHONE, feedbackType: 'verification.started' }),
		'Phone Number',
	],
	[
		'Ding v1 Send',
		() => ding,
		{ resource: 'otp', operation: 'send', phoneNumber: PHONE },
		'Phone Number',
	],
];

describe('every item is checked before the first request of the run', () => {
	test.each(cases)(
		'%s: item 100 bad, no Continue On Fail: nothing is sent, the error names item 100',
		async (_name, fixture, parameters, field) => {
			const result = await fixture().run(parameters, ITEMS);

			expect(fixture().standIn.requests).toHaveLength(0);
			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toMatch(
				new RegExp(`^${field} "${BAD}" is not .*\\[item 100\\]$`),
			);
			expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(100);
			expect(result.output).toHaveLength(0);
		},
	);

	test.each(cases)(
		'%s: with Continue On Fail (both modes) the other 100 are sent and item 100 is an error item, paired',
		async (_name, fixture, parameters, field) => {
			const { standIn } = fixture();
			const sentNumbers = () =>
				standIn.requests.flatMap((r) => {
					const body = r.body as IDataObject | undefined;
					if (Array.isArray(body?.feedbacks)) {
						return (body.feedbacks as Array<{ target: { value: string } }>).map(
							(f) => f.target.value,
						);
					}
					const target = body?.target as { value?: string } | undefined;
					return [
						target?.value ??
							body?.phone_number ??
							body?.to ??
							decodeURIComponent(r.path.split('/').pop()!),
					];
				});

			const regular = await fixture().run(parameters, ITEMS, { onError: 'continueRegularOutput' });
			expect(new Set(sentNumbers())).toStrictEqual(
				new Set(ITEMS.slice(0, 100).map((i) => i.phone)),
			);
			expect(pairingOf(regular.output)).toStrictEqual(ITEMS.map((_, item) => ({ item })));
			const outputs = jsonOf(regular.output);
			expect(outputs.slice(0, 100).filter((o) => o.error)).toStrictEqual([]);
			expect(outputs[100].error).toMatch(new RegExp(`^${field} "${BAD}" is not `));
			expect(outputs[100].details).toMatchObject({ itemIndex: 100 });

			standIn.reset();
			const routed = await fixture().run(parameters, ITEMS, { onError: 'continueErrorOutput' });
			expect(sentNumbers()).toHaveLength(100);
			expect(pairingOf(routed.output)).toStrictEqual(
				ITEMS.slice(0, 100).map((_, item) => ({ item })),
			);
			expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 100 }]);
			expect(routed.errorOutput[0].json).toMatchObject({ phone: BAD });
		},
	);

	test('an Option refused for item 100 (an expression) also stops the run before anything is sent', async () => {
		const result = await prelude.run(
			v2('lookup', 'get', {
				phoneNumber: PHONE,
				options: { timeout: '={{ $json.phone === "call me" ? 5 : 30000 }}' },
			}),
			ITEMS,
		);

		expect(prelude.standIn.requests).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Timeout (Ms) must be a number from 100 to 300000, but got the number 5 [item 100]',
		);
	});
});
