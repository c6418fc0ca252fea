import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { hostileValues } from '../support/arbitraries';
import { API_KEY, expectNoKey, useDing } from '../support/fixtures';

/**
 * Property: whatever value an expression hands a field (random and huge strings, unicode,
 * control characters, numbers, booleans, objects, lists, null, undefined), the node either
 * sends a request Ding's strict stand-in accepts, or fails that item with a NodeOperationError
 * naming the field and the item before sending anything. It never throws anything else, never
 * hangs, and never shows the key.
 */
const ding = useDing();

const SOME_UUID = 'e0e7b0e9-739d-424b-922f-1c2cb48ab077';

const anyValue = hostileValues([
	'+14155550123',
	' +1 415 555 0123 ',
	'+1-415-555-0123',
	'e0e7b0e9-739d-424b-922f-1c2cb48ab077',
	'E0E7B0E9-739D-424B-922F-1C2CB48AB077',
	'123456',
	' 123456 ',
	'en-US',
	'ios',
	'203.0.113.7',
	'https://example.com/x',
	'onboarded',
	'',
]);

/** Each field of each operation, with the value put in through an expression. */
const FIELDS: Array<{ field: string; label: string; parameters: INodeParameters }> = [
	{
		field: 'Phone Number',
		label: 'send.phoneNumber',
		parameters: { resource: 'otp', operation: 'send', phoneNumber: '={{ $json.value }}' },
	},
	...[
		'appRealm',
		'appVersion',
		'callbackUrl',
		'correlationId',
		'deviceId',
		'deviceModel',
		'deviceType',
		'ip',
		'isReturningUser',
		'locale',
		'osVersion',
		'senderId',
		'templateId',
	].map((name) => ({
		field: '',
		label: `send.${name}`,
		parameters: {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '+14155550123',
			additionalFields: { [name]: '={{ $json.value }}' },
		},
	})),
	{
		field: 'Authentication UUID',
		label: 'check.authenticationUuid',
		parameters: {
			resource: 'otp',
			operation: 'check',
			authenticationUuid: '={{ $json.value }}',
			checkCode: '123456',
		},
	},
	{
		field: 'Check Code',
		label: 'check.checkCode',
		parameters: {
			resource: 'otp',
			operation: 'check',
			authenticationUuid: SOME_UUID,
			checkCode: '={{ $json.value }}',
		},
	},
	{
		field: 'Authentication UUID',
		label: 'retry.authenticationUuid',
		parameters: { resource: 'otp', operation: 'retry', authenticationUuid: '={{ $json.value }}' },
	},
	{
		field: 'Authentication UUID',
		label: 'getStatus.authenticationUuid',
		parameters: {
			resource: 'otp',
			operation: 'getStatus',
			authenticationUuid: '={{ $json.value }}',
		},
	},
	{
		field: 'Status',
		label: 'sendFeedback.status',
		parameters: {
			resource: 'otp',
			operation: 'sendFeedback',
			phoneNumber: '+14155550123',
			status: '={{ $json.value }}',
		},
	},
	{
		field: 'Phone Number',
		label: 'lookup.phoneNumber',
		parameters: { resource: 'lookup', operation: 'get', phoneNumber: '={{ $json.value }}' },
	},
	{
		field: 'Timeout (Ms)',
		label: 'lookup.options.timeout',
		parameters: {
			resource: 'lookup',
			operation: 'get',
			phoneNumber: '+14155550123',
			options: { timeout: '={{ $json.value }}' },
		},
	},
];

describe.each(FIELDS)('$label', ({ field, parameters }) => {
	test('any value: a request Ding accepts, or a named NodeOperationError and nothing sent', async () => {
		await fc.assert(
			fc.asyncProperty(anyValue, async (value) => {
				ding.standIn.reset();
				const result = await ding.run(
					{ ...parameters, options: { maxRetries: 0, ...(parameters.options as object) } },
					[{ value }],
				);

				if (result.error) {
					expect(['NodeOperationError', 'NodeApiError']).toContain(result.error.name);
					if (result.error.name === 'NodeOperationError') {
						expect(result.error.message).toMatch(/\[item 0\]$/);
						if (field) expect(result.error.message).toContain(field);
						expect(ding.standIn.requests).toHaveLength(0);
					} else {
						// Ding (the strict stand-in) refused a request that passed the checks: only
						// business refusals are allowed, never a malformed request. Or a valid but
						// short Timeout (100 ms and up) ran out first, which on a busy machine may
						// happen before the stand-in has even read the request.
						const timedOut = /no answer came in time/.test(result.error.message);
						if (!timedOut) expect(ding.standIn.requests).toHaveLength(1);
						expect(ding.standIn.requests.length).toBeLessThanOrEqual(1);
						for (const request of ding.standIn.requests) {
							expect(JSON.stringify(request.answer ?? '')).not.toContain('bad_request');
						}
					}
				} else {
					expect(result.output).toHaveLength(1);
					for (const request of ding.standIn.requests) {
						expect(request.status).toBeLessThan(500);
						expect(JSON.stringify(request.answer ?? '')).not.toContain('bad_request');
					}
				}
				expect(JSON.stringify(result.run)).not.toContain(API_KEY);
			}),
			{ numRuns: 1000 },
		);
		expectNoKey(await ding.run(parameters, [{ value: '+14155550123' }]));
	}, 120_000);
});
