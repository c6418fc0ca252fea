import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { OWNER } from '../../scripts/n8n/instance';
import { ROOT } from '../support/files';
import { useN8n } from './support/e2e';

/**
 * The editor as a person uses it, in Debian's Chromium: sign in, find "Ding" in the node panel,
 * see its actions, add Send (a new node: Prelude v2), fill it in, execute it against the
 * stand-in, then switch it to Ding v1 by picking the Ding credential. Screenshots
 * land in test/e2e/screenshots/ for a person to look at.
 */
const n8n = useN8n('editor');
const SHOTS = `${ROOT}/test/e2e/screenshots`;
const UI_TIMEOUT = 60_000;

let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
	page.setDefaultTimeout(UI_TIMEOUT);
}, UI_TIMEOUT);

afterAll(async () => {
	await browser?.close();
});

const shot = async (name: string) => await page.screenshot({ path: `${SHOTS}/${name}.png` });
/** A new workflow's node panel, searched for `text`: the "Ding" entry it finds. */
async function searchNodePanel(text: string) {
	await page.goto(`${n8n.instance.n8n.url}/workflow/new`);
	await page.click('[data-test-id=canvas-add-button]');
	await page
		.locator(
			'[data-test-id=node-creator-search-bar] input, input[data-test-id=node-creator-search-bar]',
		)
		.first()
		.fill(text);
	const found = page
		.locator('[data-test-id=node-creator-item-name]')
		.getByText('Ding', { exact: true })
		.first();
	await found.waitFor();
	return found;
}

