// @ts-check
'use strict';

/**
 * A strict local stand-in for Prelude's API v2 (https://api.prelude.dev/v2), serving every endpoint
 * of Prelude's official clients: Verify (verifications, checks, their history, the allow, block and
 * sandbox lists, sender IDs), Lookup, Watch (predictions, evaluations, events, feedbacks), Notify
 * (messages, replies, subscription lists), Intel (KYC match) and the deprecated Transactional API:
 * python-sdk 0.13.0's 19 methods and the 8 that python-sdk 0.15.0 added. Bearer auth; each request
 * is checked against its model in V2_MODELS (path parameters, query string and JSON body, field by
 * field): unknown fields, wrong types, missing required fields, bad enums and bad formats are
 * refused in v2's error shape, a malformed request with 400 invalid_request and a well-formed but
 * invalid value with 422 and the field's own code. Every answer is JSON.
 *
 * It keeps state as Prelude does: verification windows (a create inside the window of the same
 * target is a retry), checks, the allow and block lists (a blocked number's verifications are
 * blocked), sandbox numbers (a fixed code, nothing sent), sender IDs, the history of every
 * verification, Watch feedbacks, events and predictions, the messages sent and the WhatsApp
 * messages received (`inbound`, for replies). The Notify subscription lists and one KYC identity
 * are seeded (SUBSCRIPTION_SEED, KYC_IDENTITIES); lists are paged by cursor. Webhook events are
 * signed with RSASSA-PSS SHA-256 under a key pair the tests generate. The Ding stand-in serves it
 * on the same port under /v2, so one sandbox answers both APIs.
 */

const crypto = require('node:crypto');

