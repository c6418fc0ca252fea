import type { INodeProperties } from 'n8n-workflow';

import * as check from './check.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as retry from './retry.operation';
import * as send from './send.operation';
import * as sendAndWait from './sendAndWait/sendAndWait.operation';
import * as sendFeedback from '../watch/sendFeedback.operation';

export const operations = { check, get, getMany, retry, send, sendAndWait, sendFeedback };

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
					'Check the code a user typed for a phone number; the answer says success, failure or expired_or_not_found',
				action: 'Check a verification code',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					"Get one verification's outcome and timeline: every message with its delivery, every check (Ding v1's Get Status)",
				action: 'Get a verification',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'Get past verifications, most recent first, filtered by number, status, channel, time range and more',
				action: 'Get many verifications',
			},
			{
				name: 'Retry',
				value: 'retry',
				description:
					'Send the code again within the verification window, e.g. when the first message did not arrive; the answer says retry',
				action: 'Retry sending a verification code',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send a one-time code to a phone number and start a verification',
				action: 'Send a verification code',
			},
			{
				name: 'Send and Wait for Code',
				value: 'sendAndWait',
				description:
					'Send a code, then wait until the user types it on a page n8n serves (or an app posts it): resumes on Verified or Not Verified',
				action: 'Send and wait for code',
			},
			{
				name: 'Send Feedback',
				value: 'sendFeedback',
				description:
					"Tell Prelude's Watch API that verifications started or completed, up to 100 items per request, which helps its fraud detection (also under Fraud Watch)",
				action: 'Send feedback on a verification',
			},
		],
		default: 'send',
	},
	...send.description,
	...sendAndWait.description,
	...check.description,
	...retry.description,
	...get.description,
	...getMany.description,
];