describe('the Ding node in n8n’s editor', () => {
	test('sign in', async () => {
		await page.goto(`${n8n.instance.n8n.url}/signin`);
		await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
		await page.fill('input[name=password]', OWNER.password);
		await shot('01-sign-in');
		await page.click('[data-test-id=form-submit-button]');
		await page.waitForURL((url) => !url.pathname.includes('signin'));
	});

	test('searching the node panel for "Ding lookup" finds Ding, and in it the Lookup action', async () => {
		const found = await searchNodePanel('Ding lookup');
		await shot('02a-node-panel-search-ding-lookup');
		await found.click();
		const panel = page.locator('[data-test-id=node-creator]');
		// Fold the triggers away and open the actions (n8n folds them while offering triggers).
		await panel.getByText(/^Triggers \(\d+\)$/).click();
		await panel.getByText(/^Actions \(\d+\)$/).click();
		// The action begins with the operation's name, as README and docs write it: Lookup → Get.
		await panel.getByText('Lookup Actions', { exact: true }).waitFor();
		await panel.getByText('Get a phone number lookup', { exact: true }).waitFor();
		await panel.getByText('Send and wait for code', { exact: true }).waitFor();
		await panel.getByText('Get a phone number lookup', { exact: true }).scrollIntoViewIfNeeded();
		await shot('02b-node-panel-lookup-action');
	});

	test('the node panel finds "Ding" and shows its trigger and its actions', async () => {
		const found = await searchNodePanel('Ding');
		await shot('02-node-panel-search');
		// As the first step n8n offers triggers, and lists the Ding Trigger and node as one "Ding",
		// with the trigger's description, which speaks for both.
		await expect(page.locator('[data-test-id=node-creator]').innerText()).resolves.toContain(
			'Verify phone numbers with one-time codes from Ding (Prelude Verify v2)',
		);

		await found.click();
		const panel = page.locator('[data-test-id=node-creator]');
		for (const trigger of [
			'On message delivered',
			'On message failed',
			'On code sent',
			'On delivery status reported',
			'On verification created',
			'On code sent (Ding v1)',
			'On delivery status reported (Ding v1)',
			'On verification created (Ding v1)',
		]) {
			await panel.getByText(trigger, { exact: true }).waitFor();
		}
		// With triggers on offer, n8n folds the actions away: open them. They are those of the
		// version a new node gets, Prelude v2.
		await panel.getByText(/^Actions \(\d+\)$/).click();
		// Every method of Prelude's clients: 30 actions in 10 resources.
		await expect(panel.getByText(/^Actions \(\d+\)$/).innerText()).resolves.toBe('Actions (30)');
		for (const action of [
			'Check a verification code',
			'Get a phone number lookup',
			'Retry sending a verification code',
			'Send a verification code',
			'Send and wait for code',
			'Send feedback on a verification',
			'Get a verification',
			'Predict whether a new user is a fraud',
			'Send a message',
			'Add a test number',
			'Add a number to a list',
			'Get the subscription state of a number',
			'Match an identity with a phone number',
		]) {
			await panel.getByText(action, { exact: true }).waitFor();
		}
		// v1's Get Status is not offered to a new (v2) node.
		await expect(panel.getByText('Get the status of a verification').count()).resolves.toBe(0);
		await shot('03-node-panel-actions');
	});

	test('Send opens on Prelude v2 with its credential, OTP → Send, the target and every Verification Option', async () => {
		await page
			.locator('[data-test-id=node-creator]')
			.getByText('Send a verification code', { exact: true })
			.first()
			.click();
		const ndv = page.locator('[data-test-id=ndv]');
		await ndv.waitFor();
		// n8n's editor shows a parameter that picks the credential type (API) inside the Credential
		// field: a new node starts on Prelude v2, with the Prelude credential.
		await expect(ndv.locator('[data-test-id=parameter-input-api]').count()).resolves.toBe(0);
		await expect(
			ndv.locator('[data-test-id=node-credentials-select] input').inputValue(),
		).resolves.toBe(n8n.instance.preludeCredential!.name);
		await expect(
			ndv.locator('[data-test-id=parameter-input-resource] input').inputValue(),
		).resolves.toBe('OTP');
		await expect(
			ndv.locator('[data-test-id=parameter-input-operation] input').inputValue(),
		).resolves.toBe('Send');
		await expect(
			ndv.locator('[data-test-id=parameter-input-targetType] input').inputValue(),
		).resolves.toBe('Phone Number');
		await ndv
			.locator(
				'[data-test-id=parameter-input-phoneNumber] input, [data-test-id=parameter-input-phoneNumber] textarea',
			)
			.first()
			.fill('+14155550123');
		await shot('04-send-parameters');

		// Three collections: Verification Options, Signals, Options.
		const collections = ndv.locator('[data-test-id=collection-parameter-add]');
		await expect(collections.count()).resolves.toBe(3);
		// The labels are the add buttons' placeholder texts (or their text, depending on n8n's UI).
		const addLabels = await collections.evaluateAll((elements) =>
			elements.map((element) =>
				[
					element.textContent ?? '',
					...Array.from(element.querySelectorAll('input')).map(
						(input) => (input as { placeholder?: string }).placeholder ?? '',
					),
					element.getAttribute('placeholder') ?? '',
				].join(' '),
			),
		);
		expect(addLabels).toStrictEqual([
			expect.stringContaining('Add Verification Option'),
			expect.stringContaining('Add Signal'),
			expect.stringContaining('Add Option'),
		]);
		await collections.first().click();
		const options = page.locator('[data-test-id=collection-parameter-option]:visible');
		await options.first().waitFor();
		const labels = (await options.allInnerTexts()).map((label) => label.trim());
		expect(labels).toStrictEqual([
			'App Realm Platform',
			'App Realm Value',
			'Callback URL',
			'Channels',
			'Code Size',
			'Correlation ID',
			'Custom Code',
			'Dispatch ID',
			'Force Challenge',
			'Locale',
			'Max Auto Fallbacks',
			'Method',
			'Preferred Channel',
			'Sender ID',
			'Template ID',
			'Template Variables',
		]);
		await shot('05-send-verification-options');
		await page.getByText('Correlation ID', { exact: true }).last().click();
		await ndv
			.locator(
				'[data-test-id=parameter-input-correlationId] input, [data-test-id=parameter-input-correlationId] textarea',
			)
			.first()
			.fill('from-the-editor');
	});

	test('Execute step sends the code through the stand-in and shows Prelude’s answer', async () => {
		const before = n8n.standIn.requests.length;
		await page.locator('[data-test-id=ndv] [data-test-id=node-execute-button]').first().click();
		const output = page.locator('[data-test-id=output-panel]');
		await output.getByText('success').first().waitFor();
		await shot('06-send-output');

		expect(n8n.standIn.requests.length).toBe(before + 1);
		const sent = n8n.standIn.requests.at(-1)!;
		expect(sent.path).toBe('/v2/verification');
		expect(JSON.parse(sent.rawBody)).toStrictEqual({
			target: { type: 'phone_number', value: '+14155550123' },
			metadata: { correlation_id: 'from-the-editor' },
		});
		const id = (sent.answer as { id: string }).id;
		await expect(output.innerText()).resolves.toContain(id);
		// The number Check needs is in Send's output, under the node's own key.
		await expect(output.innerText()).resolves.toContain('dingVerification');
	});

	test('a wrong key against the sandbox: the error panel points at the sandbox credential', async () => {
		const wrong = await n8n.instance.client.createCredential({
			name: 'Prelude wrong key',
			type: 'preludeApi',
			data: { apiKey: 'not-the-sandbox-key', baseUrl: n8n.standIn.preludeBaseUrl },
		});
		const ndv = page.locator('[data-test-id=ndv]');
		await ndv.locator('[data-test-id=node-credentials-select]').click();
		const menu = page.locator('.el-select-dropdown:visible, [role=listbox]:visible').last();
		await menu.getByText(wrong.name, { exact: true }).click();
		await page.locator('[data-test-id=ndv] [data-test-id=node-execute-button]').first().click();
		const output = page.locator('[data-test-id=output-panel]');
		await output.getByText('The API key was refused by Prelude').first().waitFor();
		await expect(output.innerText()).resolves.toContain('a server on this machine');
		await expect(output.innerText()).resolves.toContain('"Prelude sandbox" credential');
		await expect(output.innerText()).resolves.not.toContain('not-the-sandbox-key');
		await shot('06b-wrong-key-sandbox-hint');
	});

	test('the Credential field offers both APIs; picking the Ding credential shows the v1 fields', async () => {
		const ndv = page.locator('[data-test-id=ndv]');
		await ndv.locator('[data-test-id=node-credentials-select]').click();
		const menu = page.locator('.el-select-dropdown:visible, [role=listbox]:visible').last();
		// (Two Prelude credentials by now: the sandbox's and the wrong key of the test before.)
		await menu.getByText('Prelude API', { exact: true }).first().waitFor();
		await menu.getByText('Legacy Ding V1 API', { exact: true }).first().waitFor();
		await shot('07-credential-choice');
		await menu.getByText(n8n.instance.credential.name, { exact: true }).click();

		await expect(
			ndv.locator('[data-test-id=node-credentials-select] input').inputValue(),
		).resolves.toBe(n8n.instance.credential.name);
		await ndv.locator('[data-test-id=parameter-input-targetType]').waitFor({ state: 'detached' });
		await ndv.locator('[data-test-id=parameter-input-phoneNumber]').first().waitFor();
		await expect(ndv.locator('[data-test-id=collection-parameter-add]').count()).resolves.toBe(2);
		// Picking the Ding credential is never silent: the panel says v1 is retired.
		await expect(ndv.innerText()).resolves.toContain('Ding v1 is retired');
		await shot('08-send-ding-v1');
	});

	test("Send → Check, with Check's number taken from Send's output by expression, verifies", async () => {
		const credential = n8n.instance.preludeCredential!;
		const ding = (name: string, x: number, parameters: Record<string, unknown>) => ({
			id: `0f6b1d2e-3c4d-4e5f-8a9b-00000000000${x}`,
			name,
			type: 'n8n-nodes-ding.ding',
			typeVersion: 2,
			position: [x * 220, 0],
			parameters: { api: 'preludeV2', resource: 'otp', ...parameters },
			credentials: { preludeApi: { id: credential.id, name: credential.name } },
		});
		const created = await n8n.instance.client.createWorkflow({
			name: 'Send then Check',
			nodes: [
				{
					id: '0f6b1d2e-3c4d-4e5f-8a9b-000000000000',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				// A fixed code stands in for the one the person would type.
				ding('Send', 1, {
					operation: 'send',
					phoneNumber: '+14155550133',
					verificationOptions: { customCode: '482910' },
				}),
				ding('Check', 2, {
					operation: 'check',
					phoneNumber: '={{ $json.dingVerification.target.value }}',
					checkCode: '482910',
				}),
			],
			connections: {
				Start: { main: [[{ node: 'Send', type: 'main', index: 0 }]] },
				Send: { main: [[{ node: 'Check', type: 'main', index: 0 }]] },
			},
		});
		await page.goto(`${n8n.instance.n8n.url}/workflow/${created.id}`);
		await page.locator('[data-test-id=execute-workflow-button]').first().click();
		const execution = await n8n.instance.client.lastExecution(String(created.id));
		const check = execution.data.resultData.runData.Check[0].data.main[0][0].json;
		expect(check).toMatchObject({
			status: 'success',
			dingVerification: { verified: true, target: { value: '+14155550133' } },
		});
		await shot('09-check-from-send-output');
	});

	test('the canvas subtitle names the operation; a Ding v1 node lists only OTP and Lookup', async () => {
		const node = (
			name: string,
			x: number,
			typeVersion: number,
			parameters: Record<string, unknown>,
			credentials: Record<string, { id: string; name: string }>,
		) => ({
			id: `0f6b1d2e-3c4d-4e5f-8a9b-10000000000${x}`,
			name,
			type: 'n8n-nodes-ding.ding',
			typeVersion,
			position: [x * 260, 0],
			parameters,
			credentials,
		});
		const prelude = n8n.instance.preludeCredential!;
		const ding = n8n.instance.credential;
		const created = await n8n.instance.client.createWorkflow({
			name: 'Names on the canvas',
			nodes: [
				node(
					'Look Up',
					0,
					2,
					{ api: 'preludeV2', resource: 'lookup', operation: 'get', phoneNumber: '+14155550123' },
					{ preludeApi: { id: prelude.id, name: prelude.name } },
				),
				node(
					'Verify',
					1,
					2,
					{
						api: 'preludeV2',
						resource: 'otp',
						operation: 'sendAndWait',
						phoneNumber: '+14155550123',
					},
					{ preludeApi: { id: prelude.id, name: prelude.name } },
				),
				// A node saved before v2 existed: version 1, no api parameter, so Ding v1.
				node(
					'Legacy Lookup',
					2,
					1,
					{ resource: 'lookup', operation: 'get', phoneNumber: '+14155550123' },
					{ dingApi: { id: ding.id, name: ding.name } },
				),
			],
			connections: {},
		});
		await page.goto(`${n8n.instance.n8n.url}/workflow/${created.id}`);
		await page.getByText('OTP → Send and Wait for Code', { exact: true }).waitFor();
		await expect(page.getByText('Lookup → Get', { exact: true }).count()).resolves.toBe(2);
		await expect(page.getByText('get: lookup').count()).resolves.toBe(0);
		await shot('10-canvas-subtitles');

		// The node's own address opens its panel, as a double-click does.
		await page.goto(
			`${n8n.instance.n8n.url}/workflow/${created.id}/0f6b1d2e-3c4d-4e5f-8a9b-100000000002`,
		);
		const ndv = page.locator('[data-test-id=ndv]');
		await ndv.waitFor();
		await expect(ndv.innerText()).resolves.toContain('Ding v1 is retired');
		await ndv.locator('[data-test-id=parameter-input-resource]').click();
		const menu = page.locator('.el-select-dropdown:visible, [role=listbox]:visible').last();
		await menu.getByText('OTP', { exact: true }).waitFor();
		const listed = (await menu.locator('li').allInnerTexts()).map((text) =>
			text.split('\n')[0].trim(),
		);
		expect(listed).toStrictEqual(['Lookup', 'OTP']);
		await shot('11-ding-v1-resources');
	});
});
