import type { INodeProperties } from 'n8n-workflow';

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
];
