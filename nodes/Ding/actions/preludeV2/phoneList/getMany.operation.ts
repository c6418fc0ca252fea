import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties, readLimit } from '../../../fields/list';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { getWholeList } from '../../../transport/list';

import { listField, readList } from './list';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	listField,
	...listProperties,
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['phoneList'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET /v2/verification/management/phone-numbers/{allow|block}`: one item per number. */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const list = readList(this, check, itemIndex);
	const limit = readLimit(this, check, itemIndex);
	return async () =>
		await getWholeList(this, itemIndex, {
			endpoint: `/v2/verification/management/phone-numbers/${list}`,
			key: 'phone_numbers',
			limit,
		});
}
