import type { ApiDescriptor, ErrorCodeHelp } from './types';

/** Prelude's Verify API v2, Ding's successor: a Bearer key; every path starts with /v2. */

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

export const preludeV2: ApiDescriptor = {
	name: 'Prelude',
	credential: 'Prelude API',
	credentialType: 'preludeApi',
	baseUrl: 'https://api.prelude.dev',
	keySource: PRELUDE_KEYS,
	codes: PRELUDE_ERROR_CODES,
};