const { numberInfo } = require('./numbering');

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
 * @typedef {import('./ding-stand-in').ScriptedAnswer} ScriptedAnswer
 * @typedef {import('./ding-stand-in').RecordedRequest} RecordedRequest
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
 * The v2 request models, one per endpoint, as Prelude's official clients define them: python-sdk
 * 0.13.0 (src/prelude_python_sdk/types/*_params.py) unless an entry names a newer source. Where the
 * TypeScript SDK 0.10.0 sends a field the newest Python SDK does not, the entry says what was
 * decided and why. Ranges and formats the SDKs leave out follow Prelude's API reference.
 * @type {Record<string, Endpoint>}
 */
const V2_MODELS = {
	// Verify. python-sdk 0.13.0 verification_create_params.py, signals as python-sdk 0.15.0. TS SDK
	// 0.10.0 also sends options.integration ('auth0' | 'supabase'): python-sdk removed it in 0.11.0
	// and no newer official source has it, so it is refused as an unknown field.
	'POST /v2/verification': {
		body: {
			type: 'object',
			fields: {
				target: TARGET,
				dispatch_id: { type: 'string' },
				metadata: METADATA,
				options: {
					type: 'object',
					fields: {
						app_realm: {
							type: 'object',
							fields: {
								platform: {
									type: 'string',
									required: true,
									enum: ['android', 'web'],
									error: 'invalid_app_realm_platform',
								},
								value: { type: 'string', required: true, error: 'invalid_app_realm_value' },
							},
						},
						callback_url: { type: 'string', format: 'url', error: 'invalid_callback_url' },
						channels: { type: 'array', items: { type: 'string', enum: CHANNELS } },
						code_size: { type: 'integer', min: 4, max: 8, error: 'invalid_code_size' },
						custom_code: { type: 'string', format: 'digits', error: 'invalid_custom_code' },
						force_challenge: { type: 'boolean' },
						locale: { type: 'string', format: 'locale', error: 'invalid_locale' },
						max_auto_fallbacks: { type: 'integer', min: 0, max: 10 },
						method: { type: 'string', enum: ['auto', 'voice', 'message'] },
						preferred_channel: { type: 'string', enum: CHANNELS },
						sender_id: { type: 'string' },
						template_id: { type: 'string' },
						variables: { type: 'map', error: 'invalid_template_variables' },
					},
				},
				signals: SIGNALS,
			},
		},
	},
	// python-sdk 0.13.0 verification_check_params.py
	'POST /v2/verification/check': {
		body: {
			type: 'object',
			fields: {
				target: TARGET,
				code: { type: 'string', required: true },
				psd2: {
					type: 'object',
					fields: {
						amount: { type: 'string', required: true, format: 'decimal' },
						currency: { type: 'string', required: true, format: 'currency' },
						recipient: { type: 'string', required: true },
					},
				},
			},
		},
	},
	// python-sdk 0.13.0 verification_management_*_params.py: the allow and block lists.
	'GET /v2/verification/management/phone-numbers/{action}': { path: LIST_ACTION },
	'POST /v2/verification/management/phone-numbers/{action}': {
		path: LIST_ACTION,
		body: { type: 'object', fields: { phone_number: PHONE } },
	},
	'DELETE /v2/verification/management/phone-numbers/{action}': {
		path: LIST_ACTION,
		body: { type: 'object', fields: { phone_number: PHONE } },
	},
	// python-sdk 0.15.0 verification_management.sandbox: numbers with a fixed code. The literal
	// "sandbox" segment wins over {action}.
	'GET /v2/verification/management/phone-numbers/sandbox': {},
	'PUT /v2/verification/management/phone-numbers/sandbox': {
		body: {
			type: 'object',
			fields: {
				phone_number: PHONE,
				attempt_code: {
					type: 'string',
					required: true,
					format: 'digits',
					error: 'invalid_attempt_code',
				},
			},
		},
	},
	'DELETE /v2/verification/management/phone-numbers/sandbox/{phone_number}': {
		path: { phone_number: PHONE },
	},
	// python-sdk 0.13.0 verification_management_submit_sender_id_params.py
	'GET /v2/verification/management/sender-id': {},
	'POST /v2/verification/management/sender-id': {
		body: { type: 'object', fields: { sender_id: { type: 'string', required: true } } },
	},

	// python-sdk 0.15.0 verification.phone.history: the verifications of phone numbers, newest
	// first, filtered (AND) and paged; a cursor goes with the filters it was given with.
	'GET /v2/verification/phone/history': {
		query: query(
			{
				channels: { type: 'array', items: { type: 'string', enum: HISTORY_CHANNELS } },
				...PAGE,
				device_platform: { type: 'string', enum: DEVICE_PLATFORMS },
				from: { type: 'string', format: 'date-time' },
				max_attempts: { type: 'integer', min: 0 },
				min_attempts: { type: 'integer', min: 0 },
				phone_number: { type: 'string', format: 'phone', error: 'invalid_phone_number' },
				region: { type: 'string', format: 'country' },
				status: {
					type: 'string',
					enum: HISTORY_STATUSES.filter((status) => status !== 'pending_check'),
				},
				template_id: { type: 'string' },
				to: { type: 'string', format: 'date-time' },
			},
			checkHistoryFilters,
		),
	},
	'GET /v2/verification/phone/history/{id}': { path: { id: { type: 'string', required: true } } },

	// Lookup. python-sdk 0.13.0 lookup_lookup_params.py
	'GET /v2/lookup/{phone_number}': {
		path: { phone_number: PHONE },
		query: query({ type: { type: 'array', items: { type: 'string', enum: ['cnam'] } } }),
	},

	// Watch. python-sdk 0.13.0 watch_predict_params.py
	'POST /v2/watch/predict': {
		body: {
			type: 'object',
			fields: {
				target: TARGET,
				dispatch_id: { type: 'string' },
				metadata: METADATA,
				signals: SIGNALS,
			},
		},
	},
	// python-sdk 0.13.0 watch_send_events_params.py: 1 to 100 events.
	'POST /v2/watch/event': {
		body: {
			type: 'object',
			fields: {
				events: {
					type: 'array',
					required: true,
					minItems: 1,
					maxItems: 100,
					items: {
						type: 'object',
						fields: {
							target: TARGET,
							label: { type: 'string', required: true },
							confidence: {
								type: 'string',
								required: true,
								enum: ['maximum', 'high', 'neutral', 'low', 'minimum'],
							},
						},
					},
				},
			},
		},
	},
	// python-sdk 0.15.0 watch.evaluate (beta): the recipes of a flow run on a target.
	'POST /v2/watch/eval': {
		body: {
			type: 'object',
			fields: {
				flow_id: { type: 'string', required: true },
				target: TARGET,
				attributes: { type: 'map', error: 'invalid_attributes' },
				dispatch_id: { type: 'string' },
				signals: SIGNALS,
			},
		},
	},
	// python-sdk 0.13.0 watch_send_feedbacks_params.py: 1 to 100 feedbacks. TS SDK 0.10.0 also
	// sends a feedback's dispatch_id and signals: python-sdk removed both in 0.11.0 and 0.15.0 has
	// neither, so they are refused as unknown fields.
	'POST /v2/watch/feedback': {
		body: {
			type: 'object',
			fields: {
				feedbacks: {
					type: 'array',
					required: true,
					minItems: 1,
					maxItems: 100,
					items: {
						type: 'object',
						fields: {
							target: TARGET,
							type: {
								type: 'string',
								required: true,
								enum: ['verification.started', 'verification.completed'],
							},
							metadata: METADATA,
						},
					},
				},
			},
		},
	},

	// Notify. python-sdk 0.13.0 notify_send_params.py and notify_send_batch_params.py
	'POST /v2/notify': {
		body: {
			type: 'object',
			fields: {
				...MESSAGE_FIELDS,
				to: PHONE,
				schedule_at: { type: 'string', format: 'date-time', error: 'invalid_schedule_at' },
			},
		},
	},
	// Each recipient is checked on its own: a number that is not E.164 fails its result only.
	'POST /v2/notify/batch': {
		body: {
			type: 'object',
			fields: {
				...MESSAGE_FIELDS,
				to: { type: 'array', required: true, minItems: 1, items: { type: 'string' } },
				schedule_at: { type: 'string', format: 'date-time', error: 'invalid_schedule_at' },
			},
		},
	},
	// python-sdk 0.15.0 notify.reply: free WhatsApp text to the sender of a message received in
	// the last 24 hours.
	'POST /v2/notify/reply': {
		body: {
			type: 'object',
			fields: {
				reply_to: { type: 'string', required: true },
				text: { type: 'string', required: true },
				to: PHONE,
				callback_url: MESSAGE_FIELDS.callback_url,
				correlation_id: MESSAGE_FIELDS.correlation_id,
			},
		},
	},
	// python-sdk 0.13.0 notify_list_subscription_*_params.py
	'GET /v2/notify/management/subscriptions': { query: query(PAGE) },
	'GET /v2/notify/management/subscriptions/{config_id}': {
		path: { config_id: { type: 'string', required: true } },
	},
	'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers': {
		path: { config_id: { type: 'string', required: true } },
		query: query({ ...PAGE, state: { type: 'string', enum: ['SUB', 'UNSUB'] } }),
	},
	'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}': {
		path: { config_id: { type: 'string', required: true }, phone_number: PHONE },
	},
	'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}/events': {
		path: { config_id: { type: 'string', required: true }, phone_number: PHONE },
		query: query(PAGE),
	},

	// Transactional, deprecated for Notify. python-sdk 0.13.0 transactional_send_params.py: the
	// Notify fields without schedule_at.
	'POST /v2/transactional': {
		body: { type: 'object', fields: { ...MESSAGE_FIELDS, to: PHONE } },
	},

	// Intel. python-sdk 0.15.0 intel.kyc.match: every field optional, birthdate YYYY-MM-DD.
	'POST /v2/intel/kyc/match/{phone}': {
		path: { phone: PHONE },
		body: {
			type: 'object',
			fields: {
				address: { type: 'string' },
				birthdate: { type: 'string', format: 'date', error: 'invalid_birthdate' },
				country: { type: 'string', format: 'country', error: 'invalid_country' },
				email: { type: 'string' },
				family_name: { type: 'string' },
				given_name: { type: 'string' },
				locality: { type: 'string' },
				postal_code: { type: 'string' },
				region: { type: 'string' },
			},
		},
	},
};

/**
 * The routes of V2_MODELS as patterns, a `{name}` being one path segment. Where two match, the one
 * with more literal segments wins: GET …/phone-numbers/sandbox is not …/phone-numbers/{action}.
 */
const ROUTES = Object.keys(V2_MODELS).map((key) => {
	const [method, template] = key.split(' ');
	/** @type {string[]} */
	const names = [];
	const segments = template.split('/').map((segment) => {
		const name = /^\{(\w+)\}$/.exec(segment)?.[1];
		if (name === undefined) return segment;
		names.push(name);
		return '([^/]+)';
	});
	return {
		key,
		method,
		pattern: new RegExp(`^${segments.join('/')}$`),
		names,
		literals: segments.length - names.length,
	};
});

/**
 * The route of a request, with its raw path parameters; or the methods the path takes, when it
 * exists but not for this method.
 * @param {string} method @param {string} path
 * @returns {{ key: string, raw: Record<string, string> } | { allowed: string[] } | undefined}
 */
function matchRoute(method, path) {
	const matching = ROUTES.filter((route) => route.pattern.test(path));
	if (matching.length === 0) return undefined;
	const route = matching
		.filter((r) => r.method === method)
		.sort((a, b) => b.literals - a.literals)[0];
	if (!route) return { allowed: [...new Set(matching.map((r) => r.method))] };
	const values = /** @type {RegExpExecArray} */ (route.pattern.exec(path)).slice(1);
	return {
		key: route.key,
		raw: Object.fromEntries(route.names.map((name, i) => [name, values[i]])),
	};
}

/** @param {number} status @param {string} code @param {string} message @param {string} [param] @returns {ScriptedAnswer} */
function v2Error(status, code, message, param) {
	return {
		status,
		body: {
			code,
			message,
			...(param ? { param } : {}),
			request_id: `req_${crypto.randomBytes(8).toString('hex')}`,
		},
	};
}

/**
 * Adds every problem of a value against its rule to `problems`: a 400 invalid_request for a
 * malformed request, a 422 with the field's own code for a well-formed but invalid value.
 * @param {Rule} rule @param {any} value @param {string} path @param {ScriptedAnswer[]} problems
 */
function checkRule(rule, value, path, problems) {
	const malformed = (/** @type {string} */ what) =>
		problems.push(v2Error(400, 'invalid_request', `${path || 'body'} ${what}`, path || undefined));
	const invalid = (/** @type {string} */ what) =>
		problems.push(v2Error(422, rule.error ?? 'invalid_request', `${path} ${what}`, path));
	if (value === null) return malformed('is null');
	switch (rule.type) {
		case 'object': {
			if (typeof value !== 'object' || Array.isArray(value)) return malformed('must be an object');
			const before = problems.length;
			const fields = rule.fields ?? {};
			for (const name of Object.keys(value)) {
				if (!(name in fields)) malformed(`has an unknown field "${name}"`);
			}
			for (const [name, inner] of Object.entries(fields)) {
				const at = path ? `${path}.${name}` : name;
				if (!(name in value)) {
					if (inner.required) malformed(`is missing the required field "${name}"`);
					continue;
				}
				checkRule(inner, value[name], at, problems);
			}
			const problem = problems.length === before ? rule.check?.(value, path) : undefined;
			if (problem) problems.push(problem);
			return;
		}
		case 'array': {
			if (!Array.isArray(value)) return malformed('must be a list');
			if (rule.minItems !== undefined && value.length < rule.minItems)
				problems.push(
					v2Error(
						400,
						value.length === 0 ? 'empty_batch' : 'invalid_request',
						`${path} has fewer than ${rule.minItems} items`,
						path,
					),
				);
			if (rule.maxItems !== undefined && value.length > rule.maxItems)
				problems.push(
					v2Error(400, 'batch_size_exceeded', `${path} has more than ${rule.maxItems} items`, path),
				);
			for (let i = 0; i < value.length; i++)
				checkRule(/** @type {Rule} */ (rule.items), value[i], `${path}[${i}]`, problems);
			return;
		}
		case 'map': {
			if (typeof value !== 'object' || Array.isArray(value)) return malformed('must be an object');
			for (const [key, inner] of Object.entries(value)) {
				if (key.trim() === '' || typeof inner !== 'string')
					return invalid('must map names to text');
			}
			return;
		}
		case 'integer':
			if (typeof value !== 'number' || !Number.isInteger(value))
				return malformed('must be an integer');
			if (rule.min !== undefined && value < rule.min)
				return invalid(`must be at least ${rule.min}`);
			if (rule.max !== undefined && value > rule.max) return invalid(`must be at most ${rule.max}`);
			return;
		case 'boolean':
			if (typeof value !== 'boolean') malformed('must be a boolean');
			return;
		default: {
			if (typeof value !== 'string') return malformed('must be a string');
			if (value.trim() === '') return invalid('is empty');
			if (value !== value.trim()) return invalid('has surrounding spaces');
			if (rule.enum && !rule.enum.includes(value))
				return invalid(`must be one of ${rule.enum.join(', ')}`);
			if (rule.maxLength !== undefined && value.length > rule.maxLength)
				return invalid(`is longer than ${rule.maxLength} characters`);
			if (rule.format && !FORMATS[rule.format](value))
				return invalid(`is not a valid ${FORMAT_NAMES[rule.format] ?? rule.format}`);
			return;
		}
	}
}

/**
 * The answer to a request with problems: a malformed part (400) before an invalid value (422), as
 * a server parses a request whole before it judges its values.
 * @param {ScriptedAnswer[]} problems
 */
function firstProblem(problems) {
	return problems.find((p) => p.status === 400) ?? problems[0];
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

/**
 * The query string as a value for the endpoint's query rule, decoded as a form is ("+" is a
 * space; the official clients write a "+" as %2B). A parameter appears once, its value as the
 * official clients write it: an integer in decimal digits, a boolean as true or false. A list is
 * its values joined by commas, as both official clients send it (array format "comma"), or the
 * parameter repeated, as Prelude's API reference writes it. Unknown parameters are refused.
 * @param {Rule} rule @param {string} url
 * @returns {{ value: Record<string, unknown> } | { problem: ScriptedAnswer }}
 */
function readQuery(rule, url) {
	const search = new URL(url, 'http://127.0.0.1').searchParams;
	const fields = rule.fields ?? {};
	/** @type {Record<string, unknown>} */
	const value = {};
	for (const key of new Set(search.keys())) {
		const inner = fields[key];
		if (!inner)
			return { problem: v2Error(400, 'invalid_request', `unknown query parameter "${key}"`, key) };
		const texts = search.getAll(key);
		if (inner.type === 'array') {
			value[key] = texts.flatMap((text) => text.split(','));
			continue;
		}
		if (texts.length > 1)
			return {
				problem: v2Error(400, 'invalid_request', `query parameter "${key}" is given twice`, key),
			};
		const [text] = texts;
		if (inner.type === 'integer') value[key] = /^-?\d+$/.test(text) ? Number(text) : text;
		else if (inner.type === 'boolean')
			value[key] = text === 'true' ? true : text === 'false' ? false : text;
		else value[key] = text;
	}
	return { value };
}

/** A Prelude-style ID: a prefix and 26 lower-case base-32 characters. @param {string} prefix */
function preludeId(prefix) {
	const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
	let id = '';
	for (const byte of crypto.randomBytes(26)) id += alphabet[byte % 32];
	return `${prefix}_${id}`;
}

/**
 * One page of a list, through an opaque cursor (base64 JSON, as Prelude's) that names the list it
 * belongs to and the last item it gave. A cursor of another list, or not one at all, is refused.
 * @template T
 * @param {T[]} items the whole list, in its order
 * @param {(item: T) => string} keyOf what identifies an item in the list
 * @param {string} list what identifies the list: its endpoint, path parameters and filters
 * @param {{ cursor?: string, limit?: number }} page
 * @returns {{ items: T[], next_cursor?: string } | { problem: ScriptedAnswer }}
 */
function paginate(items, keyOf, list, page) {
	let start = 0;
	if (page.cursor !== undefined) {
		/** @type {unknown} */
		let after;
		try {
			const bytes = Buffer.from(page.cursor, 'base64');
			const read = JSON.parse(bytes.toString('utf8'));
			if (bytes.toString('base64') === page.cursor && read.list === list) after = read.after;
		} catch {
			after = undefined;
		}
		start = items.findIndex((item) => keyOf(item) === after) + 1;
		if (start === 0)
			return {
				problem: v2Error(422, 'invalid_cursor', 'cursor is not a cursor of this list', 'cursor'),
			};
	}
	const limit = page.limit ?? 50;
	const slice = items.slice(start, start + limit);
	if (start + limit >= items.length) return { items: slice };
	const after = keyOf(slice[slice.length - 1]);
	return {
		items: slice,
		next_cursor: Buffer.from(JSON.stringify({ list, after })).toString('base64'),
	};
}

/**
 * A path parameter as the official clients write it (Stainless's encodeURIPath, which Prelude's
 * TypeScript SDK uses, and python-sdk's path_template; Ding's SDKs do the same for a number):
 * characters a path segment may hold (RFC 3986 pchar) stay as they are, "+" included, and
 * everything else is percent-encoded.
 * @param {string} value
 */
function officialPathEncoding(value) {
	return value.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]+/g, encodeURIComponent);
}

