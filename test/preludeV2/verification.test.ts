import type { IDataObject } from 'n8n-workflow';

import {
	expectNoKey,
	jsonOf,
	pairingOf,
	PHONE,
	PRELUDE_KEY,
	usePrelude,
} from '../support/fixtures';

const prelude = usePrelude();

const OTHER_PHONE = '+447700900123';

const v2 = (resource: string, operation: string, extra: IDataObject = {}) => ({
	api: 'preludeV2',
	resource,
	operation,
	phoneNumber: PHONE,
	...extra,
});
const send = (extra: IDataObject = {}) => v2('otp', 'send', extra);
const check = (code: string, extra: IDataObject = {}) =>
	v2('otp', 'check', { checkCode: code, ...extra });

/** Every Verification Option and Signal, set once. */
const EVERY_OPTION = {
	appRealmPlatform: 'android',
	appRealmValue: 'FA+9qCX9VSu',
	callbackUrl: 'https://example.com/hooks/prelude',
	codeSize: 8,
	correlationId: 'signup-8841',
	customCode: '12345678',
	dispatchId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
	forceChallenge: false,
	locale: 'fr-fr',
	maxAutoFallbacks: 2,
	method: 'message',
	preferredChannel: 'whatsapp',
	senderId: 'MyApp',
	templateId: 'tmpl_01abc',
	variables: { variable: [{ name: 'app_name', value: 'Acme' }] },
};
const EVERY_SIGNAL = {
	appVersion: '2.4.1',
	deviceId: '9774d56d682e549c',
	deviceModel: 'iPhone17,2',
	devicePlatform: 'ios',
	ip: '2001:db8::7',
	isTrustedUser: true,
	ja4Fingerprint: 't13d1516h2_8daaf6152771_e5627efa2ab1',
	osVersion: '17.4',
	userAgent: 'Mozilla/5.0 (iPhone)',
};
const EVERY_FIELD_ON_THE_WIRE = {
	target: { type: 'phone_number', value: PHONE },
	dispatch_id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
	metadata: { correlation_id: 'signup-8841' },
	options: {
		app_realm: { platform: 'android', value: 'FA+9qCX9VSu' },
		callback_url: 'https://example.com/hooks/prelude',
		code_size: 8,
		custom_code: '12345678',
		force_challenge: false,
		locale: 'fr-FR',
		max_auto_fallbacks: 2,
		method: 'message',
		preferred_channel: 'whatsapp',
		sender_id: 'MyApp',
		template_id: 'tmpl_01abc',
		variables: { app_name: 'Acme' },
	},
	signals: {
		app_version: '2.4.1',
		device_id: '9774d56d682e549c',
		device_model: 'iPhone17,2',
		device_platform: 'ios',
		ip: '2001:db8::7',
		is_trusted_user: true,
		ja4_fingerprint: 't13d1516h2_8daaf6152771_e5627efa2ab1',
		os_version: '17.4',
		user_agent: 'Mozilla/5.0 (iPhone)',
	},
};

