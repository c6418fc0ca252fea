import type { INodeParameters } from 'n8n-workflow';

import { PHONE, usePrelude } from '../support/fixtures';
import { setSsrfEnvironment, ssrfSettings } from '../support/ssrf';

/**
 * n8n's SSRF protection (N8N_SSRF_*, off by default in 2.x and in 3.0; n8n 3 blocks more ranges
 * when it is on) guards every request of n8n-core's request helpers, this node's too. Run here on
 * n8n-core 2.41's own SsrfProtectionService, against the stand-in on 127.0.0.1: which setting lets
 * the node reach a local server (the `npm start` sandbox, a user's proxy), and what the user reads
 * when it is blocked.
 */

const prelude = usePrelude();
afterAll(() => setSsrfEnvironment({}));

/** Send (texts someone: never repeated blindly) or Lookup (a read: retried after faults). */
const operation = (resource: 'otp' | 'lookup', name: 'send' | 'get'): INodeParameters => ({
	api: 'preludeV2',
	resource,
	operation: name,
	phoneNumber: PHONE,
});

async function sendTo(host: '127.0.0.1' | 'localhost', parameters = operation('otp', 'send')) {
	const baseUrl = prelude.standIn.preludeBaseUrl.replace('127.0.0.1', host);
	return await prelude.run(parameters, [{}], { credentials: { baseUrl } });
}

const ON = { N8N_SSRF_PROTECTION_ENABLED: 'true' };

test.each([
	['off (the default)', '127.0.0.1', {}],
	[
		'on, loopback allowed by range',
		'127.0.0.1',
		{ ...ON, N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' },
	],
	[
		'on, loopback allowed by range',
		'localhost',
		{ ...ON, N8N_SSRF_ALLOWED_IP_RANGES: '127.0.0.1/32' },
	],
	[
		'on, localhost allowed by name',
		'localhost',
		{ ...ON, N8N_SSRF_ALLOWED_HOSTNAMES: 'localhost' },
	],
] as const)('protection %s: a Base URL on %s is reached', async (_what, host, env) => {
	setSsrfEnvironment(env);
	const result = await sendTo(host);
	expect(result.error).toBeUndefined();
	expect(prelude.standIn.requests).toHaveLength(1);
	expect(result.output).toHaveLength(1);
});

test.each([
	['on', '127.0.0.1', ON],
	['on', 'localhost', ON],
	// A name in the allow-list does not cover an address written as such in the URL.
	[
		'on, localhost allowed by name',
		'127.0.0.1',
		{ ...ON, N8N_SSRF_ALLOWED_HOSTNAMES: 'localhost' },
	],
] as const)(
	'protection %s: a Base URL on %s is blocked, nothing is sent, the error names the settings',
	async (_what, host, env) => {
		setSsrfEnvironment(env);
		expect(ssrfSettings().enabled).toBe(true);
		const result = await sendTo(host);
		expect(prelude.standIn.requests).toStrictEqual([]);
		expect(result.error?.message).toBe(
			"n8n's SSRF protection blocked the request to Prelude: nothing was sent",
		);
		expect(result.error?.description).toContain('N8N_SSRF_ALLOWED_HOSTNAMES');
		expect(result.error?.description).toContain('N8N_SSRF_ALLOWED_IP_RANGES');
		// A blocked request is certain not to have texted anyone: no "may have been sent".
		expect(result.error?.description).not.toContain('may');
	},
);

test('a blocked read is not retried: the same block would come back', async () => {
	setSsrfEnvironment(ON);
	const result = await sendTo('127.0.0.1', operation('lookup', 'get'));
	expect(prelude.standIn.requests).toStrictEqual([]);
	expect(result.error?.message).toBe(
		"n8n's SSRF protection blocked the request to Prelude: nothing was sent",
	);
	expect(result.error?.description).not.toContain('Tried');
});
