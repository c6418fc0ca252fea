/**
 * Contract tests against Prelude's official TypeScript client, @prelude.so/sdk 0.10.0 (the newest
 * on npm): for each of its 19 methods, the node's operation and the SDK, given the same inputs and
 * pointed at the same local capture server, must put the same request on the wire: method, raw
 * path (a phone number's "+" stays raw in it), query (parsed, and raw part by part, so encoding and
 * comma-joined lists count), Authorization (Bearer, the same token), Content-Type and JSON body.
 * The node runs as n8n runs it (test/support/harness.ts); the SDK with maxRetries 0.
 *
 * Where the node follows the newer contract of python-sdk 0.13.0–0.15.0 (docs/prelude-v2.md,
 * Operations), it differs from 0.10.0 as follows:
 * - Fields 0.10.0's types lack, which the node sends: verification.create `options.channels`,
 *   `options.force_challenge`, `options.max_auto_fallbacks`, `options.app_realm.platform` "web";
 *   verification.check `psd2`; notify.send, notify.sendBatch and transactional.send `document` and
 *   `max_auto_retries`; notify `preferred_channel` "rcs"; `signals.existing_user` on
 *   verification.create and watch.predict (python-sdk 0.15.0). 0.10.0 sends a body as it is given,
 *   so the SDK calls below pass them too (through `beyond010`) and the wire must still be equal.
 * - Fields 0.10.0 has that newer clients removed (python-sdk 0.11.0), which the node never sends:
 *   verification.create `options.integration`, watch.sendFeedbacks `feedbacks[].dispatch_id` and
 *   `feedbacks[].signals`. The SDK calls below leave them out.
 * - Eight methods are newer than 0.10.0 (python-sdk 0.15.0): the last describe checks the node's
 *   requests for them against python-sdk 0.15.0's paths, methods and bodies.
 * The node's list operations page by `limit` and `cursor`; the SDK is called page by page with the
 * same values. Watch feedbacks and events are gathered, up to 100 items to a request.
 */
import Prelude from '@prelude.so/sdk';
import type {
	VerificationCreateParams,
	VerificationCheckParams,
} from '@prelude.so/sdk/resources/verification';
import type { NotifySendBatchParams, NotifySendParams } from '@prelude.so/sdk/resources/notify';
import type { TransactionalSendParams } from '@prelude.so/sdk/resources/transactional';
import type { WatchPredictParams } from '@prelude.so/sdk/resources/watch';
import { VERSION } from '@prelude.so/sdk/version';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RecordedRequest, ScriptedAnswer } from '../../sandbox';
import { DingStandIn } from '../../sandbox';
import { CUSTOMER_UUID, PHONE, PRELUDE_KEY } from '../support/fixtures';
import { runDing } from '../support/harness';

const OTHER_PHONE = '+33612345678';
const CONFIG_ID = 'sub_01jd1xq0cffycayqtdkdbv4d61';
const TEMPLATE_ID = 'template_01jd1xq0cffycayqtdkdbv4d61';
const DISPATCH_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
/** A cursor as Prelude hands them out (base64): "+", "/" and "=" must be encoded in a query. */
const CURSOR = 'eyJwYWdlIjoyfQ+/=';
/** RFC 3339 in UTC, as the node sends a date (it normalizes one given with an offset to this). */
const EXPIRES_AT = '2026-12-01T09:00:00.000Z';
const SCHEDULE_AT = '2026-11-30T18:30:00.000Z';

/** A request as it is compared: everything that matters, nothing that may differ by client. */
interface Wire {
	method: string;
	path: string;
	/** The query parsed: a key given twice is a list. */
	query: Record<string, string | string[]>;
	/** The raw query's parts (key=value as sent, encoding and all), sorted: the order is free. */
	queryParts: string[];
	authorization?: string;
	contentType?: string;
	body: unknown;
}

/** A request target as sent: its path and its query, neither decoded. */
function split(target: string): { rawPath: string; rawQuery: string } {
	const mark = target.indexOf('?');
	return mark === -1
		? { rawPath: target, rawQuery: '' }
		: { rawPath: target.slice(0, mark), rawQuery: target.slice(mark + 1) };
}

function wireOf(request: RecordedRequest): Wire {
	const { rawPath, rawQuery } = split(request.url);
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of new URLSearchParams(rawQuery)) {
		const known = query[key];
		query[key] = known === undefined ? value : [...[known].flat(), value];
	}
	return {
		method: request.method,
		path: rawPath,
		query,
		queryParts: rawQuery === '' ? [] : rawQuery.split('&').sort(),
		authorization: request.headers.authorization,
		// The media type: a charset parameter, if any, says nothing more about a JSON body.
		contentType: request.headers['content-type']?.split(';')[0].trim(),
		body: request.rawBody === '' ? undefined : JSON.parse(request.rawBody),
	};
}

