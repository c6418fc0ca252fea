import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties, readLimit } from '../../../fields/list';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { getPages } from '../../../transport/list';

import { configIdField, subscriberField, subscriberPath } from './fields';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	configIdField,
	subscriberField,
	...listProperties,
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['subscription'], operation: ['getNumberEvents'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET …/phone_numbers/{phone_number}/events`, page by page: one item per opt-in or opt-out. */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const endpoint = `${subscriberPath(this, check, itemIndex)}/events`;
	const limit = readLimit(this, check, itemIndex);
	return async () => await getPages(this, itemIndex, { endpoint, key: 'events', limit });
}
