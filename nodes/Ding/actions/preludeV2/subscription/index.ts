import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getManyNumbers from './getManyNumbers.operation';
import * as getNumber from './getNumber.operation';
import * as getNumberEvents from './getNumberEvents.operation';

export const operations = { get, getMany, getManyNumbers, getNumber, getNumberEvents };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscription'] } },
		options: [
			{
				name: 'Get Config',
				value: 'get',
				description: 'Get one subscription configuration: its keywords’ messages and numbers',
				action: 'Get a subscription config',
			},
			{
				name: 'Get Many Configs',
				value: 'getMany',
				description: 'Get the subscription configurations of the account',
				action: 'Get many subscription configs',
			},
			{
				name: 'Get Many Numbers',
				value: 'getManyNumbers',
				description:
					'Get the numbers of a configuration with their state, e.g. everyone who opted out',
				action: 'Get many numbers of a subscription config',
			},
			{
				name: 'Get Number',
				value: 'getNumber',
				description:
					'Get whether a phone number is subscribed or opted out, e.g. before a marketing send',
				action: 'Get the subscription state of a number',
			},
			{
				name: 'Get Number History',
				value: 'getNumberEvents',
				description: 'Get the opt-ins and opt-outs of a phone number over time',
				action: 'Get the number history of a subscription',
			},
		],
		default: 'getNumber',
	},
	...get.description,
	...getMany.description,
	...getNumber.description,
	...getManyNumbers.description,
	...getNumberEvents.description,
];
