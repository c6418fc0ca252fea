import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getWholeList, listProperties, readLimit } from '../../../fields/list';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';

const properties: INodeProperties[] = [...listProperties, optionsCollection(requestOptionFields)];

const displayOptions = { show: { resource: ['testNumber'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET /v2/verification/management/phone-numbers/sandbox`: one item per test number and its code. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	return await getWholeList(this, itemIndex, {
		endpoint: '/v2/verification/management/phone-numbers/sandbox',
		key: 'phone_numbers',
		limit: readLimit(this, check, itemIndex),
	});
}
