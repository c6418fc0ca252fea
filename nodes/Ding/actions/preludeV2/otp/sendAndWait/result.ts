import type { IDataObject } from 'n8n-workflow';

import type { V2CreateVerificationResponse, V2Target } from '../../../../helpers/interfaces';

/**
 * What Send and Wait for Code puts out: the input item with everything about the verification
 * under one key, whether the run gives it (sent, blocked, timed out) or the page does (verified or
 * not).
 */

/** The key the node adds to the item: everything about the verification, under one name. */
export const RESULT_KEY = 'dingVerification';

/** What the node knows about the verification, as it goes out under RESULT_KEY. */
export interface VerificationResult extends IDataObject {
	verified: boolean;
	reason?: string;
	id: string;
	target: V2Target & IDataObject;
	status?: string;
	sendStatus?: string;
	method?: string;
	channels?: string[];
	attempts?: number;
	newCodes?: number;
	sentAt: string;
	/** When the person's answer on the code page resumed the execution (as n8n's send-and-wait nodes). */
	respondedAt?: string;
	/** Which wait of the node this is: the code URL carries it, and only this wait's opens. */
	waitId?: string;
}

export function withResult(json: IDataObject, result: VerificationResult): IDataObject {
	return { ...json, [RESULT_KEY]: result };
}

/** The result of a code sent: what Prelude answered, before the wait. */
export function resultOf(
	target: V2Target,
	answer: V2CreateVerificationResponse,
): VerificationResult {
	const result: VerificationResult = {
		verified: false,
		id: typeof answer.id === 'string' ? answer.id : '',
		target: { ...target },
		sentAt: new Date().toISOString(),
	};
	if (answer.status !== undefined) result.sendStatus = answer.status;
	if (answer.method !== undefined) result.method = answer.method;
	if (answer.channels !== undefined) result.channels = answer.channels;
	return result;
}
