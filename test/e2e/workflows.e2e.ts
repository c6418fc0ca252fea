import type { IDataObject } from 'n8n-workflow';

import { nodeOutput } from '../../scripts/n8n/client';
import {
	API_KEY,
	CUSTOMER_UUID,
	DING_NODE,
	manualToDing,
	n8nLog,
	useN8n,
	webhookToDing,
} from './support/e2e';

/**
 * The package as a user's n8n gets it: installed from its npm tarball into a real n8n, driven
 * through n8n's webhooks, its CLI, its public API and its credential-test endpoint, against the
 * strict Ding stand-in.
 */
const n8n = useN8n('workflows');

const EVERY_FIELD = {
	appRealm: 'FA+9qCX9VSu',
	appVersion: '2.4.1',
	callbackUrl: 'https://example.com/hooks/ding',
	correlationId: '={{ $json.body.ref }}',
	deviceId: '9774d56d682e549c',
	deviceModel: 'Pixel 8',
	deviceType: 'ANDROID',
	ip: '203.0.113.7',
	isReturningUser: true,
	locale: 'en-US',
	osVersion: '14',
	senderId: 'MyApp',
	templateId: 'tmpl_default',
};

const executionIds: string[] = [];

async function webhookWorkflow(path: string, parameters: IDataObject, settings: IDataObject = {}) {
	const workflow = webhookToDing(n8n, path, parameters, settings);
	return await n8n.instance.client.createWorkflow(workflow, { activate: true });
}

async function lastExecution(workflowId: string) {
	const execution = await n8n.instance.client.lastExecution(workflowId);
	executionIds.push(String(execution.id));
	return execution;
}

