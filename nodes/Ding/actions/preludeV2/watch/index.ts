import type { INodeProperties } from 'n8n-workflow';

import * as evaluate from './evaluate.operation';
import * as predict from './predict.operation';
import * as sendEvents from './sendEvents.operation';
import * as sendFeedback from './sendFeedback.operation';

export const operations = { evaluate, predict, sendEvents, sendFeedback };

/**
 * Send Feedback shows under OTP (where workflows built before Fraud Watch have it) and here. Its
 * fields come after both Operation selectors: n8n reads parameters in order, and a field listed
 * before the selector it depends on would be dropped for that resource.
 */
export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['watch'] } },
		options: [
			{
				name: 'Evaluate',
				value: 'evaluate',
				description:
					'Run a Watch flow’s rules on a user: the answer says ALLOW, BLOCK or CHALLENGE, with each recipe’s score (beta)',
				action: 'Evaluate a user with a flow',
			},
			{
				name: 'Predict',
				value: 'predict',
				description:
					'Ask whether a sign-up looks legitimate or suspicious before sending it a code (no message is sent)',
				action: 'Predict whether a new user is a fraud',
			},
			{
				name: 'Send Events',
				value: 'sendEvents',
				description:
					'Tell Prelude what a user did (a chargeback, a confirmed payment), up to 100 items per request, to sharpen its fraud scoring',
				action: 'Send events about users',
			},
			{
				name: 'Send Feedback',
				value: 'sendFeedback',
				description:
					'Tell Prelude that verifications started or completed, up to 100 items per request, which helps its fraud detection',
				action: 'Send feedback on verifications',
			},
		],
		default: 'predict',
	},
	...evaluate.description,
	...predict.description,
	...sendEvents.description,
	...sendFeedback.description,
];
