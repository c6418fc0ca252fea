import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiErrorResponse } from '../helpers/interfaces';
import { isJsonObject } from '../helpers/validation';

import type { ApiDescriptor } from './apis';
import { SSRF_BLOCKED } from './retry';

/**
 * For a request that must not simply be repeated: what may or may not have happened when the
 * answer was lost or unclear, and how to find out.
 */
export interface Uncertainty {
	outcome: string;
	howToCheck: string;
}

/** The message and description, made certain or uncertain, with how often it was tried. */
function finish(
	message: string,
	description: string,
	tries: number,
	uncertainty: Uncertainty | undefined,
): { message: string; description: string } {
	const tried = tries > 1 ? ` Tried ${tries} times.` : '';
	if (uncertainty) {
		return {
			message: `${message}: ${uncertainty.outcome}`,
			description: `${uncertainty.howToCheck}${tried}`,
		};
	}
	return { message, description: `${description}${tried}` };
}

/**
 * A NodeApiError whose message stays as written: NodeApiError swaps a message that mentions a
 * Node.js fault code (ECONNREFUSED, EPERM, ...) for a generic one, which would hide the API's words.
 */
function apiError(
	node: INode,
	errorResponse: JsonObject,
	options: { message: string; description: string; httpCode?: string; itemIndex: number },
): NodeApiError {
	const error = new NodeApiError(node, errorResponse, options);
	error.message = options.message;
	return error;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The error for a non-2xx answer. Built from the answer alone, never from the request. */
/** Where to look when the answer suggests the Base URL is wrong: the public API, or a local server. */
function baseUrlHint(service: ApiDescriptor): string {
	if (service.localBaseUrl) {
		return `The ${service.credential} credential points at a server on this machine (${service.localBaseUrl}), such as npm start's sandbox: check that it is running and answers ${service.name}'s API there; for the real API, set the Base URL to ${service.baseUrl}.`;
	}
	return `Check the Base URL in the ${service.credential} credential: it should be ${service.baseUrl}.`;
}

export function apiHttpError(
	service: ApiDescriptor,
	node: INode,
	status: number,
	body: unknown,
	itemIndex: number,
	tries = 1,
	uncertainty?: Uncertainty,
): NodeApiError {
	const { name } = service;
	const httpCode = String(status);
	const answer: ApiErrorResponse = isJsonObject(body) ? body : {};
	const code = text(answer.code);
	const apiMessage = text(answer.message);
	const param = text(answer.param);
	const docUrl = text(answer.doc_url);
	const requestId = text(answer.request_id);
	const known = code ? service.codes[code] : undefined;
	const seeDocs = docUrl ? ` ${name}'s documentation: ${docUrl}` : '';
	const quoteId = requestId ? ` ${name}'s request ID: ${requestId}.` : '';
	const checkBaseUrl = baseUrlHint(service);

	let message: string;
	let description: string;

	if (status === 401 || (status === 403 && !known)) {
		message = `The API key was refused by ${name}${code ? ` (${code})` : ''}`;
		description = service.localBaseUrl
			? `The ${service.credential} credential's Base URL is a server on this machine (${service.localBaseUrl}), such as npm start's sandbox, which accepts only its own key: pick the "${service.name} sandbox" credential npm start made, or give this credential the key the server expects. For ${service.name}'s real API, set the Base URL to ${service.baseUrl} and paste the API key from ${service.keySource}.`
			: `Open the ${service.credential} credential and paste the API key from ${service.keySource}. ${checkBaseUrl}`;
	} else if (code && status < 500) {
		const field = param ? `, field ${param}` : '';
		message = `${name} refused the request: ${apiMessage ?? known?.meaning ?? 'no reason given'} (${code}${field})`;
		description = `${known?.fix ?? `${name} answered HTTP ${httpCode} with the code "${code}".`}${seeDocs}`;
	} else if (status === 404) {
		message = `${name} has no such endpoint (HTTP 404)`;
		description = checkBaseUrl;
	} else if (status === 409) {
		message = `${name} was busy with another request for the same verification (HTTP 409)`;
		description =
			'Two requests for the same phone number met. Wait a few seconds before running this item again.';
	} else if (status === 429) {
		message = `${name} is rate-limiting requests (HTTP 429)`;
		description =
			'Send fewer requests at once: split the items into smaller batches, or wait a minute and run again. Options → Max Retries and Max Retry Wait set how long the node keeps trying.';
	} else if (status >= 500) {
		message = `${name} failed to process the request (HTTP ${httpCode})`;
		description = `This is a fault on ${name}'s side and the request may be retried later. A Send or Retry may or may not have texted the user: check before sending again.`;
	} else {
		message = `${name} refused the request (HTTP ${httpCode})${apiMessage ? `: ${apiMessage}` : ''}`;
		description = 'Check the values in the node fields against their descriptions.';
	}
	({ message, description } = finish(message, `${description}${quoteId}`, tries, uncertainty));

	const errorResponse: JsonObject = { httpCode };
	if (code) errorResponse.code = code;
	if (apiMessage) errorResponse.message = apiMessage;
	if (param) errorResponse.param = param;
	if (docUrl) errorResponse.doc_url = docUrl;
	if (requestId) errorResponse.request_id = requestId;

	return apiError(node, errorResponse, { message, description, httpCode, itemIndex });
}

const NETWORK_FAULTS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was reset',
	ECONNABORTED: 'no answer came in time',
	ETIMEDOUT: 'no answer came in time',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
};