describe('Prelude Verify v2 → Send (POST /v2/verification)', () => {
	test('a new node sends only the target, with the key as a Bearer token and nowhere else', async () => {
		const result = await prelude.run(send());

		expect(prelude.standIn.requests).toHaveLength(1);
		const [request] = prelude.standIn.requests;
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/v2/verification');
		expect(request.headers.authorization).toBe(`Bearer ${PRELUDE_KEY}`);
		expect(request.headers['x-api-key']).toBeUndefined();
		expect(request.rawBody).not.toContain(PRELUDE_KEY);
		expect(request.body).toStrictEqual({ target: { type: 'phone_number', value: PHONE } });

		const [item] = result.output;
		// Prelude's answer unchanged, plus the node's one documented key: the target, for Check.
		expect(item.json).toStrictEqual({
			...request.answer,
			dingVerification: { target: { type: 'phone_number', value: PHONE } },
		});
		expect(item.json).toMatchObject({ status: 'success', method: 'message', channels: ['sms'] });
		expect(item.json.id).toMatch(/^vrf_/);
		expect(item.pairedItem).toStrictEqual({ item: 0 });
		expectNoKey(result);
	});

	test('every Verification Option and Signal goes under its nested wire name', async () => {
		await prelude.run(send({ verificationOptions: EVERY_OPTION, signals: EVERY_SIGNAL }));

		expect(prelude.standIn.requests[0].body).toStrictEqual(EVERY_FIELD_ON_THE_WIRE);
	});

	test('Channels go as an ordered list; an email target goes as email_address', async () => {
		await prelude.run(
			send({
				targetType: 'email_address',
				emailAddress: ' jane@example.com ',
				verificationOptions: { channels: ['whatsapp', 'sms'] },
			}),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			target: { type: 'email_address', value: 'jane@example.com' },
			options: { channels: ['whatsapp', 'sms'] },
		});
	});

	test('fields added but left empty are not sent', async () => {
		await prelude.run(
			send({
				verificationOptions: { locale: '', senderId: '  ', channels: [] },
				signals: { deviceId: '' },
			}),
		);

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			target: { type: 'phone_number', value: PHONE },
		});
	});

	test('one output item per input item, each paired, each its own verification', async () => {
		const result = await prelude.run(send({ phoneNumber: '={{ $json.phone }}' }), [
			{ phone: PHONE },
			{ phone: OTHER_PHONE },
		]);

		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(prelude.standIn.requests.map((r) => r.body.target.value)).toStrictEqual([
			PHONE,
			OTHER_PHONE,
		]);
		expect(jsonOf(result.output).every((o) => o.status === 'success')).toBe(true);
	});

	test('a blocked verification comes through unchanged with its reason, for an IF node', async () => {
		prelude.standIn.prelude!.blocked.add(PHONE);

		const result = await prelude.run(send());

		expect(result.output[0].json).toMatchObject({
			status: 'blocked',
			reason: 'in_block_list',
			risk_factors: ['fraud_database'],
		});
	});

	test('a status, method or field Prelude adds later passes through', async () => {
		const answer = { id: 'vrf_x', status: 'queued', method: 'carrier_pigeon', new_field: [1] };
		prelude.standIn.answerNext({ status: 200, body: answer });

		const result = await prelude.run(send());

		const { dingVerification, ...rest } = result.output[0].json;
		expect(rest).toStrictEqual(answer);
		expect(dingVerification).toStrictEqual({ target: { type: 'phone_number', value: PHONE } });
	});

	test("Check can take its number from Send's output; its answer says verified for an IF node", async () => {
		const sent = await prelude.run(send());
		const code = prelude.standIn.prelude!.codeFor(PHONE)!;
		const checkFromSend = {
			...check(code),
			phoneNumber: '={{ $json.dingVerification.target.value }}',
		};
		const wrong = await prelude.run(
			{ ...checkFromSend, checkCode: code === '000000' ? '111111' : '000000' },
			[sent.output[0].json],
		);
		const right = await prelude.run(checkFromSend, [sent.output[0].json]);
		expect(prelude.standIn.requests.at(-1)!.body).toStrictEqual({
			target: { type: 'phone_number', value: PHONE },
			code,
		});
		expect([wrong, right].map((r) => r.output[0].json.dingVerification)).toStrictEqual([
			{ verified: false, target: { type: 'phone_number', value: PHONE } },
			{ verified: true, target: { type: 'phone_number', value: PHONE } },
		]);
		expect([wrong, right].map((r) => r.output[0].json.status)).toStrictEqual([
			'failure',
			'success',
		]);
	});
});

