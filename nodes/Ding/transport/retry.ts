/**
 * The retry rule, as a pure function: given what one attempt came back with, whether the request
 * may be repeated at all, and what has been spent so far, it says "wait this long and try again"
 * or "stop", and whether stopping leaves it open that the request was processed. The transport
 * carries it out; tests read it as a table.
 */

import type { RequestSettings } from '../run/settings';

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;

/** Network faults where the request provably never reached the API. */
const NOT_SENT_FAULTS = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];
/** n8n refused to send the request (its SSRF protection): it never left, and never will. */
export const SSRF_BLOCKED = 'SSRF_BLOCKED';
/** Answers that say "try again": a timeout on the server, a conflict with a request in flight, faults. */
const TRANSIENT_STATUSES = [408, 409, 500, 502, 503, 504];

/** What an attempt that did not succeed came back with, as far as the rule cares. */
export type FailedAttempt =
	| {
			/** An HTTP answer that is not a 2xx with a JSON object. */
			status: number;
			/** The Retry-After header, as received. */
			retryAfter?: unknown;
			/** The x-should-retry header, as received. */
			shouldRetry?: unknown;
	  }
	| {
			/** No HTTP answer: the Node.js fault code, e.g. ECONNREFUSED. */
			fault: string;
	  };

export type RetryDecision =
	| { retry: true; delayMs: number }
	| {
			retry: false;
			/** A fault or a lost answer, not a refusal: the request may have been processed. */
			mayHaveBeenProcessed: boolean;
	  };

/** Retry-After in milliseconds, from seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.ceil(Number(text.trim()) * 1000);
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with jitter: half the ceiling plus a random half. */
export function backoffMs(attempt: number, random = Math.random()): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

function headerText(value: unknown): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first.trim().toLowerCase() : undefined;
}

/**
 * Whether to try a failed attempt again.
 *
 * - A request that may be repeated (`repeatable`: reads) is repeated after any transient fault.
 * - One that is not (it texts someone, or records a check or feedback) is repeated only where it
 *   provably was not processed: a 429, or a connection that never reached the API.
 * - Never when the API says `x-should-retry: false`, never beyond `maxRetries`, never when the
 *   wait (Retry-After on 429/503, otherwise backoff) would pass the item's `maxRetryWaitMs`, and
 *   never when it would pass the item's whole budget (`timeoutMs` + `maxRetryWaitMs` since the
 *   first attempt started).
 */
export function retryDecision(
	failed: FailedAttempt,
	repeatable: boolean,
	spent: { attempt: number; waitedMs: number; elapsedMs?: number },
	settings: RequestSettings,
	random = Math.random(),
): RetryDecision {
	let notProcessed: boolean;
	let transient: boolean;
	let wait: number | undefined;
	let serverSaysNo = false;
	if ('fault' in failed) {
		if (failed.fault === SSRF_BLOCKED) return { retry: false, mayHaveBeenProcessed: false };
		notProcessed = NOT_SENT_FAULTS.includes(failed.fault);
		transient = true;
	} else {
		const { status } = failed;
		notProcessed = status === 429;
		transient = TRANSIENT_STATUSES.includes(status) || (status >= 200 && status <= 299);
		wait = status === 429 || status === 503 ? retryAfterMs(failed.retryAfter) : undefined;
		serverSaysNo = headerText(failed.shouldRetry) === 'false';
	}

	const retryable = !serverSaysNo && (repeatable ? notProcessed || transient : notProcessed);
	const delayMs = wait ?? backoffMs(spent.attempt, random);
	if (
		retryable &&
		spent.attempt < settings.maxRetries &&
		spent.waitedMs + delayMs <= settings.maxRetryWaitMs &&
		(spent.elapsedMs ?? 0) + delayMs < settings.timeoutMs + settings.maxRetryWaitMs
	) {
		return { retry: true, delayMs };
	}
	return { retry: false, mayHaveBeenProcessed: transient && !notProcessed };
}
