import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FEEDBACK_ROWS, readTarget, targetProperties } from '../../../fields/preludeV2';
import { collectionOf, readRows } from '../../../fields/rows';
import type { V2FeedbackRequest, V2FeedbackResponse } from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';

const FEEDBACK_TYPES = ['verification.started', 'verification.completed'] as const;

const properties: INodeProperties[] = [
	...targetProperties,
	{
		displayName: 'Feedback Type',
		name: 'feedbackType',
		type: 'options',
		required: true,
		default: 'verification.completed',
		options: [
			{
				name: 'Verification Completed',
				value: 'verification.completed',
				description: 'The user entered the right code and went on (v1: Onboarded)',
			},
			{
				name: 'Verification Started',
				value: 'verification.started',
				description: 'A verification flow started for the user, e.g. the sign-up form was sent',
			},
		],
		description:
			"What happened, for Prelude's Watch API, which learns from it which numbers are genuine",
	},
	collectionOf(
		{ displayName: 'Additional Fields', name: 'feedbackFields', placeholder: 'Add Field' },
		FEEDBACK_ROWS,
	),
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['sendFeedback'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

/** `POST /v2/watch/feedback` with one feedback per item, so each answer pairs with its item. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const feedback: IDataObject = {
		target: readTarget(this, check, itemIndex),
		type: check.oneOf(
			'Feedback Type',
			this.getNodeParameter('feedbackType', itemIndex),
			FEEDBACK_TYPES,
		),
	};
	readRows(
		check,
		this.getNodeParameter('feedbackFields', itemIndex, {}) as IDataObject,
		FEEDBACK_ROWS,
		feedback,
	);
	const body = { feedbacks: [feedback] } as V2FeedbackRequest;

	return await preludeApiRequest<V2FeedbackResponse>(this, itemIndex, {
		method: 'POST',
		endpoint: '/v2/watch/feedback',
		body: body as unknown as IDataObject,
		notRepeatable: {
			outcome: 'the feedback may or may not have been recorded',
			howToCheck:
				'Sending the same feedback twice counts it twice in Prelude’s statistics; run this item again only if it matters that it is recorded.',
		},
	});
}