describe('the package in a real n8n', () => {
	test('n8n loaded the Ding node and the Ding API credential from the tarball', async () => {
		const log = n8nLog(n8n);
		expect(log).not.toMatch(/Error loading package|could not be loaded|Cannot find module/i);
		const types = await n8n.instance.client.request('GET', '/types/nodes.json', undefined, {
			cookie: n8n.instance.client.cookie,
			'browser-id': n8n.instance.client.browserId,
		});
		const ding = (types.body as Array<{ name: string; displayName: string }>).find(
			(type) => type.name === DING_NODE,
		);
		expect(ding?.displayName).toBe('Ding');
		const credentials = await n8n.instance.client.request(
			'GET',
			'/types/credentials.json',
			undefined,
			{
				cookie: n8n.instance.client.cookie,
				'browser-id': n8n.instance.client.browserId,
			},
		);
		expect((credentials.body as Array<{ name: string }>).map((c) => c.name)).toContain('dingApi');
	});

	test('Send with every optional field, through a webhook', async () => {
		const workflow = await webhookWorkflow('e2e/send', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
			additionalFields: EVERY_FIELD,
		});

		const response = await n8n.instance.client.callWebhook('e2e/send', {
			phone: '+1 415 555 0123',
			ref: 'signup-8841',
		});

		expect(response.status).toBe(200);
		const sent = n8n.standIn.requests.at(-1)!;
		expect(sent.method).toBe('POST');
		expect(sent.path).toBe('/v1/authentication');
		expect(sent.headers['x-api-key']).toBe(API_KEY);
		expect(JSON.parse(sent.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: '+14155550123',
			app_realm: 'FA+9qCX9VSu',
			app_version: '2.4.1',
			callback_url: 'https://example.com/hooks/ding',
			correlation_id: 'signup-8841',
			device_id: '9774d56d682e549c',
			device_model: 'Pixel 8',
			device_type: 'ANDROID',
			ip: '203.0.113.7',
			is_returning_user: true,
			locale: 'en-US',
			os_version: '14',
			sender_id: 'MyApp',
			template_id: 'tmpl_default',
		});
		expect(response.body).toStrictEqual([sent.answer]);
		const execution = await lastExecution(workflow.id);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Ding')).toStrictEqual([[sent.answer]]);
	});

	test('Check: valid, invalid, already validated; Retry: approved, counting down', async () => {
		await webhookWorkflow('e2e/send-plain', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
		});
		await webhookWorkflow('e2e/check', {
			resource: 'otp',
			operation: 'check',
			authenticationUuid: '={{ $json.body.uuid }}',
			checkCode: '={{ $json.body.code }}',
		});
		await webhookWorkflow('e2e/retry', {
			resource: 'otp',
			operation: 'retry',
			authenticationUuid: '={{ $json.body.uuid }}',
		});
		const client = n8n.instance.client;

		const sent = await client.callWebhook('e2e/send-plain', { phone: '+447700900123' });
		const uuid = sent.body[0].authentication_uuid as string;
		const retried = await client.callWebhook('e2e/retry', { uuid });
		expect(retried.body[0]).toMatchObject({ status: 'approved', remaining_retry: 2 });
		const code = n8n.standIn.codeFor(uuid)!;
		const wrong = code === '000000' ? '000001' : '000000';

		const statuses = [];
		for (const attempt of [wrong, code, code]) {
			const checked = await client.callWebhook('e2e/check', { uuid, code: attempt });
			statuses.push(checked.body[0].status);
		}
		expect(statuses).toStrictEqual(['invalid', 'valid', 'already_validated']);
		const lastCheck = n8n.standIn.requests.at(-1)!;
		expect(JSON.parse(lastCheck.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			authentication_uuid: uuid,
			check_code: code,
		});
	});

	test('a manual execution (n8n execute) of Manual Trigger → Ding Send', async () => {
		const workflow = await n8n.instance.client.createWorkflow(
			manualToDing(n8n, { resource: 'otp', operation: 'send', phoneNumber: '+14155550999' }),
		);
		const before = n8n.standIn.requests.length;

		const result = await n8n.instance.cli(['execute', `--id=${workflow.id}`, '--rawOutput']);

		expect({ status: result.status, stderr: result.stderr.slice(-2000) }).toMatchObject({
			status: 0,
		});
		expect(n8n.standIn.requests.length).toBe(before + 1);
		const sent = n8n.standIn.requests.at(-1)!;
		expect(JSON.parse(sent.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: '+14155550999',
		});
		// n8n prints its log lines, then the run as pretty JSON from a line "{" to a line "}".
		const lines = result.stdout.split('\n');
		const run = JSON.parse(lines.slice(lines.indexOf('{'), lines.lastIndexOf('}') + 1).join('\n'));
		expect(run.data.resultData.runData.Ding[0].data.main[0][0].json).toStrictEqual(sent.answer);
		expect(result.stdout + result.stderr).not.toContain(API_KEY);
	});

	test('a Ding error with Continue On Fail yields a paired error item; without it the execution fails', async () => {
		const failing = { resource: 'otp', operation: 'send', phoneNumber: '={{ $json.body.phone }}' };
		const tolerant = await webhookWorkflow('e2e/send-continue', failing, {
			onError: 'continueRegularOutput',
		});
		const strict = await webhookWorkflow('e2e/send-strict', failing);
		const blocked = {
			status: 400,
			body: { code: 'blocked_number', message: 'The number is blocked.' },
		};

		n8n.standIn.answerNext(blocked);
		const continued = await n8n.instance.client.callWebhook('e2e/send-continue', {
			phone: '+14155550111',
		});
		expect(continued.status).toBe(200);
		expect(continued.body).toStrictEqual([
			{
				error: 'Ding refused the request: The number is blocked. (blocked_number)',
				details: {
					itemIndex: 0,
					httpCode: '400',
					code: 'blocked_number',
					description: expect.stringContaining('blocklist'),
				},
			},
		]);
		expect((await lastExecution(tolerant.id)).status).toBe('success');

		n8n.standIn.answerNext(blocked);
		const stopped = await n8n.instance.client.callWebhook('e2e/send-strict', {
			phone: '+14155550111',
		});
		expect(stopped.status).toBeGreaterThanOrEqual(500);
		const execution = await lastExecution(strict.id);
		expect(execution.status).toBe('error');
		const error = execution.data.resultData.error;
		expect(error.message).toBe('Ding refused the request: The number is blocked. (blocked_number)');
		expect(error.description).toContain('blocklist');
	});

	test('bad input fails before anything is sent, naming field, value and item', async () => {
		const workflow = await webhookWorkflow('e2e/send-bad', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
		});
		const before = n8n.standIn.requests.length;

		await n8n.instance.client.callWebhook('e2e/send-bad', { phone: 'call me maybe' });

		const execution = await lastExecution(workflow.id);
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error.message).toBe(
			'Phone Number "call me maybe" is not a phone number in E.164 format [item 0]',
		);
		expect(n8n.standIn.requests.length).toBe(before);
	});
});