const LIST_KEYS: Array<[RegExp, string]> = [
	[/^\/v2\/notify\/management\/subscriptions$/, 'configs'],
	[/^\/v2\/notify\/management\/subscriptions\/[^/]+\/phone_numbers$/, 'phone_numbers'],
	[/^\/v2\/notify\/management\/subscriptions\/[^/]+\/phone_numbers\/[^/]+\/events$/, 'events'],
	[/^\/v2\/verification\/phone\/history$/, 'verifications'],
];

const WHOLE_LIST_KEYS: Array<[RegExp, string]> = [
	[/^\/v2\/verification\/management\/phone-numbers\/(allow|block|sandbox)$/, 'phone_numbers'],
	[/^\/v2\/verification\/management\/sender-id$/, 'sender_ids'],
];

/**
 * A plausible 200 answer, enough for both clients (the SDK parses JSON; the node passes answers
 * through, and its list operations read the list key). A paged list answers one element and a
 * next cursor on the first page, and one element and no cursor on the next, so that the node asks
 * for a second page.
 */
function answerFor(method: string, path: string, query: URLSearchParams): IDataObject {
	if (method === 'GET') {
		for (const [pattern, key] of LIST_KEYS) {
			if (!pattern.test(path)) continue;
			const element = { id: `${key}_${query.has('cursor') ? 2 : 1}` };
			return query.has('cursor') ? { [key]: [element] } : { [key]: [element], next_cursor: CURSOR };
		}
		for (const [pattern, key] of WHOLE_LIST_KEYS) {
			if (pattern.test(path)) return { [key]: [] };
		}
	}
	if (path === '/v2/verification') return { id: 'vrf_01', method: 'message', status: 'success' };
	if (path.startsWith('/v2/watch/predict')) {
		return { id: 'prd_01', prediction: 'legitimate', request_id: 'req_01' };
	}
	if (path === '/v2/notify/batch') {
		return { error_count: 0, success_count: 0, total_count: 0, results: [] };
	}
	return { id: 'obj_01', status: 'success', request_id: 'req_01' };
}

/**
 * The capture server: the stand-ins' HTTP server and recording (plain JavaScript: n8n's lint rules
 * allow no node:http here), which keeps each request as it arrived (`url` is the request target as
 * sent, before any decoding), answering every one with answerFor instead of checking it.
 */
class CaptureServer extends DingStandIn {
	answer(record: RecordedRequest): ScriptedAnswer {
		const { rawPath, rawQuery } = split(record.url);
		return { status: 200, body: answerFor(record.method, rawPath, new URLSearchParams(rawQuery)) };
	}

	/** The requests since the last call, as compared. */
	take(): Wire[] {
		return this.requests.splice(0).map(wireOf);
	}
}

let capture: CaptureServer;
let sdk: Prelude;

beforeAll(async () => {
	// The Ding v1 key and customer are unused: answer() serves every request.
	capture = await new CaptureServer({ apiKey: 'unused', customerUuid: CUSTOMER_UUID }).start();
	sdk = new Prelude({ apiToken: PRELUDE_KEY, baseURL: capture.preludeBaseUrl, maxRetries: 0 });
});

afterAll(async () => {
	await capture.stop();
});

/** The requests of one run of the node (v2, Prelude API credential), which must succeed. */
async function nodeSends(
	resource: string,
	operation: string,
	parameters: INodeParameters,
	items?: IDataObject[],
): Promise<Wire[]> {
	capture.take();
	const result = await runDing({
		parameters: { api: 'preludeV2', resource, operation, ...parameters },
		items,
		typeVersion: 2,
		credentialType: 'preludeApi',
		credentials: { apiKey: PRELUDE_KEY, baseUrl: capture.preludeBaseUrl },
	});
	expect(result.error).toBeUndefined();
	expect(result.errorOutput).toStrictEqual([]);
	return capture.take();
}

/** The requests of the SDK's calls, made one after the other. */
async function sdkSends(calls: (client: Prelude) => Promise<unknown>): Promise<Wire[]> {
	capture.take();
	await calls(sdk);
	return capture.take();
}

