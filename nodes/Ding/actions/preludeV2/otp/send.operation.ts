import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type {
	V2CreateVerificationRequest,
	V2CreateVerificationResponse,
} from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import type { PreludeRequest } from '../../../transport';
import { preludeApiRequest } from '../../../transport';
import {
	createVerificationProperties,
	readVerificationRequest,
} from '../../../fields/verification';
import type { SendItem } from '../../node.type';

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['send'],
	},
};

export const description = updateDisplayOptions(displayOptions, createVerificationProperties);

/**
 * `POST /v2/verification`: creates a verification, or, inside the verification window of the same
 * target, adds an attempt to it (the answer then says `retry`). Either way someone may get a
 * message, so it is repeated only where it provably was not processed.
 */
export function verificationRequest(
	request: V2CreateVerificationRequest,
	outcome: string,
): PreludeRequest {
	return {
		method: 'POST',
		endpoint: '/v2/verification',
		body: request as unknown as IDataObject,
		notRepeatable: {
			outcome,
			howToCheck: `Do not run this item again at once: inside the verification window that sends ${request.target.value} another message. The Prelude dashboard's verification logs show whether one was created; if so, Check the code the user receives.`,
		},
	};
}

/**
 * Reads and checks the item; what it hands back sends the verification request and gives the
 * request that was sent beside the answer.
 */
export function prepareVerification(
	context: IExecuteFunctions,
	itemIndex: number,
	outcome: string,
): () => Promise<{ request: V2CreateVerificationRequest; answer: V2CreateVerificationResponse }> {
	const check = new FieldChecker(context.getNode(), itemIndex);
	const request = readVerificationRequest(context, check, itemIndex);
	return async () => {
		const answer = await preludeApiRequest<V2CreateVerificationResponse>(
			context,
			itemIndex,
			verificationRequest(request, outcome),
		);
		return { request, answer };
	};
}

/** The item read, checked and sent at once (Send and Wait for Code's one person). */
export async function sendVerification(
	context: IExecuteFunctions,
	itemIndex: number,
	outcome: string,
): Promise<{ request: V2CreateVerificationRequest; answer: V2CreateVerificationResponse }> {
	return await prepareVerification(context, itemIndex, outcome)();
}

/**
 * Send's and Retry's output: Prelude's answer, plus the one key the node adds (documented in
 * docs/prelude-v2.md, named so no API field can take it): the target the code went to, so that
 * Check's Phone Number can be {{ $json.dingVerification.target.value }}.
 */
export function createVerification(
	context: IExecuteFunctions,
	itemIndex: number,
	outcome: string,
): SendItem {
	const send = prepareVerification(context, itemIndex, outcome);
	return async () => {
		const { request, answer } = await send();
		return { ...answer, dingVerification: { target: { ...request.target } } };
	};
}

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	return createVerification(this, itemIndex, 'the code may or may not have been sent');
}
