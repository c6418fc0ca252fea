import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as getMany from './getMany.operation';
import * as remove from './remove.operation';

export const operations = { add, getMany, remove };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['testNumber'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description:
					'Make a phone number a test number with a fixed code: verifying it sends no message (Prelude enables this per account)',
				action: 'Add a test number',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the test numbers of the account with their fixed codes',
				action: 'Get many test numbers',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Make a test number an ordinary number again',
				action: 'Remove a test number',
			},
		],
		default: 'add',
	},
	...add.description,
	...remove.description,
	...getMany.description,
];
