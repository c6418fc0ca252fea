import type { FailedAttempt, RetryDecision } from '../../nodes/Ding/transport/retry';
import { DEFAULT_REQUEST_SETTINGS } from '../../nodes/Ding/run/settings';
import { backoffMs, retryAfterMs, retryDecision } from '../../nodes/Ding/transport/retry';

/**
 * The retry rule as a table: what the attempt came back with, whether the request may be repeated
 * (reads) or not (anything that texts someone or records a check or feedback), and the decision.
 * With `random` fixed at 0 the backoff is half its ceiling: 250 ms, then 500, 1000, ...
 */

const settings = DEFAULT_REQUEST_SETTINGS; // 2 retries, 30 s of waiting, 30 s timeout
const first = { attempt: 0, waitedMs: 0 };
const retry = (delayMs: number): RetryDecision => ({ retry: true, delayMs });
const stop = (mayHaveBeenProcessed: boolean): RetryDecision => ({
	retry: false,
	mayHaveBeenProcessed,
});

type Row = [string, FailedAttempt, boolean, RetryDecision];

const table: Row[] = [
	// Rate limits: never processed, so every request repeats them, after Retry-After if given.
	['429 read', { status: 429 }, true, retry(250)],
	['429 send', { status: 429 }, false, retry(250)],
	['429 send, Retry-After 2', { status: 429, retryAfter: '2' }, false, retry(2000)],
	['429 send, Retry-After list', { status: 429, retryAfter: ['3'] }, false, retry(3000)],
	// Faults where the request may have been processed: reads repeat, sends stop and say so.
	['500 read', { status: 500 }, true, retry(250)],
	['500 send', { status: 500 }, false, stop(true)],
	['502 send', { status: 502 }, false, stop(true)],
	['503 read, Retry-After 1', { status: 503, retryAfter: '1' }, true, retry(1000)],
	['503 send', { status: 503 }, false, stop(true)],
	['504 send', { status: 504 }, false, stop(true)],
	['408 read', { status: 408 }, true, retry(250)],
	['409 read', { status: 409 }, true, retry(250)],
	['409 send', { status: 409 }, false, stop(true)],
	['2xx without JSON, read', { status: 200 }, true, retry(250)],
	['2xx without JSON, send', { status: 200 }, false, stop(true)],
	// Refusals: final for everyone, and certain (nothing happened).
	['400', { status: 400 }, true, stop(false)],
	['401', { status: 401 }, true, stop(false)],
	['403', { status: 403 }, true, stop(false)],
	['404', { status: 404 }, true, stop(false)],
	['422', { status: 422 }, false, stop(false)],
	['3xx', { status: 302 }, true, stop(false)],
	// Network faults: refused or unresolved connections never reached the API.
	['ECONNREFUSED send', { fault: 'ECONNREFUSED' }, false, retry(250)],
	['ENOTFOUND send', { fault: 'ENOTFOUND' }, false, retry(250)],
	['EAI_AGAIN send', { fault: 'EAI_AGAIN' }, false, retry(250)],
	['ECONNRESET read', { fault: 'ECONNRESET' }, true, retry(250)],
	['ECONNRESET send', { fault: 'ECONNRESET' }, false, stop(true)],
	['timeout send', { fault: 'ECONNABORTED' }, false, stop(true)],
	['unknown fault send', { fault: 'UNKNOWN' }, false, stop(true)],
	// The API's word overrides: x-should-retry: false stops even a read.
	['500 read, x-should-retry false', { status: 500, shouldRetry: 'false' }, true, stop(true)],
	['429 send, x-should-retry False', { status: 429, shouldRetry: ['False'] }, false, stop(false)],
	['500 read, x-should-retry true', { status: 500, shouldRetry: 'true' }, true, retry(250)],
];

describe('the retry rule', () => {
	test.each(table)('%s', (_name, failed, repeatable, expected) => {
		expect(retryDecision(failed, repeatable, first, settings, 0)).toStrictEqual(expected);
	});

	test('stops after Max Retries, with the same certainty', () => {
		const spent = { attempt: 2, waitedMs: 0 };
		expect(retryDecision({ status: 500 }, true, spent, settings, 0)).toStrictEqual(stop(true));
		expect(retryDecision({ status: 429 }, false, spent, settings, 0)).toStrictEqual(stop(false));
		expect(
			retryDecision({ status: 429 }, false, first, { ...settings, maxRetries: 0 }, 0),
		).toStrictEqual(stop(false));
	});

	test('stops when the wait would pass Max Retry Wait', () => {
		const wait = { ...settings, maxRetryWaitMs: 5_000 };
		expect(retryDecision({ status: 429, retryAfter: '5' }, false, first, wait, 0)).toStrictEqual(
			retry(5000),
		);
		expect(retryDecision({ status: 429, retryAfter: '6' }, false, first, wait, 0)).toStrictEqual(
			stop(false),
		);
		const spent = { attempt: 1, waitedMs: 4_600 };
		expect(retryDecision({ status: 500 }, true, spent, wait, 0)).toStrictEqual(stop(true));
	});

	test('backs off exponentially with jitter, capped at 8 s', () => {
		expect([0, 1, 2, 3, 4, 5, 9].map((attempt) => backoffMs(attempt, 0))).toStrictEqual([
			250, 500, 1000, 2000, 4000, 4000, 4000,
		]);
		expect([0, 1, 2, 3, 4].map((attempt) => backoffMs(attempt, 1))).toStrictEqual([
			500, 1000, 2000, 4000, 8000,
		]);
	});

	test('reads Retry-After as seconds or an HTTP date', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(retryAfterMs('1.5', now)).toBe(1500);
		expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
		expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
		expect(retryAfterMs('soon', now)).toBeUndefined();
		expect(retryAfterMs(undefined, now)).toBeUndefined();
	});
});
