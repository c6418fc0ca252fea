import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as submit from './submit.operation';

export const operations = { getMany, submit };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['senderId'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the sender IDs of the account, each with its review status',
				action: 'Get many sender ID names',
			},
			{
				name: 'Submit',
				value: 'submit',
				description: 'Submit a sender ID for Prelude to review',
				action: 'Submit a sender ID',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...submit.description,
];
