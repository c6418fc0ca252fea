import { API_KEY, CUSTOMER_UUID, PHONE, usePrelude } from '../support/fixtures';
import { runDing } from '../support/harness';

/**
 * Node versions (Ding.node.ts): a version 1 node, as workflows saved before v2 hold it, keeps Ding v1;
 * version 2 defaults to Prelude Verify v2 and can still choose Ding v1. The stand-in serves both.
 */
const prelude = usePrelude();

describe('versions: old workflows keep Ding v1, and a version 2 node can still choose it', () => {
	test('a version 1 node saved without an API parameter runs Ding v1 with its Ding credential', async () => {
		const result = await runDing({
			parameters: { resource: 'otp', operation: 'send', phoneNumber: PHONE },
			typeVersion: 1,
			credentials: {
				apiKey: API_KEY,
				customerUuid: CUSTOMER_UUID,
				baseUrl: prelude.standIn.baseUrl,
			},
		});

		expect(prelude.standIn.requests.map((r) => r.url)).toStrictEqual(['/v1/authentication']);
		expect(result.output[0].json.status).toBe('pending');
	});

	test('a version 2 node with API Ding v1 uses the Ding credential and v1 fields', async () => {
		const result = await runDing({
			parameters: { api: 'dingV1', resource: 'otp', operation: 'send', phoneNumber: PHONE },
			typeVersion: 2,
			credentials: {
				apiKey: API_KEY,
				customerUuid: CUSTOMER_UUID,
				baseUrl: prelude.standIn.baseUrl,
			},
		});

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: PHONE,
		});
		expect(result.output[0].json.status).toBe('pending');
	});

	test('a version 2 node without an API parameter runs Prelude v2', async () => {
		await prelude.run({ resource: 'otp', operation: 'send', phoneNumber: PHONE });

		expect(prelude.standIn.requests.map((r) => r.url)).toStrictEqual(['/v2/verification']);
	});
});
