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
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const code = this.getNodeParameter('attemptCode', itemIndex);
	const body = {
		attempt_code: check.requiredText(
			'Fixed Code',
			typeof code === 'number' ? String(code) : code,
			'123456',
		),
		phone_number: check.phoneNumber(
			'Phone Number',
			this.getNodeParameter('phoneNumber', itemIndex),
		),
	};
	return async () =>
		await preludeApiRequest(this, itemIndex, {
			method: 'PUT',
			endpoint: '/v2/verification/management/phone-numbers/sandbox',
			body,
		});
}
