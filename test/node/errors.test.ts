import type { INode } from 'n8n-workflow';

import { preludeV2 } from '../../nodes/Ding/transport/apis';
import { apiHttpError } from '../../nodes/Ding/transport/errors';
import { closedPort } from '../../sandbox';
import { expectNoKey, PHONE, useDing } from '../support/fixtures';

const ding = useDing();

const SEND = { resource: 'otp', operation: 'send', phoneNumber: PHONE };

/** The codes the core issue names, with a phrase each fix must contain. */
const MAPPED_CODES: Array<[code: string, fixContains: string]> = [
	['account_invalid', 'Customer UUID'],
	['invalid_phone_number', 'E.164'],
	['blocked_number', 'blocklist'],
	['invalid_line', 'mobile number'],
	['unsupported_region', 'supported country'],
	['negative_balance', 'Top up'],
	['spending_limit_exceeded', 'spending limit'],
	['suspended_account', 'Ding support'],
	['invalid_auth_uuid', 'authentication_uuid returned by the Send operation'],
	['no_associated_auth_found', 'Send a code to the phone number first'],
	['invalid_sender_id', 'Sender ID'],
	['unauthorized_sender_id', 'Register the sender ID'],
	['invalid_template_id', 'Template ID'],
	['bad_request', 'Base URL'],
	['app_realm_require_device_type', 'Device Type'],
	['unsupported_app_realm_device_type', 'ANDROID'],
	['invalid_app_realm', 'SMS Retriever'],
	['invalid_app_version', 'App Version'],
	['invalid_device_id', 'Device ID'],
	['invalid_device_model', 'Device Model'],
	['invalid_os_version', 'OS Version'],
	['internal_server_error', 'may or may not have texted'],
	['duplicated_feedback_status', 'once per phone number'],
	['invalid_feedback_status', 'Onboarded'],
	['impossible_code', 'exactly as the user typed it'],
];

describe('a Ding error answer becomes a NodeApiError that says what happened and how to fix it', () => {
	test.each(MAPPED_CODES)('400 %s', async (code, fixContains) => {
		const docUrl = `https://docs.prelude.so/verify/v1/documentation/errors#${code}`;
		ding.standIn.answerNext({
			status: 400,
			body: { code, message: `Ding says ${code}`, doc_url: docUrl },
		});

		const result = await ding.run(SEND);

		const error = result.error!;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(`Ding refused the request: Ding says ${code} (${code})`);
		expect(error.description).toContain(fixContains);
		expect(error.description).toContain(docUrl);
		expect((error as { httpCode?: string }).httpCode).toBe('400');
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
		expect(ding.standIn.requests).toHaveLength(1);
		expectNoKey(result);
	});

	test('a code Ding adds later still shows Ding’s message and code', async () => {
		ding.standIn.answerNext({
			status: 400,
			body: { code: 'quantum_flux', message: 'The flux is out of range.' },
		});

		const { error } = await ding.run(SEND);

		expect(error?.message).toBe(
			'Ding refused the request: The flux is out of range. (quantum_flux)',
		);
		expect(error?.description).toContain('"quantum_flux"');
	});

	test('a known code without a message gets the meaning of the code', async () => {
		ding.standIn.answerNext({ status: 400, body: { code: 'negative_balance' } });

		const { error } = await ding.run(SEND);

		expect(error?.message).toBe(
			'Ding refused the request: The Ding account balance is negative (negative_balance)',
		);
	});

	test('Ding’s words are kept even where they name a Node.js fault code', async () => {
		ding.standIn.answerNext({
			status: 400,
			body: { code: 'bad_request', message: 'Upstream said ECONNREFUSED' },
		});

		const { error } = await ding.run(SEND);

		expect(error?.message).toBe(
			'Ding refused the request: Upstream said ECONNREFUSED (bad_request)',
		);
	});
});