/**
 * @typedef {{ config_id: string, phone_number: string, state: 'SUB' | 'UNSUB',
 *   source: 'MO_KEYWORD' | 'API' | 'CSV_IMPORT' | 'CARRIER_DISCONNECT', reason?: string,
 *   timestamp: string }} SubscriptionEvent
 * @typedef {{ id: string, name: string, callback_url: string, created_at: string,
 *   updated_at: string, messages: Record<string, string>,
 *   mo_phone_numbers: Array<{ country_code: string, phone_number: string }> }} SubscriptionConfig
 */

/** The subscription configuration with enough numbers and events to page through. */
const SUBSCRIPTION_CONFIG_ID = 'subcfg_01k8ap1btqf5r9fq2c8ax5fhc9';

/**
 * The Notify subscription data every stand-in holds (Prelude fills it from keywords people text,
 * CSV imports and carriers; no endpoint changes it), as python-sdk 0.13.0's notify_*_response.py
 * shape it. Three configurations; the first holds seven numbers, +33612345601 with five events, so
 * a limit of 2 or 3 takes several pages of each list. Events are oldest first here, as rows of
 * state, source, reason and time.
 * @type {Array<{ id: string, name: string, created_at: string,
 *   mo_phone_numbers: SubscriptionConfig['mo_phone_numbers'],
 *   numbers: Record<string, Array<[SubscriptionEvent['state'], SubscriptionEvent['source'],
 *     string | undefined, string]>> }>}
 */
const SUBSCRIPTION_SEED = [
	{
		id: SUBSCRIPTION_CONFIG_ID,
		name: 'Marketing Campaign',
		created_at: '2025-01-02T09:00:00Z',
		mo_phone_numbers: [
			{ country_code: 'FR', phone_number: '36184' },
			{ country_code: 'US', phone_number: '+15551234567' },
		],
		numbers: {
			'+33612345601': [
				['SUB', 'CSV_IMPORT', undefined, '2025-01-06T09:00:00Z'],
				['UNSUB', 'MO_KEYWORD', 'STOP', '2025-02-03T18:12:00Z'],
				['SUB', 'MO_KEYWORD', 'START', '2025-03-10T08:30:00Z'],
				['UNSUB', 'MO_KEYWORD', 'STOP', '2025-04-21T20:05:00Z'],
				['SUB', 'API', undefined, '2025-05-15T11:00:00Z'],
			],
			'+33612345602': [
				['SUB', 'CSV_IMPORT', undefined, '2025-01-06T09:00:00Z'],
				['UNSUB', 'MO_KEYWORD', 'STOP', '2025-02-14T10:00:00Z'],
			],
			'+33612345603': [['SUB', 'API', undefined, '2025-01-07T12:00:00Z']],
			'+33612345604': [
				['SUB', 'CSV_IMPORT', undefined, '2025-01-06T09:00:00Z'],
				['UNSUB', 'MO_KEYWORD', 'ARRET', '2025-03-01T07:45:00Z'],
				['SUB', 'MO_KEYWORD', 'START', '2025-03-02T07:45:00Z'],
			],
			'+33612345605': [
				['SUB', 'API', undefined, '2025-01-08T15:30:00Z'],
				['UNSUB', 'CARRIER_DISCONNECT', undefined, '2025-06-01T00:00:00Z'],
			],
			'+33612345606': [['SUB', 'MO_KEYWORD', 'START', '2025-02-20T19:00:00Z']],
			'+33612345607': [['SUB', 'CSV_IMPORT', undefined, '2025-01-06T09:00:00Z']],
		},
	},
	{
		id: 'subcfg_01k8ap2x7d3m4n5p6q7r8s9t0v',
		name: 'Product Updates',
		created_at: '2025-02-01T09:00:00Z',
		mo_phone_numbers: [{ country_code: 'GB', phone_number: '+447700900555' }],
		numbers: {
			'+447700900501': [['SUB', 'API', undefined, '2025-02-02T10:00:00Z']],
			'+447700900502': [
				['SUB', 'API', undefined, '2025-02-02T10:00:00Z'],
				['UNSUB', 'MO_KEYWORD', 'STOP', '2025-02-09T10:00:00Z'],
			],
		},
	},
	{
		id: 'subcfg_01k8ap3c9e5f6g7h8j9k0m1n2p',
		name: 'Weekly Digest',
		created_at: '2025-03-01T09:00:00Z',
		mo_phone_numbers: [],
		numbers: {},
	},
];

/** The seed as the API answers it. */
const SUBSCRIPTIONS = SUBSCRIPTION_SEED.map((seed) => {
	/** @type {SubscriptionConfig} */
	const config = {
		id: seed.id,
		name: seed.name,
		callback_url: 'https://example.com/webhooks/subscriptions',
		messages: {
			help_message: 'Reply STOP to unsubscribe or START to resubscribe.',
			start_message: 'You have been resubscribed. Reply STOP to unsubscribe.',
			stop_message: 'You have been unsubscribed. Reply START to resubscribe.',
		},
		created_at: seed.created_at,
		updated_at: seed.created_at,
		mo_phone_numbers: seed.mo_phone_numbers,
	};
	/** @type {Map<string, SubscriptionEvent[]>} newest first, as the API lists them */
	const events = new Map(
		Object.entries(seed.numbers).map(([phone_number, rows]) => [
			phone_number,
			rows
				.map(([state, source, reason, timestamp]) => ({
					config_id: seed.id,
					phone_number,
					state,
					source,
					...(reason ? { reason } : {}),
					timestamp,
				}))
				.reverse(),
		]),
	);
	return { config, events };
});

