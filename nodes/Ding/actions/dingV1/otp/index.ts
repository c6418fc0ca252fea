import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';
import * as getStatus from './getStatus.operation';
import * as retry from './retry.operation';
import * as send from './send.operation';
import * as sendFeedback from './sendFeedback.operation';

export const operations = { check, getStatus, retry, send, sendFeedback };

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
				name: 'Get Status',
				value: 'getStatus',
				description:
					'Get an authentication: its phone number, signals and the timeline of attempts, deliveries and checks',
				action: 'Get the status of a verification',
			},
			{
				name: 'Retry',
				value: 'retry',
				description:
					'Send a new code for an existing authentication, e.g. when the first text did not arrive',
				action: 'Retry sending a verification code',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Text a one-time code to a phone number and start an authentication',
				action: 'Send a verification code',
			},
			{
				name: 'Send Feedback',
				value: 'sendFeedback',
				description:
					'Tell Ding whether a verified user completed onboarding, which helps its fraud detection',
				action: 'Send feedback on a verification',
			},
		],
		default: 'send',
	},
	...send.description,
	...check.description,
	...retry.description,
	...getStatus.description,
	...sendFeedback.description,
];