describe('Prelude Verify v2 → Check, Retry: the whole flow', () => {
	test('send → wrong code → retry (same verification) → right code → the window is closed', async () => {
		const sent = (await prelude.run(send())).output[0].json;
		const code = prelude.standIn.prelude!.codeFor(PHONE)!;

		const wrong = await prelude.run(check(code === '000000' ? '111111' : '000000'));
		const retried = await prelude.run(v2('otp', 'retry'));
		const right = await prelude.run(check(code));
		const again = await prelude.run(check(code));

		expect(wrong.output[0].json).toMatchObject({ id: sent.id, status: 'failure' });
		expect(retried.output[0].json).toMatchObject({ id: sent.id, status: 'retry' });
		expect(right.output[0].json).toMatchObject({ id: sent.id, status: 'success' });
		expect(again.output[0].json).toMatchObject({ status: 'expired_or_not_found' });
		const bodies = prelude.standIn.requests.map((r) => [r.url, r.body]);
		expect(bodies).toStrictEqual([
			['/v2/verification', { target: { type: 'phone_number', value: PHONE } }],
			[
				'/v2/verification/check',
				{ target: { type: 'phone_number', value: PHONE }, code: expect.any(String) },
			],
			['/v2/verification', { target: { type: 'phone_number', value: PHONE } }],
			['/v2/verification/check', { target: { type: 'phone_number', value: PHONE }, code }],
			['/v2/verification/check', { target: { type: 'phone_number', value: PHONE }, code }],
		]);
	});

	test('Retry sends the same model as Send: every field, nested', async () => {
		await prelude.run(
			v2('otp', 'retry', { verificationOptions: EVERY_OPTION, signals: EVERY_SIGNAL }),
		);

		expect(prelude.standIn.requests[0].url).toBe('/v2/verification');
		expect(prelude.standIn.requests[0].body).toStrictEqual(EVERY_FIELD_ON_THE_WIRE);
	});

	test('Check with a code that is a number from an expression sends text; PSD2 goes as psd2', async () => {
		await prelude.run(
			check('={{ $json.code }}', {
				checkFields: {
					psd2: { transaction: { amount: '49.90', currency: 'eur', recipient: 'Acme Ltd' } },
				},
			}),
			[{ code: 123456 }],
		);

		// The expression gives a number: it is refused rather than turned into text silently.
		expect(prelude.standIn.requests).toHaveLength(0);

		await prelude.run(
			check('={{ String($json.code) }}', {
				checkFields: {
					psd2: { transaction: { amount: '49.90', currency: 'eur', recipient: 'Acme Ltd' } },
				},
			}),
			[{ code: 123456 }],
		);
		expect(prelude.standIn.requests[0].body).toStrictEqual({
			target: { type: 'phone_number', value: PHONE },
			code: '123456',
			psd2: { amount: '49.90', currency: 'EUR', recipient: 'Acme Ltd' },
		});
	});
});

describe('Prelude Verify v2 → Lookup and Send Feedback', () => {
	test('Lookup: GET /v2/lookup/{number} percent-encoded, cnam on request, the answer unchanged', async () => {
		const result = await prelude.run(
			v2('lookup', 'get', { phoneNumber: '+44 (0)7700 900123', options: { callerName: true } }),
		);

		const [request] = prelude.standIn.requests;
		expect(request.method).toBe('GET');
		expect(request.url).toBe('/v2/lookup/+447700900123?type=cnam');
		expect(request.rawBody).toBe('');
		expect(request.headers['customer-uuid']).toBeUndefined();
		expect(result.output[0].json).toStrictEqual(request.answer);
		expect(result.output[0].json).toMatchObject({ country_code: 'GB', caller_name: 'JANE DOE' });
	});

	test('Lookup of a number no country has (+99912345678) fails as Prelude fails it; with Continue On Fail an IF node can branch on it', async () => {
		const lookup = v2('lookup', 'get', { phoneNumber: '={{ $json.phone }}' });
		const items = [{ phone: '+99912345678' }, { phone: '+33612345678' }];

		const stopped = await prelude.run(lookup, items);
		expect(stopped.error?.name).toBe('NodeApiError');
		expect(stopped.error?.message).toBe(
			'Prelude refused the request: +99912345678 is not a valid phone number (invalid_phone_number, field phone_number)',
		);
		expect(stopped.error?.description).toContain('Check that the number exists');

		const result = await prelude.run(lookup, items, { onError: 'continueRegularOutput' });
		expect(result.output.map((item) => item.json)).toMatchObject([
			{ details: { itemIndex: 0, httpCode: '422', code: 'invalid_phone_number' } },
			{ phone_number: '+33612345678', country_code: 'FR', line_type: 'mobile' },
		]);
	});

	test('Send Feedback: one feedback per item to the Watch API, with its correlation ID', async () => {
		const result = await prelude.run(
			v2('otp', 'sendFeedback', {
				feedbackType: 'verification.completed',
				feedbackFields: { correlationId: 'signup-8841' },
			}),
		);

		const [request] = prelude.standIn.requests;
		expect(request.url).toBe('/v2/watch/feedback');
		expect(request.body).toStrictEqual({
			feedbacks: [
				{
					target: { type: 'phone_number', value: PHONE },
					type: 'verification.completed',
					metadata: { correlation_id: 'signup-8841' },
				},
			],
		});
		expect(result.output[0].json).toMatchObject({ status: 'success' });
	});
});

