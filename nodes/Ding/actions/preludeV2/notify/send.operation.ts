import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	messageChecker,
	messageProperties,
	NOTIFY_ROWS,
	readMessage,
	recipientField,
} from '../../../fields/message';
import type { FieldRow } from '../../../fields/rows';
import { preludeApiRequest } from '../../../transport';

import { MESSAGE_NOT_REPEATABLE } from './repeat';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = messageProperties(recipientField, NOTIFY_ROWS);

const displayOptions = { show: { resource: ['notify'], operation: ['send'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** One templated message to the item's number: Notify's Send, and Transactional's. */
export function sendsMessage(endpoint: string, rows: readonly FieldRow[]) {
	return function (this: IExecuteFunctions, itemIndex: number): SendItem {
		const check = messageChecker(this, itemIndex);
		const to = check.phoneNumber('To', this.getNodeParameter('to', itemIndex));
		const body = readMessage(this, check, itemIndex, to, rows);
		return async () =>
			await preludeApiRequest(this, itemIndex, {
				method: 'POST',
				endpoint,
				body,
				notRepeatable: MESSAGE_NOT_REPEATABLE,
			});
	};
}

/** `POST /v2/notify`: one templated message to one number per item. */
export const prepare = sendsMessage('/v2/notify', NOTIFY_ROWS);
