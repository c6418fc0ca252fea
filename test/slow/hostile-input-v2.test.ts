import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { hostileValues } from '../support/arbitraries';
import { expectNoKey, PRELUDE_KEY, usePrelude } from '../support/fixtures';

/**
 * The v2 form of the property in hostile-input.test.ts: whatever value an expression hands a
 * Prelude v2 field, the node either sends a request the strict v2 stand-in finds well-formed (it
 * may still refuse it on business grounds, HTTP 422), or fails that item with a NodeOperationError
 * naming the field and the item before sending anything; never a malformed request (HTTP 400),
 * never another kind of error, never the key.
 */
const prelude = usePrelude();

const anyValue = hostileValues([
	'+14155550123',
	' +1 415 555 0123 ',
	'jane@example.com',
	'123456',
	'6',
	'en-US',
	'sms',
	'WhatsApp',
	'ios',
	'android',
	'203.0.113.7',
	'2001:db8::7',
	'https://example.com/x',
	'verification.completed',
	'',
]);

const base = { api: 'preludeV2', phoneNumber: '+14155550123' };
const send = (collection: string, name: string): INodeParameters => ({
	...base,
	resource: 'otp',
	operation: 'send',
	[collection]: { [name]: '={{ $json.value }}' },
});

const FIELDS: Array<{ label: string; parameters: INodeParameters }> = [
	{
		label: 'send.phoneNumber',
		parameters: { ...base, resource: 'otp', operation: 'send', phoneNumber: '={{ $json.value }}' },
	},
	{
		label: 'send.emailAddress',
		parameters: {
			...base,
			resource: 'otp',
			operation: 'send',
			targetType: 'email_address',
			emailAddress: '={{ $json.value }}',
		},
	},
	...[
		'callbackUrl',
		'channels',
		'codeSize',
		'correlationId',
		'customCode',
		'dispatchId',
		'forceChallenge',
		'locale',
		'maxAutoFallbacks',
		'method',
		'preferredChannel',
		'senderId',
		'templateId',
	].map((name) => ({
		label: `send.verificationOptions.${name}`,
		parameters: send('verificationOptions', name),
	})),
	...[
		'appVersion',
		'deviceId',
		'deviceModel',
		'devicePlatform',
		'ip',
		'isTrustedUser',
		'ja4Fingerprint',
		'osVersion',
		'userAgent',
	].map((name) => ({ label: `send.signals.${name}`, parameters: send('signals', name) })),
	{
		label: 'check.checkCode',
		parameters: { ...base, resource: 'otp', operation: 'check', checkCode: '={{ $json.value }}' },
	},
	{
		label: 'sendFeedback.feedbackType',
		parameters: {
			...base,
			resource: 'otp',
			operation: 'sendFeedback',
			feedbackType: '={{ $json.value }}',
		},
	},
	{
		label: 'lookup.phoneNumber',
		parameters: {
			...base,
			resource: 'lookup',
			operation: 'get',
			phoneNumber: '={{ $json.value }}',
		},
	},
];

describe.each(FIELDS)('v2 $label', ({ parameters }) => {
	test('any value: a well-formed request, or a named NodeOperationError and nothing sent', async () => {
		await fc.assert(
			fc.asyncProperty(anyValue, async (value) => {
				prelude.standIn.reset();
				const result = await prelude.run({ ...parameters, options: { maxRetries: 0 } }, [
					{ value },
				]);

				for (const request of prelude.standIn.requests) {
					expect(request.status).not.toBe(400);
					expect(request.status).toBeLessThan(500);
				}
				if (result.error) {
					expect(['NodeOperationError', 'NodeApiError']).toContain(result.error.name);
					if (result.error.name === 'NodeOperationError') {
						expect(result.error.message).toMatch(/\[item 0\]$/);
						expect(prelude.standIn.requests).toHaveLength(0);
					} else {
						expect(prelude.standIn.requests).toHaveLength(1);
						expect(prelude.standIn.requests[0].status).toBe(422);
					}
				} else {
					expect(result.output).toHaveLength(1);
				}
				expect(JSON.stringify(result.run)).not.toContain(PRELUDE_KEY);
			}),
			{ numRuns: 300 },
		);
		expectNoKey(await prelude.run(parameters, [{ value: '+14155550123' }]));
	}, 120_000);
});
