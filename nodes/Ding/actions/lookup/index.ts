import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as get from './get.operation';

export const operations = { get };

/** Ding v1: shown when the node's API is Ding v1 (Legacy). */
export const description: INodeProperties[] = updateDisplayOptions({ show: { api: ['dingV1'] } }, [
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
					'Look up a phone number: carrier, country, MCC/MNC, line type, whether it was ported or is a temporary number',
				action: 'Look up a phone number',
			},
		],
		default: 'get',
	},
	...get.description,
]);
