// @ts-check
'use strict';

/** The rules a v2 request's fields are checked by: formats, shared field rules, history filters. */

const { v2Error } = require('./answers');

const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOCALE =
	/^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?(-([a-zA-Z\d]{5,8}|\d[a-zA-Z\d]{3}))*$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const CHANNELS = ['sms', 'rcs', 'whatsapp', 'viber', 'zalo', 'telegram'];

/**
 * The number Prelude's anti-fraud finds suspicious, unless it is on the allow list: Watch predicts
 * it `suspicious` and a verification to it is `blocked` for reason `suspicious`. A number on the
 * block list is predicted `suspicious` too. (+1 415 555 01xx is reserved for fiction.)
 */
const SUSPICIOUS_PHONE = '+14155550666';
/** Labels in both the python-sdk 0.13.0 set and the renamed newest set of risk factors. */
const SUSPICIOUS_RISK_FACTORS = ['poor_conversion_history', 'temporary_phone_number'];

/**
 * @typedef {{ type: 'string' | 'boolean' | 'integer' | 'object' | 'array' | 'map',
 *   required?: boolean, enum?: string[], format?: string, min?: number, max?: number,
 *   maxLength?: number, minItems?: number, maxItems?: number, fields?: Record<string, Rule>,
 *   items?: Rule, error?: string,
 *   check?: (value: any, path: string) => ScriptedAnswer | undefined }} Rule
 *   `check` runs on a value whose structure passed, for what depends on more than one field.
 * @typedef {{ path?: Record<string, Rule>, query?: Rule, body?: Rule }} Endpoint
 *   An endpoint's request: its path parameters, its query string (an object of parameters, read
 *   from text as the official clients write them) and its JSON body. No body rule: no body.
 * @typedef {{ params: Record<string, string>, query: Record<string, any>, body: any }} V2Input
 * @typedef {import('../server').ScriptedAnswer} ScriptedAnswer
 * @typedef {import('../server').RecordedRequest} RecordedRequest
 */

/** @type {Record<string, (value: string) => boolean>} */
const FORMATS = {
	url: (v) => {
		try {
			const url = new URL(v);
			return url.protocol === 'http:' || url.protocol === 'https:';
		} catch {
			return false;
		}
	},
	https: (v) => {
		try {
			return new URL(v).protocol === 'https:';
		} catch {
			return false;
		}
	},
	locale: (v) => LOCALE.test(v),
	ip: (v) => {
		if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) return v.split('.').every((o) => Number(o) <= 255);
		try {
			return v.includes(':') && new URL(`http://[${v}]/`).hostname !== '';
		} catch {
			return false;
		}
	},
	digits: (v) => /^\d+$/.test(v),
	decimal: (v) => /^\d+(\.\d+)?$/.test(v),
	currency: (v) => /^[A-Z]{3}$/.test(v),
	e164: (v) => E164.test(v),
	/** History filters take a number with or without its "+". */
	phone: (v) => /^\+?[1-9]\d{1,14}$/.test(v),
	'date-time': (v) => RFC3339.test(v) && !Number.isNaN(Date.parse(v)),
	date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
	country: (v) => /^[A-Z]{2}$/.test(v),
};

/** What a format is called in an error message. @type {Record<string, string>} */
const FORMAT_NAMES = {
	url: 'http(s) URL',
	https: 'https URL',
	e164: 'E.164 phone number',
	phone: 'phone number',
	'date-time': 'RFC 3339 date-time',
	date: 'YYYY-MM-DD date',
	country: 'ISO 3166-1 alpha-2 country code',
};

/** An E.164 phone number in a body or a path. @type {Rule} */
const PHONE = { type: 'string', required: true, format: 'e164', error: 'invalid_phone_number' };

/** @type {Rule} */
const TARGET = {
	type: 'object',
	required: true,
	fields: {
		type: { type: 'string', required: true, enum: ['phone_number', 'email_address'] },
		value: { type: 'string', required: true },
	},
	check: checkTarget,
};

/** @type {Rule} */
const METADATA = {
	type: 'object',
	fields: { correlation_id: { type: 'string', maxLength: 64, error: 'invalid_correlation_id' } },
};

const DEVICE_PLATFORMS = ['android', 'ios', 'ipados', 'tvos', 'web'];

/**
 * The anti-fraud signals of a verification, a prediction and an evaluation: python-sdk 0.13.0's
 * nine, and existing_user, which python-sdk 0.15.0 added (the newest clients send it).
 * @type {Rule}
 */
