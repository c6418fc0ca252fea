import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

export const operations = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transactional'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description:
					'Send a templated transactional message (deprecated by Prelude: use Message → Send)',
				action: 'Send a transactional message',
			},
		],
		default: 'send',
	},
	...send.description,
];
