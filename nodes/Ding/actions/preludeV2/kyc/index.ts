import type { INodeProperties } from 'n8n-workflow';

import * as match from './match.operation';

export const operations = { match };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['kyc'] } },
		options: [
			{
				name: 'Match',
				value: 'match',
				description:
					"Compare a person's name, birth date and address with their mobile operator's records (French numbers; Prelude enables it)",
				action: 'Match an identity with a phone number',
			},
		],
		default: 'match',
	},
	...match.description,
];
