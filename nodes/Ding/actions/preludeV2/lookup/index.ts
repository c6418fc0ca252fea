import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export const operations = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: {
			show: {
				resource: ['lookup'],
			},
		},
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Look up a phone number: country, line type, carrier (MCC/MNC), whether it was ported or is temporary',
				action: 'Get a phone number lookup',
			},
		],
		default: 'get',
	},
	...get.description,
];
