import { randomUUID } from 'node:crypto';

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { sleep } from 'n8n-workflow';

import { nodeOutput } from '../../scripts/n8n/client';
import { readExample } from '../../scripts/n8n/instance';
import { currentLine, runtimeDir } from '../../scripts/n8n/runtime';
import { readText, ROOT } from '../support/files';
import { n8nLog, useN8n } from './support/e2e';

/**
 * Send and Wait for Code in a real n8n, as examples/send-and-wait-for-code.json ships it: an app
 * posts a phone number to a Webhook that answers when Ding starts waiting, with the code page's
 * signed URL; the person types the code there (Chromium), or the app posts it as JSON. On n8n 1.x
 * (N8N_LINE=1) the node refuses before sending, and the README says why.
 */
const n8n = useN8n('send-and-wait');
const ON_1X = currentLine() === 1;
const SHOTS = `${ROOT}/test/e2e/screenshots`;
const PATH = 'ding/verify-in-one-step';
const JSON_HEADERS = { accept: 'application/json' };

/** The example workflow, with the options a test needs on its Ding node. */
async function createExample(options: Record<string, unknown> = {}, path = PATH) {
	const example = readExample('send-and-wait-for-code.json', {
		prelude: n8n.instance.preludeCredential!.id,
	});
	example.name = `${example.name} ${path}`;
	for (const node of example.nodes) {
		if (node.type === 'n8n-nodes-base.webhook') {
			node.parameters.path = path;
			node.webhookId = randomUUID();
		}
		if (node.type === 'n8n-nodes-ding.ding') node.parameters.options = options;
	}
	const created = await n8n.instance.client.createWorkflow(example, { activate: true });
	return String(created.id);
}

/** Starts a verification as the app does: Ding answers the Webhook once the code is sent. */
async function start(phone: string, path = PATH) {
	const started = await n8n.instance.client.callWebhook(path, { phone });
	expect(started.status).toBe(200);
	const verification = started.body.dingVerification;
	expect(verification).toMatchObject({ waiting: true, target: { value: phone } });
	const codeUrl = String(verification.codeUrl);
	expect((await n8n.instance.client.codePageReady(codeUrl)).status).toBe(200);
	return { codeUrl, id: String(verification.id) };
}

/** A request to the code page, as a browser (form post) or an app (JSON) sends it. */
async function page(
	codeUrl: string,
	method: 'GET' | 'POST',
	body?: Record<string, string>,
	headers: Record<string, string> = {},
) {
	const url = new URL(codeUrl);
	return await n8n.instance.client.request(method, `${url.pathname}${url.search}`, body, {
		accept: 'text/html',
		...headers,
	});
}

/** Where n8n's form is: inside its hosting shell's sandboxed frame (n8n 2.40), or the page. */
async function formScope(tab: Page) {
	return (await tab.locator('#form-frame').count())
		? tab.frameLocator('#form-frame')
		: tab.locator('body');
}

/** The code page may be framed by n8n's own pages only (issue 21.3). */
function expectUnframeable(headers: Record<string, string>) {
	expect(headers['x-frame-options']).toBe('SAMEORIGIN');
	expect(headers['content-security-policy']).toContain("frame-ancestors 'self'");
}

/** Waits until n8n serves an activated form (it registers it a moment after the call returns). */
async function formServed(path: string) {
	// n8n registers an activated form a moment after the activation call returns; a busy
	// machine can take much longer, so the limit is generous (it ends as soon as it is served).
	for (let i = 0; i < 400; i++) {
		const probe = await n8n.instance.client.request('GET', `/form/${path}`, undefined, {
			accept: 'text/html',
		});
		if (probe.status === 200 && !probe.text.includes('Problem loading form')) return;
		await sleep(250);
	}
	throw new Error(`the form ${path} is not served`);
}

/** The n8n Form Trigger version the editor adds today: the installed n8n's default. */
function editorsFormTriggerVersion(): number {
	const file = `${runtimeDir()}/node_modules/n8n-nodes-base/dist/nodes/Form/FormTrigger.node.js`;
	const found = /defaultVersion:\s*([\d.]+)/.exec(readText(file));
	if (!found) throw new Error(`no defaultVersion in ${file}`);
	return Number(found[1]);
}

const codeFor = (phone: string) => n8n.standIn.prelude!.codeFor(phone)!;
const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