/** The node's requests equal the SDK's, one for one, and each carries the key as a Bearer token. */
async function expectSameWire(node: Promise<Wire[]>, official: () => Promise<Wire[]>) {
	const fromNode = await node;
	const fromSdk = await official();
	expect(fromSdk.length).toBeGreaterThan(0);
	expect(fromNode).toStrictEqual(fromSdk);
	for (const request of fromNode) expect(request.authorization).toBe(`Bearer ${PRELUDE_KEY}`);
	return fromNode;
}

/**
 * A body with fields 0.10.0's types lack (listed at the top of this file): 0.10.0 sends a body as
 * it is given, so they reach the wire all the same.
 */
const beyond010 = <Params>(body: object) => body as Params;

/** Every Signal the node has; existing_user is python-sdk 0.15.0's. */
const EVERY_SIGNAL = {
	appVersion: '2.4.1',
	deviceId: '9774d56d682e549c',
	deviceModel: 'iPhone17,2',
	devicePlatform: 'ios',
	existingUser: true,
	ip: '2001:db8::7',
	isTrustedUser: true,
	ja4Fingerprint: 't13d1516h2_8daaf6152771_e5627efa2ab1',
	osVersion: '17.4',
	userAgent: 'Mozilla/5.0 (iPhone)',
};
const EVERY_SIGNAL_ON_THE_WIRE = {
	app_version: '2.4.1',
	device_id: '9774d56d682e549c',
	device_model: 'iPhone17,2',
	device_platform: 'ios',
	existing_user: true,
	ip: '2001:db8::7',
	is_trusted_user: true,
	ja4_fingerprint: 't13d1516h2_8daaf6152771_e5627efa2ab1',
	os_version: '17.4',
	user_agent: 'Mozilla/5.0 (iPhone)',
};

/** Every field of a templated message but Schedule At (Transactional has none). */
const MESSAGE_FIELDS = {
	callbackUrl: 'https://example.com/hooks/prelude',
	correlationId: 'order-8841',
	documentFilename: 'invoice-8841.pdf',
	documentUrl: 'https://example.com/invoice-8841.pdf',
	expiresAt: EXPIRES_AT,
	from: 'Acme',
	locale: 'fr-FR',
	maxAutoRetries: 2,
	preferredChannel: 'whatsapp',
	variables: {
		variable: [
			{ name: 'order_id', value: '8841' },
			{ name: 'app_name', value: 'Acme' },
		],
	},
};
const MESSAGE_FIELDS_ON_THE_WIRE = {
	callback_url: 'https://example.com/hooks/prelude',
	correlation_id: 'order-8841',
	document: { url: 'https://example.com/invoice-8841.pdf', filename: 'invoice-8841.pdf' },
	expires_at: EXPIRES_AT,
	from: 'Acme',
	locale: 'fr-FR',
	max_auto_retries: 2,
	preferred_channel: 'whatsapp',
	variables: { order_id: '8841', app_name: 'Acme' },
};

describe('the official client is @prelude.so/sdk 0.10.0, with 19 methods', () => {
	test('its version and its methods are those these tests were written for', () => {
		expect(VERSION).toBe('0.10.0');
		const methodsOf = (resource: object) =>
			Object.getOwnPropertyNames(Object.getPrototypeOf(resource))
				.filter((name) => name !== 'constructor')
				.sort();
		expect({
			lookup: methodsOf(sdk.lookup),
			notify: methodsOf(sdk.notify),
			transactional: methodsOf(sdk.transactional),
			verification: methodsOf(sdk.verification),
			verificationManagement: methodsOf(sdk.verificationManagement),
			watch: methodsOf(sdk.watch),
		}).toStrictEqual({
			lookup: ['lookup'],
			notify: [
				'getSubscriptionConfig',
				'getSubscriptionPhoneNumber',
				'listSubscriptionConfigs',
				'listSubscriptionPhoneNumberEvents',
				'listSubscriptionPhoneNumbers',
				'send',
				'sendBatch',
			],
			transactional: ['send'],
			verification: ['check', 'create'],
			verificationManagement: [
				'deletePhoneNumber',
				'listPhoneNumbers',
				'listSenderIds',
				'setPhoneNumber',
				'submitSenderId',
			],
			watch: ['predict', 'sendEvents', 'sendFeedbacks'],
		});
	});
});

describe('lookup', () => {
	test('lookup.lookup = Lookup → Get: the "+" raw in the path, type=cnam', async () => {
		const [request] = await expectSameWire(
			nodeSends('lookup', 'get', { phoneNumber: PHONE, options: { callerName: true } }),
			() => sdkSends((p) => p.lookup.lookup(PHONE, { type: ['cnam'] })),
		);
		expect(request.path).toBe(`/v2/lookup/${PHONE}`);
		expect(request.queryParts).toStrictEqual(['type=cnam']);
	});
});

