import type { IDataObject } from 'n8n-workflow';

import { DingApi } from '../../credentials/DingApi.credentials';
import { PreludeApi } from '../../credentials/PreludeApi.credentials';
import { captureServer } from '../support/capture';
import {
	API_KEY,
	CUSTOMER_UUID,
	PHONE,
	PRELUDE_KEY,
	useDing,
	usePrelude,
} from '../support/fixtures';
import { testDingCredential } from '../support/harness';
import { otherNode } from '../support/other-node';

/**
 * The key goes only to its own API: n8n lets any node that takes a credential (its HTTP Request
 * node and the HTTP Request Tool of an AI agent among them) use these credential types, and the
 * credential's `authenticate` adds the key to whatever URL that node was given. So `authenticate`
 * itself sends the key only to the origin of the credential's own Base URL.
 */

const prelude = usePrelude();
const ding = useDing();

type Authenticate = (credentials: IDataObject, options: IDataObject) => Promise<IDataObject>;

const CREDENTIALS = [
	{
		type: 'preludeApi' as const,
		name: 'Prelude API',
		authenticate: new PreludeApi().authenticate as unknown as Authenticate,
		key: PRELUDE_KEY,
		header: 'authorization',
		sent: `Bearer ${PRELUDE_KEY}`,
		defaultBase: 'https://api.prelude.dev',
		fixture: () => prelude,
		baseUrl: () => prelude.standIn.preludeBaseUrl,
	},
	{
		type: 'dingApi' as const,
		name: 'Ding API',
		authenticate: new DingApi().authenticate as unknown as Authenticate,
		key: API_KEY,
		header: 'x-api-key',
		sent: API_KEY,
		defaultBase: 'https://api.ding.live/v1',
		fixture: () => ding,
		baseUrl: () => ding.standIn.baseUrl,
	},
];

const NO_REDIRECTS = {
	disableFollowRedirect: true,
	followRedirect: false,
	followAllRedirects: false,
	sendCredentialsOnCrossOriginRedirect: false,
};

describe.each(CREDENTIALS)('the $name credential sends its key only to its Base URL', (c) => {
	const base = { apiKey: c.key, baseUrl: 'https://api.example.dev/v9' };

	test.each([
		['its own host, a url below baseURL', { url: '/v2/x', baseURL: 'https://api.example.dev' }],
		['its own host, a full url', { url: 'https://api.example.dev/anything?a=1' }],
		[
			'its own host, as the legacy request helpers say it (uri)',
			{ uri: 'https://api.example.dev/x' },
		],
		['its own host with the default port written out', { url: 'https://api.example.dev:443/x' }],
	])('goes to %s', async (_what, request) => {
		const sent = await c.authenticate(base, request);
		expect(sent).toMatchObject({ ...request, ...NO_REDIRECTS });
		expect(JSON.stringify(sent)).toContain(c.key);
	});

	test.each([
		['another host', { url: 'https://attacker.example/collect' }, 'https://attacker.example'],
		[
			'another host, legacy uri',
			{ uri: 'https://attacker.example/collect' },
			'https://attacker.example',
		],
		['a subdomain', { url: 'https://evil.api.example.dev/x' }, 'https://evil.api.example.dev'],
		['another port', { url: 'https://api.example.dev:8443/x' }, 'https://api.example.dev:8443'],
		['plain http to the same host', { url: 'http://api.example.dev/x' }, 'http://api.example.dev'],
		[
			'a full url that overrides baseURL',
			{ url: 'https://attacker.example/', baseURL: 'https://api.example.dev' },
			'https://attacker.example',
		],
	])('is refused for %s, naming where it went and the Base URL', async (_what, request, host) => {
		await expect(c.authenticate(base, request)).rejects.toThrow(
			`The ${c.name} credential sends its key only to https://api.example.dev, its Base URL, not to ${host}; nothing was sent.`,
		);
	});

	test('a request without a URL it can check is refused', async () => {
		await expect(c.authenticate(base, { method: 'GET' })).rejects.toThrow(
			`The ${c.name} credential sends its key only to https://api.example.dev, its Base URL; this request has no URL it could check, so nothing was sent.`,
		);
		await expect(c.authenticate(base, { url: 'not a url' })).rejects.toThrow(
			'no URL it could check',
		);
	});

	test('without a Base URL, the default one is the only place', async () => {
		const request = { url: `${c.defaultBase}/x` };
		await expect(c.authenticate({ apiKey: c.key }, request)).resolves.toMatchObject(request);
		await expect(
			c.authenticate({ apiKey: c.key }, { url: 'https://api.example.dev/x' }),
		).rejects.toThrow(`sends its key only to ${new URL(c.defaultBase).origin}, its Base URL`);
	});

	test('a Base URL with a user name or password is refused, for any destination', async () => {
		for (const baseUrl of ['https://a@api.example.dev', 'https://a:b@api.example.dev/v2']) {
			await expect(
				c.authenticate({ apiKey: c.key, baseUrl }, { url: 'https://api.example.dev/x' }),
			).rejects.toThrow(
				`The Base URL of the ${c.name} credential holds a user name or password (https://…@api.example.dev)`,
			);
		}
	});
});

describe.each(CREDENTIALS)('another node holding the $name credential', (c) => {
	test.each(['uri', 'url'])(
		'(%s) aimed at another loopback port delivers no key there, and says why',
		async (shape) => {
			const other = await captureServer();
			try {
				const result = await c
					.fixture()
					.run({ url: other.url, shape }, undefined, { nodeType: otherNode(c.type, PHONE) });
				expect(other.received).toStrictEqual([]);
				expect(result.error?.message).toContain(
					`The ${c.name} credential sends its key only to ${new URL(c.baseUrl()).origin}, its Base URL, not to ${new URL(other.url).origin}; nothing was sent.`,
				);
				expect(JSON.stringify(result.run)).not.toContain(c.key);
			} finally {
				await other.close();
			}
		},
	);

	test.each(['uri', 'url'])(
		'(%s) aimed at its own API gets there with the key: a legitimate use keeps working',
		async (shape) => {
			const path = c.type === 'preludeApi' ? '/v2/verification' : '/authentication';
			const result = await c.fixture().run({ url: `${c.baseUrl()}${path}`, shape }, undefined, {
				nodeType: otherNode(c.type, PHONE),
			});
			expect(result.error?.message ?? '').not.toContain('sends its key only to');
			const [request] = c.fixture().standIn.requests;
			expect(request.headers[c.header]).toBe(c.sent);
		},
	);
});

describe('the credential test', () => {
	test.each(CREDENTIALS)('of $name refuses a Base URL with a user name in it', async (c) => {
		const other = await captureServer();
		try {
			const origin = new URL(other.url);
			const result = await testDingCredential(
				{ apiKey: c.key, customerUuid: CUSTOMER_UUID, baseUrl: `http://someone@${origin.host}` },
				c.type,
			);
			expect(result.status).toBe('Error');
			expect(result.message).toContain('holds a user name or password');
			expect(other.received).toStrictEqual([]);
		} finally {
			await other.close();
		}
	});
});
