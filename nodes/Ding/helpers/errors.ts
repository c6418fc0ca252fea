import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiErrorResponse } from './interfaces';
import { isJsonObject } from './validation';

/** What an error code means (when the API's own message is missing) and how to fix it. */
export type ErrorCodeHelp = { meaning: string; fix: string };

/**
 * One API the node talks to, as its errors name it: Ding v1 or Prelude's Verify v2. Error codes
 * are open: one not listed still shows the API's message and code.
 */
export interface ApiService {
	/** The service as the user knows it, e.g. "Ding". */
	name: string;
	/** The credential's display name, e.g. "Ding API". */
	credential: string;
	/** The base URL the credential should hold. */
	baseUrl: string;
	/** Where the key comes from, for "paste the API key from ...". */
	keySource: string;
	codes: Record<string, ErrorCodeHelp>;
}

const DASHBOARD_KEYS = 'the Ding dashboard under Settings → API Keys → Legacy Credentials';

const DING_ERROR_CODES: Record<string, ErrorCodeHelp> = {
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

export const DING_V1: ApiService = {
	name: 'Ding',
	credential: 'Ding API',
	baseUrl: 'https://api.ding.live/v1',
	keySource: DASHBOARD_KEYS,
	codes: DING_ERROR_CODES,
};

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
export function apiHttpError(
	service: ApiService,
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
	const checkBaseUrl = `Check the Base URL in the ${service.credential} credential: it should be ${service.baseUrl}.`;

	let message: string;
	let description: string;

	if (status === 401 || (status === 403 && !known)) {
		message = `The API key was refused by ${name}${code ? ` (${code})` : ''}`;
		description = `Open the ${service.credential} credential and paste the API key from ${service.keySource}. ${checkBaseUrl}`;
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

/** The Node.js fault code of a request that got no HTTP answer, e.g. ECONNREFUSED. */
export function networkFaultCode(error: unknown): string {
	const cause = (error as { cause?: { code?: unknown } })?.cause;
	return text(cause?.code) ?? text((error as { code?: unknown })?.code) ?? 'UNKNOWN';
}

/** The error for a request that got no HTTP answer. Keeps only the fault code, never the request. */
export function apiNetworkError(
	service: ApiService,
	node: INode,
	faultCode: string,
	itemIndex: number,
	tries = 1,
	uncertainty?: Uncertainty,
): NodeApiError {
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
	service: ApiService,
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

const PRELUDE_KEYS = 'the Prelude dashboard under Settings → API Keys (a v2 key)';

/** Prelude Verify v2's error codes (HTTP 4xx), with what each means and how to fix it. */
const PRELUDE_ERROR_CODES: Record<string, ErrorCodeHelp> = {
	blocked: {
		meaning: 'Prelude blocked this verification',
		fix: 'Prelude judged the request suspicious or the number is on a block list. Ask the user for another number, or review the block rules in the Prelude dashboard.',
	},
	channel_not_enabled_in_region: {
		meaning: 'A chosen channel is not enabled for this region',
		fix: 'Remove the channel from Verification Options → Channels or Preferred Channel, or ask Prelude to enable it for the country of this number.',
	},
	custom_code_not_allowed: {
		meaning: 'Custom codes are not enabled for this account',
		fix: 'Remove Verification Options → Custom Code, or ask Prelude support to enable custom codes.',
	},
	custom_size_conflict: {
		meaning: 'Code Size and Custom Code do not agree',
		fix: 'Give either Code Size or a Custom Code of that length, not both with different lengths.',
	},
	email_verification_not_allowed: {
		meaning: 'Email verification is not enabled for this account',
		fix: 'Use Target Type Phone Number, or ask Prelude support to enable email verification.',
	},
	insufficient_balance: {
		meaning: 'The Prelude account balance is too low',
		fix: 'Top up the balance in the Prelude dashboard, then run the workflow again.',
	},
	invalid_api_key: {
		meaning: 'The API key is not valid',
		fix: `Open the Prelude API credential and paste a v2 API key from ${PRELUDE_KEYS}. A Ding v1 key does not work with v2.`,
	},
	invalid_app_realm: {
		meaning: 'The App Realm is not valid',
		fix: 'For Android give the 11-character SMS Retriever hash, for Web the origin domain, in Verification Options → App Realm Value; or remove App Realm.',
	},
	invalid_app_realm_platform: {
		meaning: 'The App Realm Platform is not valid',
		fix: 'Set Verification Options → App Realm Platform to Android or Web.',
	},
	invalid_app_realm_value: {
		meaning: 'The App Realm Value is not valid',
		fix: 'For Android give the 11-character SMS Retriever hash, for Web the origin domain, in Verification Options → App Realm Value.',
	},
	invalid_bearer_token: {
		meaning: 'The API key is not valid',
		fix: `Open the Prelude API credential and paste a v2 API key from ${PRELUDE_KEYS}.`,
	},
	invalid_callback_url: {
		meaning: 'The Callback URL is not valid',
		fix: 'Give a full https:// address in Verification Options → Callback URL, e.g. the Production URL of a Ding Trigger node.',
	},
	invalid_code_size: {
		meaning: 'The Code Size is not valid',
		fix: 'Set Verification Options → Code Size to a number from 4 to 8, or remove it to use the dashboard setting.',
	},
	invalid_correlation_id: {
		meaning: 'The Correlation ID is not valid',
		fix: 'Give at most 64 characters in Verification Options → Correlation ID.',
	},
	invalid_custom_code: {
		meaning: 'The Custom Code is not valid',
		fix: 'Give the code as digits, 4 to 8 of them, in Verification Options → Custom Code.',
	},
	invalid_device_id: {
		meaning: 'The Device ID is not valid',
		fix: 'Give ANDROID_ID on Android or identifierForVendor on iOS in Signals → Device ID, or remove it.',
	},
	invalid_line_type: {
		meaning: 'Prelude does not support this type of phone line',
		fix: 'Prelude cannot send to this kind of number (for example a landline or some VoIP numbers). Ask the user for a mobile number.',
	},
	invalid_locale: {
		meaning: 'The Locale is not valid',
		fix: 'Use a BCP-47 language tag such as en-US in Verification Options → Locale, or remove it to let the country of the number decide.',
	},
	invalid_os_version: {
		meaning: 'The OS Version is not valid',
		fix: 'Give the operating system version as text, e.g. 17.4, in Signals → OS Version, or remove it.',
	},
	invalid_phone_number: {
		meaning: 'The phone number is not valid',
		fix: 'Give the number in E.164 format: a plus sign, the country code and the number, e.g. +14155550123. Check that the number exists.',
	},
	invalid_request: {
		meaning: 'Prelude could not read the request',
		fix: 'Check the values in the node fields against their descriptions. If they look right, the Base URL in the Prelude API credential may be wrong: use https://api.prelude.dev.',
	},
	invalid_sender_id: {
		meaning: 'The Sender ID is not valid',
		fix: 'Check Verification Options → Sender ID against the sender IDs enabled for your Prelude account, or remove it.',
	},
	invalid_template_id: {
		meaning: 'The Template ID is not valid',
		fix: 'Check Verification Options → Template ID against the templates in the Prelude dashboard, or remove it.',
	},
	invalid_template_variables: {
		meaning: 'The Template Variables do not fit the template',
		fix: 'Give exactly the variables the template uses in Verification Options → Template Variables.',
	},
	missing_api_token: {
		meaning: 'No API key was sent',
		fix: `Open the Prelude API credential and paste a v2 API key from ${PRELUDE_KEYS}.`,
	},
	suspended_account: {
		meaning: 'The Prelude account is suspended',
		fix: 'Contact Prelude support to reactivate the account.',
	},
	template_not_found: {
		meaning: 'No template has this Template ID',
		fix: 'Check Verification Options → Template ID against the templates in the Prelude dashboard, or remove it.',
	},
	template_not_registered_in_country: {
		meaning: 'The template is not registered for the country of this number',
		fix: 'Register the template for that country in the Prelude dashboard, or remove Template ID to use the default one.',
	},
	unsupported_country: {
		meaning: 'Prelude does not send to this country',
		fix: 'Ask the user for a number in a supported country, or contact Prelude support.',
	},
};

export const PRELUDE_V2: ApiService = {
	name: 'Prelude',
	credential: 'Prelude API',
	baseUrl: 'https://api.prelude.dev',
	keySource: PRELUDE_KEYS,
	codes: PRELUDE_ERROR_CODES,
};
