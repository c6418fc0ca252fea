import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	deviceSignalProperties,
	optionsCollection,
	phoneNumberField,
	requestOptionFields,
} from '../../descriptions/common';
import type {
	CreateAuthenticationRequest,
	CreateAuthenticationResponse,
} from '../../helpers/interfaces';
import { FieldChecker } from '../../helpers/validation';
import { dingApiRequest, requestSettings } from '../../transport';

type SendBody = Omit<CreateAuthenticationRequest, 'customer_uuid'>;
type OptionalWireName = Exclude<keyof SendBody, 'phone_number'>;

/**
 * Every optional field of Ding's create-authentication request: the UI name, the wire name and the
 * check its value must pass. The body is built from this list only, so a field can be neither
 * dropped nor sent under another name.
 */
const OPTIONAL_FIELDS: ReadonlyArray<{
	name: string;
	wire: OptionalWireName;
	label: string;
	read: (check: FieldChecker, label: string, value: unknown) => string | boolean;
}> = [
	{
		name: 'appRealm',
		wire: 'app_realm',
		label: 'App Realm',
		read: (c, l, v) => c.text(l, v, 'FA+9qCX9VSu'),
	},
	{
		name: 'appVersion',
		wire: 'app_version',
		label: 'App Version',
		read: (c, l, v) => c.text(l, v, '2.4.1'),
	},
	{
		name: 'callbackUrl',
		wire: 'callback_url',
		label: 'Callback URL',
		read: (c, l, v) => c.httpUrl(l, v),
	},
	{
		name: 'correlationId',
		wire: 'correlation_id',
		label: 'Correlation ID',
		read: (c, l, v) => c.text(l, v, 'signup-8841'),
	},
	{
		name: 'deviceId',
		wire: 'device_id',
		label: 'Device ID',
		read: (c, l, v) => c.text(l, v, '9774d56d682e549c'),
	},
	{
		name: 'deviceModel',
		wire: 'device_model',
		label: 'Device Model',
		read: (c, l, v) => c.text(l, v, 'Pixel 8'),
	},
	{
		name: 'deviceType',
		wire: 'device_type',
		label: 'Device Type',
		read: (c, l, v) => c.deviceType(l, v),
	},
	{ name: 'ip', wire: 'ip', label: 'IP', read: (c, l, v) => c.ipv4(l, v) },
	{
		name: 'isReturningUser',
		wire: 'is_returning_user',
		label: 'Is Returning User',
		read: (c, l, v) => c.boolean(l, v),
	},
	{ name: 'locale', wire: 'locale', label: 'Locale', read: (c, l, v) => c.locale(l, v) },
	{
		name: 'osVersion',
		wire: 'os_version',
		label: 'OS Version',
		read: (c, l, v) => c.text(l, v, '14'),
	},
	{
		name: 'senderId',
		wire: 'sender_id',
		label: 'Sender ID',
		read: (c, l, v) => c.text(l, v, 'MyApp'),
	},
	{
		name: 'templateId',
		wire: 'template_id',
		label: 'Template ID',
		read: (c, l, v) => c.text(l, v, 'tmpl_default'),
	},
];

const properties: INodeProperties[] = [
	phoneNumberField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'App Realm',
				name: 'appRealm',
				type: 'string',
				default: '',
				placeholder: 'e.g. FA+9qCX9VSu',
				description:
					'The 11-character hash of your Android app for the SMS Retriever API, so Android can fill in the code by itself. Needs Device Type ANDROID.',
			},
			deviceSignalProperties.appVersion,
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/webhooks/ding',
				description:
					'An http(s) address that Ding posts this code’s events to (authentication created, message sent, delivery status). Paste the Production URL of a Ding Trigger node here to start a workflow on them.',
			},
			{
				displayName: 'Correlation ID',
				name: 'correlationId',
				type: 'string',
				default: '',
				placeholder: 'e.g. signup-8841',
				description:
					'Your own identifier for this verification, e.g. a user or order ID. Ding echoes it in webhook events and in the authentication status.',
			},
			deviceSignalProperties.deviceId,
			deviceSignalProperties.deviceModel,
			{
				displayName: 'Device Type',
				name: 'deviceType',
				type: 'options',
				default: 'ANDROID',
				options: [
					{ name: 'Android', value: 'ANDROID' },
					{ name: 'iOS', value: 'IOS' },
					{ name: 'Web', value: 'WEB' },
				],
				description: 'The kind of device the user asks for the code from',
			},
			{
				displayName: 'IP',
				name: 'ip',
				type: 'string',
				default: '',
				placeholder: 'e.g. 203.0.113.7',
				description: "The public IPv4 address of the user's device, which helps Ding detect fraud",
			},
			{
				displayName: 'Is Returning User',
				name: 'isReturningUser',
				type: 'boolean',
				default: false,
				description:
					'Whether the user is known to you and genuine, e.g. has verified before; a trust signal for Ding',
			},
			{
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'e.g. en-US',
				description:
					'The language of the text message as a BCP-47 tag. Leave it out to let the country of the phone number decide; an unsupported language falls back to US English.',
			},
			deviceSignalProperties.osVersion,
			{
				displayName: 'Sender ID',
				name: 'senderId',
				type: 'string',
				default: '',
				placeholder: 'e.g. MyApp',
				description:
					'The sender ID the text comes from. It must be enabled for your Ding account; leave it out to use the default sender.',
			},
			{
				displayName: 'Template ID',
				name: 'templateId',
				type: 'string',
				default: '',
				placeholder: 'e.g. tmpl_default',
				description:
					'The ID of a message template from the Ding dashboard; leave it out to use the default template',
			},
		],
	},
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['send'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: SendBody = {
		phone_number: check.phoneNumber(
			'Phone Number',
			this.getNodeParameter('phoneNumber', itemIndex),
		),
	};
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const field of OPTIONAL_FIELDS) {
		const value = additionalFields[field.name];
		// A field added but left empty is not set: Ding gets no empty strings.
		if (value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
		Object.assign(body, { [field.wire]: field.read(check, field.label, value) });
	}

	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const response = await dingApiRequest<CreateAuthenticationResponse>(this, itemIndex, {
		method: 'POST',
		endpoint: '/authentication',
		body,
		customerUuidIn: 'body',
		settings: requestSettings(check, options),
		notRepeatable: {
			outcome: 'the code may or may not have been sent',
			howToCheck:
				'Do not send again at once, or the user may get two texts. The Ding dashboard shows whether an authentication was created for this number; if so, use its authentication_uuid with Check or Get Status.',
		},
	});

	return response;
}
