import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ApiService, Uncertainty } from '../helpers/errors';
import {
	apiHttpError,
	apiMalformedAnswerError,
	apiNetworkError,
	DING_V1,
	networkFaultCode,
	PRELUDE_V2,
} from '../helpers/errors';
import { describeValue, FieldChecker, isJsonObject } from '../helpers/validation';

export const DING_CREDENTIAL_TYPE = 'dingApi';
export const PRELUDE_CREDENTIAL_TYPE = 'preludeApi';

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

/** Network faults where the request provably never reached the API. */
const NOT_SENT_FAULTS = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];
/** Answers that say "try again": a timeout on the server, a conflict with a request in flight, faults. */
const TRANSIENT_STATUSES = [408, 409, 500, 502, 503, 504];

interface DingCredentials {
	customerUuid?: unknown;
	baseUrl?: unknown;
}

interface PreludeCredentials {
	baseUrl?: unknown;
}

/** What every request carries, whichever API it goes to. */
interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with a slash, e.g. `/check`. */
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
	settings?: RequestSettings;
	/**
	 * Set for a request whose repetition is not harmless (it texts someone, or records a check or
	 * feedback): it is then repeated only where it provably was not processed, and a failure that
	 * leaves that open says so, and how to find out.
	 */
	notRepeatable?: Uncertainty;
}

export interface DingRequest extends ApiRequest {
	headers?: IDataObject;
	/** Where Ding wants the credential's customer UUID: in the JSON body, or as a header. */
	customerUuidIn?: 'body' | 'header';
}

/** A request to Prelude's Verify API v2; the endpoint starts with /v2. */
export type PreludeRequest = ApiRequest;

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

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first.trim().toLowerCase() : undefined;
}

/**
 * Sends one request through n8n's request helper with the credential's authentication, and
 * repeats a failed attempt only where that is safe (see `notRepeatable`): after Retry-After or an
 * exponential backoff with jitter, within the item's wait budget, and never when the API says
 * `x-should-retry: false`. Any other failure becomes one NodeApiError built from the answer alone,
 * so no request option (and so no key) travels with it.
 */
async function sendWithRetries<T extends IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	service: ApiService,
	credentials: ICredentialsDecrypted,
	request: ApiRequest & { url: string; headers: IDataObject },
): Promise<T> {
	const node = context.getNode();
	const settings = request.settings ?? DEFAULT_REQUEST_SETTINGS;

	const send = async (): Promise<Attempt> => {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.url,
			headers: { ...request.headers },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: settings.timeoutMs,
		};
		if (request.body !== undefined) options.body = request.body;
		if (request.qs !== undefined) options.qs = request.qs;
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				credentials.type,
				options,
				{ credentialsDecrypted: credentials },
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
		let transient: boolean;
		let wait: number | undefined;
		let serverSaysNo = false;
		if (outcome.kind === 'answer') {
			const { statusCode, body: answer, headers: answerHeaders } = outcome.response;
			if (statusCode >= 200 && statusCode <= 299 && isJsonObject(answer)) return answer as T;
			notProcessed = statusCode === 429;
			transient =
				TRANSIENT_STATUSES.includes(statusCode) || (statusCode >= 200 && statusCode <= 299);
			wait =
				statusCode === 429 || statusCode === 503
					? retryAfterMs(answerHeaders?.['retry-after'])
					: undefined;
			serverSaysNo = header(answerHeaders, 'x-should-retry') === 'false';
		} else {
			notProcessed = NOT_SENT_FAULTS.includes(outcome.fault);
			transient = true;
		}

		const retryable = !serverSaysNo && (repeatable ? notProcessed || transient : notProcessed);
		const delay = wait ?? backoffMs(attempt);
		const retriesLeft = attempt < settings.maxRetries;
		if (retryable && retriesLeft && waitedMs + delay <= settings.maxRetryWaitMs) {
			await sleep(delay);
			waitedMs += delay;
			continue;
		}

		// Ambiguous (a fault or a lost answer, not a refusal): the request may have been processed,
		// and it must not simply be repeated.
		const uncertainty = transient && !notProcessed ? request.notRepeatable : undefined;
		const tries = attempt + 1;
		if (outcome.kind === 'network') {
			throw apiNetworkError(service, node, outcome.fault, itemIndex, tries, uncertainty);
		}
		const { statusCode, body: answer } = outcome.response;
		if (statusCode >= 200 && statusCode <= 299) {
			throw apiMalformedAnswerError(service, node, statusCode, itemIndex, tries, uncertainty);
		}
		throw apiHttpError(service, node, statusCode, answer, itemIndex, tries, uncertainty);
	}
}

