import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import { listProperties, readLimit } from '../../../fields/list';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { FieldRow } from '../../../fields/rows';
import { collectionOf, readRows } from '../../../fields/rows';
import { describeValue, FieldChecker } from '../../../helpers/validation';
import { getPages } from '../../../transport/list';
import type { SendItem } from '../../node.type';

const HISTORY_CHANNELS = [
	'sms',
	'rcs',
	'whatsapp',
	'viber',
	'zalo',
	'telegram',
	'voice',
	'silent',
] as const;
const PLATFORMS = ['android', 'ios', 'ipados', 'tvos', 'web'] as const;
/** The statuses a list can be filtered on: every status but pending_check, which Prelude refuses. */
const STATUSES = [
	'converted',
	'not_converted',
	'sent',
	'challenged',
	'suspected_fraud',
	'in_blocklist',
	'invalid_line',
	'invalid_number',
	'rate_limited',
	'expired_signals',
	'shadowed',
] as const;

const label = (value: string) =>
	value
		.replace(/_/g, ' ')
		.replace(/\b\w/g, (c) => c.toUpperCase())
		.replace('Rcs', 'RCS')
		.replace('Sms', 'SMS')
		.replace('Whatsapp', 'WhatsApp')
		.replace('Ios', 'iOS')
		.replace('Ipados', 'iPadOS')
		.replace('Tvos', 'tvOS');

/** The list's filters, one row each, sent in the query under their wire names. */
export const FILTER_ROWS: FieldRow[] = [
	{
		property: {
			displayName: 'Channels',
			name: 'channels',
			type: 'multiOptions',
			default: [],
			options: HISTORY_CHANNELS.map((value) => ({ name: label(value), value })),
			description: 'Only verifications that could use one of these channels',
		},
		wire: ['channels'],
		read: (c, l, v) => {
			const list = typeof v === 'string' ? v.split(',').filter((s) => s.trim() !== '') : v;
			if (!Array.isArray(list) || list.length === 0) return undefined;
			return list.map((channel) => c.enumValue(l, channel, HISTORY_CHANNELS));
		},
	},
	{
		property: {
			displayName: 'Created After',
			name: 'from',
			type: 'dateTime',
			default: '',
			description:
				'Only verifications created at or after this time; needs Created Before, at most 6 months later',
		},
		wire: ['from'],
		read: (c, l, v) => c.dateTime(l, v),
	},
	{
		property: {
			displayName: 'Created Before',
			name: 'to',
			type: 'dateTime',
			default: '',
			description: 'Only verifications created at or before this time; needs Created After',
		},
		wire: ['to'],
		read: (c, l, v) => c.dateTime(l, v),
	},
	{
		property: {
			displayName: 'Device Platform',
			name: 'devicePlatform',
			type: 'options',
			default: 'ios',
			options: PLATFORMS.map((value) => ({ name: label(value), value })),
			description: 'Only verifications created from this platform',
		},
		wire: ['device_platform'],
		read: (c, l, v) => c.enumValue(l, v, PLATFORMS),
	},
	{
		property: {
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, numberPrecision: 0 },
			description:
				'Only verifications that sent at most this many messages (0: those that sent none)',
		},
		wire: ['max_attempts'],
		read: (c, l, v) => c.integer(l, v, 0, 1000),
	},
	{
		property: {
			displayName: 'Min Attempts',
			name: 'minAttempts',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 0, numberPrecision: 0 },
			description: 'Only verifications that sent at least this many messages',
		},
		wire: ['min_attempts'],
		read: (c, l, v) => c.integer(l, v, 0, 1000),
	},
	{
		property: {
			...phoneNumberField,
			required: false,
			description: 'Only verifications of this number. ' + phoneNumberField.description,
		},
		wire: ['phone_number'],
		read: (c, l, v) => c.phoneNumber(l, v),
	},
	{
		property: {
			displayName: 'Region',
			name: 'region',
			type: 'string',
			default: '',
			placeholder: 'e.g. FR',
			description: 'Only numbers of this country, as an ISO 3166-1 alpha-2 code',
		},
		wire: ['region'],
		read: (c, l, v) => {
			const region = c.requiredText(l, v, 'FR').toUpperCase();
			if (!/^[A-Z]{2}$/.test(region)) {
				throw c.fail(
					`${l} ${describeValue(v)} is not a two-letter country code`,
					'Give an ISO 3166-1 alpha-2 code, e.g. FR or US.',
				);
			}
			return region;
		},
	},
	{
		property: {
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'converted',
			options: STATUSES.map((value) => ({ name: label(value), value })),
			description: 'Only verifications with this outcome (pending_check cannot be filtered on)',
		},
		wire: ['status'],
		read: (c, l, v) => c.enumValue(l, v, STATUSES),
	},
	{
		property: {
			displayName: 'Template ID',
			name: 'templateId',
			type: 'string',
			default: '',
			description:
				'Only verifications sent with this template of yours (built-in prelude:* templates cannot be filtered on)',
		},
		wire: ['template_id'],
		read: (c, l, v) => c.requiredText(l, v, 'template_01jc0t6fwwfgfsq1md24mhyztj'),
	},
];

const properties: INodeProperties[] = [
	...listProperties,
	collectionOf({ displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' }, FILTER_ROWS),
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['otp'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `GET /v2/verification/phone/history`, most recent first, page by page (a cursor holds only with
 * the same filters, which every page repeats): one item per verification.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex, this.getTimezone());
	const qs: IDataObject = {};
	readRows(check, this.getNodeParameter('filters', itemIndex, {}) as IDataObject, FILTER_ROWS, qs);
	if ((qs.from === undefined) !== (qs.to === undefined)) {
		throw check.fail(
			`Created ${qs.from === undefined ? 'Before' : 'After'} needs Created ${qs.from === undefined ? 'After' : 'Before'}`,
			'Prelude takes a time range with both ends, at most 6 months apart: add the other filter, or remove this one.',
		);
	}
	const limit = readLimit(this, check, itemIndex);
	return async () =>
		await getPages(this, itemIndex, {
			endpoint: '/v2/verification/phone/history',
			key: 'verifications',
			limit,
			qs,
		});
}