describe('Get Status, Send Feedback, Lookup and the Ding Trigger in a real n8n', () => {
	test('Get Status (simplified), Send Feedback and Lookup through webhooks', async () => {
		const client = n8n.instance.client;
		await webhookWorkflow('e2e/send-for-status', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
		});
		const status = await webhookWorkflow('e2e/status', {
			resource: 'otp',
			operation: 'getStatus',
			authenticationUuid: '={{ $json.body.uuid }}',
			options: { simplify: true },
		});
		await webhookWorkflow('e2e/feedback', {
			resource: 'otp',
			operation: 'sendFeedback',
			phoneNumber: '={{ $json.body.phone }}',
			status: 'onboarded',
		});
		await webhookWorkflow('e2e/lookup', {
			resource: 'lookup',
			operation: 'get',
			phoneNumber: '={{ $json.body.phone }}',
			options: { callerName: true },
		});

		const sent = await client.callWebhook('e2e/send-for-status', { phone: '+14155550177' });
		const uuid = sent.body[0].authentication_uuid as string;
		const got = await client.callWebhook('e2e/status', { uuid });
		expect(n8n.standIn.requests.at(-1)!.url).toBe(`/v1/authentication/${uuid}`);
		expect(got.body[0]).toMatchObject({
			uuid,
			phone_number: '+14155550177',
			latest_delivery_status: 'delivered',
			latest_check_status: null,
			attempts: 1,
			verified: false,
		});
		expect((await lastExecution(status.id)).status).toBe('success');

		const feedback = await client.callWebhook('e2e/feedback', { phone: '+14155550177' });
		expect(JSON.parse(n8n.standIn.requests.at(-1)!.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: '+14155550177',
			status: 'onboarded',
		});
		expect(feedback.body[0].uuid).toMatch(/^[0-9a-f-]{36}$/);

		const looked = await client.callWebhook('e2e/lookup', { phone: '+447700900123' });
		const request = n8n.standIn.requests.at(-1)!;
		expect(request.url).toBe('/v1/lookup/+447700900123?type=cnam');
		expect(request.headers['customer-uuid']).toBe(CUSTOMER_UUID);
		expect(looked.body).toStrictEqual([request.answer]);
	});

	test('the Ding Trigger receives the events of a Send whose Callback URL is its production URL', async () => {
		const client = n8n.instance.client;
		const webhookId = '6e0d1c2b-3a4f-4e5d-8c7b-9a0f1e2d3c4b';
		const trigger = await client.createWorkflow(
			{
				name: 'e2e Ding Trigger',
				nodes: [
					{
						id: '6e0d1c2b-0000-4000-8000-000000000001',
						name: 'Ding Trigger',
						type: 'n8n-nodes-ding.dingTrigger',
						typeVersion: 1,
						position: [0, 0],
						webhookId,
						parameters: { events: [], options: { ignoreRepeats: true } },
					},
				],
				connections: {},
			},
			{ activate: true },
		);
		const triggerUrl = `${n8n.instance.n8n.url}/webhook/${webhookId}/webhook`;
		await webhookWorkflow('e2e/send-with-callback', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
			additionalFields: { callbackUrl: triggerUrl, correlationId: 'trigger-test' },
		});

		const sent = await client.callWebhook('e2e/send-with-callback', { phone: '+14155550188' });
		expect(sent.status).toBe(200);
		await n8n.standIn.settled();

		const delivered = n8n.standIn.delivered.filter((d) => d.url === triggerUrl);
		expect(delivered.map((d) => [d.event.type, d.status])).toStrictEqual([
			['authentication', 200],
			['attempt', 200],
			['delivery_status', 200],
		]);
		expect(delivered[0].event).toMatchObject({
			auth_uuid: sent.body[0].authentication_uuid,
			recipient_phone_number: '+14155550188',
			correlation_id: 'trigger-test',
		});

		const runs = await n8n.instance.client.waitForExecutions(trigger.id, 3);
		const emitted = [];
		for (const run of runs) {
			const execution = await client.api('GET', `/executions/${run.id}?includeData=true`);
			executionIds.push(String(execution.id));
			emitted.push(...nodeOutput(execution, 'Ding Trigger')[0]);
		}
		expect(emitted.sort((a, b) => a.id.localeCompare(b.id))).toStrictEqual(
			delivered.map((d) => d.event).sort((a, b) => a.id.localeCompare(b.id)),
		);

		const repeat = await n8n.standIn.redeliver(triggerUrl, delivered[0].event);
		expect(repeat.status).toBe(200);
		expect(JSON.parse(repeat.body)).toMatchObject({ started: false, reason: 'repeated event' });
		const notDing = await client.request('POST', `/webhook/${webhookId}/webhook`, {
			hello: 'world',
		});
		expect(notDing.status).toBe(400);
		expect((await n8n.instance.client.waitForExecutions(trigger.id, 3)).length).toBe(3);
	});
});

