import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as lookup from './actions/lookup';
import * as otp from './actions/otp';
import { router } from './actions/router';

export class Ding implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ding',
		name: 'ding',
		icon: { light: 'file:ding.svg', dark: 'file:ding.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Verify phone numbers with one-time codes from Ding: send a code by text message, check the code the user typed, resend it, follow its delivery, and look up numbers',
		defaults: {
			name: 'Ding',
		},
		usableAsTool: true,
		documentationUrl: 'https://github.com/n8n-nodes-ding/n8n-nodes-ding#readme',
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'dingApi',
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Lookup',
						value: 'lookup',
						description: 'Carrier and line information about a phone number',
					},
					{
						name: 'OTP',
						value: 'otp',
						description: 'One-time verification codes sent by text message',
					},
				],
				default: 'otp',
			},
			...otp.description,
			...lookup.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
