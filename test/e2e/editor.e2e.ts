import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { OWNER } from '../n8n/instance';
import { ROOT } from '../support/files';
import { CUSTOMER_UUID, useN8n } from './support/e2e';

/**
 * The editor as a person uses it, in Debian's Chromium: sign in, find "Ding" in the node panel,
 * see its OTP actions, add Send, fill it in, execute it against the Ding stand-in. Screenshots
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

describe('the Ding node in n8n’s editor', () => {
	test('sign in', async () => {
		await page.goto(`${n8n.instance.n8n.url}/signin`);
		await page.fill('input[name=emailOrLdapLoginId]', OWNER.email);
		await page.fill('input[name=password]', OWNER.password);
		await shot('01-sign-in');
		await page.click('[data-test-id=form-submit-button]');
		await page.waitForURL((url) => !url.pathname.includes('signin'));
	});

	test('the node panel finds "Ding" and shows its trigger and its actions', async () => {
		await page.goto(`${n8n.instance.n8n.url}/workflow/new`);
		await page.click('[data-test-id=canvas-add-button]');
		await page
			.locator(
				'[data-test-id=node-creator-search-bar] input, input[data-test-id=node-creator-search-bar]',
			)
			.first()
			.fill('Ding');
		const found = page
			.locator('[data-test-id=node-creator-item-name]')
			.getByText('Ding', { exact: true });
		await found.first().waitFor();
		await shot('02-node-panel-search');
		// As the first step n8n offers triggers, and lists the Ding Trigger under the name "Ding".
		await expect(page.locator('[data-test-id=node-creator]').innerText()).resolves.toContain(
			'Starts the workflow when Ding posts an event',
		);

		await found.first().click();
		const panel = page.locator('[data-test-id=node-creator]');
		for (const trigger of ['On attempt', 'On authentication', 'On delivery status']) {
			await panel.getByText(trigger, { exact: true }).waitFor();
		}
		// With triggers on offer, n8n folds the actions away: open them.
		await panel.getByText(/^Actions \(6\)$/).click();
		for (const action of [
			'Check a verification code',
			'Get the status of a verification',
			'Look up a phone number',
			'Resend a verification code',
			'Send a verification code',
			'Send feedback on a verification',
		]) {
			await panel.getByText(action, { exact: true }).waitFor();
		}
		await shot('03-node-panel-actions');
	});

	test('Send opens with the credential, OTP → Send, Phone Number and every Additional Field', async () => {
		await page
			.locator('[data-test-id=node-creator]')
			.getByText('Send a verification code', { exact: true })
			.click();
		const ndv = page.locator('[data-test-id=ndv]');
		await ndv.waitFor();
		await expect(
			ndv.locator('[data-test-id=node-credentials-select] input').inputValue(),
		).resolves.toBe(n8n.instance.credential.name);
		await expect(
			ndv.locator('[data-test-id=parameter-input-resource] input').inputValue(),
		).resolves.toBe('OTP');
		await expect(
			ndv.locator('[data-test-id=parameter-input-operation] input').inputValue(),
		).resolves.toBe('Send');
		await ndv
			.locator(
				'[data-test-id=parameter-input-phoneNumber] input, [data-test-id=parameter-input-phoneNumber] textarea',
			)
			.first()
			.fill('+14155550123');
		await shot('04-send-parameters');

		// Two collections: Additional Fields (first), then Options.
		const collections = ndv.locator('[data-test-id=collection-parameter-add]');
		await expect(collections.count()).resolves.toBe(2);
		await collections.first().click();
		const options = page.locator('[data-test-id=collection-parameter-option]:visible');
		await options.first().waitFor();
		const labels = (await options.allInnerTexts()).map((label) => label.trim());
		expect(labels).toStrictEqual([
			'App Realm',
			'App Version',
			'Callback URL',
			'Correlation ID',
			'Device ID',
			'Device Model',
			'Device Type',
			'IP',
			'Is Returning User',
			'Locale',
			'OS Version',
			'Sender ID',
			'Template ID',
		]);
		await shot('05-send-additional-fields');
		await page.getByText('Correlation ID', { exact: true }).last().click();
		await ndv
			.locator(
				'[data-test-id=parameter-input-correlationId] input, [data-test-id=parameter-input-correlationId] textarea',
			)
			.first()
			.fill('from-the-editor');
	});

	test('Execute step sends the code through the stand-in and shows Ding’s answer', async () => {
		const before = n8n.standIn.requests.length;
		await page.locator('[data-test-id=ndv] [data-test-id=node-execute-button]').first().click();
		const output = page.locator('[data-test-id=output-panel]');
		await output.getByText('pending').first().waitFor();
		await shot('06-send-output');

		expect(n8n.standIn.requests.length).toBe(before + 1);
		const sent = n8n.standIn.requests.at(-1)!;
		expect(JSON.parse(sent.rawBody)).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: '+14155550123',
			correlation_id: 'from-the-editor',
		});
		const uuid = (sent.answer as { authentication_uuid: string }).authentication_uuid;
		await expect(output.innerText()).resolves.toContain(uuid);
	});
});
