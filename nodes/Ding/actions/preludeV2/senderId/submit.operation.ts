import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	{
		displayName: 'Sender ID',
		name: 'senderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Acme',
		description:
			'The name verification messages should come from; Prelude reviews it, and the answer says approved, pending or rejected',
	},
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['senderId'], operation: ['submit'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `POST /v2/verification/management/sender-id`. A second submission of the same name changes nothing. */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const senderId = check.requiredText(
		'Sender ID',
		this.getNodeParameter('senderId', itemIndex),
		'Acme',
	);
	return async () =>
		await preludeApiRequest(this, itemIndex, {
			method: 'POST',
			endpoint: '/v2/verification/management/sender-id',
			body: { sender_id: senderId },
		});
}