describe('Prelude Verify v2: bad input is refused before anything is sent', () => {
	test.each([
		[
			'Channels with Preferred Channel',
			{ verificationOptions: { channels: ['sms'], preferredChannel: 'whatsapp' } },
			'Channels and Preferred Channel cannot be used together',
		],
		[
			'half an App Realm',
			{ verificationOptions: { appRealmValue: 'FA+9qCX9VSu' } },
			'App Realm needs both a platform and a value, but got only the value',
		],
		[
			'a long Correlation ID',
			{ verificationOptions: { correlationId: 'x'.repeat(65) } },
			'Correlation ID has 65 characters, more than the 64 allowed',
		],
		[
			'a Code Size of 9',
			{ verificationOptions: { codeSize: 9 } },
			'Code Size must be a whole number from 4 to 8, but got the number 9',
		],
		[
			'an IP that is not one',
			{ signals: { ip: '999.1.1.1' } },
			'IP "999.1.1.1" is not an IP address',
		],
		[
			'a device platform that is not one',
			{ signals: { devicePlatform: 'i OS!' } },
			'Device Platform "i OS!" is not one of android, ios, ipados, tvos, web',
		],
		[
			// A typo from an expression fails here, not at Prelude: the lists are closed.
			'a channel that looks like one but is not',
			{ verificationOptions: { preferredChannel: 'imessage' } },
			'Preferred Channel "imessage" is not one of sms, rcs, whatsapp, viber, zalo, telegram',
		],
		[
			'a method that looks like one but is not',
			{ verificationOptions: { method: 'sms' } },
			'Method "sms" is not one of auto, voice, message',
		],
		[
			'an email that is not one',
			{ targetType: 'email_address', emailAddress: 'jane' },
			'Email Address "jane" is not an email address',
		],
		[
			'a bad phone number',
			{ phoneNumber: '0044 7700' },
			'Phone Number "0044 7700" is not a phone number in E.164 format',
		],
	])('%s', async (_name, extra, message) => {
		const result = await prelude.run(send(extra as IDataObject));

		expect(prelude.standIn.requests).toHaveLength(0);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(`${message} [item 0]`);
		expect(result.error?.description).toBeTruthy();
	});

	test('closed lists take any case and send lower case', async () => {
		await prelude.run(
			send({
				verificationOptions: { preferredChannel: 'WhatsApp' },
				signals: { devicePlatform: 'IOS' },
			}),
		);
		expect(prelude.standIn.requests[0].body).toMatchObject({
			options: { preferred_channel: 'whatsapp' },
			signals: { device_platform: 'ios' },
		});
	});
});