const SIGNALS = {
	type: 'object',
	fields: {
		app_version: { type: 'string' },
		device_id: { type: 'string', error: 'invalid_device_id' },
		device_model: { type: 'string' },
		device_platform: { type: 'string', enum: DEVICE_PLATFORMS },
		existing_user: { type: 'boolean' },
		ip: { type: 'string', format: 'ip' },
		is_trusted_user: { type: 'boolean' },
		ja4_fingerprint: { type: 'string' },
		os_version: { type: 'string', error: 'invalid_os_version' },
		user_agent: { type: 'string' },
	},
};

/** The list a management endpoint's {action} names. @type {Record<string, Rule>} */
const LIST_ACTION = { action: { type: 'string', required: true, enum: ['allow', 'block'] } };

/** The body of a Notify or Transactional send, but `to`. @type {Record<string, Rule>} */
const MESSAGE_FIELDS = {
	template_id: { type: 'string', required: true },
	callback_url: { type: 'string', format: 'url', error: 'invalid_callback_url' },
	correlation_id: { type: 'string', maxLength: 80, error: 'invalid_correlation_id' },
	document: {
		type: 'object',
		fields: {
			url: { type: 'string', required: true, format: 'https', error: 'invalid_document' },
			filename: { type: 'string' },
		},
	},
	expires_at: { type: 'string', format: 'date-time', error: 'invalid_expires_at' },
	from: { type: 'string' },
	locale: { type: 'string', format: 'locale', error: 'invalid_locale' },
	max_auto_retries: { type: 'integer', min: 0 },
	preferred_channel: { type: 'string', enum: ['sms', 'rcs', 'whatsapp'] },
	variables: { type: 'map', error: 'invalid_template_variables' },
};

/**
 * A page size and a page: lists take 1 to 200 items a page, 50 when not told (Prelude's API
 * reference for the Notify lists; the history list is assumed to take the same).
 * @type {Record<string, Rule>}
 */
const PAGE = {
	cursor: { type: 'string', error: 'invalid_cursor' },
	limit: { type: 'integer', min: 1, max: 200 },
};

/** @param {Record<string, Rule>} fields @param {Rule['check']} [check] @returns {Rule} */
const query = (fields, check) => ({ type: 'object', fields, check });

/** The channels a verification's history names. */
const HISTORY_CHANNELS = [...CHANNELS, 'voice', 'silent'];

/** The statuses of a verification in its history (python-sdk 0.15.0 history retrieve). */
const HISTORY_STATUSES = [
	'converted',
	'not_converted',
	'pending_check',
	'sent',
	'challenged',
	'suspected_fraud',
	'in_blocklist',
	'invalid_line',
	'invalid_number',
	'rate_limited',
	'expired_signals',
	'shadowed',
];

/** How far apart a history search's `from` and `to` may be: six months. */
const HISTORY_SPAN_MS = 183 * 86_400_000;

/**
 * The history filters that depend on each other: `from` goes with `to`, at most six months later;
 * built-in `prelude:` templates cannot be filtered on.
 * @param {any} filters @returns {ScriptedAnswer | undefined}
 */
function checkHistoryFilters(filters) {
	if ('from' in filters !== 'to' in filters)
		return v2Error(
			422,
			'invalid_request',
			'from and to go together',
			'from' in filters ? 'to' : 'from',
		);
	if ('from' in filters) {
		const span = Date.parse(filters.to) - Date.parse(filters.from);
		if (span < 0) return v2Error(422, 'invalid_request', 'from is after to', 'from');
		if (span > HISTORY_SPAN_MS)
			return v2Error(422, 'invalid_request', 'from and to are more than six months apart', 'to');
	}
	if (String(filters.template_id ?? '').startsWith('prelude:'))
		return v2Error(
			422,
			'invalid_request',
			'built-in templates cannot be filtered on',
			'template_id',
		);
	return undefined;
}

/**
 * A target's value, by its type.
 * @param {any} target @param {string} path @returns {ScriptedAnswer | undefined}
 */
function checkTarget(target, path) {
	const at = path ? `${path}.value` : 'value';
	if (target.type === 'phone_number' && !E164.test(target.value))
		return v2Error(422, 'invalid_phone_number', `${target.value} is not a valid phone number`, at);
	if (target.type === 'email_address' && !EMAIL.test(target.value))
		return v2Error(422, 'invalid_request', `${target.value} is not an email address`, at);
	return undefined;
}

module.exports = {
	E164,
	EMAIL,
	LOCALE,
	RFC3339,
	CHANNELS,
	SUSPICIOUS_PHONE,
	SUSPICIOUS_RISK_FACTORS,
	FORMATS,
	FORMAT_NAMES,
	PHONE,
	TARGET,
	METADATA,
	DEVICE_PLATFORMS,
	SIGNALS,
	LIST_ACTION,
	MESSAGE_FIELDS,
	PAGE,
	query,
	HISTORY_CHANNELS,
	HISTORY_STATUSES,
	HISTORY_SPAN_MS,
	checkHistoryFilters,
	checkTarget,
};
