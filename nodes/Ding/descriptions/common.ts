import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldChecker } from '../helpers/validation';

/** Fields that several operations share; each operation adds its own displayOptions. */

export const phoneNumberField: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. +14155550123',
	description:
		'The phone number in E.164 format: a plus sign, the country code and the number, digits only (spaces, hyphens, dots, parentheses and a "(0)" are removed)',
};

export const authenticationUuidField: INodeProperties = {
	displayName: 'Authentication UUID',
	name: 'authenticationUuid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. e0e7b0e9-739d-424b-922f-1c2cb48ab077',
	description:
		'The authentication_uuid field that the Send operation returned for this phone number (a UUID). Map it from the Send output with an expression.',
};

/** The code the user typed; `statuses` are the answers Check can give, for the IF node after it. */
export function checkCodeField(statuses: string): INodeProperties {
	return {
		displayName: 'Check Code',
		name: 'checkCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 123456',
		description: `The code the user typed, as text. The output status is ${statuses}; branch on it with an IF node.`,
	};
}

export const AUTHENTICATION_UUID_SOURCE =
	'It is the authentication_uuid that the Send operation returned for this phone number.';

/** The "Options" collection: switches that change what the node does, not what it sends. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

/**
 * Options every operation has: how long to wait for Ding, and how to retry what is safe. The
 * defaults are literals (n8n's lint wants them so) and match DEFAULT_REQUEST_SETTINGS; a test
 * holds the two together.
 */
export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		default: 2,
		typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
		description:
			'How often to repeat a request that failed in a way that is safe to repeat (rate limits, and for reads also Ding faults and lost connections). A request that may already have texted someone is never repeated.',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWait',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 0, maxValue: 600 },
		description:
			'The longest time to spend waiting between retries of one item, in total; a Retry-After from Ding longer than what is left ends the retries',
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		default: 30000,
		typeOptions: { minValue: 100, maxValue: 300000 },
		description: 'How long to wait for Ding to answer one request, in milliseconds',
	},
	{
		displayName: 'Batching',
		name: 'batching',
		placeholder: 'Add Batching',
		type: 'fixedCollection',
		typeOptions: { multipleValues: false },
		default: { batch: {} },
		description:
			'How many items to send at once. Read from the first item; it applies to the whole run.',
		options: [
			{
				displayName: 'Batching',
				name: 'batch',
				values: [
					{
						displayName: 'Items per Batch',
						name: 'batchSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
						default: 1,
						description:
							'How many requests may be in flight at the same time. 1 sends one request at a time, which respects Ding’s rate limits. Output order and pairing stay those of the input.',
					},
					{
						displayName: 'Batch Interval (Ms)',
						name: 'batchInterval',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 3600000 },
						default: 0,
						description:
							'With 0, a new request starts as soon as one answers. Otherwise items go in batches of Items per Batch, each starting this many milliseconds after the previous batch has finished.',
					},
				],
			},
		],
	},
];

/** Lookup Get's fields, the same in Ding v1 and Prelude v2: the number, and the caller name switch. */
export function lookupProperties(callerNameNote: string): INodeProperties[] {
	return [
		{
			...phoneNumberField,
			description:
				'The phone number to look up, in E.164 format: a plus sign, the country code and the number, digits only (spaces, hyphens, dots, parentheses and a "(0)" are removed)',
		},
		optionsCollection([
			...requestOptionFields,
			{
				displayName: 'Include Caller Name',
				name: 'callerName',
				type: 'boolean',
				default: false,
				description: `Whether to ask for the caller name (CNAM) too. ${callerNameNote} It is returned as caller_name.`,
			},
		]),
	];
}

/** A Lookup Get item: the number as its path segment ("+" travels as %2B), and the query. */
export function readLookup(
	context: IExecuteFunctions,
	check: FieldChecker,
	itemIndex: number,
): { pathSegment: string; qs: IDataObject | undefined; options: IDataObject } {
	const phoneNumber = check.phoneNumber(
		'Phone Number',
		context.getNodeParameter('phoneNumber', itemIndex),
	);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const callerName =
		options.callerName === undefined
			? false
			: check.boolean('Include Caller Name', options.callerName);
	return {
		pathSegment: encodeURIComponent(phoneNumber),
		qs: callerName ? { type: 'cnam' } : undefined,
		options,
	};
}

/** Device signals that Ding v1 (Additional Fields) and Prelude v2 (Signals) both take. */
export const deviceSignalProperties: Record<
	'appVersion' | 'deviceId' | 'deviceModel' | 'osVersion',
	INodeProperties
> = {
	appVersion: {
		displayName: 'App Version',
		name: 'appVersion',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2.4.1',
		description: 'The version of your app that asks for the code',
	},
	deviceId: {
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 9774d56d682e549c',
		description: "The device's identifier: ANDROID_ID on Android, identifierForVendor on iOS",
	},
	deviceModel: {
		displayName: 'Device Model',
		name: 'deviceModel',
		type: 'string',
		default: '',
		placeholder: 'e.g. Pixel 8',
		description: "The model of the user's device",
	},
	osVersion: {
		displayName: 'OS Version',
		name: 'osVersion',
		type: 'string',
		default: '',
		placeholder: 'e.g. 14',
		description: "The operating system version of the user's device",
	},
};
