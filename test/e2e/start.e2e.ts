import { sleep } from 'n8n-workflow';

import { N8nClient } from '../../scripts/n8n/client';
import { freePort } from '../../scripts/n8n/runtime';
import type { DingStandIn } from '../support/ding-stand-in';
import { startDingStandIn } from '../support/ding-stand-in';
import { makeTempFolder } from '../support/files';
import { isListening, npmStart } from './support/npm-start';

/**
 * The README's first command: `npm start` builds the package, starts a real n8n with it and the
 * Ding sandbox, prints the URL and the login, runs the example workflows, and Ctrl-C stops it all.
 */
describe('npm start', () => {
	let started: ReturnType<typeof npmStart>;
	let ports: { n8n: number; broker: number; sandbox: number };

	beforeAll(async () => {
		ports = { n8n: await freePort(), broker: await freePort(), sandbox: await freePort() };
		started = npmStart({
			N8N_PORT: String(ports.n8n),
			N8N_RUNNERS_BROKER_PORT: String(ports.broker),
			DING_SANDBOX_PORT: String(ports.sandbox),
			DING_N8N_DIR: makeTempFolder('n8n-nodes-ding-start-'),
			DING_API_KEY: '',
			PRELUDE_API_KEY: '',
		});
		await started.waitFor(/Press Ctrl-C to stop\./, 10 * 60_000);
	}, 11 * 60_000);

	afterAll(() => started?.kill());

	test('prints the URL, the login and the sandbox', () => {
		const output = started.output();
		expect(output).toContain(`n8n is running with the Ding node: http://localhost:${ports.n8n}`);
		expect(output).toMatch(/sign in as \S+@\S+ \/ \S+/);
		expect(output).toContain(
			`credential "Prelude sandbox" (Prelude Verify v2) → the sandbox at http://127.0.0.1:${ports.sandbox}`,
		);
		expect(output).toContain(`the sandbox at http://127.0.0.1:${ports.sandbox}/v1`);
	});

	test('the Prelude v2 example flow: start → resend (a retry, same verification) → wrong → right → again', async () => {
		const client = new N8nClient(`http://localhost:${ports.n8n}`);
		const phone = '+14155550142';
		const sent = await client.callWebhook('prelude/verify/start', { phone });
		expect(sent.status).toBe(200);
		expect(sent.body).toMatchObject({ status: 'success' });
		const id = sent.body.verification_id as string;
		const [, code] = await started.waitFor(
			new RegExp(`v2 code (\\d{6}) for \\${phone} \\(verification ${id}, attempt 1`),
			10_000,
		);
		const resent = await client.callWebhook('prelude/verify/resend', { phone });
		expect(resent.body).toMatchObject({ id, status: 'retry' });

		const check = async (value: string) =>
			(await client.callWebhook('prelude/verify/check', { phone, code: value })).body;
		expect([
			await check(code === '000000' ? '000001' : '000000'),
			await check(code),
			await check(code),
		]).toStrictEqual([
			{ verified: false, status: 'failure' },
			{ verified: true, status: 'success' },
			{ verified: false, status: 'expired_or_not_found' },
		]);
	});

	test('the printed login works', async () => {
		const [, email, password] = started.output().match(/sign in as (\S+) \/ (\S+)/)!;
		const client = new N8nClient(`http://localhost:${ports.n8n}`);
		await client.signIn({ email, password, firstName: 'x', lastName: 'y' });
		expect(client.cookie).toMatch(/^n8n-auth=/);
	});

	test('the example verification flow runs against the sandbox, with the code it prints', async () => {
		const client = new N8nClient(`http://localhost:${ports.n8n}`);
		const sent = await client.callWebhook('ding/verify/start', { phone: '+14155550123' });
		expect(sent.status).toBe(200);
		const uuid = sent.body.authentication_uuid as string;
		const [, code] = await started.waitFor(
			new RegExp(`code (\\d{6}) for \\+14155550123 \\(authentication ${uuid}`),
			10_000,
		);

		const wrong = await client.callWebhook('ding/verify/check', {
			authentication_uuid: uuid,
			code: code === '000000' ? '000001' : '000000',
		});
		const right = await client.callWebhook('ding/verify/check', {
			authentication_uuid: uuid,
			code,
		});
		const again = await client.callWebhook('ding/verify/check', {
			authentication_uuid: uuid,
			code,
		});

		expect([wrong.body, right.body, again.body]).toStrictEqual([
			{ verified: false, status: 'invalid' },
			{ verified: true, status: 'valid' },
			{ verified: false, status: 'already_validated' },
		]);
	});

	test('Ctrl-C stops n8n and the sandbox, leaving nothing behind', async () => {
		started.interrupt();
		await started.exited;
		// npm itself ends on the signal at once; start.js goes on to stop n8n and the sandbox.
		await started.waitFor(/stopping n8n and the sandbox/, 10_000);
		const closed = async (port: number) => {
			for (let attempt = 0; attempt < 120 && (await isListening(port)); attempt++) await sleep(250);
			return !(await isListening(port));
		};
		await expect(closed(ports.n8n)).resolves.toBe(true);
		await expect(closed(ports.broker)).resolves.toBe(true);
		await expect(closed(ports.sandbox)).resolves.toBe(true);
	}, 60_000);
});

