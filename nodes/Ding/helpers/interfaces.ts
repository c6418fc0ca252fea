/**
 * Ding v1 wire types, in snake_case as Ding sends and receives them.
 * Response enums are open (`| string`): a status Ding adds later passes through untouched.
 * Type aliases, not interfaces, so that they fit n8n's IDataObject.
 */

export type DeviceType = 'IOS' | 'ANDROID' | 'WEB';

export type CreateAuthenticationRequest = {
	customer_uuid: string;
	phone_number: string;
	ip?: string;
	device_id?: string;
	device_type?: DeviceType;
	app_version?: string;
	os_version?: string;
	device_model?: string;
	app_realm?: string;
	callback_url?: string;
	is_returning_user?: boolean;
	template_id?: string;
	correlation_id?: string;
	locale?: string;
	sender_id?: string;
};

export type CreateAuthenticationResponse = {
	authentication_uuid?: string;
	status?: 'pending' | 'rate_limited' | 'spam_detected' | string;
	created_at?: string;
	expires_at?: string;
};

export type CreateCheckRequest = {
	customer_uuid: string;
	authentication_uuid: string;
	check_code: string;
};

export type CreateCheckResponse = {
	authentication_uuid?: string;
	status?:
		| 'valid'
		| 'invalid'
		| 'without_attempt'
		| 'rate_limited'
		| 'already_validated'
		| 'expired_auth'
		| 'unknown'
		| string;
};

export type RetryAuthenticationRequest = {
	customer_uuid: string;
	authentication_uuid: string;
};

export type RetryAuthenticationResponse = {
	authentication_uuid?: string;
	status?:
		| 'approved'
		| 'denied'
		| 'no_attempt'
		| 'rate_limited'
		| 'expired_auth'
		| 'already_validated'
		| string;
	created_at?: string;
	next_retry_at?: string;
	remaining_retry?: number;
};

/**
 * An error body: Ding v1 sends code, message and doc_url (HTTP 400); Prelude v2 sends code,
 * message and param, and some answers a request_id. Every field is optional, `code` is open.
 */
export type ApiErrorResponse = {
	code?: string;
	message?: string;
	param?: string;
	doc_url?: string;
	request_id?: string;
};

export type AuthenticationEvent = {
	type?: 'attempt' | 'check' | 'delivery_status' | 'balance_update' | string;
	status?: string;
	created_at?: string;
	[key: string]: unknown;
};

export type AuthenticationStatusResponse = {
	uuid?: string;
	phone_number?: string;
	template_id?: string;
	correlation_id?: string;
	created_at?: string;
	signals?: { [key: string]: unknown };
	events?: AuthenticationEvent[];
};

/** What Simplify adds to Get Status: the timeline read for an IF node. */
export type AuthenticationStatusSummary = {
	latest_delivery_status: string | null;
	latest_check_status: string | null;
	attempts: number;
	verified: boolean;
};

export type FeedbackStatus = 'onboarded' | 'not_onboarded';

export type FeedbackRequest = {
	customer_uuid: string;
	phone_number: string;
	status: FeedbackStatus;
};

export type FeedbackResponse = {
	uuid?: string;
};

export type LookupResponse = {
	phone_number?: string;
	country_code?: string;
	mcc?: string;
	mnc?: string;
	carrier?: string;
	number_ported?: boolean;
	line_type?: string;
	caller_name?: string;
	temporary_phone_number?: boolean;
};

/*
 * Prelude Verify API v2 wire types (https://api.prelude.dev/v2), snake_case as sent. Enums are
 * open (`| string`) both ways: a value Prelude adds later passes through.
 */

export type V2TargetType = 'phone_number' | 'email_address';

export type V2Target = {
	type: V2TargetType | string;
	value: string;
};

export type V2Channel = 'sms' | 'rcs' | 'whatsapp' | 'viber' | 'zalo' | 'telegram' | string;

export type V2DevicePlatform = 'android' | 'ios' | 'ipados' | 'tvos' | 'web' | string;

export type V2VerificationOptions = {
	app_realm?: { platform: 'android' | 'web' | string; value: string };
	callback_url?: string;
	channels?: V2Channel[];
	code_size?: number;
	custom_code?: string;
	force_challenge?: boolean;
	locale?: string;
	max_auto_fallbacks?: number;
	method?: 'auto' | 'voice' | 'message' | string;
	preferred_channel?: V2Channel;
	sender_id?: string;
	template_id?: string;
	variables?: { [name: string]: string };
};

export type V2Signals = {
	app_version?: string;
	device_id?: string;
	device_model?: string;
	device_platform?: V2DevicePlatform;
	ip?: string;
	is_trusted_user?: boolean;
	ja4_fingerprint?: string;
	os_version?: string;
	user_agent?: string;
};

export type V2CreateVerificationRequest = {
	target: V2Target;
	dispatch_id?: string;
	metadata?: { correlation_id?: string };
	options?: V2VerificationOptions;
	signals?: V2Signals;
};

export type V2CreateVerificationResponse = {
	id?: string;
	status?: 'success' | 'retry' | 'challenged' | 'blocked' | 'shadow_blocked' | string;
	method?: 'email' | 'message' | 'silent' | 'voice' | string;
	channels?: string[];
	reason?: string;
	risk_factors?: string[];
	metadata?: { correlation_id?: string };
	silent?: { request_url?: string };
	request_id?: string;
};

export type V2CheckRequest = {
	target: V2Target;
	code: string;
	psd2?: { amount: string; currency: string; recipient: string };
};

export type V2CheckResponse = {
	id?: string;
	status?:
		| 'success'
		| 'failure'
		| 'expired_or_not_found'
		| 'transaction_missing'
		| 'transaction_mismatch'
		| string;
	metadata?: { correlation_id?: string };
	request_id?: string;
};

export type V2FeedbackType = 'verification.started' | 'verification.completed';

export type V2FeedbackRequest = {
	feedbacks: Array<{
		target: V2Target;
		type: V2FeedbackType | string;
		metadata?: { correlation_id?: string };
	}>;
};

export type V2FeedbackResponse = {
	request_id?: string;
	status?: 'success' | string;
};

export type V2LookupResponse = {
	phone_number?: string;
	country_code?: string;
	line_type?: string;
	flags?: string[];
	network_info?: { carrier_name?: string; mcc?: string; mnc?: string };
	original_network_info?: { carrier_name?: string; mcc?: string; mnc?: string };
	caller_name?: string;
};
