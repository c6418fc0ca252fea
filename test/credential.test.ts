import { DingApi } from '../credentials/DingApi.credentials';
import { closedPort } from './support/ding-stand-in';
import { API_KEY, CUSTOMER_UUID, PHONE, useDing } from './support/fixtures';
import { loggedLines, testDingCredential } from './support/harness';

const ding = useDing();

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
		expect(credential.displayName).toBe('Ding API');
		const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(Object.keys(byName)).toStrictEqual(['apiKey', 'customerUuid', 'baseUrl']);
		expect(byName.apiKey.typeOptions?.password).toBe(true);
		expect(byName.customerUuid.typeOptions?.password).toBeUndefined();
		expect(byName.baseUrl.default).toBe('https://api.ding.live/v1');
		expect(credential.properties.every((p) => p.required === true)).toBe(true);
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
