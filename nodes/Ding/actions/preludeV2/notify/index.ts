import type { INodeProperties } from 'n8n-workflow';

import * as reply from './reply.operation';
import * as send from './send.operation';
import * as sendBatch from './sendBatch.operation';

export const operations = { reply, send, sendBatch };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['notify'] } },
		options: [
			{
				name: 'Reply',
				value: 'reply',
				description:
					'Answer a WhatsApp message someone sent you with free text, within 24 hours of it',
				action: 'Reply to a message',
			},
			{
				name: 'Send',
				value: 'send',
				description:
					'Send a message from a template (SMS, RCS or WhatsApp) to one phone number, now or at a scheduled time',
				action: 'Send a message',
			},
			{
				name: 'Send Batch',
				value: 'sendBatch',
				description: 'Send the same message from a template to many phone numbers in one request',
				action: 'Send a message batch to many numbers',
			},
		],
		default: 'send',
	},
	...send.description,
	...sendBatch.description,
	...reply.description,
];
