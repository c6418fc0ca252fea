import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	deviceSignalProperties,
	optionsCollection,
	phoneNumberField,
	requestOptionFields,
} from '../../descriptions/common';
import type { V2CreateVerificationRequest, V2Target } from '../../helpers/interfaces';
import { describeValue, FieldChecker, isJsonObject } from '../../helpers/validation';

/**
 * Fields of Prelude's Verify API v2 request models that several v2 operations share, and how each
 * is read, checked and put under its wire name. A body is built from these lists only.
 */

const CHANNELS = ['sms', 'rcs', 'whatsapp', 'viber', 'zalo', 'telegram'] as const;
const DEVICE_PLATFORMS = ['android', 'ios', 'ipados', 'tvos', 'web'] as const;
const METHODS = ['auto', 'voice', 'message'] as const;
const APP_REALM_PLATFORMS = ['android', 'web'] as const;
const TARGET_TYPES = ['phone_number', 'email_address'] as const;

const channelOptions = [
	{ name: 'RCS', value: 'rcs' },
	{ name: 'SMS', value: 'sms' },
	{ name: 'Telegram', value: 'telegram' },
	{ name: 'Viber', value: 'viber' },
	{ name: 'WhatsApp', value: 'whatsapp' },
	{ name: 'Zalo', value: 'zalo' },
];

/** Target Type, and the phone number or email address it asks for: the v2 `target` object. */
export const targetProperties: INodeProperties[] = [
	{
		displayName: 'Target Type',
		name: 'targetType',
		type: 'options',
		default: 'phone_number',
		options: [
			{
				name: 'Phone Number',
				value: 'phone_number',
				description: 'Verify a phone number',
			},
			{
				name: 'Email Address',
				value: 'email_address',
				description: 'Verify an email address (Prelude must enable it for your account)',
			},
		],
		description: 'What is being verified',
	},
	{
		...phoneNumberField,
		displayOptions: { show: { targetType: ['phone_number'] } },
	},
	{
		displayName: 'Email Address',
		name: 'emailAddress',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		required: true,
		default: '',
		description: 'The email address to verify',
		displayOptions: { show: { targetType: ['email_address'] } },
	},
];

/** The v2 `target` of an item, checked. */
export function readTarget(
	context: IExecuteFunctions,
	check: FieldChecker,
	itemIndex: number,
): V2Target {
	const type = check.oneOf(
		'Target Type',
		context.getNodeParameter('targetType', itemIndex, 'phone_number'),
		TARGET_TYPES,
	);
	if (type === 'email_address') {
		return {
			type,
			value: check.email('Email Address', context.getNodeParameter('emailAddress', itemIndex)),
		};
	}
	return {
		type,
		value: check.phoneNumber('Phone Number', context.getNodeParameter('phoneNumber', itemIndex)),
	};
}

type WireValue = string | number | boolean | string[];

/** A field of a collection: its UI name and label, where it goes on the wire, how it is checked. */
interface WireField {
	name: string;
	label: string;
	/** The path in the request body, e.g. ['options', 'locale']. */
	wire: [string, string] | [string];
	read: (check: FieldChecker, label: string, value: unknown) => WireValue;
}