describe('faults in a real n8n', () => {
	test('a reset during Send is not repeated and says the code may or may not have been sent', async () => {
		const workflow = await webhookWorkflow('e2e/send-fault', {
			resource: 'otp',
			operation: 'send',
			phoneNumber: '={{ $json.body.phone }}',
			options: { timeout: 2000 },
		});
		const before = n8n.standIn.requests.length;
		n8n.standIn.answerNext({ status: 0, fault: 'reset' });

		await n8n.instance.client.callWebhook('e2e/send-fault', { phone: '+14155550166' });

		const execution = await lastExecution(workflow.id);
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error.message).toMatch(
			/^Could not reach Ding: .*: the code may or may not have been sent$/,
		);
		expect(n8n.standIn.requests.length).toBe(before + 1);
	});

	test('Lookup is retried through Ding faults and a rate limit, then succeeds', async () => {
		const workflow = await webhookWorkflow('e2e/lookup-fault', {
			resource: 'lookup',
			operation: 'get',
			phoneNumber: '={{ $json.body.phone }}',
			options: { maxRetries: 3 },
		});
		const before = n8n.standIn.requests.length;
		n8n.standIn.answerNext({ status: 503, raw: '<html>down</html>' });
		n8n.standIn.answerNext({ status: 429, body: {}, headers: { 'retry-after': '0' } });

		const looked = await n8n.instance.client.callWebhook('e2e/lookup-fault', {
			phone: '+14155550167',
		});

		expect(looked.status).toBe(200);
		expect(looked.body[0].phone_number).toBe('+14155550167');
		expect(n8n.standIn.requests.length).toBe(before + 3);
		expect((await lastExecution(workflow.id)).status).toBe('success');
	});
});

