import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';

import { configIdField, subscriberField, subscriberPath } from './fields';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	configIdField,
	subscriberField,
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['subscription'], operation: ['getNumber'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `GET …/subscriptions/{config_id}/phone_numbers/{phone_number}`: whether the number is
 * subscribed (state SUB) or opted out (UNSUB), since when and how. Check it before a marketing send.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const endpoint = subscriberPath(this, check, itemIndex);
	return async () => await preludeApiRequest(this, itemIndex, { method: 'GET', endpoint });
}
