import type {
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { isJsonObject } from '../helpers/validation';
import { pause, timerMs } from '../run/cancellation';
import { limitKey } from '../run/rateLimit';
import { reportAnswer } from '../run/state';

import type { ApiDescriptor } from './apis';
import { isLoopbackHost } from './destination';
import type { Uncertainty } from './errors';
import {
	apiHttpError,
	apiMalformedAnswerError,
	apiNetworkError,
	apiRedirectError,
	cancelledError,
	networkFaultCode,
	withoutSecrets,
} from './errors';
import type { FailedAttempt } from './retry';
import { retryAfterMs, retryDecision } from './retry';
import type { Sender } from './sender';

/** What every request carries, whichever API it goes to. */
export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with a slash, e.g. `/check`. */
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
	/**
	 * Set for a request whose repetition is not harmless (it texts someone, or records a check or
	 * feedback): it is then repeated only where it provably was not processed, and a failure that
	 * leaves that open says so, and how to find out.
	 */
	notRepeatable?: Uncertainty;
}

type Attempt =
	| { kind: 'answer'; response: IN8nHttpFullResponse }
	| { kind: 'network'; fault: string }
	| { kind: 'cancelled' };

/**
 * Sends one request through n8n's request helper with the credential's authentication, and
 * repeats a failed attempt where the retry rule (retry.ts) allows it. Any other failure becomes one
 * NodeApiError built from the answer alone (with every secret taken out), so no request option,
 * and so no key, travels with it.
 *
 * Each attempt has a deadline (Options → Timeout, for the whole answer, not only for silence), and
 * the item as a whole at most its Timeout plus Max Retry Wait. A cancelled execution stops the
 * attempt in flight and any wait at once.
 */
