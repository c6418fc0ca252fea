import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { recipientField } from '../../../fields/message';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { FieldRow } from '../../../fields/rows';
import { callbackUrlRow, collectionOf, correlationIdRow, readRows } from '../../../fields/rows';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';

import { MESSAGE_NOT_REPEATABLE } from './repeat';
import type { SendItem } from '../../node.type';

export const REPLY_ROWS: FieldRow[] = [
	callbackUrlRow(
		['callback_url'],
		'An http(s) address Prelude posts the delivery events of this reply to',
	),
	correlationIdRow(
		'ticket-8841',
		'Your own identifier for this reply; Prelude echoes it in the answer and in webhook events',
	),
];

const properties: INodeProperties[] = [
	{
		displayName: 'Reply To (Message ID)',
		name: 'replyTo',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. im_01jd1xq0cffycayqtdkdbv4d61',
		description:
			'The ID of the WhatsApp message you answer (im_…), from a Ding Trigger "Inbound Message Received" event',
	},
	{
		...recipientField,
		description:
			'The number that wrote the message, in E.164 format; Prelude refuses any other number',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'e.g. Thanks, your order ships tomorrow.',
		description: 'The reply, as free text; WhatsApp allows it within 24 hours of the message',
	},
	collectionOf(
		{ displayName: 'Additional Fields', name: 'replyFields', placeholder: 'Add Field' },
		REPLY_ROWS,
	),
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['notify'], operation: ['reply'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `POST /v2/notify/reply`: a free-text WhatsApp answer to a message someone sent you. */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: IDataObject = {
		reply_to: check.requiredText(
			'Reply To (Message ID)',
			this.getNodeParameter('replyTo', itemIndex),
			'im_01jd1xq0cffycayqtdkdbv4d61',
		),
		text: check.requiredText('Text', this.getNodeParameter('text', itemIndex), 'Thanks!'),
		to: check.phoneNumber('To', this.getNodeParameter('to', itemIndex)),
	};
	readRows(
		check,
		this.getNodeParameter('replyFields', itemIndex, {}) as IDataObject,
		REPLY_ROWS,
		body,
	);
	return async () =>
		await preludeApiRequest(this, itemIndex, {
			method: 'POST',
			endpoint: '/v2/notify/reply',
			body,
			notRepeatable: MESSAGE_NOT_REPEATABLE,
		});
}