/**
 * A number's subscription as the API answers it: its latest event.
 * @param {SubscriptionEvent} latest
 */
function subscriptionOf(latest) {
	const { timestamp, ...rest } = latest;
	return { ...rest, updated_at: timestamp };
}

/**
 * A list of phone numbers (the allow or the block list) that remembers when each was added.
 * @extends {Set<string>}
 */
class PhoneList extends Set {
	constructor() {
		super();
		/** @type {Map<string, Date>} */
		this.addedAt = new Map();
	}

	/** @param {string} number */
	add(number) {
		if (!this.addedAt.has(number)) this.addedAt.set(number, new Date());
		return super.add(number);
	}

	/** @param {string} number */
	delete(number) {
		this.addedAt.delete(number);
		return super.delete(number);
	}

	clear() {
		this.addedAt.clear();
		super.clear();
	}

	/** The list as the API answers it, oldest first. */
	listed() {
		return [...this].map((phone_number) => ({
			phone_number,
			created_at: /** @type {Date} */ (this.addedAt.get(phone_number)).toISOString(),
		}));
	}
}

/**
 * @typedef {{ id: string, target: { type: string, value: string }, code: string,
 *   createdAt: Date, expiresAt: Date, closed: boolean, attempts: number, request: any,
 *   checks: Array<{ code: string, status: string, createdAt: Date }>,
 *   sent: Array<{ id: string, createdAt: Date, channel: string, preferredChannel?: string,
 *     trigger: 'initial' | 'user_retry' }>,
 *   condition?: 'allow_listed' | 'block_listed' | 'sandboxed',
 *   blocked?: { status: 'in_blocklist' | 'suspected_fraud', reasons: string[] },
 *   convertedAt?: Date }} Verification
 *   A verification: `sent` holds the messages sent (none to a sandbox number), `condition` the
 *   list its number was on when it was created, `blocked` why anti-fraud refused it.
 * @typedef {{ apiKey: string, signingKey?: crypto.KeyObject | string, ttlSeconds?: number,
 *   onCode?: (v: Verification) => void,
 *   deliver: (url: string, event: any, headers: Record<string, string>, raw: string) => void }} PreludeOptions
 */

class PreludeStandIn {
	/** @param {PreludeOptions} options */
	constructor(options) {
		this.apiKey = options.apiKey;
		this.signingKey = options.signingKey;
		this.ttlSeconds = options.ttlSeconds ?? 600;
		this.onCode = options.onCode;
		this.deliver = options.deliver;
		/** @type {Map<string, Verification>} open and closed verifications by "type value" */
		this.verifications = new Map();
		/** @type {any[]} feedbacks recorded by the Watch API */
		this.feedbacks = [];
		/** @type {any[]} events recorded by the Watch API */
		this.watchEvents = [];
		/** @type {Array<{ request: any, answer: any }>} predictions made by the Watch API */
		this.predictions = [];
		/** @type {PhoneList} the block list: Prelude blocks verifications to these numbers */
		this.blocked = new PhoneList();
		/** @type {PhoneList} the allow list: Prelude's anti-fraud lets these numbers through */
		this.allowed = new PhoneList();
		/** @type {Map<string, { sender_id: string, status: 'approved' | 'pending' | 'rejected', reason?: string }>} */
		this.senderIds = new Map();
		/** @type {Map<string, { phone_number: string, attempt_code: string, createdAt: Date }>} sandbox numbers */
		this.sandbox = new Map();
		/** @type {Verification[]} every verification of a phone number, blocked ones too, oldest first */
		this.history = [];
		/** @type {any[]} messages accepted by the Notify and Transactional APIs, and replies */
		this.messages = [];
		/** @type {Map<string, { id: string, from: string, text: string, receivedAt: Date }>} WhatsApp messages received */
		this.inboundMessages = new Map();

		/** @type {Record<string, (input: V2Input) => ScriptedAnswer>} one per V2_MODELS entry */
		this.handlers = {
			'POST /v2/verification': ({ body }) => this.create(body),
			'POST /v2/verification/check': ({ body }) => this.check(body),
			'GET /v2/verification/phone/history': ({ query }) => this.historyList(query),
			'GET /v2/verification/phone/history/{id}': ({ params }) => this.historyEntry(params.id),
			'GET /v2/verification/management/phone-numbers/{action}': ({ params }) =>
				ok({ phone_numbers: this.list(params.action).listed() }),
			'POST /v2/verification/management/phone-numbers/{action}': ({ params, body }) => {
				this.list(params.action).add(body.phone_number);
				// Prelude's API reference answers this one "Created"; adding a number twice is no error.
				return { status: 201, body: { phone_number: body.phone_number } };
			},
			'DELETE /v2/verification/management/phone-numbers/{action}': ({ params, body }) => {
				this.list(params.action).delete(body.phone_number);
				return ok({ phone_number: body.phone_number });
			},
			'GET /v2/verification/management/phone-numbers/sandbox': () => this.sandboxList(),
			'PUT /v2/verification/management/phone-numbers/sandbox': ({ body }) => this.sandboxAdd(body),
			'DELETE /v2/verification/management/phone-numbers/sandbox/{phone_number}': ({ params }) => {
				this.sandbox.delete(params.phone_number);
				return ok({ phone_number: params.phone_number });
			},
			'GET /v2/verification/management/sender-id': () =>
				ok({
					sender_ids: [...this.senderIds.values()].map(({ sender_id, status }) => ({
						sender_id,
						status,
					})),
				}),
			'POST /v2/verification/management/sender-id': ({ body }) => this.submitSenderId(body),
			'GET /v2/lookup/{phone_number}': ({ params, query }) =>
				this.lookup(params.phone_number, /** @type {string[]} */ (query.type ?? [])),
			'POST /v2/watch/predict': ({ body }) => this.predict(body),
			'POST /v2/watch/eval': ({ body }) => this.evaluate(body),
			'POST /v2/watch/event': ({ body }) => {
				this.watchEvents.push(...body.events);
				return ok({ request_id: preludeId('req'), status: 'success' });
			},
			'POST /v2/watch/feedback': ({ body }) => {
				this.feedbacks.push(...body.feedbacks);
				return ok({ request_id: preludeId('req'), status: 'success' });
			},
			'POST /v2/notify': ({ body }) => this.notify(body),
			'POST /v2/notify/batch': ({ body }) => this.notifyBatch(body),
			'POST /v2/notify/reply': ({ body }) => this.reply(body),
			'GET /v2/notify/management/subscriptions': ({ query }) => subscriptionConfigs(query),
			'GET /v2/notify/management/subscriptions/{config_id}': ({ params }) =>
				subscriptionConfig(params.config_id),
			'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers': ({ params, query }) =>
				subscriptionNumbers(params.config_id, query),
			'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}': ({
				params,
			}) => subscriptionNumber(params.config_id, params.phone_number),
			'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}/events': ({
				params,
				query,
			}) => subscriptionEvents(params.config_id, params.phone_number, query),
			'POST /v2/transactional': ({ body }) => this.transactional(body),
			'POST /v2/intel/kyc/match/{phone}': ({ params, body }) => kycMatch(params.phone, body),
		};
		for (const key of Object.keys(V2_MODELS))
			if (!this.handlers[key]) throw new Error(`the stand-in has no handler for ${key}`);
	}

	reset() {
		this.verifications.clear();
		this.feedbacks = [];
		this.watchEvents = [];
		this.predictions = [];
		this.blocked.clear();
		this.allowed.clear();
		this.senderIds.clear();
		this.sandbox.clear();
		this.history = [];
		this.messages = [];
		this.inboundMessages.clear();
	}

	/**
	 * A WhatsApp message received from a number, as the inbound.message.received webhook would
	 * announce it: its `im_` ID is what POST /v2/notify/reply answers, within 24 hours.
	 * @param {string} from @param {string} text @param {Date} [receivedAt]
	 */
	inbound(from, text, receivedAt = new Date()) {
		const id = preludeId('im');
		this.inboundMessages.set(id, { id, from, text, receivedAt });
		return id;
	}

	/** The code "sent" to a target's latest verification. @param {string} value */
	codeFor(value) {
		for (const v of [...this.verifications.values()].reverse())
			if (v.target.value === value) return v.code;
		return undefined;
	}

	/** The allow or the block list. @param {string} action */
	list(action) {
		return action === 'allow' ? this.allowed : this.blocked;
	}

