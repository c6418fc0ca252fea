import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import type { FieldChecker } from '../../../helpers/validation';

/**
 * Notify's subscription management (opt-in and opt-out, e.g. by replying STOP): the
 * configurations, and per configuration the numbers' states and their history. Read only, as in
 * Prelude's clients.
 */

export const BASE = '/v2/notify/management/subscriptions';

export const configIdField: INodeProperties = {
	displayName: 'Subscription Config ID',
	name: 'configId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. sub_01jd1xq0cffycayqtdkdbv4d61',
	description:
		'The ID of a subscription configuration, from Subscription → Get Many Configs or the Prelude dashboard',
};

export const subscriberField: INodeProperties = {
	...phoneNumberField,
	description: `The subscriber's number. ${phoneNumberField.description}`,
};

/** The configuration's path: `/v2/notify/management/subscriptions/{config_id}`. */
export function configPath(context: IExecuteFunctions, check: FieldChecker, itemIndex: number) {
	const id = check.requiredText(
		'Subscription Config ID',
		context.getNodeParameter('configId', itemIndex),
		'sub_01jd1xq0cffycayqtdkdbv4d61',
	);
	return `${BASE}/${encodeURIComponent(id)}`;
}

/** A subscriber's path below its configuration; the number as the official clients send it, "+" included. */
export function subscriberPath(context: IExecuteFunctions, check: FieldChecker, itemIndex: number) {
	const phone = check.phoneNumber(
		'Phone Number',
		context.getNodeParameter('phoneNumber', itemIndex),
	);
	return `${configPath(context, check, itemIndex)}/phone_numbers/${phone}`;
}
