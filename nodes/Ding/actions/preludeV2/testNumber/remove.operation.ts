import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	{
		...phoneNumberField,
		description: `The test number to remove. ${phoneNumberField.description}`,
	},
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['testNumber'], operation: ['remove'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `DELETE /v2/verification/management/phone-numbers/sandbox/{phone_number}`, the number in the
 * path as the official clients send it ("+" included). Removing an absent number succeeds.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const phone = check.phoneNumber('Phone Number', this.getNodeParameter('phoneNumber', itemIndex));
	return async () =>
		await preludeApiRequest(this, itemIndex, {
			method: 'DELETE',
			endpoint: `/v2/verification/management/phone-numbers/sandbox/${phone}`,
		});
}
