import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deviceSignalProperties, phoneNumberField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { FieldRow } from '../../../fields/rows';
import { callbackUrlRow, collectionOf, readRows } from '../../../fields/rows';
import type {
	CreateAuthenticationRequest,
	CreateAuthenticationResponse,
} from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { dingApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

/**
 * Ding v1's optional create-authentication fields, one row each (see rows.ts). Ding's body is
 * flat: each wire path is one name.
 */
export const SEND_ROWS: FieldRow[] = [
	{
		property: {
			displayName: 'App Realm',
			name: 'appRealm',
			type: 'string',
			default: '',
			placeholder: 'e.g. FA+9qCX9VSu',
			description:
				'The 11-character hash of your Android app for the SMS Retriever API, so Android can fill in the code by itself. Needs Device Type ANDROID.',
		},
		wire: ['app_realm'],
		read: (c, l, v) => c.text(l, v, 'FA+9qCX9VSu'),
	},
	{
		property: deviceSignalProperties.appVersion,
		wire: ['app_version'],
		read: (c, l, v) => c.text(l, v, '2.4.1'),
	},
	callbackUrlRow(
		['callback_url'],
		'An http(s) address that Ding posts this code’s events to (authentication created, message sent, delivery status). Paste the Production URL of a Ding Trigger node here to start a workflow on them.',
		'ding',
	),
	{
		property: {
			displayName: 'Correlation ID',
			name: 'correlationId',
			type: 'string',
			default: '',
			placeholder: 'e.g. signup-8841',
			description:
				'Your own identifier for this verification, e.g. a user or order ID. Ding echoes it in webhook events and in the authentication status.',
		},
		wire: ['correlation_id'],
		read: (c, l, v) => c.text(l, v, 'signup-8841'),
	},
	{
		property: deviceSignalProperties.deviceId,
		wire: ['device_id'],
		read: (c, l, v) => c.text(l, v, '9774d56d682e549c'),
	},
	{
		property: deviceSignalProperties.deviceModel,
		wire: ['device_model'],
		read: (c, l, v) => c.text(l, v, 'Pixel 8'),
	},
	{
		property: {
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
		wire: ['device_type'],
		read: (c, l, v) => c.deviceType(l, v),
	},
	{
		property: {
			displayName: 'IP',
			name: 'ip',
			type: 'string',
			default: '',
			placeholder: 'e.g. 203.0.113.7',
			description: "The public IPv4 address of the user's device, which helps Ding detect fraud",
		},
		wire: ['ip'],
		read: (c, l, v) => c.ipv4(l, v),
	},
	{
		property: {
			displayName: 'Is Returning User',
			name: 'isReturningUser',
			type: 'boolean',
			default: false,
			description:
				'Whether the user is known to you and genuine, e.g. has verified before; a trust signal for Ding',
		},
		wire: ['is_returning_user'],
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
				'The language of the text message as a BCP-47 tag. Leave it out to let the country of the phone number decide; an unsupported language falls back to US English.',
		},
		wire: ['locale'],
		read: (c, l, v) => c.locale(l, v),
	},
	{
		property: deviceSignalProperties.osVersion,
		wire: ['os_version'],
		read: (c, l, v) => c.text(l, v, '14'),
	},
	{
		property: {
			displayName: 'Sender ID',
			name: 'senderId',
			type: 'string',
			default: '',
			placeholder: 'e.g. MyApp',
			description:
				'The sender ID the text comes from. It must be enabled for your Ding account; leave it out to use the default sender.',
		},
		wire: ['sender_id'],
		read: (c, l, v) => c.text(l, v, 'MyApp'),
	},
	{
		property: {
			displayName: 'Template ID',
			name: 'templateId',
			type: 'string',
			default: '',
			placeholder: 'e.g. tmpl_default',
			description:
				'The ID of a message template from the Ding dashboard; leave it out to use the default template',
		},
		wire: ['template_id'],
		read: (c, l, v) => c.text(l, v, 'tmpl_default'),
	},
];

const sendAdditionalFields: INodeProperties = collectionOf(
	{ displayName: 'Additional Fields', name: 'additionalFields', placeholder: 'Add Field' },
	SEND_ROWS,
);

type SendBody = Omit<CreateAuthenticationRequest, 'customer_uuid'>;

const properties: INodeProperties[] = [
	phoneNumberField,
	sendAdditionalFields,
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['send'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: SendBody = {
		phone_number: check.phoneNumber(
			'Phone Number',
			this.getNodeParameter('phoneNumber', itemIndex),
		),
	};
	readRows(
		check,
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
		SEND_ROWS,
		body as IDataObject,
	);

	return async () =>
		await dingApiRequest<CreateAuthenticationResponse>(this, itemIndex, {
			method: 'POST',
			endpoint: '/authentication',
			body,
			customerUuidIn: 'body',
			notRepeatable: {
				outcome: 'the code may or may not have been sent',
				howToCheck:
					'Do not send again at once, or the user may get two texts. The Ding dashboard shows whether an authentication was created for this number; if so, use its authentication_uuid with Check or Get Status.',
			},
		});
}
