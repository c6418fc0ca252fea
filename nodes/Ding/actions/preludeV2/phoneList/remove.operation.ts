import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';

import { listField, readList } from './list';

const properties: INodeProperties[] = [
	listField,
	{ ...phoneNumberField, description: `The number to remove. ${phoneNumberField.description}` },
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['phoneList'], operation: ['remove'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `DELETE /v2/verification/management/phone-numbers/{allow|block}` with the number in the body,
 * as the official clients send it. Removing twice leaves the same list, so it is safe to repeat.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const list = readList(this, check, itemIndex);
	return await preludeApiRequest(this, itemIndex, {
		method: 'DELETE',
		endpoint: `/v2/verification/management/phone-numbers/${list}`,
		body: {
			phone_number: check.phoneNumber(
				'Phone Number',
				this.getNodeParameter('phoneNumber', itemIndex),
			),
		},
	});
}
