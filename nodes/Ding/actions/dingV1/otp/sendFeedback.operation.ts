import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type {
	FeedbackRequest,
	FeedbackResponse,
	FeedbackStatus,
} from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { dingApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const FEEDBACK_STATUSES: readonly FeedbackStatus[] = ['not_onboarded', 'onboarded'];

const properties: INodeProperties[] = [
	{
		...phoneNumberField,
		description:
			'The phone number the user verified, in E.164 format: a plus sign, the country code and the number, digits only (spaces, hyphens, dots, parentheses and a "(0)" are removed)',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		required: true,
		default: 'onboarded',
		options: [
			{
				name: 'Not Onboarded',
				value: 'not_onboarded',
				description: 'The user verified the number but did not finish signing up',
			},
			{
				name: 'Onboarded',
				value: 'onboarded',
				description: 'The user finished signing up after verifying the number',
			},
		],
		description:
			'Whether the user completed onboarding after the verification; Ding uses it to tune fraud detection',
	},
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['sendFeedback'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: Omit<FeedbackRequest, 'customer_uuid'> = {
		phone_number: check.phoneNumber(
			'Phone Number',
			this.getNodeParameter('phoneNumber', itemIndex),
		),
		status: check.oneOf('Status', this.getNodeParameter('status', itemIndex), FEEDBACK_STATUSES),
	};

	return async () =>
		await dingApiRequest<FeedbackResponse>(this, itemIndex, {
			method: 'POST',
			endpoint: '/authentication/feedback',
			body,
			customerUuidIn: 'body',
			notRepeatable: {
				outcome: 'the feedback may or may not have been recorded',
				howToCheck:
					'Sending the same feedback again is harmless: if it was recorded, Ding answers duplicated_feedback_status.',
			},
		});
}