	/**
	 * Authenticates a request, finds its endpoint, reads its path parameters, query string and body
	 * as the official clients write them, checks them against the endpoint's model, and answers.
	 * The request is recorded with `body` set to its JSON body, or, for an endpoint without one, to
	 * its path parameters and query.
	 * @param {RecordedRequest} record
	 * @param {(r: RecordedRequest) => ScriptedAnswer | undefined} takeScripted
	 * @returns {ScriptedAnswer}
	 */
	answer(record, takeScripted) {
		const auth = record.headers.authorization;
		if (auth === undefined || auth === '')
			return v2Error(401, 'missing_api_token', 'An API token is required');
		if (auth !== `Bearer ${this.apiKey}`)
			return v2Error(401, 'invalid_api_key', 'The API key is invalid');

		const route = matchRoute(record.method, record.path);
		if (!route) return { status: 404, body: { message: 'Not Found' } };
		if ('allowed' in route) {
			const answer = v2Error(
				405,
				'method_not_allowed',
				`${record.path} takes ${route.allowed.join(', ')}, not ${record.method}`,
			);
			return { ...answer, headers: { allow: route.allowed.join(', ') } };
		}
		const model = V2_MODELS[route.key];

		/** @type {Record<string, string>} */
		const params = {};
		for (const [name, raw] of Object.entries(route.raw)) {
			try {
				params[name] = decodeURIComponent(raw);
			} catch {
				return v2Error(400, 'invalid_request', 'the path is not percent-encoded correctly');
			}
			if (officialPathEncoding(params[name]) !== raw)
				return v2Error(
					400,
					'invalid_request',
					`the path parameter "${raw}" is not written as the official clients write it`,
					name,
				);
		}

		/** @type {Record<string, any>} */
		let query = {};
		if (model.query) {
			const read = readQuery(model.query, record.url);
			if ('problem' in read) return read.problem;
			query = read.value;
		} else if (record.url.includes('?')) {
			return v2Error(400, 'invalid_request', 'this endpoint takes no query string');
		}

		if (model.body) {
			const contentType = String(record.headers['content-type'] ?? '');
			if (!contentType.startsWith('application/json'))
				return v2Error(
					400,
					'invalid_request',
					`expected content-type application/json, got "${contentType}"`,
				);
			try {
				record.body = JSON.parse(record.rawBody);
			} catch {
				return v2Error(400, 'invalid_request', 'the body is not JSON');
			}
		} else {
			if (record.rawBody !== '')
				return v2Error(400, 'invalid_request', `a ${record.method} request here takes no body`);
			record.body = { ...params, ...query };
		}

		/** @type {ScriptedAnswer[]} */
		const problems = [];
		if (model.path) checkRule({ type: 'object', fields: model.path }, params, '', problems);
		if (model.query) checkRule(model.query, query, '', problems);
		if (model.body) checkRule(model.body, record.body, '', problems);
		const problem = firstProblem(problems);
		if (problem) return problem;

		const scripted = takeScripted(record);
		if (scripted) return scripted;
		return this.handlers[route.key]({ params, query, body: record.body });
	}

	/**
	 * Lookup: a number no country's plan has (numbering.js) is refused as Prelude refuses it; a
	 * valid one gets its country's data.
	 * @param {string} number @param {string[]} types @returns {ScriptedAnswer}
	 */
	lookup(number, types) {
		const info = numberInfo(number);
		if (!info) {
			return v2Error(
				422,
				'invalid_phone_number',
				`${number} is not a valid phone number`,
				'phone_number',
			);
		}
		return {
			status: 200,
			body: {
				phone_number: number,
				country_code: info.country,
				line_type: info.mobile ? 'mobile' : 'fixed_line',
				flags: [],
				network_info: info.network,
				original_network_info: info.network,
				...(types.includes('cnam') ? { caller_name: 'JANE DOE' } : {}),
			},
		};
	}

	/**
	 * What anti-fraud makes of a target: the block list first, then the allow list and the sandbox
	 * (which bypass anti-fraud), then SUSPICIOUS_PHONE.
	 * @param {string} value
	 * @returns {{ verdict: 'blocked' | 'suspicious', risk_factors: string[] } | undefined}
	 */
	fraudVerdict(value) {
		if (this.blocked.has(value)) return { verdict: 'blocked', risk_factors: ['fraud_database'] };
		if (this.allowed.has(value) || this.sandbox.has(value)) return undefined;
		if (value === SUSPICIOUS_PHONE)
			return { verdict: 'suspicious', risk_factors: SUSPICIOUS_RISK_FACTORS };
		return undefined;
	}

	/** GET /v2/verification/management/phone-numbers/sandbox (python-sdk 0.15.0). */
	sandboxList() {
		const phone_numbers = [...this.sandbox.values()].map((entry) => ({
			phone_number: entry.phone_number,
			attempt_code: entry.attempt_code,
			created_at: entry.createdAt.toISOString(),
		}));
		return ok({ phone_numbers });
	}

	/**
	 * PUT /v2/verification/management/phone-numbers/sandbox (python-sdk 0.15.0): adds a number, or
	 * gives a number already there its new code.
	 * @param {any} body
	 */
	sandboxAdd(body) {
		const { phone_number, attempt_code } = body;
		const createdAt = this.sandbox.get(phone_number)?.createdAt ?? new Date();
		this.sandbox.set(phone_number, { phone_number, attempt_code, createdAt });
		return ok({ phone_number, attempt_code });
	}

	/** The list a number is on, as a verification's history names it. @param {string} value */
	conditionOf(value) {
		if (this.blocked.has(value)) return 'block_listed';
		if (this.sandbox.has(value)) return 'sandboxed';
		if (this.allowed.has(value)) return 'allow_listed';
		return undefined;
	}

