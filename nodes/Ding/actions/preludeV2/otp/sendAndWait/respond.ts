import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { codeEntryPage, codeResultPage, maskTarget, PAGE_CSP, PAGE_FRAME_OPTIONS } from './page';
import type { PageContext, Reply } from './submissions';
import { secondsUntilResend } from './submissions';

/**
 * How the code page answers a request: as a page for a browser, as JSON for an app (one that sent
 * or asked for JSON), with the headers that keep the page out of caches, indexes and others' frames.
 */

/** Whether a request's headers say it sent JSON or asks for it. */
export function asksForJson(headers: { accept?: unknown; 'content-type'?: unknown }): boolean {
	const accept = String(headers.accept ?? '');
	const type = String(headers['content-type'] ?? '');
	return accept.includes('application/json') || type.includes('application/json');
}

/** The JSON answer's `status` for each HTTP status a page reply has (200: still waiting). */
const JSON_STATUS: Record<number, string> = {
	400: 'bad_request',
	422: 'invalid',
	429: 'refused',
	503: 'unavailable',
};

/** The answer to a request the page took: the page (or its JSON) as the reply leaves it. */
export function respond(
	page: PageContext,
	reply: Reply,
	json: boolean,
	now: number,
): IWebhookResponseData['noWebhookResponse'] {
	const res = page.context.getResponseObject();
	const { session, settings, texts, result } = page;
	setPageHeaders(res);
	const attemptsLeft = Math.max(0, settings.maxAttempts - session.attempts);
	const resendsLeft = Math.max(0, settings.maxResends - session.resends);
	const resendIn = secondsUntilResend(page, now);

	if (reply.kind === 'final') {
		const { verified, reason } = reply.outcome;
		if (json) {
			res.status(200).json(verified ? { status: 'verified' } : { status: 'not_verified', reason });
		} else {
			res
				.status(200)
				.type('html')
				.send(
					codeResultPage(
						verified,
						verified ? 'Verified' : 'Not verified',
						verified ? texts.successMessage : texts.failureMessage,
					),
				);
		}
		return true;
	}

	if (json) {
		res.status(reply.status ?? 200).json({
			status: JSON_STATUS[reply.status ?? 200] ?? 'waiting',
			...(reply.notice ? { message: reply.notice.text } : {}),
			attempts_left: attemptsLeft,
			new_codes_left: resendsLeft,
			new_code_in_seconds: resendIn,
			target: maskTarget(result.target.type, result.target.value),
		});
		return true;
	}
	res
		.status(reply.status ?? 200)
		.type('html')
		.send(
			codeEntryPage(texts, {
				maskedTarget: maskTarget(result.target.type, result.target.value),
				attemptsLeft,
				resendsLeft,
				resendInSeconds: resendIn,
				notice: reply.notice,
				triesInNotice: reply.status === 422,
			}),
		);
	return true;
}

export function setPageHeaders(res: ReturnType<IWebhookFunctions['getResponseObject']>): void {
	res.setHeader('Cache-Control', 'no-store');
	res.setHeader('X-Robots-Tag', 'noindex');
	res.setHeader('Content-Security-Policy', PAGE_CSP);
	res.setHeader('X-Frame-Options', PAGE_FRAME_OPTIONS);
}

/** The answer where no code is awaited: this node, item or wait is not the one waiting. */
export function notWaiting(context: IWebhookFunctions, json: boolean): IWebhookResponseData {
	const res = context.getResponseObject();
	setPageHeaders(res);
	if (json) {
		res.status(404).json({ status: 'not_waiting' });
	} else {
		res
			.status(404)
			.type('html')
			.send(
				codeResultPage(false, 'Nothing to verify here', 'This page is not waiting for a code.'),
			);
	}
	return { noWebhookResponse: true };
}
