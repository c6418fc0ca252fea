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

/** Ding's error body (HTTP 400); every field is optional and `code` is an open string. */
export type DingErrorResponse = {
	code?: string;
	message?: string;
	doc_url?: string;
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