describe('verification', () => {
	const EVERY_OPTION = {
		appRealmPlatform: 'android',
		appRealmValue: 'FA+9qCX9VSu',
		callbackUrl: 'https://example.com/hooks/prelude',
		codeSize: 8,
		correlationId: 'signup-8841',
		customCode: '12345678',
		dispatchId: DISPATCH_ID,
		forceChallenge: true,
		locale: 'fr-FR',
		maxAutoFallbacks: 2,
		method: 'message',
		preferredChannel: 'whatsapp',
		senderId: 'MyApp',
		templateId: 'tmpl_01abc',
		variables: { variable: [{ name: 'app_name', value: 'Acme' }] },
	};
	const everyFieldBody = () =>
		beyond010<VerificationCreateParams>({
			target: { type: 'phone_number', value: PHONE },
			dispatch_id: DISPATCH_ID,
			metadata: { correlation_id: 'signup-8841' },
			options: {
				app_realm: { platform: 'android', value: 'FA+9qCX9VSu' },
				callback_url: 'https://example.com/hooks/prelude',
				code_size: 8,
				custom_code: '12345678',
				force_challenge: true,
				locale: 'fr-FR',
				max_auto_fallbacks: 2,
				method: 'message',
				preferred_channel: 'whatsapp',
				sender_id: 'MyApp',
				template_id: 'tmpl_01abc',
				variables: { app_name: 'Acme' },
			},
			signals: EVERY_SIGNAL_ON_THE_WIRE,
		});

	test.each(['send', 'retry'])(
		'verification.create = OTP → %s: every Verification Option and Signal',
		async (operation) => {
			await expectSameWire(
				nodeSends('otp', operation, {
					phoneNumber: PHONE,
					verificationOptions: EVERY_OPTION,
					signals: EVERY_SIGNAL,
				}),
				() => sdkSends((p) => p.verification.create(everyFieldBody())),
			);
		},
	);

	test('verification.create = OTP → Send: an email target, Channels, a web App Realm', async () => {
		await expectSameWire(
			nodeSends('otp', 'send', {
				targetType: 'email_address',
				emailAddress: 'jane@example.com',
				verificationOptions: {
					appRealmPlatform: 'web',
					appRealmValue: 'example.com',
					channels: ['whatsapp', 'sms'],
				},
			}),
			() =>
				sdkSends((p) =>
					p.verification.create(
						beyond010<VerificationCreateParams>({
							target: { type: 'email_address', value: 'jane@example.com' },
							options: {
								app_realm: { platform: 'web', value: 'example.com' },
								channels: ['whatsapp', 'sms'],
							},
						}),
					),
				),
		);
	});

	test('verification.check = OTP → Check, with a PSD2 transaction', async () => {
		await expectSameWire(
			nodeSends('otp', 'check', {
				phoneNumber: PHONE,
				checkCode: '123456',
				checkFields: {
					psd2: { transaction: { amount: '49.90', currency: 'EUR', recipient: 'Acme Ltd' } },
				},
			}),
			() =>
				sdkSends((p) =>
					p.verification.check(
						beyond010<VerificationCheckParams>({
							target: { type: 'phone_number', value: PHONE },
							code: '123456',
							psd2: { amount: '49.90', currency: 'EUR', recipient: 'Acme Ltd' },
						}),
					),
				),
		);
	});
});

describe('verificationManagement', () => {
	test.each(['allow', 'block'] as const)(
		'setPhoneNumber = Allow / Block List → Add, list %s',
		async (list) => {
			await expectSameWire(nodeSends('phoneList', 'add', { list, phoneNumber: PHONE }), () =>
				sdkSends((p) => p.verificationManagement.setPhoneNumber(list, { phone_number: PHONE })),
			);
		},
	);

	test.each(['allow', 'block'] as const)(
		'deletePhoneNumber = Allow / Block List → Remove, list %s: the number in a JSON body',
		async (list) => {
			const [request] = await expectSameWire(
				nodeSends('phoneList', 'remove', { list, phoneNumber: PHONE }),
				() =>
					sdkSends((p) =>
						p.verificationManagement.deletePhoneNumber(list, { phone_number: PHONE }),
					),
			);
			expect(request).toMatchObject({ method: 'DELETE', body: { phone_number: PHONE } });
		},
	);

	test.each(['allow', 'block'] as const)(
		'listPhoneNumbers = Allow / Block List → Get Many, list %s',
		async (list) => {
			await expectSameWire(nodeSends('phoneList', 'getMany', { list, returnAll: true }), () =>
				sdkSends((p) => p.verificationManagement.listPhoneNumbers(list)),
			);
		},
	);

	test('listSenderIds = Sender ID → Get Many', async () => {
		await expectSameWire(nodeSends('senderId', 'getMany', { returnAll: true }), () =>
			sdkSends((p) => p.verificationManagement.listSenderIds()),
		);
	});

	test('submitSenderId = Sender ID → Submit', async () => {
		await expectSameWire(nodeSends('senderId', 'submit', { senderId: 'Acme' }), () =>
			sdkSends((p) => p.verificationManagement.submitSenderId({ sender_id: 'Acme' })),
		);
	});
});

