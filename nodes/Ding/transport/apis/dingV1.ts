import type { ApiDescriptor, ErrorCodeHelp } from './types';

/** Ding's original API, v1 (legacy): a key in `x-api-key` and a Customer UUID in every request. */

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

export const dingV1: ApiDescriptor = {
	name: 'Ding',
	credential: 'Ding API',
	credentialType: 'dingApi',
	baseUrl: 'https://api.ding.live/v1',
	keySource: DASHBOARD_KEYS,
	codes: DING_ERROR_CODES,
};
