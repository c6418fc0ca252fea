import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { INITIAL_WINDOW, Pace } from '../../nodes/Ding/run/pace';
import { captureServer } from '../support/capture';
import { API_KEY, jsonOf, PHONE, PRELUDE_KEY, useDing, usePrelude } from '../support/fixtures';
import { credentialReads, testDingCredential } from '../support/harness';

/**
 * Secrets stay home: the key goes only to its API's host over https (loopback excepted), inside
 * the credential's Allowed Domains, never along a redirect and never into an error; a cancelled
 * run stops at once; Timeout bounds the whole answer.
 */

const prelude = usePrelude();
const ding = useDing();

const SEND: INodeParameters = {
	api: 'preludeV2',
	resource: 'otp',
	operation: 'send',
	phoneNumber: PHONE,
};
const LOOKUP: INodeParameters = {
	api: 'preludeV2',
	resource: 'lookup',
	operation: 'get',
	phoneNumber: '={{ $json.phone }}',
};
const phones = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ phone: `+1415555${String(1000 + i)}` }));

describe('redirects are never followed', () => {
	test.each([
		[302, 'GET Lookup', LOOKUP],
		[307, 'POST Send', SEND],
	])('a %d on %s: the other host gets nothing, the error names it', async (status, _what, node) => {
		const other = await captureServer();
		try {
			prelude.standIn.answerNext({ status, headers: { location: `${other.url}/stolen` } });
			const result = await prelude.run(node, [{ phone: PHONE }]);

			expect(other.received).toStrictEqual([]);
			const host = new URL(other.url).host;
			expect(result.error?.message).toBe(
				`Prelude answered with a redirect to ${host} (HTTP ${status}); it was not followed and the API key was not sent there`,
			);
			expect(result.error?.description).toContain('should be https://api.prelude.dev');
			expect(prelude.standIn.requests).toHaveLength(1);
		} finally {
			await other.close();
		}
	});

	test('Ding v1 too: its x-api-key does not follow a 302', async () => {
		const other = await captureServer();
		try {
			ding.standIn.answerNext({ status: 302, headers: { location: other.url } });
			const result = await ding.run({ resource: 'lookup', operation: 'get', phoneNumber: PHONE });
			expect(other.received).toStrictEqual([]);
			expect(result.error?.message).toMatch(
				/^Ding answered with a redirect to 127\.0\.0\.1:\d+ \(HTTP 302\)/,
			);
		} finally {
			await other.close();
		}
	});
});

