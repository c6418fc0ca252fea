import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { FieldRow } from '../../../fields/rows';
import { collectionOf, readRows } from '../../../fields/rows';
import { readTarget, targetProperties } from '../../../fields/target';
import { CORRELATION_ID_ROW } from '../../../fields/verification';
import type { V2FeedbackRequest, V2FeedbackResponse } from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { Gathered } from '../../node.type';

import { describeItems, WATCH_BATCH_LIMIT } from './gather';

const FEEDBACK_TYPES = ['verification.started', 'verification.completed'] as const;

/** Send Feedback's Additional Fields: the feedback's `metadata`. */
export const FEEDBACK_ROWS: FieldRow[] = [CORRELATION_ID_ROW];

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

// Under Watch, where Prelude's API has it, and under OTP, where workflows built before Watch have it.
const displayOptions = {
	show: {
		resource: ['otp', 'watch'],
		operation: ['sendFeedback'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

/** One feedback per item, up to 100 in one `POST /v2/watch/feedback` (the API's limit). */
export const gather: Gathered = {
	max: WATCH_BATCH_LIMIT,
	read(this: IExecuteFunctions, itemIndex: number): IDataObject {
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
		return feedback;
	},
	async send(this: IExecuteFunctions, feedbacks: IDataObject[], itemIndexes: number[]) {
		const body = { feedbacks } as unknown as V2FeedbackRequest;
		return await preludeApiRequest<V2FeedbackResponse>(this, itemIndexes[0], {
			method: 'POST',
			endpoint: '/v2/watch/feedback',
			body: body as unknown as IDataObject,
			notRepeatable: {
				outcome: `the feedback of ${describeItems(itemIndexes)} may or may not have been recorded`,
				howToCheck:
					'Sending the same feedback twice counts it twice in Prelude’s statistics; run these items again only if it matters that they are recorded.',
			},
		});
	},
};
