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
		displayOptions: { show: { resource: ['phoneList'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Put a phone number on the allow list or the block list',
				action: 'Add a number to a list',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the phone numbers on the allow list or the block list',
				action: 'Get many numbers of a list',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Take a phone number off the allow list or the block list',
				action: 'Remove a number from a list',
			},
		],
		default: 'add',
	},
	...add.description,
	...remove.description,
	...getMany.description,
];
