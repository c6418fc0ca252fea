import { sleep } from 'n8n-workflow';

import { N8nClient, nodeOutput } from '../../scripts/n8n/client';
import { OWNER } from '../../scripts/n8n/instance';
import { freePort } from '../../scripts/n8n/runtime';
import { LEGACY_ENCRYPTION_KEY } from '../../scripts/n8n/secrets';
import type { DingStandIn } from '../../sandbox';
import { startDingStandIn } from '../../sandbox';
import { fileMode as modeOf, makeTempFolder, readText } from '../support/files';
import { isListening, npmStart } from './support/npm-start';

/** A port p with p + 1 free too: what a user picks for n8n and the sandbox side by side. */
async function freePortPair(): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = await freePort();
		if (port < 65535 && !(await isListening(port + 1))) return port;
	}
	throw new Error('no two free ports side by side');
}

/** The task broker port npm start picked and printed. */
function brokerPortOf(started: ReturnType<typeof npmStart>): number {
	const picked = [...started.output().matchAll(/task broker will listen on port (\d+)/g)];
	return Number(picked.at(-1)?.[1]);
}

const keyOf = (folder: string) =>
	JSON.parse(readText(`${folder}/user/.n8n/config`)).encryptionKey as string;

/** Whether nothing listens on a port any more, after waiting up to 30 s for it to close. */
async function closed(port: number): Promise<boolean> {
	for (let attempt = 0; attempt < 120 && (await isListening(port)); attempt++) await sleep(250);
	return !(await isListening(port));
}

/**
 * The README's first command: `npm start` builds the package, starts a real n8n with it and the
 * Ding sandbox, prints the URL and the login, runs the example workflows, and Ctrl-C stops it all.
 * On the ports a user picks: the sandbox on N8N_PORT + 1 (n8n's own default for its task broker),
 * N8N_RUNNERS_BROKER_PORT not set, as in `N8N_PORT=5800 DING_SANDBOX_PORT=5801 npm start`.
 */