describe('the example workflows, end to end', () => {
	test('phone verification API: start → wrong code → right code → again', async () => {
		const workflow = await n8n.instance.client.createWorkflow(
			n8n.instance.example('phone-verification-api.json'),
			{ activate: true },
		);
		const client = n8n.instance.client;

		const started = await client.callWebhook('ding/verify/start', { phone: '+14155550142' });
		expect(started.status).toBe(200);
		expect(started.body.status).toBe('pending');
		const uuid = started.body.authentication_uuid as string;
		const code = n8n.standIn.codeFor(uuid)!;
		const wrong = code === '999999' ? '999998' : '999999';

		const answers = [];
		for (const attempt of [wrong, code, code]) {
			const checked = await client.callWebhook('ding/verify/check', {
				authentication_uuid: uuid,
				code: attempt,
			});
			expect(checked.status).toBe(200);
			answers.push(checked.body);
		}
		expect(answers).toStrictEqual([
			{ verified: false, status: 'invalid' },
			{ verified: true, status: 'valid' },
			{ verified: false, status: 'already_validated' },
		]);

		const refused = await client.callWebhook('ding/verify/start', { phone: '0044 7700' });
		expect(refused.status).toBe(400);
		expect(refused.body.error).toContain(
			'Phone Number "0044 7700" is not a phone number in E.164 format',
		);
		executionIds.push(String((await client.lastExecution(workflow.id)).id));
	});

	test('CRM contact: new contact → code texted → app submits the code → contact updated', async () => {
		const workflow = await n8n.instance.client.createWorkflow(
			n8n.instance.example('crm-contact-verification.json'),
			{ activate: true },
		);
		const client = n8n.instance.client;

		const created = await client.callWebhook('ding/crm/contact', {
			name: 'Ada Lovelace',
			email: 'ada@example.com',
			phone: '+447700900042',
		});
		expect(created.status).toBe(200);
		expect(created.body.status).toBe('pending');
		const sent = n8n.standIn.requests.at(-1)!;
		expect(JSON.parse(sent.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: '+447700900042',
			correlation_id: 'ada@example.com',
		});
		const code = n8n.standIn.codeFor(created.body.authentication_uuid)!;

		const resumed = await client.resume(created.body.submit_code_to, { code });
		expect(resumed.status).toBeLessThan(400);

		const execution = await client.lastExecution(workflow.id);
		executionIds.push(String(execution.id));
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'Update contact: verified')).toStrictEqual([
			[
				{
					name: 'Ada Lovelace',
					email: 'ada@example.com',
					phone: '+447700900042',
					verified: true,
					authentication_uuid: created.body.authentication_uuid,
				},
			],
		]);
	});
});

describe('the credential test, through n8n’s own endpoint', () => {
	const test_ = (data: Record<string, string>) =>
		n8n.instance.client.testCredential({
			id: n8n.instance.credential.id,
			name: n8n.instance.credential.name,
			type: 'dingApi',
			data: { baseUrl: n8n.standIn.baseUrl, apiKey: API_KEY, customerUuid: CUSTOMER_UUID, ...data },
		});

	test('good key and customer UUID: success', async () => {
		await expect(test_({})).resolves.toStrictEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	test('wrong key: "The API key was refused"', async () => {
		await expect(test_({ apiKey: 'not-the-key' })).resolves.toStrictEqual({
			status: 'Error',
			message: 'The API key was refused',
		});
	});

	test('wrong customer UUID: "The Customer UUID is not valid for this key"', async () => {
		await expect(
			test_({ customerUuid: '11111111-2222-4333-8444-555555555555' }),
		).resolves.toStrictEqual({
			status: 'Error',
			message: 'The Customer UUID is not valid for this key',
		});
	});
});

describe('the API key', () => {
	test('appears in no execution data and nowhere in n8n’s log', async () => {
		expect(executionIds.length).toBeGreaterThan(3);
		for (const id of executionIds) {
			const execution = await n8n.instance.client.api('GET', `/executions/${id}?includeData=true`);
			expect(JSON.stringify(execution)).not.toContain(API_KEY);
		}
		const log = n8nLog(n8n);
		expect(log.length).toBeGreaterThan(1000);
		expect(log).not.toContain(API_KEY);
	});
});