describe('HTTP statuses', () => {
	test('403 from a wrong key: the API key was refused, and the key is in no message', async () => {
		const result = await ding.run(SEND, [{}], { credentials: { apiKey: 'a-wrong-key' } });

		expect(result.error?.message).toBe('The API key was refused by Ding');
		expect(result.error?.description).toContain('API key');
		expect((result.error as { httpCode?: string }).httpCode).toBe('403');
		expect(JSON.stringify(result.run)).not.toContain('a-wrong-key');
		expectNoKey(result);
	});

	test('401: the API key was refused, and the request was not sent a second time', async () => {
		ding.standIn.answerNext({ status: 401, body: { message: 'Unauthorized' } });

		const result = await ding.run(SEND);

		expect(result.error?.message).toBe('The API key was refused by Ding');
		expect((result.error as { httpCode?: string }).httpCode).toBe('401');
		expect(ding.standIn.requests).toHaveLength(1);
	});

	test.each([500, 502, 503, 504])(
		'%i on Send: Ding failed, the code may or may not have been sent, and it is not sent again',
		async (status) => {
			ding.standIn.answerNext({ status, raw: `<html><body>${status} Server Error</body></html>` });

			const result = await ding.run(SEND);

			expect(result.error?.message).toBe(
				`Ding failed to process the request (HTTP ${status}): the code may or may not have been sent`,
			);
			expect(result.error?.description).toContain('Do not send again at once');
			expect((result.error as { httpCode?: string }).httpCode).toBe(String(status));
			expect(ding.standIn.requests).toHaveLength(1);
		},
	);

	test('429: rate limiting, with what to do about it, once the retries are used up', async () => {
		for (let i = 0; i < 3; i++) {
			ding.standIn.answerNext({
				status: 429,
				body: { message: 'Too Many Requests' },
				headers: { 'retry-after': '0' },
			});
		}

		const { error } = await ding.run(SEND);

		expect(error?.message).toBe('Ding is rate-limiting requests (HTTP 429)');
		expect(error?.description).toContain('fewer requests');
		expect(error?.description).toContain('Tried 3 times.');
		expect(ding.standIn.requests).toHaveLength(3);
	});

	test('404: the Base URL is wrong', async () => {
		const { error } = await ding.run(SEND, [{}], {
			credentials: { baseUrl: ding.standIn.baseUrl.replace('/v1', '/v0') },
		});

		expect(error?.message).toBe('Ding has no such endpoint (HTTP 404)');
		expect(error?.description).toContain('https://api.ding.live/v1');
	});

	test('a 200 that is not a JSON object is an error, not an empty item', async () => {
		ding.standIn.answerNext({ status: 200, raw: '<html>captive portal</html>' });

		const { error, output } = await ding.run({
			resource: 'lookup',
			operation: 'get',
			phoneNumber: PHONE,
			options: { maxRetries: 0 },
		});

		expect(error?.message).toBe('Ding answered HTTP 200 without a JSON object');
		expect(output).toHaveLength(0);
	});

	test('no answer at all: the connection was refused', async () => {
		const port = await closedPort();

		const result = await ding.run(SEND, [{}], {
			credentials: { baseUrl: `http://127.0.0.1:${port}/v1` },
		});

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			'Could not reach Ding: the connection was refused (ECONNREFUSED)',
		);
		expect(result.error?.description).toContain('Base URL');
		expectNoKey(result);
	});
});

describe('hints that fit where the credential points', () => {
	const node = { name: 'Ding' } as INode;
	const refused = { code: 'invalid_api_key', message: 'The API key is invalid' };

	test('against a server on this machine (the sandbox) a refused key points at the sandbox credential', () => {
		const error = apiHttpError(
			{ ...preludeV2, localBaseUrl: 'http://127.0.0.1:5690' },
			node,
			401,
			refused,
			0,
		);
		expect(error.description).toContain('a server on this machine (http://127.0.0.1:5690)');
		expect(error.description).toContain('"Prelude sandbox" credential');
		expect(error.description).not.toContain('it should be https://api.prelude.dev');
	});

	test('against the public API it points at the key and the Base URL', () => {
		const error = apiHttpError(preludeV2, node, 401, refused, 0);
		expect(error.description).toContain('paste the API key from the Prelude dashboard');
		expect(error.description).toContain('it should be https://api.prelude.dev');
		expect(error.description).not.toContain('sandbox');
	});
});
