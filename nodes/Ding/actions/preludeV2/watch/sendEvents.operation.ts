import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { readTarget, targetProperties } from '../../../fields/target';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { Gathered } from '../../node.type';

import { describeItems, WATCH_BATCH_LIMIT } from './gather';

const CONFIDENCES = ['maximum', 'high', 'neutral', 'low', 'minimum'] as const;

const properties: INodeProperties[] = [
	...targetProperties,
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. payment.chargeback',
		description:
			'What happened, in your own words, e.g. payment.chargeback or onboarding.completed',
	},
	{
		displayName: 'Confidence',
		name: 'confidence',
		type: 'options',
		required: true,
		default: 'neutral',
		options: [
			{ name: 'High', value: 'high' },
			{ name: 'Low', value: 'low' },
			{
				name: 'Maximum',
				value: 'maximum',
				description: 'The event shows the user is genuine, e.g. a confirmed 3-D Secure payment',
			},
			{
				name: 'Minimum',
				value: 'minimum',
				description: 'The event shows the user is the least to be trusted, e.g. a chargeback',
			},
			{ name: 'Neutral', value: 'neutral' },
		],
		description:
			"How much the event says about trusting the user (not how sure you are it happened), from Minimum through Low, Neutral and High to Maximum; Prelude's scoring weighs it",
	},
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['watch'], operation: ['sendEvents'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** One event per item, up to 100 in one `POST /v2/watch/event` (the API's limit). */
export const gather: Gathered = {
	max: WATCH_BATCH_LIMIT,
	read(this: IExecuteFunctions, itemIndex: number): IDataObject {
		const check = new FieldChecker(this.getNode(), itemIndex);
		return {
			target: readTarget(this, check, itemIndex),
			label: check.requiredText(
				'Label',
				this.getNodeParameter('label', itemIndex),
				'payment.chargeback',
			),
			confidence: check.enumValue(
				'Confidence',
				this.getNodeParameter('confidence', itemIndex),
				CONFIDENCES,
			),
		};
	},
	async send(this: IExecuteFunctions, events: IDataObject[], itemIndexes: number[]) {
		return await preludeApiRequest(this, itemIndexes[0], {
			method: 'POST',
			endpoint: '/v2/watch/event',
			body: { events },
			notRepeatable: {
				outcome: `the events of ${describeItems(itemIndexes)} may or may not have been recorded`,
				howToCheck:
					'An event sent twice counts twice in Prelude’s scoring; run these items again only if it matters that they are recorded.',
			},
		});
	},
};