describe('npm start', () => {
	let started: ReturnType<typeof npmStart>;
	let ports: { n8n: number; broker: number; sandbox: number };
	let environment: Record<string, string>;
	let folder: string;

	beforeAll(async () => {
		const port = await freePortPair();
		folder = `${makeTempFolder('n8n-nodes-ding-start-')}/.n8n-local`;
		environment = {
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: '',
			DING_SANDBOX_PORT: String(port + 1),
			DING_N8N_DIR: folder,
			DING_API_KEY: '',
			PRELUDE_API_KEY: '',
		};
		started = npmStart(environment);
		await started.waitFor(/Press Ctrl-C to stop\./, 10 * 60_000);
		ports = { n8n: port, broker: brokerPortOf(started), sandbox: port + 1 };
	}, 11 * 60_000);

	afterAll(() => started?.kill());

	test("the sandbox takes N8N_PORT + 1; n8n's task broker a free port npm start names", async () => {
		expect(ports.broker).toBeGreaterThan(0);
		expect([ports.n8n, ports.sandbox]).not.toContain(ports.broker);
		expect(await isListening(ports.broker)).toBe(true);
	});

	test("n8n's encryption key is this install's own, 0600, in folders only their owner enters", () => {
		expect(keyOf(folder)).not.toBe(LEGACY_ENCRYPTION_KEY);
		expect(keyOf(folder).length).toBeGreaterThanOrEqual(32);
		expect({
			local: modeOf(folder),
			user: modeOf(`${folder}/user`),
			n8n: modeOf(`${folder}/user/.n8n`),
			config: modeOf(`${folder}/user/.n8n/config`),
		}).toStrictEqual({ local: 0o700, user: 0o700, n8n: 0o700, config: 0o600 });
	});

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
		expect(resent.body).toMatchObject({ verification_id: id, status: 'retry' });

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

	test('the one-step example: Send and Wait for Code verifies with the code the sandbox prints', async () => {
		expect(started.output()).toContain(`http://localhost:${ports.n8n}/form/ding/verify-phone`);
		const client = new N8nClient(`http://localhost:${ports.n8n}`);
		const phone = '+14155550143';
		const sent = await client.callWebhook('ding/verify-in-one-step', { phone });
		expect(sent.status).toBe(200);
		const { codeUrl, id } = sent.body.dingVerification as { codeUrl: string; id: string };
		const [, code] = await started.waitFor(
			new RegExp(`v2 code (\\d{6}) for \\${phone} \\(verification ${id}, attempt 1`),
			10_000,
		);
		await client.codePageReady(codeUrl);
		const url = new URL(codeUrl);
		const page = await client.request('GET', `${url.pathname}${url.search}`, undefined, {
			accept: 'text/html',
		});
		expect(page.text).toContain('autocomplete="one-time-code"');
		const checked = await client.request('POST', `${url.pathname}${url.search}`, { code });
		expect(checked.body).toStrictEqual({ status: 'verified' });
	});

	test('the Ding Trigger example starts once per event the sandbox posts, signed with its own key', async () => {
		const client = new N8nClient(`http://localhost:${ports.n8n}`);
		await client.signIn(OWNER);
		await client.createApiKey('e2e-trigger');
		const workflows = await client.api('GET', '/workflows?limit=100');
		const example = (workflows.data as Array<{ id: string; name: string }>).find((w) =>
			w.name.includes('with the Ding Trigger'),
		)!;
		const sent = await client.callWebhook('prelude/verify/with-events', {
			phone: '+14155550145',
		});
		expect(sent.body).toMatchObject({ status: 'success' });
		// The Send's run, then one run of the trigger per event, each read once it has finished.
		let events: string[] = [];
		for (let attempt = 0; attempt < 40 && events.length < 3; attempt++) {
			if (attempt > 0) await sleep(250);
			const runs = await client.waitForExecutions(example.id, 4);
			events = [];
			for (const run of runs) {
				const execution = await client.api('GET', `/executions/${run.id}?includeData=true`);
				const output = nodeOutput(execution, 'Event received')[0] ?? [];
				events.push(...output.map((item: { event: string }) => item.event));
			}
		}
		expect(events.sort()).toStrictEqual([
			'verify.attempt',
			'verify.authentication',
			'verify.delivery_status',
		]);
	});

	test('the examples answer the error for missing or bad input with 400', async () => {
		const client = new N8nClient(`http://localhost:${ports.n8n}`);
		const phone = '+14155550144';
		const answers = [
			await client.callWebhook('prelude/verify/start', {}),
			await client.callWebhook('prelude/verify/resend', { phone: 'call me' }),
			await client.callWebhook('prelude/verify/check', { phone }),
			await client.callWebhook('ding/verify/check', { code: '123456' }),
		];
		expect(answers.map((a) => a.status)).toStrictEqual([400, 400, 400, 400]);
		expect(answers.map((a) => a.body.error)).toStrictEqual([
			expect.stringContaining('Phone Number'),
			expect.stringContaining('is not a phone number in E.164 format'),
			expect.stringContaining('Check Code'),
			expect.stringContaining('Authentication UUID'),
		]);
		const oneStep = [
			await client.callWebhook('ding/verify-in-one-step', {}),
			await client.callWebhook('ding/verify-in-one-step', { phone: '12' }),
		];
		expect(oneStep.map((a) => a.status)).toStrictEqual([400, 400]);
		expect(oneStep.map((a) => a.body)).toStrictEqual([
			{ error: expect.stringContaining('Send a JSON body with a phone number') },
			{
				error: expect.stringContaining('is not a phone number in E.164 format'),
				reason: 'send_failed',
			},
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
		await expect(closed(ports.n8n)).resolves.toBe(true);
		await expect(closed(ports.broker)).resolves.toBe(true);
		await expect(closed(ports.sandbox)).resolves.toBe(true);
	}, 60_000);

	test(
		'a restart keeps the sandbox credentials (same ids), the examples, the key, so a workflow the user built on them still runs; SIGTERM stops it all',
		async () => {
			const key = keyOf(folder);
			const exampleIds = async (signedIn: N8nClient) => {
				const workflows = await signedIn.api('GET', '/workflows?limit=50');
				return (workflows.data as Array<{ id: string }>).map((w) => w.id).sort();
			};
			const client = async () => {
				const signedIn = new N8nClient(`http://localhost:${ports.n8n}`);
				await signedIn.signIn(OWNER);
				await signedIn.createApiKey('e2e-restart');
				return signedIn;
			};
			const credentialIds = async (signedIn: N8nClient) => {
				const list = await signedIn.rest('GET', '/credentials');
				return Object.fromEntries(
					(list as Array<{ id: string; name: string }>).map((c) => [c.name, c.id]),
				);
			};

			// Start again on the same state folder, build a workflow on "Prelude sandbox", restart.
			started = npmStart(environment);
			await started.waitFor(/Press Ctrl-C to stop\./, 10 * 60_000);
			let signedIn = await client();
			const before = await credentialIds(signedIn);
			const workflowsBefore = await exampleIds(signedIn);
			const mine = await signedIn.createWorkflow(
				{
					name: 'my own verification',
					nodes: [
						{
							id: 'f0000000-0000-4000-8000-000000000001',
							name: 'Webhook',
							type: 'n8n-nodes-base.webhook',
							typeVersion: 2.1,
							position: [0, 0],
							webhookId: 'f0000000-0000-4000-8000-000000000002',
							parameters: {
								httpMethod: 'POST',
								path: 'mine/send',
								responseMode: 'lastNode',
								responseData: 'firstEntryJson',
								options: {},
							},
						},
						{
							id: 'f0000000-0000-4000-8000-000000000003',
							name: 'Ding',
							type: 'n8n-nodes-ding.ding',
							typeVersion: 2,
							position: [220, 0],
							parameters: {
								api: 'preludeV2',
								resource: 'otp',
								operation: 'send',
								phoneNumber: '={{ $json.body.phone }}',
							},
							credentials: {
								preludeApi: { id: before['Prelude sandbox'], name: 'Prelude sandbox' },
							},
						},
					],
					connections: { Webhook: { main: [[{ node: 'Ding', type: 'main', index: 0 }]] } },
				},
				{ activate: true },
			);
			expect(
				(await signedIn.callWebhook('mine/send', { phone: '+14155550111' })).body,
			).toMatchObject({
				status: 'success',
			});

			started.terminate();
			await started.waitFor(/stopping n8n and the sandbox/, 10_000);
			await started.exited;
			await expect(closed(ports.n8n)).resolves.toBe(true);

			started = npmStart(environment);
			await started.waitFor(/Press Ctrl-C to stop\./, 10 * 60_000);
			signedIn = await client();
			const after = await credentialIds(signedIn);
			expect(after['Prelude sandbox']).toBe(before['Prelude sandbox']);
			expect(after['Ding sandbox']).toBe(before['Ding sandbox']);
			expect(await exampleIds(signedIn)).toStrictEqual(
				[...workflowsBefore, String(mine.id)].sort(),
			);
			expect(keyOf(folder)).toBe(key);
			expect(
				(await signedIn.callWebhook('mine/send', { phone: '+14155550112' })).body,
			).toMatchObject({
				status: 'success',
			});

			const broker = brokerPortOf(started);
			started.terminate();
			await started.exited;
			await expect(closed(ports.n8n)).resolves.toBe(true);
			await expect(closed(broker)).resolves.toBe(true);
			await expect(closed(ports.sandbox)).resolves.toBe(true);
		},
		25 * 60_000,
	);
});

describe('npm start checks its ports before installing anything', () => {
	test('a task broker port that is the sandbox port fails at once, naming the variables', async () => {
		const port = await freePort();
		const sandbox = await freePort();
		const started = npmStart({
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(sandbox),
			DING_SANDBOX_PORT: String(sandbox),
			DING_N8N_DIR: makeTempFolder('n8n-nodes-ding-start-ports-'),
			DING_API_KEY: '',
			PRELUDE_API_KEY: '',
		});
		const code = await started.exited;
		expect(code).not.toBe(0);
		expect(started.output()).toContain(
			`the Ding sandbox and n8n's task broker would both take port ${sandbox}: set DING_SANDBOX_PORT (or N8N_RUNNERS_BROKER_PORT) to another port`,
		);
		expect(started.output()).not.toContain('starting n8n');
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
