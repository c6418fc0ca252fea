import type { IDataObject } from 'n8n-workflow';

import { DingApi } from '../../credentials/DingApi.credentials';
import { PreludeApi } from '../../credentials/PreludeApi.credentials';
import { closedPort } from '../../sandbox';
import {
	API_KEY,
	CUSTOMER_UUID,
	PHONE,
	PRELUDE_KEY,
	useDing,
	usePrelude,
} from '../support/fixtures';
import { loggedLines, testDingCredential } from '../support/harness';

/** Both credentials: DingApi (Ding v1) and PreludeApi (Prelude Verify v2), each with its stand-in. */
const ding = useDing();
const prelude = usePrelude();

const credentialTest = (overrides: Record<string, string> = {}) =>
	testDingCredential({
		apiKey: API_KEY,
		customerUuid: CUSTOMER_UUID,
		baseUrl: ding.standIn.baseUrl,
		...overrides,
	});

describe('the DingApi credential', () => {
	const credential = new DingApi();

	test('is named dingApi, hides the key and defaults to Ding’s API address', () => {
		expect(credential.name).toBe('dingApi');
		// Ding v1 is retired: its credential says so wherever n8n lists it.
		expect(credential.displayName).toBe('Legacy Ding V1 API');
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(Object.keys(byName)).toStrictEqual([
			'retiredNotice',
			'apiKey',
			'customerUuid',
			'baseUrl',
		]);
		expect(byName.retiredNotice.type).toBe('notice');
		expect(byName.apiKey.typeOptions?.password).toBe(true);
		expect(byName.customerUuid.typeOptions?.password).toBeUndefined();
		expect(byName.baseUrl.default).toBe('https://api.ding.live/v1');
		expect(
			credential.properties.filter((p) => p.type !== 'notice').every((p) => p.required === true),
		).toBe(true);
	});

	test('sends the key as the x-api-key header and nowhere else', async () => {
		await ding.run({ resource: 'otp', operation: 'send', phoneNumber: PHONE });

		const [request] = ding.standIn.requests;
		expect(request.headers['x-api-key']).toBe(API_KEY);
		expect(request.url).not.toContain(API_KEY);
		expect(request.rawBody).not.toContain(API_KEY);
		const otherHeaders = Object.entries(request.headers).filter(([name]) => name !== 'x-api-key');
		expect(JSON.stringify(otherHeaders)).not.toContain(API_KEY);
	});
});

