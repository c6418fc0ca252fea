import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';

const properties: INodeProperties[] = [
	{
		...phoneNumberField,
		description: `The test number, e.g. the one you give an app-store reviewer. ${phoneNumberField.description}`,
	},
	{
		displayName: 'Fixed Code',
		name: 'attemptCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 123456',
		description:
			'The code that always verifies this number. A verification of it sends no message; adding the number again replaces its code.',
	},
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['testNumber'], operation: ['add'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `PUT /v2/verification/management/phone-numbers/sandbox` (newer Prelude clients' sandbox API):
 * idempotent, so a failed request is safe to repeat. Prelude enables it per account.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const code = this.getNodeParameter('attemptCode', itemIndex);
	return await preludeApiRequest(this, itemIndex, {
		method: 'PUT',
		endpoint: '/v2/verification/management/phone-numbers/sandbox',
		body: {
			attempt_code: check.requiredText(
				'Fixed Code',
				typeof code === 'number' ? String(code) : code,
				'123456',
			),
			phone_number: check.phoneNumber(
				'Phone Number',
				this.getNodeParameter('phoneNumber', itemIndex),
			),
		},
	});
}
