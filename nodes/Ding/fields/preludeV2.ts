import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { V2CheckRequest, V2CreateVerificationRequest, V2Target } from '../helpers/interfaces';
import type { FieldChecker } from '../helpers/validation';
import { describeValue, isJsonObject } from '../helpers/validation';

import { deviceSignalProperties, phoneNumberField } from './common';
import { optionsCollection, requestOptionFields } from './options';
import type { FieldRow } from './rows';
import { at, callbackUrlRow, collectionOf, readRows } from './rows';

/**
 * Prelude Verify v2's optional request fields, one row each (see rows.ts): the create-verification
 * model of Send and Retry, and the correlation ID that Send Feedback shares.
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

/**
 * What reading an item's fields needs: its parameters by name. An execution has them; Send and
 * Wait for Code's page reads them for the waiting item.
 */
export interface ItemParameters {
	getNodeParameter(name: string, itemIndex: number, fallback?: unknown): unknown;
}

/** The v2 `target` of an item, checked. */
export function readTarget(
	context: ItemParameters,
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

/** Channels from the list, or a comma-separated text from an expression. */
function readChannels(check: FieldChecker, label: string, value: unknown): string[] {
	const list = typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '') : value;
	if (!Array.isArray(list) || list.length === 0) {
		throw check.fail(
			`${label} must be a list of channels, but got ${describeValue(value)}`,
			`Pick channels from the list, or give them separated by commas, e.g. sms,whatsapp.`,
		);
	}
	return list.map((channel) => check.enumValue(label, channel, CHANNELS));
}

/** A template variable's name: a plain identifier, as templates write them ({{app_name}}). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names n8n's request layer drops from a body (prototype pollution guards): never sent. */
const UNSENDABLE_NAMES = ['__proto__', 'constructor', 'prototype'];

/**
 * The variables of Template Variables as the wire's name → value map, built from entries so that
 * no name can reach an object's prototype.
 */