describe('the credential test (n8n’s "Test" button)', () => {
	test('good key and customer UUID: success', async () => {
		await expect(credentialTest()).resolves.toStrictEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	test('wrong key: "The API key was refused"', async () => {
		await expect(credentialTest({ apiKey: 'not-the-key' })).resolves.toStrictEqual({
			status: 'Error',
			message: 'The API key was refused',
		});
	});

	test('no key at all (401): "The API key was refused"', async () => {
		await expect(credentialTest({ apiKey: '' })).resolves.toStrictEqual({
			status: 'Error',
			message: 'The API key was refused',
		});
		expect(ding.standIn.requests[0].status).toBe(401);
	});

	test('wrong customer UUID: "The Customer UUID is not valid for this key"', async () => {
		await expect(
			credentialTest({ customerUuid: '11111111-2222-4333-8444-555555555555' }),
		).resolves.toStrictEqual({
			status: 'Error',
			message: 'The Customer UUID is not valid for this key',
		});
	});

	test('a Base URL that is not Ding’s API says so', async () => {
		const result = await credentialTest({ baseUrl: ding.standIn.baseUrl.replace('/v1', '') });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('No Ding API answered at this Base URL');
	});

	test('a Base URL where nothing listens fails with the connection fault', async () => {
		const port = await closedPort();
		await expect(credentialTest({ baseUrl: `http://127.0.0.1:${port}/v1` })).resolves.toStrictEqual(
			{
				status: 'Error',
				message: 'ECONNREFUSED',
			},
		);
	});

	test('a 5xx from Ding is not a success', async () => {
		ding.standIn.answerNext({ status: 503, body: { message: 'Service Unavailable' } });
		const result = await credentialTest();
		expect(result.status).toBe('Error');
	});

	test('spaces around the customer UUID and a trailing slash on the Base URL are forgiven', async () => {
		await expect(
			credentialTest({ customerUuid: ` ${CUSTOMER_UUID} `, baseUrl: `${ding.standIn.baseUrl}/` }),
		).resolves.toMatchObject({ status: 'OK' });
	});

	test('texts nobody and costs nothing: one POST /check for the nil authentication, nothing else', async () => {
		await credentialTest();
		await credentialTest({ apiKey: 'not-the-key' });
		await credentialTest({ customerUuid: '11111111-2222-4333-8444-555555555555' });

		expect(ding.standIn.requests.map((r) => `${r.method} ${r.path}`)).toStrictEqual([
			'POST /v1/check',
			'POST /v1/check',
			'POST /v1/check',
		]);
		expect(
			ding.standIn.requests.map((r) => JSON.parse(r.rawBody).authentication_uuid),
		).toStrictEqual([
			'00000000-0000-0000-0000-000000000000',
			'00000000-0000-0000-0000-000000000000',
			'00000000-0000-0000-0000-000000000000',
		]);
		expect(ding.standIn.authentications.size).toBe(0);
	});

	test('never puts the key in its message or n8n’s log', async () => {
		const results = [
			await credentialTest(),
			await credentialTest({ apiKey: `${API_KEY}-wrong` }),
			await credentialTest({ customerUuid: '11111111-2222-4333-8444-555555555555' }),
		];
		expect(JSON.stringify(results)).not.toContain(API_KEY);
		expect(loggedLines.join('\n')).not.toContain(API_KEY);
	});
});

describe('the PreludeApi credential', () => {
	const credentialTest = (overrides: Record<string, string> = {}) =>
		testDingCredential(
			{ apiKey: PRELUDE_KEY, baseUrl: prelude.standIn.preludeBaseUrl, ...overrides },
			'preludeApi',
		);

	test('is named preludeApi, hides the key, sends it as a Bearer token, defaults to api.prelude.dev', async () => {
		const credential = new PreludeApi();
		expect(credential.name).toBe('preludeApi');
		expect(credential.displayName).toBe('Prelude API');
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(Object.keys(byName)).toStrictEqual(['apiKey', 'baseUrl']);
		expect(byName.apiKey.typeOptions?.password).toBe(true);
		expect(byName.baseUrl.default).toBe('https://api.prelude.dev');
		const authenticate = credential.authenticate as unknown as (
			credentials: IDataObject,
			options: IDataObject,
		) => Promise<IDataObject>;
		await expect(
			authenticate(
				{ apiKey: ` ${PRELUDE_KEY}\n` },
				{ url: '/x', baseURL: 'https://api.prelude.dev', headers: { accept: 'a' } },
			),
		).resolves.toStrictEqual({
			url: '/x',
			baseURL: 'https://api.prelude.dev',
			disableFollowRedirect: true,
			followRedirect: false,
			followAllRedirects: false,
			sendCredentialsOnCrossOriginRedirect: false,
			headers: { accept: 'a', Authorization: `Bearer ${PRELUDE_KEY}` },
		});
		// Nowhere else: not over plain http, not to a host outside the Allowed Domains.
		await expect(
			authenticate({ apiKey: PRELUDE_KEY }, { url: 'http://api.prelude.dev/v2/verification' }),
		).rejects.toThrow(
			'only to https://api.prelude.dev, its Base URL, not to http://api.prelude.dev;',
		);
		await expect(
			authenticate(
				{ apiKey: PRELUDE_KEY, baseUrl: 'http://api.prelude.dev' },
				{ url: 'http://api.prelude.dev/v2/verification' },
			),
		).rejects.toThrow('uses plain http');
		await expect(
			authenticate(
				{
					apiKey: PRELUDE_KEY,
					allowedHttpRequestDomains: 'domains',
					allowedDomains: 'example.com',
				},
				{ url: 'https://api.prelude.dev/v2/verification' },
			),
		).rejects.toThrow('allows requests only to example.com, not to api.prelude.dev');
	});

	test('a good key passes with a check that sends nothing and costs nothing', async () => {
		expect(await credentialTest()).toStrictEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const [request] = prelude.standIn.requests;
		expect(request.url).toBe('/v2/verification/check');
		expect(request.answer).toMatchObject({ status: 'expired_or_not_found' });
		expect(prelude.standIn.prelude!.verifications.size).toBe(0);
	});

	test('a wrong key fails and says so; a wrong Base URL fails and says so', async () => {
		const wrongKey = await credentialTest({ apiKey: 'wrong-key' });
		expect(wrongKey.status).toBe('Error');
		expect(wrongKey.message).toContain('The API key was refused');

		const wrongBase = await credentialTest({ baseUrl: `${prelude.standIn.preludeBaseUrl}/v2` });
		expect(wrongBase.status).toBe('Error');
		expect(wrongBase.message).toContain('No Prelude API answered at this Base URL');
	});

	test('a trailing slash in the Base URL is fine', async () => {
		expect((await credentialTest({ baseUrl: `${prelude.standIn.preludeBaseUrl}/` })).status).toBe(
			'OK',
		);
	});
});
