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