describe('npm start with PRELUDE_API_KEY, DING_API_KEY and DING_CUSTOMER_UUID', () => {
	// The base URLs point the "real" credentials at a local stand-in: tests talk to nothing else.
	const CUSTOMER = '2f9a8b7c-6d5e-4f3a-9b2c-1d0e9f8a7b6c';
	let standIn: DingStandIn;
	let started: ReturnType<typeof npmStart>;
	let port: number;

	beforeAll(async () => {
		standIn = await startDingStandIn({
			apiKey: 'key-from-env',
			customerUuid: CUSTOMER,
			preludeApiKey: 'v2-key-from-env',
		});
		port = await freePort();
		started = npmStart({
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			DING_N8N_DIR: makeTempFolder('n8n-nodes-ding-start-real-'),
			DING_API_KEY: 'key-from-env',
			DING_CUSTOMER_UUID: CUSTOMER,
			DING_BASE_URL: standIn.baseUrl,
			PRELUDE_API_KEY: 'v2-key-from-env',
			PRELUDE_BASE_URL: standIn.preludeBaseUrl,
		});
		await started.waitFor(/Press Ctrl-C to stop\./, 10 * 60_000);
	}, 11 * 60_000);

	afterAll(async () => {
		started?.kill();
		await standIn?.stop();
	});

	test('starts no sandbox and points both credentials at the given APIs', () => {
		const output = started.output();
		expect(output).not.toContain('[ding sandbox]');
		expect(output).toContain(`credential "Ding account" (Ding v1, legacy) → ${standIn.baseUrl}`);
		expect(output).toContain(
			`credential "Prelude account" (Prelude Verify v2) → ${standIn.preludeBaseUrl}`,
		);
		expect(output).not.toContain('key-from-env');
	});

	test('the v2 example sends with the Prelude key from the environment, as a Bearer token', async () => {
		const client = new N8nClient(`http://localhost:${port}`);
		const sent = await client.callWebhook('prelude/verify/start', { phone: '+14155550123' });

		expect(sent.status).toBe(200);
		const request = standIn.requests.at(-1)!;
		expect(request.headers.authorization).toBe('Bearer v2-key-from-env');
		expect(JSON.parse(request.rawBody)).toStrictEqual({
			target: { type: 'phone_number', value: '+14155550123' },
		});
	});

	test('the example workflow sends with the key and customer UUID from the environment', async () => {
		const client = new N8nClient(`http://localhost:${port}`);
		const sent = await client.callWebhook('ding/verify/start', { phone: '+14155550123' });

		expect(sent.status).toBe(200);
		const request = standIn.requests.at(-1)!;
		expect(request.headers['x-api-key']).toBe('key-from-env');
		expect(JSON.parse(request.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER,
			phone_number: '+14155550123',
		});
		started.interrupt();
		await started.exited;
	});
});
