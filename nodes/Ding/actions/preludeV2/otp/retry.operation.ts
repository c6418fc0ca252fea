import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createVerificationProperties } from '../../../fields/verification';
import type { SendItem } from '../../node.type';

import { createVerification } from './send.operation';

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['retry'],
	},
};

/** Retry has no endpoint of its own in v2: it is the create request again, with the same model. */
export const description = updateDisplayOptions(displayOptions, createVerificationProperties);

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	return createVerification(this, itemIndex, 'a new code may or may not have been sent');
}