/** Verification Options: the create request's `options`, plus `dispatch_id` and `metadata`. */
const OPTION_FIELDS: WireField[] = [
	{
		name: 'callbackUrl',
		label: 'Callback URL',
		wire: ['options', 'callback_url'],
		read: (c, l, v) => c.httpUrl(l, v),
	},
	{
		name: 'channels',
		label: 'Channels',
		wire: ['options', 'channels'],
		read: (c, l, v) => {
			const list = typeof v === 'string' ? v.split(',').filter((s) => s.trim() !== '') : v;
			if (!Array.isArray(list) || list.length === 0) {
				throw c.fail(
					`${l} must be a list of channels, but got ${describeValue(v)}`,
					`Pick channels from the list, or give them separated by commas, e.g. sms,whatsapp.`,
				);
			}
			return list.map((channel) => c.enumValue(l, channel, CHANNELS));
		},
	},
	{
		name: 'codeSize',
		label: 'Code Size',
		wire: ['options', 'code_size'],
		read: (c, l, v) => c.integer(l, v, 4, 8),
	},
	{
		name: 'correlationId',
		label: 'Correlation ID',
		wire: ['metadata', 'correlation_id'],
		read: (c, l, v) => c.shortText(l, v, 'signup-8841', 64),
	},
	{
		name: 'customCode',
		label: 'Custom Code',
		wire: ['options', 'custom_code'],
		read: (c, l, v) => c.requiredText(l, typeof v === 'number' ? String(v) : v, '123456'),
	},
	{
		name: 'dispatchId',
		label: 'Dispatch ID',
		wire: ['dispatch_id'],
		read: (c, l, v) => c.text(l, v, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'),
	},
	{
		name: 'forceChallenge',
		label: 'Force Challenge',
		wire: ['options', 'force_challenge'],
		read: (c, l, v) => c.boolean(l, v),
	},
	{
		name: 'locale',
		label: 'Locale',
		wire: ['options', 'locale'],
		read: (c, l, v) => c.locale(l, v),
	},
	{
		name: 'maxAutoFallbacks',
		label: 'Max Auto Fallbacks',
		wire: ['options', 'max_auto_fallbacks'],
		read: (c, l, v) => c.integer(l, v, 0, 10),
	},
	{
		name: 'method',
		label: 'Method',
		wire: ['options', 'method'],
		read: (c, l, v) => c.enumValue(l, v, METHODS),
	},
	{
		name: 'preferredChannel',
		label: 'Preferred Channel',
		wire: ['options', 'preferred_channel'],
		read: (c, l, v) => c.enumValue(l, v, CHANNELS),
	},
	{
		name: 'senderId',
		label: 'Sender ID',
		wire: ['options', 'sender_id'],
		read: (c, l, v) => c.text(l, v, 'MyApp'),
	},
	{
		name: 'templateId',
		label: 'Template ID',
		wire: ['options', 'template_id'],
		read: (c, l, v) => c.text(l, v, 'prelude:psd2'),
	},
];

/** Signals: what Prelude's fraud checks read about the user's device. */
const SIGNAL_FIELDS: WireField[] = [
	{
		name: 'appVersion',
		label: 'App Version',
		wire: ['signals', 'app_version'],
		read: (c, l, v) => c.text(l, v, '2.4.1'),
	},
	{
		name: 'deviceId',
		label: 'Device ID',
		wire: ['signals', 'device_id'],
		read: (c, l, v) => c.text(l, v, '9774d56d682e549c'),
	},
	{
		name: 'deviceModel',
		label: 'Device Model',
		wire: ['signals', 'device_model'],
		read: (c, l, v) => c.text(l, v, 'iPhone17,2'),
	},
	{
		name: 'devicePlatform',
		label: 'Device Platform',
		wire: ['signals', 'device_platform'],
		read: (c, l, v) => c.enumValue(l, v, DEVICE_PLATFORMS),
	},
	{ name: 'ip', label: 'IP', wire: ['signals', 'ip'], read: (c, l, v) => c.ipAddress(l, v) },
	{
		name: 'isTrustedUser',
		label: 'Is Trusted User',
		wire: ['signals', 'is_trusted_user'],
		read: (c, l, v) => c.boolean(l, v),
	},
	{
		name: 'ja4Fingerprint',
		label: 'JA4 Fingerprint',
		wire: ['signals', 'ja4_fingerprint'],
		read: (c, l, v) => c.text(l, v, 't13d1516h2_8daaf6152771_e5627efa2ab1'),
	},
	{
		name: 'osVersion',
		label: 'OS Version',
		wire: ['signals', 'os_version'],
		read: (c, l, v) => c.text(l, v, '17.4'),
	},
	{
		name: 'userAgent',
		label: 'User Agent',
		wire: ['signals', 'user_agent'],
		read: (c, l, v) => c.text(l, v, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)'),
	},
];

/** Whether a collection value counts as set: added and not left empty. */
function isSet(value: unknown): boolean {
	if (value === undefined || value === null) return false;
	if (typeof value === 'string') return value.trim() !== '';
	if (Array.isArray(value)) return value.length > 0;
	return true;
}

function put(body: IDataObject, wire: WireField['wire'], value: unknown): void {
	if (wire.length === 1) {
		body[wire[0]] = value as IDataObject[string];
		return;
	}
	const [group, name] = wire;
	const inner = isJsonObject(body[group]) ? (body[group] as IDataObject) : {};
	inner[name] = value as IDataObject[string];
	body[group] = inner;
}

/** Puts each set field of a collection under its wire name, checked. */
export function readWireFields(
	check: FieldChecker,
	collection: IDataObject,
	fields: WireField[],
	body: IDataObject,
): void {
	for (const field of fields) {
		const value = collection[field.name];
		if (!isSet(value)) continue;
		put(body, field.wire, field.read(check, field.label, value));
	}
}

/** Correlation ID alone, for operations whose model has only `metadata`. */
export const CORRELATION_ID_FIELDS = OPTION_FIELDS.filter((f) => f.name === 'correlationId');

export const correlationIdProperty: INodeProperties = {
	displayName: 'Correlation ID',
	name: 'correlationId',
	type: 'string',
	default: '',
	placeholder: 'e.g. signup-8841',
	description:
		'Your own identifier for this verification (at most 64 characters), e.g. a user or order ID. Prelude echoes it in answers and webhook events.',
};

/** The fields of a create-verification request (Send and Retry), in the node's UI. */
export const verificationProperties: INodeProperties[] = [
	{
		displayName: 'Verification Options',
		name: 'verificationOptions',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'App Realm Platform',
				name: 'appRealmPlatform',
				type: 'options',
				default: 'android',
				options: [
					{ name: 'Android', value: 'android' },
					{ name: 'Web', value: 'web' },
				],
				description:
					'Where the code is filled in by itself: Android (SMS Retriever API) or Web (WebOTP). Needs App Realm Value.',
			},
			{
				displayName: 'App Realm Value',
				name: 'appRealmValue',
				type: 'string',
				default: '',
				placeholder: 'e.g. FA+9qCX9VSu',
				description:
					"The 11-character SMS Retriever hash of your Android app, or your site's domain for Web. Needs App Realm Platform.",
			},
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/webhooks/prelude',
				description:
					'An http(s) address Prelude posts this verification’s events to (verify.authentication, verify.attempt, verify.delivery_status). Paste the Production URL of a Ding Trigger node here.',
			},
			{
				displayName: 'Channels',
				name: 'channels',
				type: 'multiOptions',
				default: [],
				options: channelOptions,
				description:
					'The channels Prelude may use, in order; set when the verification is created and not on retries. Cannot be combined with Preferred Channel; Prelude must enable it.',
			},
			{
				displayName: 'Code Size',
				name: 'codeSize',
				type: 'number',
				default: 6,
				typeOptions: { minValue: 4, maxValue: 8, numberPrecision: 0 },
				description: 'How many digits the code has; without it the dashboard setting applies',
			},
			correlationIdProperty,
			{
				displayName: 'Custom Code',
				name: 'customCode',
				type: 'string',
				default: '',
				placeholder: 'e.g. 123456',
				description: 'A code of your own to send instead of a random one; Prelude must enable it',
			},
			{
				displayName: 'Dispatch ID',
				name: 'dispatchId',
				type: 'string',
				default: '',
				description:
					"The dispatch ID from Prelude's front-end SDK, which links its signals to this verification",
			},
			{
				displayName: 'Force Challenge',
				name: 'forceChallenge',
				type: 'boolean',
				default: false,
				description:
					'Whether to use only channels other than SMS and voice; the answer then says challenged. Prelude must enable it.',
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'e.g. en-US',
				description:
					'The language of the message as a BCP-47 tag; without it the country of the number decides, and US English if unknown',
			},
			{
				displayName: 'Max Auto Fallbacks',
				name: 'maxAutoFallbacks',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
				description:
					'The most attempts Prelude may add by itself on other channels; set at creation only',
			},
			{
				displayName: 'Method',
				name: 'method',
				type: 'options',
				default: 'auto',
				options: [
					{
						name: 'Auto',
						value: 'auto',
						description: 'Prelude chooses, including silent verification',
					},
					{
						name: 'Message',
						value: 'message',
						description: 'A message with the code; no silent verification',
					},
					{ name: 'Voice', value: 'voice', description: 'A phone call that reads the code' },
				],
				description: 'How the code reaches the user',
			},
			{
				displayName: 'Preferred Channel',
				name: 'preferredChannel',
				type: 'options',
				default: 'sms',
				options: channelOptions,
				description: 'The channel to try first, on the first attempt and on every retry',
			},
			{
				displayName: 'Sender ID',
				name: 'senderId',
				type: 'string',
				default: '',
				placeholder: 'e.g. MyApp',
				description: 'The sender the message comes from; Prelude must enable it for your account',
			},
			{
				displayName: 'Template ID',
				name: 'templateId',
				type: 'string',
				default: '',
				description: 'The ID of a verification template from the Prelude dashboard',
			},
			{
				displayName: 'Template Variables',
				name: 'variables',
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add Variable',
				typeOptions: { multipleValues: true },
				description: 'Values for the variables of the template',
				options: [
					{
						displayName: 'Variable',
						name: 'variable',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'e.g. app_name',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								placeholder: 'e.g. Acme',
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Signals',
		name: 'signals',
		type: 'collection',
		placeholder: 'Add Signal',
		default: {},
		description: "What Prelude's fraud checks read about the user and the device",
		options: [
			deviceSignalProperties.appVersion,
			deviceSignalProperties.deviceId,
			deviceSignalProperties.deviceModel,
			{
				displayName: 'Device Platform',
				name: 'devicePlatform',
				type: 'options',
				default: 'android',
				options: [
					{ name: 'Android', value: 'android' },
					{ name: 'iOS', value: 'ios' },
					{ name: 'iPadOS', value: 'ipados' },
					{ name: 'tvOS', value: 'tvos' },
					{ name: 'Web', value: 'web' },
				],
				description: 'The platform the user asks for the code from',
			},
			{
				displayName: 'IP',
				name: 'ip',
				type: 'string',
				default: '',
				placeholder: 'e.g. 203.0.113.7',
				description: "The public IPv4 or IPv6 address of the user's device",
			},
			{
				displayName: 'Is Trusted User',
				name: 'isTrustedUser',
				type: 'boolean',
				default: false,
				description:
					'Whether you know the user to be genuine, e.g. a long-standing customer; a trust signal for Prelude',
			},
			{
				displayName: 'JA4 Fingerprint',
				name: 'ja4Fingerprint',
				type: 'string',
				default: '',
				description: "The JA4 TLS fingerprint of the user's client, from your proxy",
			},
			deviceSignalProperties.osVersion,
			{
				displayName: 'User Agent',
				name: 'userAgent',
				type: 'string',
				default: '',
				description: "The user agent of the user's browser or app",
			},
		],
	},
];

/** All fields of Send and Retry, which send the same create-verification model. */
export const createVerificationProperties: INodeProperties[] = [
	...targetProperties,
	...verificationProperties,
	optionsCollection(requestOptionFields),
];

/** The variables of Template Variables as the wire's name → value map. */
function readVariables(check: FieldChecker, value: unknown): Record<string, string> | undefined {
	const rows = isJsonObject(value) && Array.isArray(value.variable) ? value.variable : [];
	const variables: Record<string, string> = {};
	for (const row of rows) {
		const entry = isJsonObject(row) ? row : {};
		const name = check.requiredText('Template Variables → Name', entry.name, 'app_name');
		variables[name] = check.text(
			`Template Variables → ${name}`,
			typeof entry.value === 'number' ? String(entry.value) : (entry.value ?? ''),
			'Acme',
		);
	}
	return Object.keys(variables).length > 0 ? variables : undefined;
}

/** The create-verification request of an item (Send and Retry send the same model). */
export function readVerificationRequest(
	context: IExecuteFunctions,
	check: FieldChecker,
	itemIndex: number,
): V2CreateVerificationRequest {
	const request: V2CreateVerificationRequest = { target: readTarget(context, check, itemIndex) };
	const body = request as unknown as IDataObject;
	const options = context.getNodeParameter('verificationOptions', itemIndex, {}) as IDataObject;
	const signals = context.getNodeParameter('signals', itemIndex, {}) as IDataObject;

	readWireFields(check, options, OPTION_FIELDS, body);
	readWireFields(check, signals, SIGNAL_FIELDS, body);

	const variables = readVariables(check, options.variables);
	if (variables) put(body, ['options', 'variables'], variables);

	const realmPlatform = isSet(options.appRealmPlatform);
	const realmValue = isSet(options.appRealmValue);
	if (realmPlatform !== realmValue) {
		throw check.fail(
			`App Realm needs both a platform and a value, but got only the ${realmPlatform ? 'platform' : 'value'}`,
			'Add both Verification Options → App Realm Platform and App Realm Value, or remove both.',
		);
	}
	if (realmPlatform && realmValue) {
		put(body, ['options', 'app_realm'], {
			platform: check.enumValue(
				'App Realm Platform',
				options.appRealmPlatform,
				APP_REALM_PLATFORMS,
			),
			value: check.requiredText('App Realm Value', options.appRealmValue, 'FA+9qCX9VSu'),
		});
	}

	if (request.options?.channels && request.options.preferred_channel) {
		throw check.fail(
			'Channels and Preferred Channel cannot be used together',
			'Prelude refuses a request with both: keep Channels (the ordered list) or Preferred Channel (the first to try).',
		);
	}
	return request;
}
