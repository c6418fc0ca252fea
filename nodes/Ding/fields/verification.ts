import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { V2CreateVerificationRequest } from '../helpers/interfaces';
import type { FieldChecker } from '../helpers/validation';
import { describeValue } from '../helpers/validation';

import { optionsCollection, requestOptionFields } from './options';
import type { FieldRow } from './rows';
import { at, callbackUrlRow, collectionOf, readRows } from './rows';
import { signalsCollection, SIGNAL_ROWS, DISPATCH_ID_ROW } from './signals';
import type { ItemParameters } from './target';
import { readTarget, targetProperties } from './target';
import { TEMPLATE_VARIABLES_ROW } from './templateVariables';

/**
 * Prelude Verify v2's create-verification model of Send and Retry (and Send and Wait), one row
 * each (see rows.ts), and the correlation ID that Predict and Send Feedback share.
 */

const CHANNELS = ['sms', 'rcs', 'whatsapp', 'viber', 'zalo', 'telegram'] as const;
const METHODS = ['auto', 'voice', 'message'] as const;
const APP_REALM_PLATFORMS = ['android', 'web'] as const;

const channelOptions = [
	{ name: 'RCS', value: 'rcs' },
	{ name: 'SMS', value: 'sms' },
	{ name: 'Telegram', value: 'telegram' },
	{ name: 'Viber', value: 'viber' },
	{ name: 'WhatsApp', value: 'whatsapp' },
	{ name: 'Zalo', value: 'zalo' },
];

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

/** Verification Options: the create-verification `options` and `metadata`, one row each. */
export const verificationOptionsCollection = collectionOf(
	{
		displayName: 'Verification Options',
		name: 'verificationOptions',
		placeholder: 'Add Verification Option',
	},
	VERIFICATION_OPTION_ROWS,
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