describe('watch', () => {
	test('predict = Fraud Watch → Predict: every Additional Field and Signal', async () => {
		await expectSameWire(
			nodeSends('watch', 'predict', {
				phoneNumber: PHONE,
				predictFields: { correlationId: 'signup-8841', dispatchId: DISPATCH_ID },
				signals: EVERY_SIGNAL,
			}),
			() =>
				sdkSends((p) =>
					p.watch.predict(
						beyond010<WatchPredictParams>({
							target: { type: 'phone_number', value: PHONE },
							dispatch_id: DISPATCH_ID,
							metadata: { correlation_id: 'signup-8841' },
							signals: EVERY_SIGNAL_ON_THE_WIRE,
						}),
					),
				),
		);
	});

	const PEOPLE = [
		{ phone: PHONE, type: 'verification.started', correlationId: 'signup-1' },
		{ phone: OTHER_PHONE, type: 'verification.completed', correlationId: 'signup-2' },
		{ phone: '+447700900123', type: 'verification.completed', correlationId: '' },
	];

	test.each(['otp', 'watch'])(
		'sendFeedbacks = %s → Send Feedback: 3 items, one request of 3 feedbacks',
		async (resource) => {
			const [request] = await expectSameWire(
				nodeSends(
					resource,
					'sendFeedback',
					{
						phoneNumber: '={{ $json.phone }}',
						feedbackType: '={{ $json.type }}',
						feedbackFields: { correlationId: '={{ $json.correlationId }}' },
					},
					PEOPLE,
				),
				() =>
					sdkSends((p) =>
						p.watch.sendFeedbacks({
							feedbacks: [
								{
									target: { type: 'phone_number', value: PHONE },
									type: 'verification.started',
									metadata: { correlation_id: 'signup-1' },
								},
								{
									target: { type: 'phone_number', value: OTHER_PHONE },
									type: 'verification.completed',
									metadata: { correlation_id: 'signup-2' },
								},
								{
									target: { type: 'phone_number', value: '+447700900123' },
									type: 'verification.completed',
								},
							],
						}),
					),
			);
			expect((request.body as { feedbacks: unknown[] }).feedbacks).toHaveLength(3);
		},
	);

	test('sendFeedbacks = Send Feedback: 101 items go as the SDK calls with 100 and with 1', async () => {
		const phones = Array.from({ length: 101 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`);
		const feedback = (phone: string) => ({
			target: { type: 'phone_number' as const, value: phone },
			type: 'verification.completed' as const,
		});
		await expectSameWire(
			nodeSends(
				'watch',
				'sendFeedback',
				{ phoneNumber: '={{ $json.phone }}', feedbackType: 'verification.completed' },
				phones.map((phone) => ({ phone })),
			),
			() =>
				sdkSends(async (p) => {
					await p.watch.sendFeedbacks({ feedbacks: phones.slice(0, 100).map(feedback) });
					await p.watch.sendFeedbacks({ feedbacks: phones.slice(100).map(feedback) });
				}),
		);
	});

	test('sendEvents = Fraud Watch → Send Events: 3 items, one request of 3 events', async () => {
		const events = [
			{ phone: PHONE, label: 'payment.chargeback', confidence: 'minimum' },
			{ phone: OTHER_PHONE, label: 'onboarding.completed', confidence: 'high' },
			{ phone: '+447700900123', label: 'account.banned', confidence: 'low' },
		];
		await expectSameWire(
			nodeSends(
				'watch',
				'sendEvents',
				{
					phoneNumber: '={{ $json.phone }}',
					label: '={{ $json.label }}',
					confidence: '={{ $json.confidence }}',
				},
				events,
			),
			() =>
				sdkSends((p) =>
					p.watch.sendEvents({
						events: [
							{
								target: { type: 'phone_number', value: PHONE },
								label: 'payment.chargeback',
								confidence: 'minimum',
							},
							{
								target: { type: 'phone_number', value: OTHER_PHONE },
								label: 'onboarding.completed',
								confidence: 'high',
							},
							{
								target: { type: 'phone_number', value: '+447700900123' },
								label: 'account.banned',
								confidence: 'low',
							},
						],
					}),
				),
		);
	});
});

describe('notify and transactional', () => {
	test('notify.send = Message → Send: every Additional Field', async () => {
		await expectSameWire(
			nodeSends('notify', 'send', {
				templateId: TEMPLATE_ID,
				to: PHONE,
				messageFields: { ...MESSAGE_FIELDS, scheduleAt: SCHEDULE_AT },
			}),
			() =>
				sdkSends((p) =>
					p.notify.send(
						beyond010<NotifySendParams>({
							template_id: TEMPLATE_ID,
							to: PHONE,
							...MESSAGE_FIELDS_ON_THE_WIRE,
							schedule_at: SCHEDULE_AT,
						}),
					),
				),
		);
	});

	test('notify.sendBatch = Message → Send Batch: every Additional Field, RCS first', async () => {
		await expectSameWire(
			nodeSends('notify', 'sendBatch', {
				templateId: TEMPLATE_ID,
				to: `${PHONE}, ${OTHER_PHONE}`,
				messageFields: { ...MESSAGE_FIELDS, preferredChannel: 'rcs', scheduleAt: SCHEDULE_AT },
			}),
			() =>
				sdkSends((p) =>
					p.notify.sendBatch(
						beyond010<NotifySendBatchParams>({
							template_id: TEMPLATE_ID,
							to: [PHONE, OTHER_PHONE],
							...MESSAGE_FIELDS_ON_THE_WIRE,
							preferred_channel: 'rcs',
							schedule_at: SCHEDULE_AT,
						}),
					),
				),
		);
	});

	test('transactional.send = Transactional → Send: every Additional Field', async () => {
		await expectSameWire(
			nodeSends('transactional', 'send', {
				templateId: TEMPLATE_ID,
				to: PHONE,
				messageFields: { ...MESSAGE_FIELDS, preferredChannel: 'rcs' },
			}),
			() =>
				sdkSends((p) =>
					p.transactional.send(
						beyond010<TransactionalSendParams>({
							template_id: TEMPLATE_ID,
							to: PHONE,
							...MESSAGE_FIELDS_ON_THE_WIRE,
							preferred_channel: 'rcs',
						}),
					),
				),
		);
	});
});

describe('notify subscriptions', () => {
	test('getSubscriptionConfig = Subscription → Get Config', async () => {
		await expectSameWire(nodeSends('subscription', 'get', { configId: CONFIG_ID }), () =>
			sdkSends((p) => p.notify.getSubscriptionConfig(CONFIG_ID)),
		);
	});

	test('getSubscriptionPhoneNumber = Subscription → Get Number: the "+" raw in the path', async () => {
		const [request] = await expectSameWire(
			nodeSends('subscription', 'getNumber', { configId: CONFIG_ID, phoneNumber: PHONE }),
			() => sdkSends((p) => p.notify.getSubscriptionPhoneNumber(CONFIG_ID, PHONE)),
		);
		expect(request.path).toBe(
			`/v2/notify/management/subscriptions/${CONFIG_ID}/phone_numbers/${PHONE}`,
		);
	});

	test('listSubscriptionConfigs = Subscription → Get Many Configs, Limit 5: two pages', async () => {
		const requests = await expectSameWire(
			nodeSends('subscription', 'getMany', { returnAll: false, limit: 5 }),
			() =>
				sdkSends(async (p) => {
					await p.notify.listSubscriptionConfigs({ limit: 5 });
					await p.notify.listSubscriptionConfigs({ limit: 4, cursor: CURSOR });
				}),
		);
		expect(requests.map((r) => r.query)).toStrictEqual([
			{ limit: '5' },
			{ limit: '4', cursor: CURSOR },
		]);
	});

	test('listSubscriptionPhoneNumbers = Subscription → Get Many Numbers, state UNSUB: two pages', async () => {
		await expectSameWire(
			nodeSends('subscription', 'getManyNumbers', {
				configId: CONFIG_ID,
				returnAll: false,
				limit: 5,
				filters: { state: 'UNSUB' },
			}),
			() =>
				sdkSends(async (p) => {
					await p.notify.listSubscriptionPhoneNumbers(CONFIG_ID, { state: 'UNSUB', limit: 5 });
					await p.notify.listSubscriptionPhoneNumbers(CONFIG_ID, {
						state: 'UNSUB',
						limit: 4,
						cursor: CURSOR,
					});
				}),
		);
	});

	test('listSubscriptionPhoneNumberEvents = Subscription → Get Number History, Return All: pages of 100', async () => {
		await expectSameWire(
			nodeSends('subscription', 'getNumberEvents', {
				configId: CONFIG_ID,
				phoneNumber: PHONE,
				returnAll: true,
			}),
			() =>
				sdkSends(async (p) => {
					await p.notify.listSubscriptionPhoneNumberEvents(CONFIG_ID, PHONE, { limit: 100 });
					await p.notify.listSubscriptionPhoneNumberEvents(CONFIG_ID, PHONE, {
						limit: 100,
						cursor: CURSOR,
					});
				}),
		);
	});
});

/**
 * What python-sdk 0.15.0 sends for each method newer than @prelude.so/sdk 0.10.0, hard-coded from
 * its sources (prelude-so/python-sdk 0.15.0, 2294ba07; api.md at 6f8fe45 lists all 27 methods):
 * method, path (the "+" of a number raw, as both official clients send it), query and body.
 */
describe('the 8 methods newer than @prelude.so/sdk 0.10.0 (python-sdk 0.15.0): the node against the spec', () => {
	const bearer = `Bearer ${PRELUDE_KEY}`;

	test('verification.phone.history.retrieve = OTP → Get: GET /v2/verification/phone/history/{id}', async () => {
		const id = 'vrf_01jc0t6fwwfgfsq1md24mhyztj';
		expect(await nodeSends('otp', 'get', { verificationId: id })).toStrictEqual([
			{
				method: 'GET',
				path: `/v2/verification/phone/history/${id}`,
				query: {},
				queryParts: [],
				authorization: bearer,
				contentType: undefined,
				body: undefined,
			},
		]);
	});

	test('verification.phone.history.list = OTP → Get Many: every filter, comma-joined channels, two pages', async () => {
		const requests = await nodeSends('otp', 'getMany', {
			returnAll: false,
			limit: 5,
			filters: {
				channels: ['sms', 'whatsapp'],
				from: '2026-03-01T00:00:00.000Z',
				to: '2026-08-31T23:59:59.000Z',
				devicePlatform: 'ios',
				maxAttempts: 3,
				minAttempts: 1,
				phoneNumber: PHONE,
				region: 'FR',
				status: 'converted',
				templateId: 'template_01jc0t6fwwfgfsq1md24mhyztj',
			},
		});
		const filters = {
			channels: 'sms,whatsapp',
			from: '2026-03-01T00:00:00.000Z',
			to: '2026-08-31T23:59:59.000Z',
			device_platform: 'ios',
			max_attempts: '3',
			min_attempts: '1',
			phone_number: PHONE,
			region: 'FR',
			status: 'converted',
			template_id: 'template_01jc0t6fwwfgfsq1md24mhyztj',
		};
		expect(
			requests.map(({ method, path, query, body }) => ({ method, path, query, body })),
		).toStrictEqual([
			{
				method: 'GET',
				path: '/v2/verification/phone/history',
				query: { ...filters, limit: '5' },
				body: undefined,
			},
			{
				method: 'GET',
				path: '/v2/verification/phone/history',
				query: { ...filters, limit: '4', cursor: CURSOR },
				body: undefined,
			},
		]);
		// Raw, as the TS client's transport (qs, comma format) encodes it, which newer node-sdk
		// releases call with this path: channels=sms%2Cwhatsapp, phone_number=%2B…, from=…%3A….
		const official = await sdkSends(async (p) => {
			await p.get('/v2/verification/phone/history', {
				query: {
					...filters,
					channels: ['sms', 'whatsapp'],
					max_attempts: 3,
					min_attempts: 1,
					limit: 5,
				},
			});
			await p.get('/v2/verification/phone/history', {
				query: {
					...filters,
					channels: ['sms', 'whatsapp'],
					max_attempts: 3,
					min_attempts: 1,
					limit: 4,
					cursor: CURSOR,
				},
			});
		});
		expect(requests.map((r) => r.queryParts)).toStrictEqual(official.map((r) => r.queryParts));
	});

	test('verificationManagement.sandbox.addPhoneNumber = Test Number → Add: PUT with attempt_code and phone_number', async () => {
		expect(
			await nodeSends('testNumber', 'add', { phoneNumber: PHONE, attemptCode: '123456' }),
		).toStrictEqual([
			{
				method: 'PUT',
				path: '/v2/verification/management/phone-numbers/sandbox',
				query: {},
				queryParts: [],
				authorization: bearer,
				contentType: 'application/json',
				body: { attempt_code: '123456', phone_number: PHONE },
			},
		]);
	});

	test('verificationManagement.sandbox.deletePhoneNumber = Test Number → Remove: DELETE, the "+" raw in the path, no body', async () => {
		expect(await nodeSends('testNumber', 'remove', { phoneNumber: PHONE })).toStrictEqual([
			{
				method: 'DELETE',
				path: `/v2/verification/management/phone-numbers/sandbox/${PHONE}`,
				query: {},
				queryParts: [],
				authorization: bearer,
				contentType: undefined,
				body: undefined,
			},
		]);
	});

	test('verificationManagement.sandbox.listPhoneNumbers = Test Number → Get Many: GET …/sandbox', async () => {
		expect(await nodeSends('testNumber', 'getMany', { returnAll: true })).toStrictEqual([
			{
				method: 'GET',
				path: '/v2/verification/management/phone-numbers/sandbox',
				query: {},
				queryParts: [],
				authorization: bearer,
				contentType: undefined,
				body: undefined,
			},
		]);
	});

	test('notify.reply = Message → Reply: POST /v2/notify/reply with every field', async () => {
		expect(
			await nodeSends('notify', 'reply', {
				replyTo: 'im_01jd1xq0cffycayqtdkdbv4d61',
				to: PHONE,
				text: 'Thanks, your order ships tomorrow.',
				replyFields: {
					callbackUrl: 'https://example.com/hooks/prelude',
					correlationId: 'ticket-8841',
				},
			}),
		).toStrictEqual([
			{
				method: 'POST',
				path: '/v2/notify/reply',
				query: {},
				queryParts: [],
				authorization: bearer,
				contentType: 'application/json',
				body: {
					reply_to: 'im_01jd1xq0cffycayqtdkdbv4d61',
					text: 'Thanks, your order ships tomorrow.',
					to: PHONE,
					callback_url: 'https://example.com/hooks/prelude',
					correlation_id: 'ticket-8841',
				},
			},
		]);
	});

	test('watch.evaluate = Fraud Watch → Evaluate: POST /v2/watch/eval with every field', async () => {
		expect(
			await nodeSends('watch', 'evaluate', {
				flowId: 'flo_01jd1xq0cffycayqtdkdbv4d61',
				phoneNumber: PHONE,
				evaluateFields: {
					attributes: { variable: [{ name: 'plan', value: 'premium' }] },
					dispatchId: DISPATCH_ID,
				},
				signals: EVERY_SIGNAL,
			}),
		).toStrictEqual([
			{
				method: 'POST',
				path: '/v2/watch/eval',
				query: {},
				queryParts: [],
				authorization: bearer,
				contentType: 'application/json',
				body: {
					flow_id: 'flo_01jd1xq0cffycayqtdkdbv4d61',
					target: { type: 'phone_number', value: PHONE },
					attributes: { plan: 'premium' },
					dispatch_id: DISPATCH_ID,
					signals: EVERY_SIGNAL_ON_THE_WIRE,
				},
			},
		]);
	});

	test('intel.kyc.match = Identity Match (KYC) → Match: POST /v2/intel/kyc/match/{phone}, the "+" raw', async () => {
		expect(
			await nodeSends('kyc', 'match', {
				phoneNumber: OTHER_PHONE,
				identity: {
					address: '12 rue de Rivoli',
					birthdate: '1990-04-21',
					country: 'FR',
					email: 'camille@example.com',
					familyName: 'Martin',
					givenName: 'Camille',
					locality: 'Paris',
					postalCode: '75001',
					region: 'Île-de-France',
				},
			}),
		).toStrictEqual([
			{
				method: 'POST',
				path: `/v2/intel/kyc/match/${OTHER_PHONE}`,
				query: {},
				queryParts: [],
				authorization: bearer,
				contentType: 'application/json',
				body: {
					address: '12 rue de Rivoli',
					birthdate: '1990-04-21',
					country: 'FR',
					email: 'camille@example.com',
					family_name: 'Martin',
					given_name: 'Camille',
					locality: 'Paris',
					postal_code: '75001',
					region: 'Île-de-France',
				},
			},
		]);
	});
});
