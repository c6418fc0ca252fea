import type { IDataObject, IWebhookFunctions, NodeApiError } from 'n8n-workflow';

import type { ItemParameters } from '../../../../fields/target';
import { readVerificationRequest } from '../../../../fields/verification';
import type { V2CheckResponse, V2CreateVerificationResponse } from '../../../../helpers/interfaces';
import { FieldChecker } from '../../../../helpers/validation';
import type { PreludeCaller } from '../../../../transport/webhookCaller';
import { verificationRequest } from '../send.operation';
import type { WaitSettings } from './fields';
import type { CodePageTexts } from './page';
import type { VerificationResult } from './result';
import type { CodeSession, FinalOutcome } from './sessions';

/**
 * What a POST to the code page does: check a typed code with Prelude, or send a new one. Each
 * answers with a Reply: the page again (with a notice), or the outcome that resumes the execution.
 */

export type Reply =
	| { kind: 'page'; notice?: { kind: 'error' | 'info'; text: string }; status?: number }
	| { kind: 'final'; outcome: FinalOutcome };

/** One request to the code page, with what it needs to be answered. */
export interface PageContext {
	context: IWebhookFunctions;
	settings: WaitSettings;
	texts: CodePageTexts;
	session: CodeSession;
	result: VerificationResult;
	item: IDataObject;
	/** The node's parameters, resolved against the waiting item. */
	parameters: ItemParameters;
	/** Prelude, as the page reaches it (transport/webhookCaller.ts). */
	prelude: PreludeCaller;
}

const CODE = /^[0-9A-Za-z]{3,12}$/;

/** Seconds until the page may send a new code; 0 when it may now. */
export function secondsUntilResend(page: PageContext, now: number): number {
	return Math.max(
		0,
		Math.ceil((page.session.lastSentAt + page.settings.resendAfterMs - now) / 1000),
	);
}

/**
 * Prelude could not be asked (a fault, a timeout, an error answer): the page says so in words for
 * the person at the phone, counts nothing, and the execution keeps waiting.
 */
function unavailable(page: PageContext, error: unknown, text: string): Reply {
	// For whoever runs n8n: what went wrong (the error text carries no key, see transport/errors).
	// Status and Prelude's error code only: an API's message may repeat what was sent (the code).
	const failure = error as NodeApiError;
	page.context.logger.warn('Ding Send and Wait for Code: Prelude could not be asked', {
		node: page.context.getNode().name,
		httpCode: failure.httpCode ?? undefined,
		code: typeof failure.errorResponse?.code === 'string' ? failure.errorResponse.code : undefined,
	});
	return { kind: 'page', status: 503, notice: { kind: 'error', text } };
}

/** What a POST asks for: a new code (action=resend), or a check of the code it carries. */
export async function submission(
	page: PageContext,
	body: IDataObject,
	now: number,
): Promise<Reply> {
	if (body.action === 'resend') return await sendNewCode(page, now);
	// A JSON number is taken as its digits (send codes as strings: a number loses leading zeros).
	const given = Number.isSafeInteger(body.code) ? String(body.code) : body.code;
	const code = typeof given === 'string' ? given.replace(/[\s-]/g, '') : '';
	if (CODE.test(code)) return await checkCode(page, code);
	return {
		kind: 'page',
		status: 400,
		notice: {
			kind: 'error',
			text: 'Type the code from the message: letters and digits only.',
		},
	};
}

async function checkCode(page: PageContext, code: string): Promise<Reply> {
	let answer: V2CheckResponse;
	try {
		answer = await page.prelude<V2CheckResponse>({
			method: 'POST',
			endpoint: '/v2/verification/check',
			body: { target: page.result.target, code },
			notRepeatable: {
				outcome: 'the check may or may not have been recorded',
				howToCheck: 'Type the code again.',
			},
		});
	} catch (error) {
		return unavailable(
			page,
			error,
			'The code could not be checked just now. Please try again in a moment.',
		);
	}
	page.session.attempts += 1;
	const status = String(answer.status ?? '');
	if (status === 'success') return { kind: 'final', outcome: { verified: true, status } };
	if (status === 'expired_or_not_found') {
		return { kind: 'final', outcome: { verified: false, reason: 'expired', status } };
	}
	const left = page.settings.maxAttempts - page.session.attempts;
	if (left <= 0) {
		return { kind: 'final', outcome: { verified: false, reason: 'wrong_code_limit', status } };
	}
	return {
		kind: 'page',
		status: 422,
		notice: {
			kind: 'error',
			text: `That code is not right, ${left} ${left === 1 ? 'try' : 'tries'} left.`,
		},
	};
}

async function sendNewCode(page: PageContext, now: number): Promise<Reply> {
	const { session, settings } = page;
	if (session.resends >= settings.maxResends) {
		return {
			kind: 'page',
			status: 429,
			notice: { kind: 'error', text: 'No more new codes can be sent. Use the last code you got.' },
		};
	}
	const wait = secondsUntilResend(page, now);
	if (wait > 0) {
		return {
			kind: 'page',
			status: 429,
			notice: { kind: 'error', text: `You can ask for a new code in ${wait} seconds.` },
		};
	}
	let answer: V2CreateVerificationResponse;
	try {
		// Read as Send reads them, for the waiting item: the same request, a Prelude retry.
		const check = new FieldChecker(page.context.getNode(), 0);
		const request = readVerificationRequest(page.parameters, check, 0);
		answer = await page.prelude<V2CreateVerificationResponse>(
			verificationRequest(request, 'a new code may or may not have been sent'),
		);
	} catch (error) {
		return unavailable(
			page,
			error,
			'A new code could not be sent just now. If one arrives, use it; otherwise try again in a moment.',
		);
	}
	if (answer.status === 'blocked') {
		return {
			kind: 'final',
			outcome: { verified: false, reason: 'blocked', status: answer.status },
		};
	}
	session.resends += 1;
	session.lastSentAt = Date.now();
	if (typeof answer.id === 'string') session.verificationId = answer.id;
	return { kind: 'page', notice: { kind: 'info', text: 'We sent you a new code.' } };
}