async function finished(id: string) {
	const execution = await n8n.instance.client.lastExecution(id, { timeoutMs: 60_000 });
	return execution;
}

/**
 * The execution behind a code URL (/webhook-waiting/<execution>/…) once it has ended. By id: n8n's
 * public executions list leaves out running executions, so "the newest" could be an older one.
 */
async function executionBehind(codeUrl: string, timeoutMs = 60_000) {
	const id = new URL(codeUrl).pathname.split('/')[2];
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const execution = await n8n.instance.client.api('GET', `/executions/${id}?includeData=true`);
		if (!['new', 'running', 'waiting'].includes(execution.status)) return execution;
		await sleep(250);
	}
	throw new Error(`execution ${id} did not end`);
}

(ON_1X ? describe.skip : describe)('Send and Wait for Code in a real n8n 2.x', () => {
	let browser: Browser;
	let tab: Page;

	beforeAll(async () => {
		await createExample();
		browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			headless: true,
			args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
		});
		tab = await browser.newPage({ viewport: { width: 390, height: 760 } });
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
	});

	test('the app flow in a browser: the page, a wrong code, then the right one → Verified', async () => {
		const phone = '+14155550161';
		const { codeUrl } = await start(phone);
		expect(codeUrl).toMatch(
			/\/webhook-waiting\/\d+\/[0-9a-f-]+\?wait=[0-9A-Za-z]{16}&signature=[0-9a-f]{64}$/,
		);
		const code = codeFor(phone);

		const response = await tab.goto(codeUrl);
		expectUnframeable(response!.headers());
		await tab.getByRole('heading', { name: 'Confirm your phone number' }).waitFor();
		expect(await tab.locator('input#code').getAttribute('autocomplete')).toBe('one-time-code');
		await tab.screenshot({ path: `${SHOTS}/send-and-wait-1-code-page.png`, fullPage: true });

		await tab.locator('input#code').fill(wrong(code));
		await tab.getByRole('button', { name: 'Verify' }).click();
		await tab.getByText('That code is not right, 2 tries left.').waitFor();
		expect(await tab.locator('input#code').inputValue()).toBe('');
		await tab.screenshot({ path: `${SHOTS}/send-and-wait-2-wrong-code.png`, fullPage: true });

		await tab.locator('input#code').fill(code);
		await tab.getByRole('button', { name: 'Verify' }).click();
		await tab.getByRole('heading', { name: 'Verified' }).waitFor();
		await tab.screenshot({ path: `${SHOTS}/send-and-wait-3-verified.png`, fullPage: true });

		const execution = await executionBehind(codeUrl);
		expect(execution.status).toBe('success');
		const [notVerified, verified] = nodeOutput(execution, 'Send and Wait for Code');
		expect(notVerified).toEqual([]);
		expect(verified).toHaveLength(1);
		expect(verified[0]).toMatchObject({
			body: { phone },
			dingVerification: {
				verified: true,
				status: 'success',
				attempts: 2,
				respondedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
			},
		});
		expect(nodeOutput(execution, 'Verified')[0]).toHaveLength(1);
		expect(nodeOutput(execution, 'Not verified')).toEqual([]);
		// The code is nowhere: not in the execution, not in n8n's debug log.
		expect(JSON.stringify(execution)).not.toContain(code);
		expect(n8nLog(n8n)).not.toContain(code);

		// The page after the end says so, and resumes nothing.
		const again = await page(codeUrl, 'GET');
		expect(again.text).not.toContain('name="code"');
	});

	test('the n8n Forms flow in a browser: phone on the form → the code page, no click → wrong code → right code → Verified', async () => {
		const formFlow = readExample('form-send-and-wait-for-code.json', {
			prelude: n8n.instance.preludeCredential!.id,
		});
		const formId = String(
			(await n8n.instance.client.createWorkflow(formFlow, { activate: true })).id,
		);
		const phone = '+14155550166';

		await formServed('ding/verify-phone');
		await tab.goto(`${n8n.instance.n8n.url}/form/ding/verify-phone`);
		const form = await formScope(tab);
		await form.getByLabel('Phone number').fill(phone);
		await tab.screenshot({ path: `${SHOTS}/send-and-wait-form-1-phone.png`, fullPage: true });
		const codePage = tab.waitForResponse(
			(response) =>
				response.url().includes('/webhook-waiting/') && /[?&]wait=/.test(response.url()),
		);
		await form.getByRole('button', { name: 'Submit' }).click();

		// The form page waits until the execution waits, then opens the code page itself.
		await form.locator('input#code').waitFor({ timeout: 15_000 });
		expectUnframeable((await codePage).headers());
		await form.getByRole('heading', { name: 'Enter the code we sent you' }).waitFor();
		await tab.screenshot({ path: `${SHOTS}/send-and-wait-form-2-code-page.png`, fullPage: true });
		const code = codeFor(phone);

		await form.locator('input#code').fill(wrong(code));
		await form.getByRole('button', { name: 'Verify' }).click();
		await form.getByText('That code is not right, 2 tries left.').waitFor();
		await form.locator('input#code').fill(code);
		await form.getByRole('button', { name: 'Verify' }).click();
		await form.getByText('Your phone number is verified.').waitFor();
		await tab.screenshot({ path: `${SHOTS}/send-and-wait-form-3-verified.png`, fullPage: true });

		const execution = await finished(formId);
		expect(nodeOutput(execution, 'Verified')[0]).toEqual([
			expect.objectContaining({
				'Phone number': phone,
				dingVerification: expect.objectContaining({ verified: true, attempts: 2 }),
			}),
		]);
		expect(JSON.stringify(execution)).not.toContain(code);

		// A number that cannot be texted: the form says so, and Try again leads back to the form.
		await tab.goto(`${n8n.instance.n8n.url}/form/ding/verify-phone`);
		const again = await formScope(tab);
		await again.getByLabel('Phone number').fill('12');
		await again.getByRole('button', { name: 'Submit' }).click();
		await again
			.getByText('We could not send a code to 12. Check the number and try again.')
			.waitFor();
		await tab.screenshot({ path: `${SHOTS}/send-and-wait-form-4-bad-number.png`, fullPage: true });
		await again.getByRole('link', { name: 'Try again' }).click();
		await (await formScope(tab)).getByLabel('Phone number').waitFor();
		await tab.screenshot({
			path: `${SHOTS}/send-and-wait-form-5-back-to-form.png`,
			fullPage: true,
		});
	});

	test('a form built from an empty canvas (the Form Trigger the editor adds today): refused before texting, naming the fix', async () => {
		const version = editorsFormTriggerVersion();
		expect(version).toBeGreaterThan(2.1);
		const path = `ding/canvas-${randomUUID().slice(0, 8)}`;
		const workflow = {
			name: `Form from an empty canvas ${path}`,
			nodes: [
				{
					id: randomUUID(),
					name: 'On form submission',
					type: 'n8n-nodes-base.formTrigger',
					typeVersion: version,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: {
						formTitle: 'Verify your phone',
						formFields: { values: [{ fieldLabel: 'Phone number', requiredField: true }] },
						options: { path },
					},
				},
				{
					id: randomUUID(),
					name: 'Ding',
					type: 'n8n-nodes-ding.ding',
					typeVersion: 2,
					position: [240, 0],
					parameters: {
						resource: 'otp',
						operation: 'sendAndWait',
						phoneNumber: "={{ $json['Phone number'] }}",
					},
					credentials: {
						preludeApi: { id: n8n.instance.preludeCredential!.id, name: 'Prelude sandbox' },
					},
				},
				{
					id: randomUUID(),
					name: 'Edit Fields',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [480, 100],
					parameters: {},
				},
			],
			connections: {
				'On form submission': { main: [[{ node: 'Ding', type: 'main', index: 0 }]] },
				Ding: { main: [[], [{ node: 'Edit Fields', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		const id = String((await n8n.instance.client.createWorkflow(workflow, { activate: true })).id);
		await formServed(path);
		const sends = () => n8n.standIn.requests.filter((r) => r.path === '/v2/verification').length;
		const before = sends();

		await tab.goto(`${n8n.instance.n8n.url}/form/${path}`);
		const form = await formScope(tab);
		await form.getByLabel('Phone number').fill('+14155550167');
		await form.getByRole('button', { name: 'Submit' }).click();
		await form.getByText('Form Submitted').first().waitFor();
		const execution = await finished(id);
		await tab.screenshot({
			path: `${SHOTS}/send-and-wait-form-6-todays-trigger.png`,
			fullPage: true,
		});

		expect(sends()).toBe(before);
		const ding = execution.data.resultData.runData.Ding[0];
		expect(ding.error.message).toBe(
			'Send and Wait for Code cannot open its code page from this form: nothing was sent',
		);
		expect(ding.error.description).toContain(`is version ${version}`);
		expect(ding.error.description).toContain('examples/form-send-and-wait-for-code.json');
	});

	test('the app flow with JSON: invalid with attempts_left, then the last wrong code → Not Verified', async () => {
		const phone = '+14155550162';
		const { codeUrl } = await start(phone);
		const code = codeFor(phone);
		const status = await page(codeUrl, 'GET', undefined, JSON_HEADERS);
		expect(status.body).toMatchObject({ status: 'waiting', attempts_left: 3 });

		const answers = [];
		for (let i = 0; i < 3; i++) {
			answers.push((await page(codeUrl, 'POST', { code: wrong(code) }, JSON_HEADERS)).body);
		}
		expect(answers).toStrictEqual([
			expect.objectContaining({ status: 'invalid', attempts_left: 2 }),
			expect.objectContaining({ status: 'invalid', attempts_left: 1 }),
			{ status: 'not_verified', reason: 'wrong_code_limit' },
		]);
		const execution = await executionBehind(codeUrl);
		const [notVerified, verified] = nodeOutput(execution, 'Send and Wait for Code');
		expect(verified).toEqual([]);
		expect(notVerified[0].dingVerification).toMatchObject({
			verified: false,
			reason: 'wrong_code_limit',
			attempts: 3,
		});
		expect(nodeOutput(execution, 'Not verified')[0]).toHaveLength(1);
	});

	test('unsigned or forged resume URLs are refused by n8n, and the execution keeps waiting', async () => {
		const phone = '+14155550163';
		const { codeUrl } = await start(phone);
		const unsigned = new URL(codeUrl);
		unsigned.searchParams.delete('signature');
		const forged = new URL(codeUrl);
		forged.searchParams.set('signature', 'f'.repeat(64));
		for (const url of [unsigned, forged]) {
			const answer = await page(url.toString(), 'POST', { code: codeFor(phone) }, JSON_HEADERS);
			expect(answer.status).toBe(401);
		}
		const checks = n8n.standIn.requests.filter((r) => r.path === '/v2/verification/check');
		expect(checks.filter((r) => JSON.parse(r.rawBody).target.value === phone)).toEqual([]);
		const right = await page(codeUrl, 'POST', { code: codeFor(phone) }, JSON_HEADERS);
		expect(right.body).toStrictEqual({ status: 'verified' });
		await executionBehind(codeUrl);
	});

	test('a wait that runs out goes to Not Verified with reason timed_out', async () => {
		const path = 'ding/verify-timeout';
		await createExample({ limitWaitTime: 1 }, path);
		const phone = '+14155550164';
		const { codeUrl } = await start(phone, path);
		// n8n's wait tracker looks for executions due within 70 s once a minute.
		const execution = await executionBehind(codeUrl, 150_000);
		const [notVerified, verified] = nodeOutput(execution, 'Send and Wait for Code');
		expect(verified ?? []).toEqual([]);
		expect(notVerified[0]).toMatchObject({
			body: { phone },
			dingVerification: { verified: false, reason: 'timed_out', target: { value: phone } },
		});
		expect(nodeOutput(execution, 'Not verified')[0]).toHaveLength(1);
	}, 200_000);
});

(ON_1X ? describe : describe.skip)('Send and Wait for Code on n8n 1.x', () => {
	test('refuses before anything is sent, saying it needs n8n 2.39 or newer', async () => {
		const id = await createExample();
		const before = n8n.standIn.requests.length;
		const answer = await n8n.instance.client.callWebhook(PATH, { phone: '+14155550165' });
		expect(n8n.standIn.requests.length).toBe(before);
		expect(answer.status).toBe(200);
		// The example continues on fail, which n8n 1.x does by passing the input on: the refusal
		// is the node's error in the execution.
		const execution = await finished(id);
		const ding = execution.data.resultData.runData['Send and Wait for Code'][0];
		expect(ding.error.message).toBe('Send and Wait for Code needs n8n 2.39 or newer');
		expect(ding.error.description).toContain(
			'n8n 1.x resumes a waiting node on its first output only',
		);
	});
});
