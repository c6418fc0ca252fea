import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DingErrorResponse } from './interfaces';
import { isJsonObject } from './validation';

const DASHBOARD_KEYS = 'the Ding dashboard under Settings → API Keys → Legacy Credentials';

/**
 * What each Ding error code means (when Ding's own message is missing) and how to fix it.
 * Codes are open: one not listed here still shows Ding's message and code.
 */
const DING_ERROR_CODES: Record<string, { meaning: string; fix: string }> = {
	account_invalid: {
		meaning: 'The Customer UUID is not valid for this API key',
		fix: `Open the Ding API credential and copy the Customer UUID that belongs to this API key from ${DASHBOARD_KEYS}.`,
	},
	app_realm_require_device_type: {
		meaning: 'An App Realm needs a Device Type',
		fix: 'Set Additional Fields → Device Type (ANDROID for an SMS Retriever hash), or remove App Realm.',
	},
	bad_request: {
		meaning: 'Ding could not read the request',
		fix: 'Check the values in the node fields against their descriptions. If they look right, the Base URL in the Ding API credential may point to the wrong API version: use https://api.ding.live/v1.',
	},
	blocked_number: {
		meaning: 'The phone number is on your blocklist',
		fix: 'Remove the number from the blocklist in the Ding dashboard if it was blocked by mistake, or ask the user for another number.',
	},
	duplicated_feedback_status: {
		meaning: 'This feedback was already sent for the phone number',
		fix: 'Send feedback once per phone number and status; this item can be skipped.',
	},
	impossible_code: {
		meaning: 'The code cannot have been issued by Ding',
		fix: 'Pass the code exactly as the user typed it, digits only, e.g. 123456.',
	},
	internal_server_error: {
		meaning: 'Ding failed to process the request',
		fix: "This is a fault on Ding's side. Try again later; a Send or Retry may or may not have texted the user, so check the authentication before sending again.",
	},
	invalid_app_realm: {
		meaning: 'The App Realm is not valid',
		fix: "Use the 11-character hash of your Android app's SMS Retriever API in Additional Fields → App Realm, or remove it.",
	},
	invalid_app_version: {
		meaning: 'The App Version is not valid',
		fix: 'Give the version of your app as text, e.g. 2.4.1, or remove Additional Fields → App Version.',
	},
	invalid_auth_uuid: {
		meaning: 'The Authentication UUID is not valid',
		fix: "Use the authentication_uuid returned by the Send operation for this phone number, e.g. {{ $('Ding').item.json.authentication_uuid }}.",
	},
	invalid_device_id: {
		meaning: 'The Device ID is not valid',
		fix: 'Give ANDROID_ID on Android or identifierForVendor on iOS in Additional Fields → Device ID, or remove it.',
	},
	invalid_device_model: {
		meaning: 'The Device Model is not valid',
		fix: 'Give the device model as text, e.g. Pixel 8, or remove Additional Fields → Device Model.',
	},
	invalid_feedback_status: {
		meaning: 'The feedback status is not valid',
		fix: 'Use Onboarded or Not Onboarded.',
	},
	invalid_line: {
		meaning: 'Ding does not support this type of phone line',
		fix: 'Ding cannot text this kind of number (for example a landline or some VoIP numbers). Ask the user for a mobile number.',
	},
	invalid_os_version: {
		meaning: 'The OS Version is not valid',
		fix: 'Give the operating system version as text, e.g. 14, or remove Additional Fields → OS Version.',
	},
	invalid_phone_number: {
		meaning: 'The phone number is not valid',
		fix: 'Give the number in E.164 format: a plus sign, the country code and the number, e.g. +14155550123. Check that the number exists.',
	},
	invalid_sender_id: {
		meaning: 'The Sender ID is not valid',
		fix: 'Check Additional Fields → Sender ID against the sender IDs of your Ding account, or remove it to use the default sender.',
	},
	invalid_template_id: {
		meaning: 'The Template ID is not valid',
		fix: 'Check Additional Fields → Template ID against the templates in the Ding dashboard, or remove it to use the default template.',
	},
	negative_balance: {
		meaning: 'The Ding account balance is negative',
		fix: 'Top up the balance in the Ding dashboard, then run the workflow again.',
	},
	no_associated_auth_found: {
		meaning: 'No authentication was found for this request',
		fix: 'Send a code to the phone number first (Send operation) and use the authentication_uuid it returns.',
	},
	spending_limit_exceeded: {
		meaning: 'The spending limit of the Ding account was reached',
		fix: 'Raise the spending limit in the Ding dashboard, or wait for the next period.',
	},
	suspended_account: {
		meaning: 'The Ding account is suspended',
		fix: 'Contact Ding support to reactivate the account.',
	},
	unauthorized_sender_id: {
		meaning: 'The Sender ID is not authorized for this account',
		fix: 'Register the sender ID in the Ding dashboard, or remove Additional Fields → Sender ID to use the default sender.',
	},
	unsupported_app_realm_device_type: {
		meaning: 'App Realm works only with Device Type ANDROID',
		fix: 'Set Additional Fields → Device Type to ANDROID, or remove App Realm.',
	},
	unsupported_region: {
		meaning: 'Ding does not send to this region yet',
		fix: 'Ask the user for a number in a supported country, or contact Ding support.',
	},
};

