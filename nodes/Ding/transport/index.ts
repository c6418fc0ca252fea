import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Uncertainty } from '../helpers/errors';
import {
	dingHttpError,
	dingMalformedAnswerError,
	dingNetworkError,
	networkFaultCode,
} from '../helpers/errors';
import { describeValue, FieldChecker, isJsonObject } from '../helpers/validation';

export const DING_CREDENTIAL_TYPE = 'dingApi';
export const DING_DEFAULT_BASE_URL = 'https://api.ding.live/v1';

/** How long to wait for Ding and how to retry, from the operation's Options. */
export interface RequestSettings {
	timeoutMs: number;
	maxRetries: number;
	maxRetryWaitMs: number;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
	timeoutMs: 30_000,
	maxRetries: 2,
	maxRetryWaitMs: 30_000,
};

/** The settings from an operation's Options (the fields of requestOptionFields), checked. */
export function requestSettings(check: FieldChecker, options: IDataObject): RequestSettings {
	const number = (field: string, name: string, fallback: number, min: number, max: number) => {
		const value = options[name];
		if (value === undefined) return fallback;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
			throw check.fail(
				`${field} must be a number from ${min} to ${max}, but got ${describeValue(value)}`,
				`Set Options → ${field} to a number from ${min} to ${max}, or remove it to use ${fallback}.`,
			);
		}
		return value;
	};
	return {
		maxRetries: Math.floor(
			number('Max Retries', 'maxRetries', DEFAULT_REQUEST_SETTINGS.maxRetries, 0, 10),
		),
		maxRetryWaitMs:
			number(
				'Max Retry Wait (Seconds)',
				'maxRetryWait',
				DEFAULT_REQUEST_SETTINGS.maxRetryWaitMs / 1000,
				0,
				600,
			) * 1000,
		timeoutMs: number('Timeout (Ms)', 'timeout', DEFAULT_REQUEST_SETTINGS.timeoutMs, 100, 300_000),
	};
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;

/** Network faults where the request provably never reached Ding. */
const NOT_SENT_FAULTS = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];
const DING_FAULT_STATUSES = [500, 502, 503, 504];

interface DingCredentials {
	customerUuid?: unknown;
	baseUrl?: unknown;
}

export interface DingRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with a slash, e.g. `/check`. */
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
	headers?: IDataObject;
	/** Where Ding wants the credential's customer UUID: in the JSON body, or as a header. */
	customerUuidIn?: 'body' | 'header';
	settings?: RequestSettings;
	/**
	 * Set for a request whose repetition is not harmless (it texts someone, or records a check or
	 * feedback): it is then repeated only where it provably was not processed, and a failure that
	 * leaves that open says so, and how to find out.
	 */
	notRepeatable?: Uncertainty;
}

type Attempt =
	| { kind: 'answer'; response: IN8nHttpFullResponse }
	| { kind: 'network'; fault: string };

/** Retry-After in milliseconds, from seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.ceil(Number(text.trim()) * 1000);
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function backoffMs(retry: number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * The one function that talks to Ding. The API key is added by the credential's `authenticate`
 * through n8n's request helper; the customer UUID and base URL come from the same credential.
 * A failed attempt is repeated only where that is safe (see `notRepeatable`), after Retry-After or
 * an exponential backoff with jitter, within the item's wait budget. Any other failure becomes one
 * NodeApiError built from Ding's answer alone, so no request option (and so no key) travels with it.
 */
export async function dingApiRequest<T extends IDataObject = IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	request: DingRequest,
): Promise<T> {
	const node = context.getNode();
	const settings = request.settings ?? DEFAULT_REQUEST_SETTINGS;
	const credentials = await context.getCredentials<DingCredentials>(
		DING_CREDENTIAL_TYPE,
		itemIndex,
	);
	const check = new FieldChecker(node, itemIndex);
	const customerUuid = check.uuid(
		'Customer UUID (Ding API credential)',
		credentials.customerUuid,
		'Copy it from the Ding dashboard under Settings → API Keys → Legacy Credentials.',
	);
	const baseUrl = check
		.httpUrl('Base URL (Ding API credential)', credentials.baseUrl ?? DING_DEFAULT_BASE_URL)
		.replace(/\/+$/, '');

	const headers: IDataObject = { accept: 'application/json', ...request.headers };
	let body = request.body;
	if (request.customerUuidIn === 'body') body = { customer_uuid: customerUuid, ...body };
	if (request.customerUuidIn === 'header') headers['customer-uuid'] = customerUuid;

	const send = async (): Promise<Attempt> => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.endpoint}`,
			headers: { ...headers },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: settings.timeoutMs,
		};
		if (body !== undefined) options.body = body;
		if (request.qs !== undefined) options.qs = request.qs;
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				DING_CREDENTIAL_TYPE,
				options,
			)) as IN8nHttpFullResponse;
			return { kind: 'answer', response };
		} catch (error) {
			return { kind: 'network', fault: networkFaultCode(error) };
		}
	};

	const repeatable = request.notRepeatable === undefined;
	let waitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		const outcome = await send();

		let notProcessed: boolean;
		let dingFault: boolean;
		let wait: number | undefined;
		if (outcome.kind === 'answer') {
			const { statusCode, body: answer, headers: answerHeaders } = outcome.response;
			if (statusCode >= 200 && statusCode <= 299 && isJsonObject(answer)) return answer as T;
			notProcessed = statusCode === 429;
			dingFault =
				DING_FAULT_STATUSES.includes(statusCode) || (statusCode >= 200 && statusCode <= 299);
			wait =
				statusCode === 429 || statusCode === 503
					? retryAfterMs(answerHeaders?.['retry-after'])
					: undefined;
		} else {
			notProcessed = NOT_SENT_FAULTS.includes(outcome.fault);
			dingFault = true;
		}

		const retryable = repeatable ? notProcessed || dingFault : notProcessed;
		const delay = wait ?? backoffMs(attempt);
		const retriesLeft = attempt < settings.maxRetries;
		if (retryable && retriesLeft && waitedMs + delay <= settings.maxRetryWaitMs) {
			await sleep(delay);
			waitedMs += delay;
			continue;
		}

		// Ambiguous (a Ding fault or a lost answer, not a refusal): the request may have been
		// processed, and it must not simply be repeated.
		const uncertainty = dingFault && !notProcessed ? request.notRepeatable : undefined;
		const tries = attempt + 1;
		if (outcome.kind === 'network') {
			throw dingNetworkError(node, outcome.fault, itemIndex, tries, uncertainty);
		}
		const { statusCode, body: answer } = outcome.response;
		if (statusCode >= 200 && statusCode <= 299) {
			throw dingMalformedAnswerError(node, statusCode, itemIndex, tries, uncertainty);
		}
		throw dingHttpError(node, statusCode, answer, itemIndex, tries, uncertainty);
	}
}
