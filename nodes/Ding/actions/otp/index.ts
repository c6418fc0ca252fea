import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';
import * as retry from './retry.operation';
import * as send from './send.operation';

export const operations = { check, retry, send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: {
			show: {
				resource: ['otp'],
			},
		},
		options: [
			{
				name: 'Check',
				value: 'check',
				description:
					'Check the code a user typed; the answer says valid, invalid, already_validated, expired_auth, rate_limited or without_attempt',
				action: 'Check a verification code',
			},
			{
				name: 'Retry',
				value: 'retry',
				description:
					'Send a new code for an existing authentication, e.g. when the first text did not arrive',
				action: 'Resend a verification code',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Text a one-time code to a phone number and start an authentication',
				action: 'Send a verification code',
			},
		],
		default: 'send',
	},
	...send.description,
	...check.description,
	...retry.description,
];