	/**
	 * POST /v2/verification: blocked by anti-fraud, a retry inside the window of an open
	 * verification of the same target, or a new one. A sandbox number's code is its attempt code
	 * and nothing is sent to it: no message, no code to onCode, no webhook events. A phone number's
	 * verifications, blocked ones too, go into its history.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	create(body) {
		const now = new Date();
		const value = body.target.value;
		const key = `${body.target.type} ${value}`;
		const phone = body.target.type === 'phone_number';
		const request_id = preludeId('req');
		const metadata = body.metadata ? { metadata: body.metadata } : {};
		const options = body.options ?? {};
		const fraud = this.fraudVerdict(value);
		if (fraud) {
			const id = preludeId('vrf');
			const status = fraud.verdict === 'blocked' ? 'in_blocklist' : 'suspected_fraud';
			if (phone)
				this.history.push({
					id,
					target: body.target,
					code: '',
					createdAt: now,
					expiresAt: now,
					closed: true,
					attempts: 0,
					request: body,
					checks: [],
					sent: [],
					condition: this.conditionOf(value),
					blocked: { status, reasons: fraud.risk_factors },
				});
			// python-sdk 0.13.0 verification_create_response.py: a refused verification is a 200 with
			// status "blocked", the reason (in_block_list: "part of the configured block list") and
			// the risk factors; "shadow_blocked" is a dry run that must be enabled per account.
			return {
				status: 200,
				body: {
					id,
					status: 'blocked',
					method: 'message',
					reason: fraud.verdict === 'blocked' ? 'in_block_list' : 'suspicious',
					risk_factors: fraud.risk_factors,
					...metadata,
					request_id,
				},
			};
		}
		const sandbox = this.sandbox.get(value);
		const open = this.verifications.get(key);
		/** @type {Verification} */
		let verification;
		let status;
		if (open && !open.closed && open.expiresAt.getTime() > now.getTime()) {
			verification = open;
			verification.attempts += 1;
			status = 'retry';
		} else {
			const size = options.code_size ?? 6;
			const random = String(crypto.randomInt(0, 10 ** size)).padStart(size, '0');
			verification = {
				id: preludeId('vrf'),
				target: body.target,
				code: sandbox?.attempt_code ?? options.custom_code ?? random,
				createdAt: now,
				expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
				closed: false,
				attempts: 1,
				request: body,
				checks: [],
				sent: [],
				condition: this.conditionOf(value),
			};
			this.verifications.set(key, verification);
			if (phone) this.history.push(verification);
			status = 'success';
		}
		const channel = options.preferred_channel ?? options.channels?.[0] ?? 'sms';
		const method = options.method === 'voice' ? 'voice' : 'message';
		if (!sandbox) {
			verification.sent.push({
				id: preludeId('att'),
				createdAt: now,
				channel: method === 'voice' ? 'voice' : channel,
				...(options.preferred_channel ? { preferredChannel: options.preferred_channel } : {}),
				trigger: status === 'success' ? 'initial' : 'user_retry',
			});
			this.onCode?.(verification);
			if (options.callback_url)
				this.sendEvents(verification, options.callback_url, status, channel);
		}
		return {
			status: 200,
			body: {
				id: verification.id,
				status,
				method,
				...(sandbox ? {} : { channels: [method === 'voice' ? 'voice' : channel] }),
				...metadata,
				request_id,
			},
		};
	}

	/** @param {any} body @returns {ScriptedAnswer} */
	check(body) {
		const verification = this.verifications.get(`${body.target.type} ${body.target.value}`);
		const request_id = preludeId('req');
		if (!verification || verification.closed || verification.expiresAt.getTime() < Date.now()) {
			return { status: 200, body: { status: 'expired_or_not_found', request_id } };
		}
		let status = body.code === verification.code ? 'success' : 'failure';
		if (
			status === 'success' &&
			verification.request.options?.template_id === 'prelude:psd2' &&
			!body.psd2
		)
			status = 'transaction_missing';
		const now = new Date();
		if (status === 'success') {
			verification.closed = true;
			verification.convertedAt = now;
		}
		verification.checks.push({ code: body.code, status, createdAt: now });
		return {
			status: 200,
			body: {
				id: verification.id,
				status,
				...(verification.request.metadata ? { metadata: verification.request.metadata } : {}),
				request_id,
			},
		};
	}

	/** A verification's status in its history, now. @param {Verification} v */
	historyStatus(v) {
		if (v.blocked) return v.blocked.status;
		if (v.convertedAt) return 'converted';
		return !v.closed && v.expiresAt.getTime() > Date.now() ? 'pending_check' : 'not_converted';
	}

	/** GET /v2/verification/phone/history/{id}, or 404. @param {string} id */
	historyEntry(id) {
		const verification = this.history.find((v) => v.id === id);
		if (!verification) return v2Error(404, 'not_found', `no verification ${id}`, 'id');
		return ok(this.historyOf(verification));
	}

	/**
	 * The history of a verification (python-sdk 0.15.0 history retrieve): the verification and its
	 * lifecycle (create, each message sent, each check, in order). While it is open, the code in a
	 * message is masked and a check's value left out.
	 * @param {Verification} v
	 */
	historyOf(v) {
		const open = this.historyStatus(v) === 'pending_check';
		const signals = v.request.signals ?? {};
		const network = networkOf(v.target.value);
		const current = this.conditionOf(v.target.value);
		/** @type {Array<{ at: Date, event: any }>} */
		const events = [
			{ at: v.createdAt, event: { create: { created_at: v.createdAt.toISOString() } } },
		];
		for (const attempt of v.sent) {
			const at = attempt.createdAt.toISOString();
			events.push({
				at: attempt.createdAt,
				event: {
					attempt: {
						id: attempt.id,
						created_at: at,
						channel: attempt.channel,
						...(attempt.preferredChannel ? { preferred_channel: attempt.preferredChannel } : {}),
						content: `Your verification code is ${open ? '*'.repeat(v.code.length) : v.code}.`,
						cost: cost(1),
						delivery_events: [
							{ received_at: at, status: 'submitted' },
							{ received_at: at, status: 'delivered' },
						],
						delivery_status: 'delivered',
						status: 'succeeded',
						trigger: attempt.trigger,
					},
				},
			});
		}
		for (const check of v.checks) {
			events.push({
				at: check.createdAt,
				event: {
					check: {
						created_at: check.createdAt.toISOString(),
						is_valid: check.status === 'success',
						...(open ? {} : { value: check.code }),
						...(check.status.startsWith('transaction_') ? { status_detail: check.status } : {}),
					},
				},
			});
		}
		events.sort((a, b) => a.at.getTime() - b.at.getTime());
		return {
			id: v.id,
			created_at: v.createdAt.toISOString(),
			expires_at: v.expiresAt.toISOString(),
			phone_number: v.target.value,
			status: this.historyStatus(v),
			...(v.request.metadata?.correlation_id
				? { correlation_id: v.request.metadata.correlation_id }
				: {}),
			...optional(v.request.options ?? {}, ['template_id']),
			...optional(signals, ['app_version', 'device_model', 'device_platform']),
			...(signals.ip ? { ip_address: signals.ip } : {}),
			signals: {
				is_trusted_user: signals.is_trusted_user ?? false,
				...optional(signals, ['device_id', 'ja4_fingerprint', 'os_version', 'user_agent']),
			},
			...(v.condition ? { phone_number_condition: v.condition } : {}),
			...(current ? { phone_number_current_condition: current } : {}),
			...(v.blocked ? { block_reasons: v.blocked.reasons } : {}),
			...(network
				? {
						carrier: { mccmnc: network.mccmnc, name: network.carrier },
						phone_number_region: network.region,
					}
				: {}),
			lifecycle: {
				events: events.map(({ event }) => ({ type: Object.keys(event)[0], ...event })),
				total_cost: cost(v.sent.length),
			},
		};
	}

	/**
	 * GET /v2/verification/phone/history (python-sdk 0.15.0): the verifications the filters all
	 * match, newest first, a page at a time. A sandbox number's entries carry no attempt count.
	 * @param {Record<string, any>} query @returns {ScriptedAnswer}
	 */
	historyList(query) {
		const { cursor, limit, ...filters } = query;
		const number = filters.phone_number?.replace(/^\+?/, '+');
		const from = filters.from ? Date.parse(filters.from) : -Infinity;
		const to = filters.to ? Date.parse(filters.to) : Infinity;
		const matching = [...this.history].reverse().filter((v) => {
			const options = v.request.options ?? {};
			const created = v.createdAt.getTime();
			return (
				(!filters.channels?.length ||
					v.sent.some((attempt) => filters.channels.includes(attempt.channel))) &&
				(filters.device_platform === undefined ||
					v.request.signals?.device_platform === filters.device_platform) &&
				created >= from &&
				created <= to &&
				(filters.max_attempts === undefined || v.sent.length <= filters.max_attempts) &&
				(filters.min_attempts === undefined || v.sent.length >= filters.min_attempts) &&
				(number === undefined || v.target.value === number) &&
				(filters.region === undefined || networkOf(v.target.value)?.region === filters.region) &&
				(filters.status === undefined || this.historyStatus(v) === filters.status) &&
				(filters.template_id === undefined || options.template_id === filters.template_id)
			);
		});
		const list = `history ${JSON.stringify(Object.entries(filters).sort())}`;
		const page = paginate(matching, (v) => v.id, list, { cursor, limit });
		if ('problem' in page) return page.problem;
		const verifications = page.items.map((v) => {
			const last = v.sent[v.sent.length - 1];
			return {
				id: v.id,
				channels: [...new Set(v.sent.map((attempt) => attempt.channel))].map((channel) => ({
					channel,
					converted: Boolean(v.convertedAt) && channel === last?.channel,
				})),
				created_at: v.createdAt.toISOString(),
				delivered: v.sent.length > 0,
				phone_number: v.target.value,
				status: this.historyStatus(v),
				...(v.condition === 'sandboxed' ? {} : { attempts: v.sent.length }),
				...(v.convertedAt ? { converted_at: v.convertedAt.toISOString() } : {}),
				...(v.sent.length ? { cost: cost(v.sent.length) } : {}),
				...optional(v.request.signals ?? {}, ['device_platform']),
				...(v.condition ? { phone_number_condition: v.condition } : {}),
			};
		});
		return {
			status: 200,
			body: { verifications, ...(page.next_cursor ? { next_cursor: page.next_cursor } : {}) },
		};
	}

	/**
	 * A sender ID goes to review (`pending`) when it is 3 to 11 letters, digits or spaces with at
	 * least one letter, as carriers take alphanumeric sender IDs; anything else is `rejected` with a
	 * reason. Submitting one again answers its current state. Tests approve one by setting its
	 * status in `senderIds`.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	submitSenderId(body) {
		const known = this.senderIds.get(body.sender_id);
		if (known) return { status: 200, body: known };
		const valid = /^[A-Za-z0-9 ]{3,11}$/.test(body.sender_id) && /[A-Za-z]/.test(body.sender_id);
		/** @type {{ sender_id: string, status: 'pending' | 'rejected', reason?: string }} */
		const submitted = valid
			? { sender_id: body.sender_id, status: 'pending' }
			: {
					sender_id: body.sender_id,
					status: 'rejected',
					reason: 'A sender ID is 3 to 11 letters, digits or spaces, with at least one letter.',
				};
		this.senderIds.set(body.sender_id, submitted);
		return { status: 200, body: submitted };
	}

	/**
	 * A Watch prediction (python-sdk 0.13.0 watch_predict_response.py): `suspicious`, with its risk
	 * factors, for a number on the block list or SUSPICIOUS_PHONE (unless allowed), else `legitimate`.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	predict(body) {
		const fraud = this.fraudVerdict(body.target.value);
		const answer = {
			id: preludeId('prd'),
			prediction: fraud ? 'suspicious' : 'legitimate',
			request_id: preludeId('req'),
			...(fraud ? { risk_factors: fraud.risk_factors } : {}),
		};
		this.predictions.push({ request: body, answer });
		return { status: 200, body: answer };
	}

	/**
	 * POST /v2/watch/eval (python-sdk 0.15.0, rules shaped as the newest TS SDK): one recipe of a
	 * managed rule (anti-fraud, as for predictions) and a custom rule comparing the `country`
	 * attribute with the number's country. Anti-fraud: FLAG and BLOCK. A country that differs:
	 * FLAG and CHALLENGE. Otherwise PASS and ALLOW. Without a `country` attribute the custom rule
	 * is NOT_EVALUATED and the evidence partial. Any flow ID runs this recipe.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	evaluate(body) {
		const fraud = this.fraudVerdict(body.target.value);
		const declared = body.attributes?.country;
		const region = networkOf(body.target.value)?.region;
		const mismatch = declared !== undefined && declared !== region;
		const rules = [
			{
				rule_id: 'rul_fraud_database',
				type: 'MANAGED',
				weight: 80,
				outcome: fraud ? 'TRIGGERED' : 'NOT_TRIGGERED',
			},
			{
				rule_id: 'rul_declared_country',
				type: 'CUSTOM',
				name: 'Declared country matches the number',
				version_id: 'ver_1',
				weight: 60,
				outcome:
					declared === undefined ? 'NOT_EVALUATED' : mismatch ? 'TRIGGERED' : 'NOT_TRIGGERED',
			},
		];
		const score = rules.reduce((sum, r) => sum + (r.outcome === 'TRIGGERED' ? r.weight : 0), 0);
		const verdict = score >= 50 ? 'FLAG' : 'PASS';
		return {
			status: 200,
			body: {
				id: preludeId('evl'),
				action: fraud ? 'BLOCK' : mismatch ? 'CHALLENGE' : 'ALLOW',
				verdict,
				recipes: [
					{
						recipe_id: 'rcp_signup',
						score,
						threshold: 50,
						verdict,
						partial_evidence: declared === undefined,
						rules,
					},
				],
			},
		};
	}

	/**
	 * POST /v2/notify/reply (python-sdk 0.15.0): a reply to a WhatsApp message received (see
	 * `inbound`) from the same number in the last 24 hours; an unknown message is 404, an older one
	 * window_expired.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	reply(body) {
		const received = this.inboundMessages.get(body.reply_to);
		if (!received)
			return v2Error(404, 'not_found', `no message ${body.reply_to} was received`, 'reply_to');
		if (received.from !== body.to)
			return v2Error(422, 'invalid_request', `${body.reply_to} came from another number`, 'to');
		if (Date.now() - received.receivedAt.getTime() > 86_400_000)
			return v2Error(
				422,
				'window_expired',
				'the 24-hour WhatsApp window of this conversation is closed',
				'reply_to',
			);
		const answer = {
			id: preludeId('tx'),
			created_at: new Date().toISOString(),
			reply_to: body.reply_to,
			text: body.text,
			to: body.to,
			...optional(body, ['callback_url', 'correlation_id']),
		};
		this.messages.push({ request: body, message: answer });
		if (body.callback_url)
			this.sendMessageEvents(answer, { ...body, preferred_channel: 'whatsapp' }, body.callback_url);
		return { status: 200, body: answer };
	}

	/**
	 * Why a number cannot receive a Notify message, if it cannot: it unsubscribed (its latest state
	 * in a seeded subscription configuration is UNSUB). The stand-in does not tell marketing from
	 * transactional templates, so this holds for every template.
	 * @param {string} number @returns {{ code: string, message: string } | undefined}
	 */
	unreachable(number) {
		if (!E164.test(number))
			return {
				code: 'invalid_phone_number',
				message: 'The provided phone number is invalid. Provide a valid E.164 phone number.',
			};
		const unsubscribed = SUBSCRIPTIONS.some((s) => s.events.get(number)?.[0].state === 'UNSUB');
		if (unsubscribed)
			return { code: 'unsubscribed', message: 'The recipient has opted out of these messages.' };
		return undefined;
	}

	/**
	 * Accepts a message for a recipient and records it: its ID, its times (expiring 24 hours after
	 * it was created unless told otherwise) and, for an SMS, its encoding and segment count.
	 * @param {any} body @param {string} to
	 */
	accept(body, to) {
		const created = new Date();
		const sms = (body.preferred_channel ?? 'sms') === 'sms';
		const text = Object.values(body.variables ?? {}).join('');
		const message = {
			id: preludeId('tx'),
			to,
			created_at: created.toISOString(),
			expires_at: body.expires_at ?? new Date(created.getTime() + 86_400_000).toISOString(),
			sms: sms
				? {
						encoding: /^[\x20-\x7e\n\r]*$/.test(text) ? 'GSM-7' : 'UCS-2',
						estimated_segment_count: 1,
					}
				: {},
		};
		this.messages.push({ request: body, message });
		return message;
	}

	/**
	 * POST /v2/notify (python-sdk 0.13.0 notify_send_response.py): the message, or 422 with why the
	 * number cannot get it.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	notify(body) {
		const refusal = this.unreachable(body.to);
		if (refusal) return v2Error(422, refusal.code, refusal.message, 'to');
		const message = this.accept(body, body.to);
		if (body.callback_url) this.sendMessageEvents(message, body, body.callback_url);
		return {
			status: 200,
			body: {
				id: message.id,
				to: message.to,
				template_id: body.template_id,
				variables: body.variables ?? {},
				...optional(body, ['from', 'callback_url', 'correlation_id', 'schedule_at']),
				created_at: message.created_at,
				expires_at: message.expires_at,
				...message.sms,
			},
		};
	}

	/**
	 * POST /v2/notify/batch (python-sdk 0.13.0 notify_send_batch_response.py): each recipient on its
	 * own, a refused one failing its own result only.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	notifyBatch(body) {
		const results = body.to.map((/** @type {string} */ to) => {
			const error = this.unreachable(to);
			if (error) return { phone_number: to, success: false, error };
			const message = this.accept(body, to);
			if (body.callback_url) this.sendMessageEvents(message, body, body.callback_url);
			return {
				phone_number: to,
				success: true,
				message: {
					id: message.id,
					to,
					...optional(body, ['from', 'correlation_id', 'locale', 'schedule_at']),
					created_at: message.created_at,
					expires_at: message.expires_at,
					...message.sms,
				},
			};
		});
		const successes = results.filter((/** @type {any} */ r) => r.success).length;
		return {
			status: 200,
			body: {
				results,
				total_count: results.length,
				success_count: successes,
				error_count: results.length - successes,
				request_id: preludeId('req'),
				template_id: body.template_id,
				variables: body.variables ?? {},
				...optional(body, ['callback_url']),
			},
		};
	}

	/**
	 * POST /v2/transactional, deprecated for Notify (python-sdk 0.13.0
	 * transactional_send_response.py).
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	transactional(body) {
		const refusal = this.unreachable(body.to);
		if (refusal) return v2Error(422, refusal.code, refusal.message, 'to');
		const message = this.accept(body, body.to);
		if (body.callback_url) this.sendMessageEvents(message, body, body.callback_url);
		return {
			status: 200,
			body: {
				id: message.id,
				to: message.to,
				template_id: body.template_id,
				variables: body.variables ?? {},
				...optional(body, ['from', 'callback_url', 'correlation_id']),
				created_at: message.created_at,
				expires_at: message.expires_at,
			},
		};
	}

	/**
	 * Posts v2 events for a verification attempt to its callback URL, signed when a key is set:
	 * verify.authentication for a new verification, then verify.attempt and verify.delivery_status.
	 * @param {Verification} verification @param {string} url @param {string} status @param {string} channel
	 */
	sendEvents(verification, url, status, channel) {
		const time = new Date().toISOString();
		const metadata = verification.request.metadata ?? {};
		const price = { amount: 0.009, currency: 'EUR' };
		const attemptId = verification.sent[verification.sent.length - 1]?.id ?? preludeId('att');
		const events = [];
		if (status === 'success') {
			events.push({
				id: preludeId('evt'),
				type: 'verify.authentication',
				payload: {
					verification_id: verification.id,
					target: verification.target,
					price,
					time,
					metadata,
				},
				created_at: time,
			});
		}
		events.push(
			{
				id: preludeId('evt'),
				type: 'verify.attempt',
				payload: {
					id: attemptId,
					verification_id: verification.id,
					channel,
					delivery_status: 'submitted',
					carrier_information: { mcc: '310', mnc: '410' },
					price,
					target: verification.target,
					time,
					metadata,
				},
				created_at: time,
			},
			{
				id: preludeId('evt'),
				type: 'verify.delivery_status',
				payload: {
					id: attemptId,
					verification_id: verification.id,
					status: 'delivered',
					target: verification.target,
					time,
					metadata,
				},
				created_at: time,
			},
		);
		this.postEvents(url, events);
	}

	/**
	 * Posts the events of a message (Notify, Transactional or a reply) to its callback URL, as
	 * Prelude's Notify webhook page shows them: transactional.message.created with the message,
	 * .submitted when it goes to a carrier, then .delivered. The page's example of a delivered
	 * event could not be read; it carries the submitted event's fields here.
	 * @param {{ id: string, to: string, created_at: string, expires_at?: string }} message
	 * @param {any} body the request @param {string} url
	 */
	sendMessageEvents(message, body, url) {
		const time = new Date().toISOString();
		const fields = optional(body, ['correlation_id', 'template_id']);
		const attempt = {
			message_id: message.id,
			attempt_id: preludeId('att'),
			created_at: time,
			...fields,
			type: 'transactional',
			channel: body.preferred_channel ?? 'sms',
		};
		/** @type {Array<[string, object]>} */
		const events = [
			[
				'transactional.message.created',
				{
					id: message.id,
					to: message.to,
					created_at: message.created_at,
					...optional(message, ['expires_at']),
					variables: body.variables ?? {},
					fee: { amount: '0.009', currency: 'EUR' },
					...fields,
				},
			],
			['transactional.message.submitted', attempt],
			['transactional.message.delivered', attempt],
		];
		this.postEvents(
			url,
			events.map(([type, payload]) => ({
				id: preludeId('evt'),
				type,
				payload,
				created_at: time,
			})),
		);
	}

	/**
	 * Posts events to a callback URL, in order, each signed with the webhook key when one is set.
	 * @param {string} url @param {any[]} events
	 */
	postEvents(url, events) {
		for (const event of events) {
			const raw = JSON.stringify(event);
			this.deliver(
				url,
				event,
				this.signingKey ? { 'x-webhook-signature': sign(raw, this.signingKey) } : {},
				raw,
			);
		}
	}
}

