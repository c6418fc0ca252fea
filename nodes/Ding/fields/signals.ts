import type { FieldRow } from './rows';
import { collectionOf } from './rows';
import { deviceSignalProperties } from './common';

/** What Prelude's fraud checks read about the user and the device, one row each (see rows.ts). */

const DEVICE_PLATFORMS = ['android', 'ios', 'ipados', 'tvos', 'web'] as const;

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