describe('Prelude Verify v2: errors say what happened and how to fix it', () => {
	test('a refused key (401) names the credential and never shows the key', async () => {
		const result = await prelude.run(send(), undefined, { credentials: { apiKey: 'wrong-key' } });

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('The API key was refused by Prelude (invalid_api_key)');
		expect(result.error?.description).toContain('Prelude API credential');
		expect(result.error?.description).toContain('https://api.prelude.dev');
		expect(prelude.standIn.requests).toHaveLength(1);
		expectNoKey(result);
	});

	test.each([
		[422, 'invalid_phone_number', 'E.164'],
		[422, 'invalid_template_id', 'Template ID'],
		[400, 'insufficient_balance', 'Top up'],
		[403, 'email_verification_not_allowed', 'Target Type Phone Number'],
		[422, 'unsupported_country', 'supported country'],
		[400, 'channel_not_enabled_in_region', 'Channels'],
	])('%i %s', async (status, code, fixContains) => {
		prelude.standIn.answerNext({
			status,
			body: { code, message: `Prelude says ${code}`, param: 'target.value', request_id: 'req_123' },
		});

		const result = await prelude.run(send());

		const error = result.error!;
		expect(error.message).toBe(
			`Prelude refused the request: Prelude says ${code} (${code}, field target.value)`,
		);
		expect(error.description).toContain(fixContains);
		expect(error.description).toContain('req_123');
		expect((error as { httpCode?: string }).httpCode).toBe(String(status));
		expect(prelude.standIn.requests).toHaveLength(1);
	});

	test('409 on Send is not repeated (a repeat would be a retry, a second message)', async () => {
		prelude.standIn.answerNext({ status: 409, body: { message: 'conflict' } });

		const result = await prelude.run(send());

		expect(prelude.standIn.requests).toHaveLength(1);
		expect(result.error?.message).toBe(
			'Prelude was busy with another request for the same verification (HTTP 409): the code may or may not have been sent',
		);
	});

	test('429 on Send is repeated after Retry-After: it provably was not processed', async () => {
		prelude.standIn.answerNext({
			status: 429,
			body: { message: 'slow down' },
			headers: { 'retry-after': '0' },
		});

		const result = await prelude.run(send());

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(result.output[0].json.status).toBe('success');
	});

	test('500 on Check is not repeated; 409 and 500 on Lookup are', async () => {
		prelude.standIn.answerNext({ status: 500, body: {} });
		const checked = await prelude.run(check('123456'));
		expect(prelude.standIn.requests).toHaveLength(1);
		expect(checked.error?.message).toBe(
			'Prelude failed to process the request (HTTP 500): the check may or may not have been recorded',
		);

		prelude.standIn.reset();
		prelude.standIn.answerNext({ status: 409, body: {} });
		prelude.standIn.answerNext({ status: 500, body: {} });
		const looked = await prelude.run(v2('lookup', 'get'));
		expect(prelude.standIn.requests).toHaveLength(3);
		expect(looked.output[0].json.phone_number).toBe(PHONE);
	});

	test('x-should-retry: false stops the repeats of a read', async () => {
		prelude.standIn.answerNext({ status: 503, body: {}, headers: { 'x-should-retry': 'false' } });

		const result = await prelude.run(v2('lookup', 'get'));

		expect(prelude.standIn.requests).toHaveLength(1);
		expect(result.error?.message).toBe('Prelude failed to process the request (HTTP 503)');
	});

	test('Continue On Fail keeps the other items, in both modes, each paired', async () => {
		const items = [{ phone: PHONE }, { phone: 'not a number' }, { phone: OTHER_PHONE }];
		const params = send({ phoneNumber: '={{ $json.phone }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(regular.output[1].json).toMatchObject({
			error: 'Phone Number "not a number" is not a phone number in E.164 format [item 1]',
			details: { itemIndex: 1 },
		});

		prelude.standIn.reset();
		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }, { item: 2 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }]);
		expect(prelude.standIn.requests).toHaveLength(2);
	});
});