/**
 * The credential of a run, fetched and decrypted once for all its items (as n8n's HTTP Request node
 * does), not once per item. n8n's server reads a credential from its database and decrypts it on
 * every fetch; a run of a thousand items would do that a thousand times (twice, counting the
 * request helper's own fetch, which is why the helper is handed the decrypted credential too).
 */
const credentialsOfRun = new WeakMap<object, Map<string, Promise<ICredentialsDecrypted>>>();

async function runCredentials(
	context: IExecuteFunctions,
	type: string,
	itemIndex: number,
): Promise<ICredentialsDecrypted> {
	let known = credentialsOfRun.get(context);
	if (!known) {
		known = new Map();
		credentialsOfRun.set(context, known);
	}
	let pending = known.get(type);
	if (!pending) {
		const details = context.getNode().credentials?.[type];
		pending = context.getCredentials(type, itemIndex).then((data) => ({
			id: details?.id ?? type,
			name: details?.name ?? type,
			type,
			data,
		}));
		known.set(type, pending);
	}
	return await pending;
}

/** The base URL from a credential, checked, without a trailing slash. */
function baseUrlOf(check: FieldChecker, service: ApiService, value: unknown): string {
	return check
		.httpUrl(`Base URL (${service.credential} credential)`, value ?? service.baseUrl)
		.replace(/\/+$/, '');
}

/**
 * A request to Ding v1. The API key is added by the credential's `authenticate` through n8n's
 * request helper; the customer UUID and base URL come from the same credential.
 */
export async function dingApiRequest<T extends IDataObject = IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	request: DingRequest,
): Promise<T> {
	const credential = await runCredentials(context, DING_CREDENTIAL_TYPE, itemIndex);
	const credentials = (credential.data ?? {}) as DingCredentials;
	const check = new FieldChecker(context.getNode(), itemIndex);
	const customerUuid = check.uuid(
		'Customer UUID (Ding API credential)',
		credentials.customerUuid,
		'Copy it from the Ding dashboard under Settings → API Keys → Legacy Credentials.',
	);
	const baseUrl = baseUrlOf(check, DING_V1, credentials.baseUrl);

	const headers: IDataObject = { accept: 'application/json', ...request.headers };
	let body = request.body;
	if (request.customerUuidIn === 'body') body = { customer_uuid: customerUuid, ...body };
	if (request.customerUuidIn === 'header') headers['customer-uuid'] = customerUuid;

	return await sendWithRetries<T>(context, itemIndex, DING_V1, credential, {
		...request,
		url: `${baseUrl}${request.endpoint}`,
		headers,
		body,
	});
}

/**
 * A request to Prelude's Verify API v2. The API key goes as a Bearer token through the
 * credential's `authenticate`; the base URL comes from the same credential.
 */
export async function preludeApiRequest<T extends IDataObject = IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	request: PreludeRequest,
): Promise<T> {
	const credential = await runCredentials(context, PRELUDE_CREDENTIAL_TYPE, itemIndex);
	const credentials = (credential.data ?? {}) as PreludeCredentials;
	const check = new FieldChecker(context.getNode(), itemIndex);
	const baseUrl = baseUrlOf(check, PRELUDE_V2, credentials.baseUrl);
	return await sendWithRetries<T>(context, itemIndex, PRELUDE_V2, credential, {
		...request,
		url: `${baseUrl}${request.endpoint}`,
		headers: { accept: 'application/json' },
	});
}