describe('where the key may go', () => {
	test('a plain-http Base URL outside loopback is refused before anything is sent', async () => {
		const result = await prelude.run(SEND, undefined, {
			credentials: { baseUrl: 'http://api.prelude.dev' },
		});
		expect(result.error?.message).toBe(
			'The Base URL of the Prelude API credential uses plain http (api.prelude.dev): the API key would travel unencrypted. Use https://; plain http is allowed only for localhost, 127.0.0.1 and [::1]. [item 0]',
		);
		expect(prelude.standIn.requests).toStrictEqual([]);
	});

	test.each([
		['api.prelude.dev', false],
		['*.127.0.0.1', false],
		['example.com, 127.0.0.1', true],
	])('Allowed Domains "%s": sent to the stand-in on 127.0.0.1: %s', async (allowed, sent) => {
		const result = await prelude.run(SEND, undefined, {
			credentials: { allowedHttpRequestDomains: 'domains', allowedDomains: allowed },
		});
		expect(prelude.standIn.requests).toHaveLength(sent ? 1 : 0);
		if (!sent) {
			expect(result.error?.message).toMatch(
				/^The Prelude API credential allows requests only to .*, not to 127\.0\.0\.1\./,
			);
		}
	});

	test('"All" and "None" (n8n\'s setting for the HTTP Request node) leave the API\'s own host alone', async () => {
		for (const setting of ['all', 'none']) {
			const result = await prelude.run(SEND, undefined, {
				credentials: { allowedHttpRequestDomains: setting, allowedDomains: '' },
			});
			expect(result.error).toBeUndefined();
		}
	});

	test('the credential test refuses too, with the key unsent', async () => {
		const other = await captureServer();
		try {
			const result = await testDingCredential(
				{
					apiKey: PRELUDE_KEY,
					baseUrl: new URL(other.url).origin,
					allowedHttpRequestDomains: 'domains',
					allowedDomains: 'api.prelude.dev',
				},
				'preludeApi',
			);
			expect(result.status).toBe('Error');
			expect(result.message).toContain('allows requests only to api.prelude.dev, not to 127.0.0.1');
			expect(other.received).toStrictEqual([]);
		} finally {
			await other.close();
		}
	});

	test('the credential test refuses a plain-http Base URL outside loopback', async () => {
		const result = await testDingCredential(
			{ apiKey: PRELUDE_KEY, baseUrl: 'http://api.prelude.dev' },
			'preludeApi',
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('uses plain http');
	});
});

describe('secrets in what the API answers', () => {
	test.each([
		['an echoed Authorization header', `Authorization: Bearer ${PRELUDE_KEY} is not valid`],
		['the bare key', `key ${PRELUDE_KEY} unknown`],
	])('%s never reaches the error', async (_what, message) => {
		prelude.standIn.answerNext({
			status: 400,
			body: { code: 'invalid_request', message, param: `header ${PRELUDE_KEY}` },
		});
		const result = await prelude.run(SEND);
		expect(JSON.stringify(result.error)).not.toContain(PRELUDE_KEY);
		expect(result.error?.message).toContain('[redacted]');
	});

	test('Ding v1: an echoed x-api-key never reaches the error', async () => {
		ding.standIn.answerNext({
			status: 400,
			body: { code: 'bad_request', message: `x-api-key ${API_KEY} rejected` },
		});
		const result = await ding.run({ resource: 'lookup', operation: 'get', phoneNumber: PHONE });
		expect(JSON.stringify(result.error)).not.toContain(API_KEY);
	});
});

describe('Timeout bounds the whole answer', () => {
	test('a Send answered one byte at a time ends at its Timeout and says what may have happened', async () => {
		prelude.standIn.answerNext({
			status: 200,
			body: { id: 'vrf_1', status: 'success' },
			fault: 'drip',
		});
		const result = await prelude.run({ ...SEND, options: { timeout: 1000 } });

		expect(result.error?.message).toBe(
			'Could not reach Prelude: no answer came in time (ETIMEDOUT): the code may or may not have been sent',
		);
		expect(prelude.standIn.requests).toHaveLength(1);
		// The node hung up while the answer was still coming (200 bytes, one each 200 ms): a
		// deadline on silence alone would have read it to the end.
		const { drip } = prelude.standIn.requests[0];
		await drip!.closed;
		expect(drip!.hungUp).toBe(true);
		expect(drip!.sent).toBeLessThan(drip!.of);
	});
});

describe('Timeout with a fraction of a millisecond', () => {
	test('is a whole-millisecond deadline, not a crash (fast-check found 100.00000000000001)', async () => {
		// The same kind of value with ten seconds of room, which a busy machine cannot run out of.
		const result = await prelude.run({ ...LOOKUP, options: { timeout: 10_000.000000000002 } }, [
			{ phone: PHONE },
		]);
		expect(result.error).toBeUndefined();
		expect(prelude.standIn.requests).toHaveLength(1);
	});
});

describe('a cancelled execution stops', () => {
	// Told by events, not by the clock: the cancel comes when the stand-in holds a given request,
	// at a point where the node cannot have another one on its way. A request, or a wait, that
	// outlived the cancel would hold the run far beyond the test's time limit (Timeout 300 s,
	// Retry-After 600 s), and any request after it would be recorded.
	const options = { maxRetries: 3, maxRetryWait: 600, timeout: 300_000 };
	const held = () => new Promise<never>(() => {});
	const cancelled = (output: IDataObject[]) =>
		output.filter((o) => /cancel/i.test(String(o.error ?? '')));

	test('Fixed, one at a time: the request in flight ends, and no later item is sent', async () => {
		const items = phones(40);
		// Items 0-2 are answered; item 3's request is held, and the cancel comes when it arrives:
		// one at a time, nothing else can be on its way then.
		prelude.standIn.latency = (r) => (r.path.endsWith(items[3].phone) ? held() : 0);

		const result = await prelude.run(
			{ ...LOOKUP, options: { ...options, batching: { batch: { mode: 'fixed', batchSize: 1 } } } },
			items,
			{ onError: 'continueRegularOutput', cancelWhen: prelude.standIn.whenReceived(4) },
		);

		expect(result.cancelled).toBe(true);
		expect(prelude.standIn.requests.map((r) => decodeURIComponent(r.path))).toStrictEqual(
			items.slice(0, 4).map((i) => `/v2/lookup/${i.phone}`),
		);
		const output = jsonOf(result.output);
		expect(output.slice(0, 3).map((o) => o.phone_number)).toStrictEqual(
			items.slice(0, 3).map((i) => i.phone),
		);
		expect(cancelled(output)).toHaveLength(output.length - 3);
	});

	test('Adaptive (the default): the requests in flight and those waiting for a place end, and none is sent', async () => {
		const items = phones(40);
		// Every answer is held: the window's first requests (INITIAL_WINDOW) stay in flight, the
		// other items wait for a place. The cancel comes when all of the window's are here.
		prelude.standIn.latency = () => held();

		const result = await prelude.run({ ...LOOKUP, options }, items, {
			onError: 'continueRegularOutput',
			cancelWhen: prelude.standIn.whenReceived(INITIAL_WINDOW),
		});

		expect(result.cancelled).toBe(true);
		expect(prelude.standIn.requests.map((r) => decodeURIComponent(r.path)).sort()).toStrictEqual(
			items.slice(0, INITIAL_WINDOW).map((i) => `/v2/lookup/${i.phone}`),
		);
		const output = jsonOf(result.output);
		expect(output.filter((o) => o.phone_number)).toStrictEqual([]);
		expect(cancelled(output)).toHaveLength(output.length);
	});

	test('Adaptive: a wait for a Retry-After ends at once, and the retry is never sent', async () => {
		// As many items as the window's first size: item 0's request is refused with Retry-After
		// 600, the others are held. The cancel comes once all are here and the node has taken in the
		// refusal (so item 0 is waiting to retry).
		const items = phones(INITIAL_WINDOW);
		prelude.standIn.answerNext(
			{ status: 429, body: { code: 'rate_limited' }, headers: { 'retry-after': '600' } },
			(r) => r.path.endsWith(items[0].phone),
		);
		prelude.standIn.latency = (r) => (r.status === 429 ? 0 : held());
		const pushedBack = Pace.prototype.pushedBack;
		const refusalTakenIn = new Promise<void>((resolve) => {
			jest.spyOn(Pace.prototype, 'pushedBack').mockImplementation(function (this: Pace, ...args) {
				pushedBack.apply(this, args);
				resolve();
			});
		});

		const result = await prelude.run({ ...LOOKUP, options }, items, {
			onError: 'continueRegularOutput',
			cancelWhen: Promise.all([prelude.standIn.whenReceived(INITIAL_WINDOW), refusalTakenIn]),
		});
		jest.restoreAllMocks();

		expect(result.cancelled).toBe(true);
		expect(prelude.standIn.requests).toHaveLength(INITIAL_WINDOW);
		expect(prelude.standIn.requests.filter((r) => r.status === 429)).toHaveLength(1);
		expect(cancelled(jsonOf(result.output))).toHaveLength(INITIAL_WINDOW);
	});
});

describe('a failure that stops the run names the items already done', () => {
	test('Batching 5, no Continue On Fail: item 0 fails, items 1-4 were sent: the error lists them', async () => {
		prelude.standIn.latency = (record) => (record.body?.target?.value === '+14155551000' ? 80 : 5);
		prelude.standIn.answerNext(
			{ status: 400, body: { code: 'invalid_phone_number', message: 'bad number' } },
			(r) => r.body?.target?.value === '+14155551000',
		);
		const result = await prelude.run(
			{
				...SEND,
				phoneNumber: '={{ $json.phone }}',
				options: { batching: { batch: { mode: 'fixed', batchSize: 5 } } },
			},
			phones(5),
		);
		const sent = prelude.standIn.requests.filter(
			(r) => r.path === '/v2/verification' && r.status === 200,
		);
		expect(sent).toHaveLength(4);
		const ids = sent.map((r) => (r.answer as { id: string }).id);
		expect(result.error?.description).toContain('4 other items had already succeeded');
		for (const [index, id] of ids.entries()) {
			expect(result.error?.description).toContain(`(${id})`);
			expect(result.error?.description).toMatch(new RegExp(`item ${index + 1} \\(`));
		}
		expect(jsonOf(result.output)).toStrictEqual([]);
	});
});

describe('Template Variables', () => {
	test.each(['__proto__', 'constructor', 'prototype'])(
		'a variable named %s, which n8n would drop from the body, is refused with the reason',
		async (name) => {
			const result = await prelude.run({
				...SEND,
				verificationOptions: { variables: { variable: [{ name, value: 'x' }] } },
			});
			expect(result.error?.message).toBe(
				`Template Variables → Name "${name}" cannot be sent [item 0]`,
			);
			expect(prelude.standIn.requests).toStrictEqual([]);
		},
	);

	test('names that only look like object internals are ordinary', async () => {
		await prelude.run({
			...SEND,
			verificationOptions: {
				variables: {
					variable: [
						{ name: 'toString', value: 'a' },
						{ name: 'hasOwnProperty', value: 'b' },
					],
				},
			},
		});
		const [request] = prelude.standIn.requests;
		expect(request.body.options.variables).toStrictEqual({ toString: 'a', hasOwnProperty: 'b' });
	});

	test('a name that is not an identifier is refused before sending', async () => {
		const result = await prelude.run({
			...SEND,
			verificationOptions: { variables: { variable: [{ name: 'app name', value: 'x' }] } },
		});
		expect(result.error?.message).toBe(
			'Template Variables → Name "app name" is not a variable name [item 0]',
		);
		expect(prelude.standIn.requests).toStrictEqual([]);
	});
});

describe('credentials built from the item', () => {
	test('a key from {{ $json.key }} is read for each item, not taken from item 0', async () => {
		const result = await prelude.run(
			{ ...LOOKUP, options: { maxRetries: 0 } },
			[
				{ phone: '+14155551000', key: PRELUDE_KEY },
				{ phone: '+14155551001', key: 'another-tenant-key' },
				{ phone: '+14155551002', key: PRELUDE_KEY },
			],
			{ onError: 'continueRegularOutput', credentials: { apiKey: '={{ $json.key }}' } },
		);
		const answers = jsonOf(result.output);
		expect(answers[0]).toHaveProperty('phone_number', '+14155551000');
		expect(answers[1]).toMatchObject({ details: { httpCode: '401' } });
		expect(answers[2]).toHaveProperty('phone_number', '+14155551002');
		expect(prelude.standIn.requests.map((r) => r.headers.authorization)).toStrictEqual([
			`Bearer ${PRELUDE_KEY}`,
			'Bearer another-tenant-key',
			`Bearer ${PRELUDE_KEY}`,
		]);
	});

	test('a credential without item expressions is read for the run, whatever the item count', async () => {
		const before = credentialReads.count;
		await prelude.run(LOOKUP, phones(12));
		expect(credentialReads.count - before).toBe(2);
	});
});