/**
 * Whether n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refused the request before anything
 * was sent: its errors arrive as the cause of the request helper's NodeApiError (or deeper).
 */
function blockedBySsrfProtection(error: unknown): boolean {
	let current = error as { name?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; depth < 5 && current; depth++) {
		if (current.name === 'SsrfBlockedIpError' || current.name === 'SsrfBlockedHostnameError') {
			return true;
		}
		current = current.cause as typeof current;
	}
	return false;
}

/** The Node.js fault code of a request that got no HTTP answer, e.g. ECONNREFUSED. */
export function networkFaultCode(error: unknown): string {
	if (blockedBySsrfProtection(error)) return SSRF_BLOCKED;
	const cause = (error as { cause?: { code?: unknown } })?.cause;
	return text(cause?.code) ?? text((error as { code?: unknown })?.code) ?? 'UNKNOWN';
}

/** The error for a request that got no HTTP answer. Keeps only the fault code, never the request. */
export function apiNetworkError(
	service: ApiDescriptor,
	node: INode,
	faultCode: string,
	itemIndex: number,
	tries = 1,
	uncertainty?: Uncertainty,
): NodeApiError {
	if (faultCode === SSRF_BLOCKED) {
		return apiError(
			node,
			{ fault: faultCode },
			{
				message: `n8n's SSRF protection blocked the request to ${service.name}: nothing was sent`,
				description: `This n8n runs with N8N_SSRF_PROTECTION_ENABLED=true, and the Base URL in the ${service.credential} credential leads to an address it blocks (loopback, private networks and more: N8N_SSRF_BLOCKED_IP_RANGES). If that address is meant (a proxy or a test server), the n8n administrator allows it: its host name in N8N_SSRF_ALLOWED_HOSTNAMES, or its address in N8N_SSRF_ALLOWED_IP_RANGES (a Base URL with an IP address, e.g. http://127.0.0.1:…, needs the range, e.g. 127.0.0.1/32).`,
				itemIndex,
			},
		);
	}
	const what = NETWORK_FAULTS[faultCode] ?? `the request failed before ${service.name} answered`;
	return apiError(
		node,
		{ fault: faultCode },
		{
			...finish(
				`Could not reach ${service.name}: ${what} (${faultCode})`,
				`Check the Base URL in the ${service.credential} credential and the network between n8n and ${service.name}.`,
				tries,
				uncertainty,
			),
			itemIndex,
		},
	);
}

/** The error for a 2xx answer that is not a JSON object. */
export function apiMalformedAnswerError(
	service: ApiDescriptor,
	node: INode,
	status: number,
	itemIndex: number,
	tries = 1,
	uncertainty?: Uncertainty,
): NodeApiError {
	return apiError(
		node,
		{ httpCode: String(status) },
		{
			...finish(
				`${service.name} answered HTTP ${status} without a JSON object`,
				`The Base URL in the ${service.credential} credential may point to something other than the ${service.name} API: it should be ${service.baseUrl}.`,
				tries,
				uncertainty,
			),
			httpCode: String(status),
			itemIndex,
		},
	);
}

const BEARER = /Bearer\s+[^\s"',;]+/gi;

/**
 * An API answer with every secret taken out: the key itself wherever it stands, and any
 * `Bearer …` token, in every string of the answer. A server that echoes request headers (a
 * misconfigured proxy, a wrong Base URL) must not carry the key into an error message.
 */
export function withoutSecrets(value: unknown, secrets: readonly string[], depth = 0): unknown {
	if (typeof value === 'string') {
		let clean = value.replace(BEARER, 'Bearer [redacted]');
		for (const secret of secrets) {
			if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
		}
		return clean;
	}
	if (depth > 20 || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((entry) => withoutSecrets(entry, secrets, depth + 1));
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [key, withoutSecrets(entry, secrets, depth + 1)]),
	);
}

/**
 * The error for a 3xx answer. Redirects are never followed (the key would go with them), and an
 * API does not redirect its own calls: the Base URL is probably wrong.
 */
export function apiRedirectError(
	service: ApiDescriptor,
	node: INode,
	status: number,
	location: unknown,
	itemIndex: number,
): NodeApiError {
	let where = 'another address';
	const first = Array.isArray(location) ? location[0] : location;
	if (typeof first === 'string') {
		try {
			where = new URL(first).host;
		} catch {
			where = 'a relative address';
		}
	}
	return apiError(
		node,
		{ httpCode: String(status) },
		{
			message: `${service.name} answered with a redirect to ${where} (HTTP ${status}); it was not followed and the API key was not sent there`,
			description: `The Base URL in the ${service.credential} credential is probably wrong: it should be ${service.baseUrl}.`,
			httpCode: String(status),
			itemIndex,
		},
	);
}

/** The error for a request stopped because the execution was cancelled: final, never retried. */
export function cancelledError(
	service: ApiDescriptor,
	node: INode,
	itemIndex: number,
): NodeApiError {
	return apiError(
		node,
		{ fault: 'ERR_CANCELED' },
		{
			message: `The execution was cancelled; the request to ${service.name} was stopped`,
			description:
				'A Send or Retry stopped this way may or may not have reached the API; nothing more is sent for this run.',
			itemIndex,
		},
	);
}
