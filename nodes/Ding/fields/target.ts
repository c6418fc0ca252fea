import type { INodeProperties } from 'n8n-workflow';

import type { V2Target } from '../helpers/interfaces';
import type { FieldChecker } from '../helpers/validation';

import { phoneNumberField } from './common';

const TARGET_TYPES = ['phone_number', 'email_address'] as const;

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