export async function sendWithRetries<T extends IDataObject>(
	sender: Sender,
	itemIndex: number,
	api: ApiDescriptor,
	credentials: ICredentialsDecrypted,
	request: ApiRequest & { url: string; baseUrl: string; headers: IDataObject },
): Promise<T> {
	const { node, cancel, pace } = sender;
	const base = new URL(request.baseUrl);
	const local = isLoopbackHost(base.hostname);
	// A rate limit is the API's for a key: what one run learns of it serves the next run with the
	// same credential and key against the same address (run/rateLimit.ts).
	const secret = credentials.data?.apiKey;
	const credential = credentials.id ?? credentials.type;
	pace?.useLimitOf(limitKey(base.origin, credential, typeof secret === 'string' ? secret : ''));
	const service: ApiDescriptor = local ? { ...api, localBaseUrl: request.baseUrl } : api;
	const settings = sender.settings();
	// The item's clock starts when its first request may go out: time spent waiting for a place in
	// the adaptive window is not the API's.
	let started = Date.now();
	const itemBudgetMs = settings.timeoutMs + settings.maxRetryWaitMs;

	const send = async (): Promise<Attempt> => {
		if (cancel?.aborted) return { kind: 'cancelled' };
		// Whole milliseconds: Options may hold fractions, and timers take integers only.
		const timeoutMs = timerMs(
			Math.min(settings.timeoutMs, itemBudgetMs - (Date.now() - started)),
			1,
		);
		const deadline = AbortSignal.timeout(timeoutMs);
		const signal = cancel ? AbortSignal.any([cancel, deadline]) : deadline;
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: { ...request.headers },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: timeoutMs,
			abortSignal: signal,
		};
		if (request.body !== undefined) options.body = request.body;
		if (request.qs !== undefined) {
			options.qs = request.qs;
			// A list goes comma-joined (channels=sms,rcs), as Prelude's clients send it.
			options.arrayFormat = 'comma';
		}
		try {
			const response = await sender.send(credentials, options);
			return { kind: 'answer', response };
		} catch (error) {
			if (cancel?.aborted) return { kind: 'cancelled' };
			if (deadline.aborted) return { kind: 'network', fault: 'ETIMEDOUT' };
			return { kind: 'network', fault: networkFaultCode(error) };
		}
	};

	const repeatable = request.notRepeatable === undefined;
	const secrets = [String(credentials.data?.apiKey ?? '').trim()];
	// Under the adaptive window a 429 that asks for a wait of a second or more is the API setting
	// the pace, not a failure: unless Max Retries is 0, its retries are bounded by Max Retry Wait
	// (each costs at least a second of it) and the item's budget, not by Max Retries.
	let pushBacks = 0;
	let waitedMs = 0;
	/** The error of the last attempt, for a retry whose turn came too late to be sent. */
	let unsentRetry: (() => never) | undefined;

	const fail = (outcome: Attempt, uncertainty: Uncertainty | undefined, tries: number): never => {
		if (outcome.kind === 'network') {
			throw apiNetworkError(service, node, outcome.fault, itemIndex, tries, uncertainty);
		}
		if (outcome.kind === 'cancelled') throw cancelledError(api, node, itemIndex);
		const { statusCode, body: answer } = outcome.response;
		if (statusCode >= 200 && statusCode <= 299) {
			throw apiMalformedAnswerError(service, node, statusCode, itemIndex, tries, uncertainty);
		}
		const clean = withoutSecrets(answer, secrets);
		throw apiHttpError(service, node, statusCode, clean, itemIndex, tries, uncertainty);
	};

	for (let attempt = 0; ; attempt++) {
		// A place in the adaptive window (throws RunHalted once a failure has stopped the run: the
		// request is then not sent at all).
		// A retry waits for its place no longer than its item's time allows.
		const giveUpAt = attempt === 0 ? undefined : started + itemBudgetMs;
		const placed = pace ? await pace.acquire(cancel, giveUpAt) : false;
		if (attempt === 0) started = Date.now();
		if (unsentRetry && Date.now() - started >= itemBudgetMs) {
			// The retry's turn came after the item's time was up: it is not sent, and the item fails
			// with the last answer, which (being retried) provably was not processed or was a read.
			if (placed) pace?.release();
			unsentRetry();
		}
		const sentAt = Date.now();
		const outcome = await send();
		let failed: FailedAttempt | undefined;
		if (outcome.kind === 'answer') {
			const { statusCode, headers } = outcome.response;
			// Told to the window before the place is given back, so that a push-back holds the
			// waiting requests back before one of them can take the place.
			if (pace) {
				const wait = retryAfterMs(headers?.['retry-after']);
				reportAnswer(pace, statusCode, wait, Date.now() - sentAt, settings.maxRetryWaitMs);
				if (statusCode === 429 && wait !== undefined && wait >= 1000 && settings.maxRetries > 0) {
					pushBacks += 1;
				}
			}
			failed = {
				status: statusCode,
				retryAfter: headers?.['retry-after'],
				shouldRetry: headers?.['x-should-retry'],
			};
		} else if (outcome.kind === 'network') {
			failed = { fault: outcome.fault };
		}
		const succeeded =
			outcome.kind === 'answer' &&
			outcome.response.statusCode >= 200 &&
			outcome.response.statusCode <= 299 &&
			isJsonObject(outcome.response.body);
		const spent = { attempt: attempt - pushBacks, waitedMs, elapsedMs: Date.now() - started };
		const decision =
			succeeded || failed === undefined
				? undefined
				: retryDecision(failed, repeatable, spent, settings);
		// A failure that will stop the run halts the window before its place is given back, so no
		// request waiting for one goes out after it.
		if (!succeeded && !decision?.retry) pace?.failed();
		if (placed) pace?.release();
		if (outcome.kind === 'cancelled') throw cancelledError(api, node, itemIndex);
		if (outcome.kind === 'answer') {
			const { statusCode, body: answer, headers } = outcome.response;
			if (succeeded) return answer as T;
			if (statusCode >= 300 && statusCode <= 399) {
				throw apiRedirectError(service, node, statusCode, headers?.location, itemIndex);
			}
		}

		if (decision!.retry) {
			await pause(decision!.delayMs, cancel);
			if (cancel?.aborted) throw cancelledError(api, node, itemIndex);
			waitedMs += decision!.delayMs;
			const tries = attempt + 1;
			unsentRetry = () => fail(outcome, undefined, tries);
			continue;
		}

		const uncertainty = decision!.mayHaveBeenProcessed ? request.notRepeatable : undefined;
		return fail(outcome, uncertainty, attempt + 1);
	}
}