/** What n messages cost, as Money: 0.009 EUR each, as the webhook events price them. @param {number} n */
function cost(n) {
	return { amount: (n * 0.009).toFixed(3), currency: 'EUR' };
}

/** The network a number is on, for the countries the stand-in knows. @param {string} number */
function networkOf(number) {
	if (number.startsWith('+1')) return { region: 'US', carrier: 'AT&T', mccmnc: '310410' };
	if (number.startsWith('+44')) return { region: 'GB', carrier: 'Vodafone', mccmnc: '23415' };
	if (number.startsWith('+33')) return { region: 'FR', carrier: 'Orange', mccmnc: '20801' };
	return undefined;
}

/**
 * What the French operators know of their subscribers: KYC match answers for these numbers; any
 * other French number has nothing available, and a number of another country is refused.
 */
const KYC_IDENTITIES = {
	'+33612345678': {
		given_name: 'Jeanne',
		family_name: 'Dupont',
		birthdate: '1990-04-12',
		email: 'jeanne.dupont@example.fr',
		address: '10 rue de Rivoli',
		postal_code: '75001',
		locality: 'Paris',
		region: 'Île-de-France',
		country: 'FR',
	},
};

/** Fields compared exactly; the others are compared loosely and scored when they differ. */
const KYC_EXACT = ['birthdate', 'country', 'postal_code'];

