import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../descriptions/common';
import type { V2FeedbackRequest, V2FeedbackResponse } from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest, requestSettings } from '../../../transport';
import {
	CORRELATION_ID_FIELDS,
	correlationIdProperty,
	readTarget,
	readWireFields,
	targetProperties,
} from '../fields';

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
	{
		displayName: 'Additional Fields',
		name: 'feedbackFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [correlationIdProperty],
	},
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		api: ['preludeV2'],
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
	readWireFields(
		check,
		this.getNodeParameter('feedbackFields', itemIndex, {}) as IDataObject,
		CORRELATION_ID_FIELDS,
		feedback,
	);
	const body = { feedbacks: [feedback] } as V2FeedbackRequest;

	return await preludeApiRequest<V2FeedbackResponse>(this, itemIndex, {
		method: 'POST',
		endpoint: '/v2/watch/feedback',
		body: body as unknown as IDataObject,
		settings: requestSettings(
			check,
			this.getNodeParameter('options', itemIndex, {}) as IDataObject,
		),
		notRepeatable: {
			outcome: 'the feedback may or may not have been recorded',
			howToCheck:
				'Sending the same feedback twice counts it twice in Prelude’s statistics; run this item again only if it matters that it is recorded.',
		},
	});
}
