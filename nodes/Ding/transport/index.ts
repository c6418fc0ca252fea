import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readRequestSettings } from '../fields/options';
import { cancelSignalOf, pause, timerMs } from '../helpers/cancellation';
import type { Pace } from '../helpers/pace';
import { FieldChecker, isJsonObject } from '../helpers/validation';

import type { ApiDescriptor } from './apis';
import { dingV1, preludeV2 } from './apis';
import { isLoopbackHost, keyDestinationRefusal } from './destination';
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
import type { FailedAttempt, RequestSettings } from './retry';
import type { Sender } from './sender';
import { retryAfterMs, retryDecision } from './retry';

/** How long the adaptive window holds back after a 429 or 503 without a Retry-After. */
const PUSH_BACK_PAUSE_MS = 1000;

/** What every request carries, whichever API it goes to. */
interface ApiRequest {
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

export interface DingRequest extends ApiRequest {
	/** Where Ding wants the credential's customer UUID: in the JSON body, or as a header. */
	customerUuidIn?: 'body' | 'header';
}

/** A request to Prelude's Verify API v2; the endpoint starts with /v2. */
export type PreludeRequest = ApiRequest;

type Attempt =
	| { kind: 'answer'; response: IN8nHttpFullResponse }
	| { kind: 'network'; fault: string }
	| { kind: 'cancelled' };

/** An execution's Sender: its node, its Options for the item, its cancel signal and window. */
function executionSender(context: IExecuteFunctions, itemIndex: number): Sender {
	return {
		node: context.getNode(),
		settings: () => runSettings(context, itemIndex),
		cancel: cancelSignalOf(context),
		pace: paceOf(context),
		send: async (credentials, options) =>
			// n8n's helper puts the execution's cancel signal on the request, replacing ours: it reads
			// it from the context it is called on, so it is called on one that hands out both.
			(await context.helpers.httpRequestWithAuthentication.call(
				Object.create(context, {
					getExecutionCancelSignal: { value: () => options.abortSignal },
				}) as IExecuteFunctions,
				credentials.type,
				options,
				{ credentialsDecrypted: credentials },
			)) as IN8nHttpFullResponse,
	};
}

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
async function sendWithRetries<T extends IDataObject>(
	sender: Sender,
	itemIndex: number,
	api: ApiDescriptor,
	credentials: ICredentialsDecrypted,
	request: ApiRequest & { url: string; baseUrl: string; headers: IDataObject },
): Promise<T> {
	const { node, cancel, pace } = sender;
	const local = isLoopbackHost(new URL(request.baseUrl).hostname);
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
			if (pace && (statusCode === 429 || statusCode === 503)) {
				const wait = retryAfterMs(headers?.['retry-after']);
				// The run is held back no longer than Max Retry Wait, whatever the answer asks: an
				// answer cannot hold every other item for a day.
				const hold = Math.min(wait ?? PUSH_BACK_PAUSE_MS, settings.maxRetryWaitMs);
				pace.pushedBack(hold, statusCode === 429);
				if (statusCode === 429 && wait !== undefined && wait >= 1000 && settings.maxRetries > 0) {
					pushBacks += 1;
				}
			} else {
				pace?.answered(Date.now() - sentAt);
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

/**
 * What the transport reads once per run of the node, not once per item: the credential, fetched
 * and decrypted for the run (as n8n's HTTP Request node does; n8n's server reads it from its
 * database and decrypts it on every fetch, and the request helper would fetch it again, which is
 * why the helper is handed the decrypted credential) unless its fields depend on the item (see
 * runCredentials), and the request settings from Options (see runSettings).
 */
interface RunState {
	/** Per credential type: the run's credential, or undefined when it differs from item to item. */
	credentials: Map<string, Promise<ICredentialsDecrypted | undefined>>;
	settings?: () => RequestSettings;
	/** The run's adaptive window, which every request reports its answer to (see Pace). */
	pace?: Pace;
}

const runs = new WeakMap<object, RunState>();

function runState(context: IExecuteFunctions): RunState {
	let state = runs.get(context);
	if (!state) {
		state = { credentials: new Map() };
		runs.set(context, state);
	}
	return state;
}

/** Makes every request of this run report to `pace`, and wait out its Retry-After. */
export function setRunPace(context: IExecuteFunctions, pace: Pace): void {
	runState(context).pace = pace;
}

/** The run's adaptive window, if it has one. */
export function paceOf(context: IExecuteFunctions): Pace | undefined {
	return runs.get(context)?.pace;
}

/** Whether a parameter value holds an n8n expression anywhere ("={{ ... }}"). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (isJsonObject(value)) return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * The request settings (Options → Max Retries, Max Retry Wait, Timeout): read and checked once per
 * run, or per item where an Option is an expression that may differ from item to item.
 */
function runSettings(context: IExecuteFunctions, itemIndex: number): RequestSettings {
	const read = (index: number) =>
		readRequestSettings(
			new FieldChecker(context.getNode(), index),
			context.getNodeParameter('options', index, {}) as IDataObject,
		);
	if (holdsExpression(context.getNode().parameters.options)) return read(itemIndex);
	const state = runState(context);
	if (!state.settings) {
		let settings: RequestSettings | undefined;
		let refusal: NodeOperationError | undefined;
		try {
			settings = read(itemIndex);
		} catch (error) {
			refusal = error as NodeOperationError;
		}
		state.settings = () => {
			if (settings) return settings;
			// The same instance: NodeOperationError hands back an error of its own class.
			throw new NodeOperationError(context.getNode(), refusal as NodeOperationError);
		};
	}
	return state.settings();
}

/**
 * Reads and checks an item's request settings (Options) as its requests will, so that a refused
 * Option stops the run before anything is sent.
 */
export function checkRequestSettings(context: IExecuteFunctions, itemIndex: number): void {
	runSettings(context, itemIndex);
}

/**
 * The credential for an item. A credential's fields may be expressions, and n8n resolves them for
 * the item it is read for: one built from `$json` (a key per tenant) differs from item to item.
 * So the first read also reads it for an item that does not exist: a credential whose values do
 * not depend on the item comes back the same, and serves the whole run; one that does (or that
 * cannot be resolved without an item) is read for every item.
 */
async function runCredentials(
	context: IExecuteFunctions,
	type: string,
	itemIndex: number,
): Promise<ICredentialsDecrypted> {
	const details = context.getNode().credentials?.[type];
	const read = async (index: number): Promise<ICredentialsDecrypted> => ({
		id: details?.id ?? type,
		name: details?.name ?? type,
		type,
		data: await context.getCredentials<ICredentialDataDecryptedObject>(type, index),
	});
	const known = runState(context).credentials;
	let ofRun = known.get(type);
	if (!ofRun) {
		ofRun = (async () => {
			const first = await read(0);
			const elsewhere = await read(context.getInputData().length).catch(() => undefined);
			const same = elsewhere && JSON.stringify(elsewhere.data) === JSON.stringify(first.data);
			return same ? first : undefined;
		})();
		known.set(type, ofRun);
	}
	return (await ofRun) ?? (await read(itemIndex));
}

/**
 * The base URL from a credential, checked, without a trailing slash: an http(s) URL where the key
 * may go (https, or loopback; inside the credential's Allowed Domains, see destination.ts).
 */
function baseUrlOf(check: FieldChecker, api: ApiDescriptor, data: IDataObject): string {
	const field = `Base URL (${api.credential} credential)`;
	const baseUrl = check.httpUrl(field, data.baseUrl ?? api.baseUrl).replace(/\/+$/, '');
	const refusal = keyDestinationRefusal(baseUrl, data, api.credential);
	if (refusal) {
		throw check.fail(
			refusal,
			`Open the ${api.credential} credential and set its Base URL to ${api.baseUrl} (or a proxy of yours over https); nothing was sent.`,
		);
	}
	return baseUrl;
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
	const credential = await runCredentials(context, dingV1.credentialType, itemIndex);
	const data = credential.data ?? {};
	const check = new FieldChecker(context.getNode(), itemIndex);
	const customerUuid = check.uuid(
		'Customer UUID (Ding API credential)',
		data.customerUuid,
		'Copy it from the Ding dashboard under Settings → API Keys → Legacy Credentials.',
	);
	const baseUrl = baseUrlOf(check, dingV1, data);

	const headers: IDataObject = { accept: 'application/json' };
	let body = request.body;
	if (request.customerUuidIn === 'body') body = { customer_uuid: customerUuid, ...body };
	if (request.customerUuidIn === 'header') headers['customer-uuid'] = customerUuid;

	return await sendWithRetries<T>(
		executionSender(context, itemIndex),
		itemIndex,
		dingV1,
		credential,
		{
			...request,
			url: `${baseUrl}${request.endpoint}`,
			baseUrl,
			headers,
			body,
		},
	);
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
	const credential = await runCredentials(context, preludeV2.credentialType, itemIndex);
	return await sendToPrelude<T>(
		executionSender(context, itemIndex),
		itemIndex,
		credential,
		request,
	);
}

/** A request to Prelude's Verify API v2 with a credential already read, by any Sender. */
export async function sendToPrelude<T extends IDataObject = IDataObject>(
	sender: Sender,
	itemIndex: number,
	credential: ICredentialsDecrypted,
	request: PreludeRequest,
): Promise<T> {
	const check = new FieldChecker(sender.node, itemIndex);
	const baseUrl = baseUrlOf(check, preludeV2, credential.data ?? {});
	return await sendWithRetries<T>(sender, itemIndex, preludeV2, credential, {
		...request,
		url: `${baseUrl}${request.endpoint}`,
		baseUrl,
		headers: { accept: 'application/json' },
	});
}