export function readVariables(
	check: FieldChecker,
	label: string,
	value: unknown,
): Record<string, string> | undefined {
	const rows = isJsonObject(value) && Array.isArray(value.variable) ? value.variable : [];
	const entries: Array<[string, string]> = [];
	for (const row of rows) {
		const entry = isJsonObject(row) ? row : {};
		const name = check.requiredText(`${label} → Name`, entry.name, 'app_name');
		if (!VARIABLE_NAME.test(name)) {
			throw check.fail(
				`${label} → Name ${describeValue(name)} is not a variable name`,
				'A template variable is named with letters, digits and underscores, not starting with a digit, e.g. app_name: the name inside {{ }} in the template.',
			);
		}
		if (UNSENDABLE_NAMES.includes(name)) {
			throw check.fail(
				`${label} → Name ${describeValue(name)} cannot be sent`,
				`n8n removes keys named ${UNSENDABLE_NAMES.join(', ')} from every request body, so Prelude would never receive it. Rename the variable in the template, e.g. to app_${name.replace(/_/g, '')}.`,
			);
		}
		entries.push([
			name,
			check.text(
				`${label} → ${name}`,
				typeof entry.value === 'number' ? String(entry.value) : (entry.value ?? ''),
				'Acme',
			),
		]);
	}
	return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Template Variables: the name → value map a template's {{variables}} are filled from. */
export const TEMPLATE_VARIABLES_ROW: FieldRow = {
	property: {
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
	wire: ['options', 'variables'],
	read: readVariables,
};

/** Dispatch ID: links the signals of Prelude's front-end SDK to a request. */
export const DISPATCH_ID_ROW: FieldRow = {
	property: {
		displayName: 'Dispatch ID',
		name: 'dispatchId',
		type: 'string',
		default: '',
		description:
			"The dispatch ID from Prelude's front-end SDK, which links its signals to this verification",
	},
	wire: ['dispatch_id'],
	read: (c, l, v) => c.text(l, v, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'),
};

/** Correlation ID: the `metadata` of a verification or a feedback. */
export const CORRELATION_ID_ROW: FieldRow = {
	property: {
		displayName: 'Correlation ID',
		name: 'correlationId',
		type: 'string',
		default: '',
		placeholder: 'e.g. signup-8841',
		description:
			'Your own identifier for this verification (at most 64 characters), e.g. a user or order ID. Prelude echoes it in answers and webhook events.',
	},
	wire: ['metadata', 'correlation_id'],
	read: (c, l, v) => c.shortText(l, v, 'signup-8841', 64),
};

/** Verification Options: the create request's `options`, plus `dispatch_id` and `metadata`. */
export const VERIFICATION_OPTION_ROWS: FieldRow[] = [
	{
		property: {
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
		wire: ['options', 'app_realm', 'platform'],
		read: (c, l, v) => c.enumValue(l, v, APP_REALM_PLATFORMS),
	},
	{
		property: {
			displayName: 'App Realm Value',
			name: 'appRealmValue',
			type: 'string',
			default: '',
			placeholder: 'e.g. FA+9qCX9VSu',
			description:
				"The 11-character SMS Retriever hash of your Android app, or your site's domain for Web. Needs App Realm Platform.",
		},
		wire: ['options', 'app_realm', 'value'],
		read: (c, l, v) => c.requiredText(l, v, 'FA+9qCX9VSu'),
	},
	callbackUrlRow(
		['options', 'callback_url'],
		'An http(s) address Prelude posts this verification’s events to (verify.authentication, verify.attempt, verify.delivery_status). Paste the Production URL of a Ding Trigger node here.',
	),
	{
		property: {
			displayName: 'Channels',
			name: 'channels',
			type: 'multiOptions',
			default: [],
			options: channelOptions,
			description:
				'The channels Prelude may use, in order; set when the verification is created and not on retries. Cannot be combined with Preferred Channel; Prelude must enable it.',
		},
		wire: ['options', 'channels'],
		read: readChannels,
	},
	{
		property: {
			displayName: 'Code Size',
			name: 'codeSize',
			type: 'number',
			default: 6,
			typeOptions: { minValue: 4, maxValue: 8, numberPrecision: 0 },
			description: 'How many digits the code has; without it the dashboard setting applies',
		},
		wire: ['options', 'code_size'],
		read: (c, l, v) => c.integer(l, v, 4, 8),
	},
	CORRELATION_ID_ROW,
	{
		property: {
			displayName: 'Custom Code',
			name: 'customCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. 123456',
			description: 'A code of your own to send instead of a random one; Prelude must enable it',
		},
		wire: ['options', 'custom_code'],
		read: (c, l, v) => c.requiredText(l, typeof v === 'number' ? String(v) : v, '123456'),
	},
	DISPATCH_ID_ROW,
	{
		property: {
			displayName: 'Force Challenge',
			name: 'forceChallenge',
			type: 'boolean',
			default: false,
			description:
				'Whether to use only channels other than SMS and voice; the answer then says challenged. Prelude must enable it.',
		},
		wire: ['options', 'force_challenge'],
		read: (c, l, v) => c.boolean(l, v),
	},
	{
		property: {
			displayName: 'Locale',
			name: 'locale',
			type: 'string',
			default: '',
			placeholder: 'e.g. en-US',
			description:
				'The language of the message as a BCP-47 tag; without it the country of the number decides, and US English if unknown',
		},
		wire: ['options', 'locale'],
		read: (c, l, v) => c.locale(l, v),
	},
	{
		property: {
			displayName: 'Max Auto Fallbacks',
			name: 'maxAutoFallbacks',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			description:
				'The most attempts Prelude may add by itself on other channels; set at creation only',
		},
		wire: ['options', 'max_auto_fallbacks'],
		read: (c, l, v) => c.integer(l, v, 0, 10),
	},
	{
		property: {
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
		wire: ['options', 'method'],
		read: (c, l, v) => c.enumValue(l, v, METHODS),
	},
	{
		property: {
			displayName: 'Preferred Channel',
			name: 'preferredChannel',
			type: 'options',
			default: 'sms',
			options: channelOptions,
			description: 'The channel to try first, on the first attempt and on every retry',
		},
		wire: ['options', 'preferred_channel'],
		read: (c, l, v) => c.enumValue(l, v, CHANNELS),
	},
	{
		property: {
			displayName: 'Sender ID',
			name: 'senderId',
			type: 'string',
			default: '',
			placeholder: 'e.g. MyApp',
			description: 'The sender the message comes from; Prelude must enable it for your account',
		},
		wire: ['options', 'sender_id'],
		read: (c, l, v) => c.text(l, v, 'MyApp'),
	},
	{
		property: {
			displayName: 'Template ID',
			name: 'templateId',
			type: 'string',
			default: '',
			description: 'The ID of a verification template from the Prelude dashboard',
		},
		wire: ['options', 'template_id'],
		read: (c, l, v) => c.text(l, v, 'prelude:psd2'),
	},
	TEMPLATE_VARIABLES_ROW,
];

/** Signals: what Prelude's fraud checks read about the user's device. */
export const SIGNAL_ROWS: FieldRow[] = [
	{
		property: deviceSignalProperties.appVersion,
		wire: ['signals', 'app_version'],
		read: (c, l, v) => c.text(l, v, '2.4.1'),
	},
	{
		property: deviceSignalProperties.deviceId,
		wire: ['signals', 'device_id'],
		read: (c, l, v) => c.text(l, v, '9774d56d682e549c'),
	},
	{
		property: deviceSignalProperties.deviceModel,
		wire: ['signals', 'device_model'],
		read: (c, l, v) => c.text(l, v, 'iPhone17,2'),
	},
	{
		property: {
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
		wire: ['signals', 'device_platform'],
		read: (c, l, v) => c.enumValue(l, v, DEVICE_PLATFORMS),
	},
	{
		property: {
			displayName: 'Existing User',
			name: 'existingUser',
			type: 'boolean',
			default: false,
			description:
				'Whether the user already has an account with you, e.g. a login from a new device; one more signal for Prelude, which still runs its checks',
		},
		wire: ['signals', 'existing_user'],
		read: (c, l, v) => c.boolean(l, v),
	},
	{
		property: {
			displayName: 'IP',
			name: 'ip',
			type: 'string',
			default: '',
			placeholder: 'e.g. 203.0.113.7',
			description: "The public IPv4 or IPv6 address of the user's device",
		},
		wire: ['signals', 'ip'],
		read: (c, l, v) => c.ipAddress(l, v),
	},
	{
		property: {
			displayName: 'Is Trusted User',
			name: 'isTrustedUser',
			type: 'boolean',
			default: false,
			description:
				'Whether you know the user to be genuine, e.g. a long-standing customer; a trust signal for Prelude',
		},
		wire: ['signals', 'is_trusted_user'],
		read: (c, l, v) => c.boolean(l, v),
	},
	{
		property: {
			displayName: 'JA4 Fingerprint',
			name: 'ja4Fingerprint',
			type: 'string',
			default: '',
			description: "The JA4 TLS fingerprint of the user's client, from your proxy",
		},
		wire: ['signals', 'ja4_fingerprint'],
		read: (c, l, v) => c.text(l, v, 't13d1516h2_8daaf6152771_e5627efa2ab1'),
	},
	{
		property: deviceSignalProperties.osVersion,
		wire: ['signals', 'os_version'],
		read: (c, l, v) => c.text(l, v, '17.4'),
	},
	{
		property: {
			displayName: 'User Agent',
			name: 'userAgent',
			type: 'string',
			default: '',
			description: "The user agent of the user's browser or app",
		},
		wire: ['signals', 'user_agent'],
		read: (c, l, v) => c.text(l, v, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)'),
	},
];

function readPsd2(check: FieldChecker, label: string, value: unknown): V2CheckRequest['psd2'] {
	const transaction = isJsonObject(value) ? value.transaction : undefined;
	if (!isJsonObject(transaction)) return undefined;
	const amount = check.requiredText(
		`${label} → Amount`,
		typeof transaction.amount === 'number' ? String(transaction.amount) : transaction.amount,
		'49.90',
	);
	if (!/^\d+(\.\d+)?$/.test(amount)) {
		throw check.fail(
			`PSD2 Transaction → Amount "${amount}" is not a decimal number`,
			'Give the amount with a dot as decimal separator and no currency sign, e.g. 49.90.',
		);
	}
	const currency = check.requiredText(`${label} → Currency`, transaction.currency, 'EUR');
	if (!/^[A-Za-z]{3}$/.test(currency)) {
		throw check.fail(
			`PSD2 Transaction → Currency "${currency}" is not an ISO 4217 code`,
			'Give the three-letter currency code, e.g. EUR or USD.',
		);
	}
	return {
		amount,
		currency: currency.toUpperCase(),
		recipient: check.requiredText(`${label} → Recipient`, transaction.recipient, 'Acme Ltd'),
	};
}

/** Check's Additional Fields: the optional `psd2` transaction. */
export const CHECK_ROWS: FieldRow[] = [
	{
		property: {
			displayName: 'PSD2 Transaction',
			name: 'psd2',
			type: 'fixedCollection',
			default: {},
			description:
				'The payment a code sent with the prelude:psd2 template confirms (dynamic linking); all three values are needed',
			options: [
				{
					displayName: 'Transaction',
					name: 'transaction',
					values: [
						{
							displayName: 'Amount',
							name: 'amount',
							type: 'string',
							default: '',
							placeholder: 'e.g. 49.90',
							description: 'The amount as a decimal number in text',
						},
						{
							displayName: 'Currency',
							name: 'currency',
							type: 'string',
							default: '',
							placeholder: 'e.g. EUR',
							description: 'The ISO 4217 currency code',
						},
						{
							displayName: 'Recipient',
							name: 'recipient',
							type: 'string',
							default: '',
							placeholder: 'e.g. Acme Ltd',
							description: 'Who is paid',
						},
					],
				},
			],
		},
		wire: ['psd2'],
		read: readPsd2,
	},
];

/** Send Feedback's Additional Fields: the feedback's `metadata`. */
export const FEEDBACK_ROWS: FieldRow[] = [CORRELATION_ID_ROW];

/** Verification Options: the create-verification `options` and `metadata`, one row each. */
export const verificationOptionsCollection = collectionOf(
	{
		displayName: 'Verification Options',
		name: 'verificationOptions',
		placeholder: 'Add Verification Option',
	},
	VERIFICATION_OPTION_ROWS,
);

/** Signals: what Prelude's fraud checks read, one row each. */
export const signalsCollection = collectionOf(
	{
		displayName: 'Signals',
		name: 'signals',
		placeholder: 'Add Signal',
		description: "What Prelude's fraud checks read about the user and the device",
	},
	SIGNAL_ROWS,
);

/** All fields of Send and Retry, which send the same create-verification model. */
export const createVerificationProperties: INodeProperties[] = [
	...targetProperties,
	verificationOptionsCollection,
	signalsCollection,
	optionsCollection(requestOptionFields),
];

/** The create-verification request of an item (Send and Retry send the same model). */
export function readVerificationRequest(
	context: ItemParameters,
	check: FieldChecker,
	itemIndex: number,
): V2CreateVerificationRequest {
	const request: V2CreateVerificationRequest = { target: readTarget(context, check, itemIndex) };
	const body = request as unknown as IDataObject;
	const options = context.getNodeParameter('verificationOptions', itemIndex, {}) as IDataObject;
	const signals = context.getNodeParameter('signals', itemIndex, {}) as IDataObject;
	readRows(check, options, VERIFICATION_OPTION_ROWS, body);
	readRows(check, signals, SIGNAL_ROWS, body);

	const realm = at(body, ['options', 'app_realm']) as IDataObject | undefined;
	if (realm && (realm.platform === undefined || realm.value === undefined)) {
		throw check.fail(
			`App Realm needs both a platform and a value, but got only the ${realm.platform === undefined ? 'value' : 'platform'}`,
			'Add both Verification Options → App Realm Platform and App Realm Value, or remove both.',
		);
	}
	if (request.options?.channels && request.options.preferred_channel) {
		throw check.fail(
			'Channels and Preferred Channel cannot be used together',
			'Prelude refuses a request with both: keep Channels (the ordered list) or Preferred Channel (the first to try).',
		);
	}
	return request;
}
