import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getPages, listProperties, readLimit } from '../../../fields/list';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';

import { configIdField, subscriberField, subscriberPath } from './fields';

const properties: INodeProperties[] = [
	configIdField,
	subscriberField,
	...listProperties,
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['subscription'], operation: ['getNumberEvents'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET …/phone_numbers/{phone_number}/events`, page by page: one item per opt-in or opt-out. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	return await getPages(this, itemIndex, {
		endpoint: `${subscriberPath(this, check, itemIndex)}/events`,
		key: 'events',
		limit: readLimit(this, check, itemIndex),
	});
}