/** A name without case, accents or extra spaces. @param {string} text */
function folded(text) {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** How alike two texts are, 0 to 99 (Dice's coefficient over letter pairs). @param {string} a @param {string} b */
function likeness(a, b) {
	const pairs = (/** @type {string} */ text) =>
		Array.from({ length: Math.max(text.length - 1, 0) }, (_, i) => text.slice(i, i + 2));
	const left = pairs(a);
	const right = pairs(b);
	const total = left.length + right.length;
	const shared = left.filter((pair) => {
		const i = right.indexOf(pair);
		if (i >= 0) right.splice(i, 1);
		return i >= 0;
	}).length;
	return total === 0 ? 0 : Math.min(99, Math.floor((200 * shared) / total));
}

/**
 * POST /v2/intel/kyc/match/{phone} (python-sdk 0.15.0): each field given is "true", "false" (with
 * a score for a loosely compared field) or "not_available". France only.
 * @param {string} phone @param {Record<string, string>} body @returns {ScriptedAnswer}
 */
function kycMatch(phone, body) {
	if (!phone.startsWith('+33'))
		return v2Error(422, 'unsupported_region', 'KYC match covers French numbers only', 'phone');
	const identity = /** @type {Record<string, string> | undefined} */ (
		KYC_IDENTITIES[/** @type {keyof typeof KYC_IDENTITIES} */ (phone)]
	);
	/** @type {Record<string, string | number>} */
	const matches = {};
	for (const [field, given] of Object.entries(body)) {
		const known = identity?.[field];
		if (known === undefined) {
			matches[`${field}_match`] = 'not_available';
			continue;
		}
		const exact = KYC_EXACT.includes(field);
		const same = exact ? given === known : folded(given) === folded(known);
		matches[`${field}_match`] = same ? 'true' : 'false';
		if (!same && !exact) matches[`${field}_match_score`] = likeness(folded(given), folded(known));
	}
	return {
		status: 200,
		body: {
			phone_number: phone,
			country_code: 'FR',
			operator: 'Orange',
			...matches,
			request_id: preludeId('req'),
		},
	};
}

/**
 * The fields of a request that it holds, to echo in an answer.
 * @param {Record<string, unknown>} body @param {string[]} names
 */
function optional(body, names) {
	return Object.fromEntries(names.filter((name) => name in body).map((name) => [name, body[name]]));
}

/** A 200 answer. @param {unknown} body @returns {ScriptedAnswer} */
function ok(body) {
	return { status: 200, body };
}

/**
 * A seeded subscription configuration and its numbers' events, or the 404 for an unknown one.
 * @param {string} id
 */
function seededConfig(id) {
	const found = SUBSCRIPTIONS.find((s) => s.config.id === id);
	if (found) return found;
	return { problem: v2Error(404, 'not_found', `no subscription configuration ${id}`, 'config_id') };
}

/**
 * A number's events in a seeded configuration, newest first, or the 404 for an unknown one.
 * @param {string} id @param {string} number
 */
function seededEvents(id, number) {
	const found = seededConfig(id);
	if ('problem' in found) return found;
	const events = found.events.get(number);
	if (events) return { events };
	const message = `${number} is not in subscription configuration ${id}`;
	return { problem: v2Error(404, 'not_found', message, 'phone_number') };
}

/**
 * A page as the list endpoints answer it: the items under their name, and `next_cursor` unless it
 * is the last page.
 * @template T @param {string} name @param {ReturnType<typeof paginate<T>>} page
 * @returns {ScriptedAnswer}
 */
function pageAnswer(name, page) {
	if ('problem' in page) return page.problem;
	const { items, ...next } = page;
	return ok({ [name]: items, ...next });
}

/** GET /v2/notify/management/subscriptions. @param {Record<string, any>} query */
function subscriptionConfigs(query) {
	const configs = SUBSCRIPTIONS.map((s) => s.config);
	return pageAnswer(
		'configs',
		paginate(configs, (config) => config.id, 'configs', query),
	);
}

/** GET /v2/notify/management/subscriptions/{config_id}. @param {string} id */
function subscriptionConfig(id) {
	const found = seededConfig(id);
	return 'problem' in found ? found.problem : ok(found.config);
}

/**
 * GET …/subscriptions/{config_id}/phone_numbers: each number's latest state, by number, filtered
 * by state; a cursor goes with the state filter it was given with.
 * @param {string} id @param {Record<string, any>} query
 */
function subscriptionNumbers(id, query) {
	const found = seededConfig(id);
	if ('problem' in found) return found.problem;
	const numbers = [...found.events.values()]
		.map((events) => subscriptionOf(events[0]))
		.filter((number) => query.state === undefined || number.state === query.state)
		.sort((a, b) => a.phone_number.localeCompare(b.phone_number));
	const list = `phone_numbers ${id} ${query.state ?? ''}`;
	return pageAnswer(
		'phone_numbers',
		paginate(numbers, (n) => n.phone_number, list, query),
	);
}

/** GET …/subscriptions/{config_id}/phone_numbers/{phone_number}. @param {string} id @param {string} number */
function subscriptionNumber(id, number) {
	const found = seededEvents(id, number);
	return 'problem' in found ? found.problem : ok(subscriptionOf(found.events[0]));
}

/**
 * GET …/subscriptions/{config_id}/phone_numbers/{phone_number}/events, newest first.
 * @param {string} id @param {string} number @param {Record<string, any>} query
 */
function subscriptionEvents(id, number, query) {
	const found = seededEvents(id, number);
	if ('problem' in found) return found.problem;
	const list = `events ${id} ${number}`;
	return pageAnswer(
		'events',
		paginate(found.events, (e) => e.timestamp, list, query),
	);
}

/**
 * The X-Webhook-Signature value of a body: RSASSA-PSS with SHA-256 over the raw bytes, base64url.
 * @param {string} raw @param {crypto.KeyObject | string} privateKey
 */
function sign(raw, privateKey) {
	const key = typeof privateKey === 'string' ? crypto.createPrivateKey(privateKey) : privateKey;
	const signature = crypto.sign('sha256', Buffer.from(raw), {
		key,
		padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
		saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
	});
	return `rsassa-pss-sha256=${signature.toString('base64url')}`;
}

/** A webhook signing key pair, as Prelude's dashboard gives one: the public half as PEM. */
function webhookKeyPair() {
	const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
	return {
		privateKey,
		publicKeyPem: /** @type {string} */ (publicKey.export({ type: 'spki', format: 'pem' })),
	};
}

module.exports = {
	officialPathEncoding,
	PreludeStandIn,
	sign,
	webhookKeyPair,
	V2_MODELS,
	SUSPICIOUS_PHONE,
	SUBSCRIPTION_CONFIG_ID,
};