export const KNOWN_DING_ERROR_CODES = Object.keys(DING_ERROR_CODES);

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
 * Node.js fault code (ECONNREFUSED, EPERM, ...) for a generic one, which would hide Ding's words.
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

/** The error for a non-2xx answer from Ding. Built from the answer alone, never from the request. */
export function dingHttpError(
	node: INode,
	status: number,
	body: unknown,
	itemIndex: number,
	tries = 1,
	uncertainty?: Uncertainty,
): NodeApiError {
	const httpCode = String(status);
	const ding: DingErrorResponse = isJsonObject(body) ? body : {};
	const code = text(ding.code);
	const dingMessage = text(ding.message);
	const docUrl = text(ding.doc_url);
	const seeDocs = docUrl ? ` Ding's documentation: ${docUrl}` : '';

	let message: string;
	let description: string;

	if (status === 401 || status === 403) {
		message = 'The API key was refused by Ding';
		description = `Open the Ding API credential and paste the API key from ${DASHBOARD_KEYS}. Check that the Base URL is https://api.ding.live/v1.`;
	} else if (code && status < 500) {
		const known = DING_ERROR_CODES[code];
		message = `Ding refused the request: ${dingMessage ?? known?.meaning ?? 'no reason given'} (${code})`;
		description = `${known?.fix ?? `Ding answered HTTP ${httpCode} with the code "${code}".`}${seeDocs}`;
	} else if (status === 404) {
		message = 'Ding has no such endpoint (HTTP 404)';
		description =
			'Check the Base URL in the Ding API credential: it should be https://api.ding.live/v1.';
	} else if (status === 429) {
		message = 'Ding is rate-limiting requests (HTTP 429)';
		description =
			'Send fewer requests at once: split the items into smaller batches, or wait a minute and run again. Options → Max Retries and Max Retry Wait set how long the node keeps trying.';
	} else if (status >= 500) {
		message = `Ding failed to process the request (HTTP ${httpCode})`;
		description =
			"This is a fault on Ding's side and the request may be retried later. A Send or Retry may or may not have texted the user: check before sending again.";
	} else {
		message = `Ding refused the request (HTTP ${httpCode})${dingMessage ? `: ${dingMessage}` : ''}`;
		description = 'Check the values in the node fields against their descriptions.';
	}
	({ message, description } = finish(message, description, tries, uncertainty));

	const errorResponse: JsonObject = { httpCode };
	if (code) errorResponse.code = code;
	if (dingMessage) errorResponse.message = dingMessage;
	if (docUrl) errorResponse.doc_url = docUrl;

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

/** The Node.js fault code of a request that got no HTTP answer, e.g. ECONNREFUSED. */
export function networkFaultCode(error: unknown): string {
	const cause = (error as { cause?: { code?: unknown } })?.cause;
	return text(cause?.code) ?? text((error as { code?: unknown })?.code) ?? 'UNKNOWN';
}

/** The error for a request that got no HTTP answer. Keeps only the fault code, never the request. */
export function dingNetworkError(
	node: INode,
	faultCode: string,
	itemIndex: number,
	tries = 1,
	uncertainty?: Uncertainty,
): NodeApiError {
	const what = NETWORK_FAULTS[faultCode] ?? 'the request failed before Ding answered';
	return apiError(
		node,
		{ fault: faultCode },
		{
			...finish(
				`Could not reach Ding: ${what} (${faultCode})`,
				'Check the Base URL in the Ding API credential and the network between n8n and Ding.',
				tries,
				uncertainty,
			),
			itemIndex,
		},
	);
}

/** The error for a 2xx answer that is not a JSON object. */
export function dingMalformedAnswerError(
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
				`Ding answered HTTP ${status} without a JSON object`,
				'The Base URL in the Ding API credential may point to something other than the Ding API: it should be https://api.ding.live/v1.',
				tries,
				uncertainty,
			),
			httpCode: String(status),
			itemIndex,
		},
	);
}
