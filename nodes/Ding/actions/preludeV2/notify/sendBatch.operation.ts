import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	messageChecker,
	messageProperties,
	NOTIFY_ROWS,
	readMessage,
	readRecipients,
	recipientsField,
} from '../../../fields/message';
import { preludeApiRequest } from '../../../transport';

import { MESSAGE_NOT_REPEATABLE } from './repeat';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = messageProperties(recipientsField, NOTIFY_ROWS);

const displayOptions = { show: { resource: ['notify'], operation: ['sendBatch'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `POST /v2/notify/batch`: the same templated message to every number of the item's To, in one
 * request; the answer has a result per recipient (success, or the error for that number).
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = messageChecker(this, itemIndex);
	const to = readRecipients(check, this.getNodeParameter('to', itemIndex));
	const body = readMessage(this, check, itemIndex, to, NOTIFY_ROWS);
	return async () =>
		await preludeApiRequest(this, itemIndex, {
			method: 'POST',
			endpoint: '/v2/notify/batch',
			body,
			notRepeatable: MESSAGE_NOT_REPEATABLE,
		});
}
