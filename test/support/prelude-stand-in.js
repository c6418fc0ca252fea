// @ts-check
'use strict';

/**
 * A strict local stand-in for Prelude's Verify API v2 (https://api.prelude.dev/v2): bearer auth,
 * the v2 request models checked field by field (unknown fields, wrong types, missing required
 * fields and bad formats are refused in v2's error shape), verification windows (a create inside
 * the window of the same target is a retry), checks, Watch feedback, Lookup, and webhook events
 * signed with RSASSA-PSS SHA-256 under a key pair the tests generate. The Ding stand-in serves it
 * on the same port under /v2, so one sandbox answers both APIs.
 */

const crypto = require('node:crypto');

const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOCALE =
	/^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?(-([a-zA-Z\d]{5,8}|\d[a-zA-Z\d]{3}))*$/;
const CHANNELS = ['sms', 'rcs', 'whatsapp', 'viber', 'zalo', 'telegram'];

/**
 * @typedef {{ type: 'string' | 'boolean' | 'integer' | 'object' | 'array' | 'map',
 *   required?: boolean, enum?: string[], format?: string, min?: number, max?: number,
 *   maxLength?: number, fields?: Record<string, Rule>, items?: Rule, error?: string }} Rule
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
};

/** @type {Rule} */
const TARGET = {
	type: 'object',
	required: true,
	fields: {
		type: { type: 'string', required: true, enum: ['phone_number', 'email_address'] },
		value: { type: 'string', required: true },
	},
};

/** @type {Rule} */
const METADATA = {
	type: 'object',
	fields: { correlation_id: { type: 'string', maxLength: 64, error: 'invalid_correlation_id' } },
};

/** The v2 request models, as Prelude's SDKs (Python 0.13.0) define them. @type {Record<string, Rule>} */
const V2_MODELS = {
	'POST /v2/verification': {
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
			signals: {
				type: 'object',
				fields: {
					app_version: { type: 'string' },
					device_id: { type: 'string', error: 'invalid_device_id' },
					device_model: { type: 'string' },
					device_platform: { type: 'string', enum: ['android', 'ios', 'ipados', 'tvos', 'web'] },
					ip: { type: 'string', format: 'ip' },
					is_trusted_user: { type: 'boolean' },
					ja4_fingerprint: { type: 'string' },
					os_version: { type: 'string', error: 'invalid_os_version' },
					user_agent: { type: 'string' },
				},
			},
		},
	},
	'POST /v2/verification/check': {
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
	'POST /v2/watch/feedback': {
		type: 'object',
		fields: {
			feedbacks: {
				type: 'array',
				required: true,
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
};

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
 * The first problem of a value against its rule: a 400 invalid_request for a malformed request,
 * a 422 with the field's own code for a well-formed but invalid value.
 * @param {Rule} rule @param {any} value @param {string} path @returns {ScriptedAnswer | undefined}
 */
function checkRule(rule, value, path) {
	const malformed = (/** @type {string} */ what) =>
		v2Error(400, 'invalid_request', `${path || 'body'} ${what}`, path || undefined);
	const invalid = (/** @type {string} */ what) =>
		v2Error(422, rule.error ?? 'invalid_request', `${path} ${what}`, path);
	if (value === null) return malformed('is null');
	switch (rule.type) {
		case 'object': {
			if (typeof value !== 'object' || Array.isArray(value)) return malformed('must be an object');
			const fields = rule.fields ?? {};
			for (const name of Object.keys(value)) {
				if (!(name in fields)) return malformed(`has an unknown field "${name}"`);
			}
			for (const [name, inner] of Object.entries(fields)) {
				const at = path ? `${path}.${name}` : name;
				if (!(name in value)) {
					if (inner.required) return malformed(`is missing the required field "${name}"`);
					continue;
				}
				const problem = checkRule(inner, value[name], at);
				if (problem) return problem;
			}
			return undefined;
		}
		case 'array': {
			if (!Array.isArray(value)) return malformed('must be a list');
			for (let i = 0; i < value.length; i++) {
				const problem = checkRule(/** @type {Rule} */ (rule.items), value[i], `${path}[${i}]`);
				if (problem) return problem;
			}
			return undefined;
		}
		case 'map': {
			if (typeof value !== 'object' || Array.isArray(value)) return malformed('must be an object');
			for (const [key, inner] of Object.entries(value)) {
				if (key.trim() === '' || typeof inner !== 'string')
					return invalid('must map names to text');
			}
			return undefined;
		}
		case 'integer':
			if (typeof value !== 'number' || !Number.isInteger(value))
				return malformed('must be an integer');
			if (
				(rule.min !== undefined && value < rule.min) ||
				(rule.max !== undefined && value > rule.max)
			)
				return invalid(`must be from ${rule.min} to ${rule.max}`);
			return undefined;
		case 'boolean':
			return typeof value === 'boolean' ? undefined : malformed('must be a boolean');
		default: {
			if (typeof value !== 'string') return malformed('must be a string');
			if (value.trim() === '') return invalid('is empty');
			if (value !== value.trim()) return invalid('has surrounding spaces');
			if (rule.enum && !rule.enum.includes(value))
				return invalid(`must be one of ${rule.enum.join(', ')}`);
			if (rule.maxLength !== undefined && value.length > rule.maxLength)
				return invalid(`is longer than ${rule.maxLength} characters`);
			if (rule.format && !FORMATS[rule.format](value))
				return invalid(`is not a valid ${rule.format}`);
			return undefined;
		}
	}
}

/** @param {any} target @returns {ScriptedAnswer | undefined} */
function checkTarget(target) {
	if (target.type === 'phone_number' && !E164.test(target.value))
		return v2Error(
			422,
			'invalid_phone_number',
			`${target.value} is not a valid phone number`,
			'target.value',
		);
	if (target.type === 'email_address' && !EMAIL.test(target.value))
		return v2Error(
			422,
			'invalid_request',
			`${target.value} is not an email address`,
			'target.value',
		);
	return undefined;
}

/** A Prelude-style ID: a prefix and 26 lower-case base-32 characters. @param {string} prefix */
function preludeId(prefix) {
	const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
	let id = '';
	for (const byte of crypto.randomBytes(26)) id += alphabet[byte % 32];
	return `${prefix}_${id}`;
}

/**
 * @typedef {{ id: string, target: { type: string, value: string }, code: string,
 *   createdAt: Date, expiresAt: Date, closed: boolean, attempts: number, request: any,
 *   checks: Array<{ code: string, status: string }> }} Verification
 * @typedef {{ apiKey: string, signingKey?: crypto.KeyObject | string, ttlSeconds?: number,
 *   onCode?: (v: Verification) => void,
 *   deliver: (url: string, event: any, headers: Record<string, string>, raw: string) => void }} PreludeOptions
 */

/**
 * A path parameter as the official clients write it (Stainless's encodeURIPath, which Prelude's
 * TypeScript SDK uses; Ding's SDKs do the same for a number): characters a path may hold
 * (RFC 3986 pchar) stay as they are, "+" included, and everything else is percent-encoded.
 * @param {string} value
 */
function officialPathEncoding(value) {
	return value.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]+/g, encodeURIComponent);
}

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
		/** @type {Set<string>} targets whose verifications Prelude blocks */
		this.blocked = new Set();
	}

	reset() {
		this.verifications.clear();
		this.feedbacks = [];
		this.blocked.clear();
	}

	/** The code "sent" to a target's latest verification. @param {string} value */
	codeFor(value) {
		for (const v of [...this.verifications.values()].reverse())
			if (v.target.value === value) return v.code;
		return undefined;
	}

	/**
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

		const lookup = /^\/v2\/lookup\/([^/]+)$/.exec(record.path);
		if (record.method === 'GET' && lookup)
			return this.answerLookup(record, lookup[1], takeScripted);

		const route = `${record.method} ${record.path}`;
		const model = V2_MODELS[route];
		if (!model) return { status: 404, body: { message: 'Not Found' } };
		if (record.url.includes('?'))
			return v2Error(400, 'invalid_request', 'this endpoint takes no query string');
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
		const problem = checkRule(model, record.body, '');
		if (problem) return problem;
		const targets =
			route === 'POST /v2/watch/feedback'
				? record.body.feedbacks.map((/** @type {any} */ f) => f.target)
				: [record.body.target];
		for (const target of targets) {
			const targetProblem = checkTarget(target);
			if (targetProblem) return targetProblem;
		}

		const scripted = takeScripted(record);
		if (scripted) return scripted;

		if (route === 'POST /v2/verification') return this.create(record.body);
		if (route === 'POST /v2/verification/check') return this.check(record.body);
		return this.feedback(record.body);
	}

	/**
	 * @param {RecordedRequest} record @param {string} raw
	 * @param {(r: RecordedRequest) => ScriptedAnswer | undefined} takeScripted
	 * @returns {ScriptedAnswer}
	 */
	answerLookup(record, raw, takeScripted) {
		if (record.rawBody !== '')
			return v2Error(400, 'invalid_request', 'a GET request takes no body');
		let number;
		try {
			number = decodeURIComponent(raw);
		} catch {
			return v2Error(400, 'invalid_request', 'the path is not percent-encoded correctly');
		}
		if (officialPathEncoding(number) !== raw)
			return v2Error(
				400,
				'invalid_request',
				`the path parameter "${raw}" is not written as the official clients write it`,
			);
		const query = new URL(record.url, 'http://127.0.0.1').searchParams;
		for (const key of query.keys()) {
			if (key !== 'type')
				return v2Error(400, 'invalid_request', `unknown query parameter "${key}"`);
		}
		const types = query.getAll('type');
		if (types.some((type) => type !== 'cnam'))
			return v2Error(422, 'invalid_request', 'type must be cnam', 'type');
		record.body = { phone_number: number, ...(types.length ? { type: types } : {}) };
		if (!E164.test(number))
			return v2Error(
				422,
				'invalid_phone_number',
				`${number} is not a valid phone number`,
				'phone_number',
			);
		const scripted = takeScripted(record);
		if (scripted) return scripted;
		const uk = number.startsWith('+44');
		const network = uk
			? { carrier_name: 'Vodafone', mcc: '234', mnc: '15' }
			: { carrier_name: 'AT&T', mcc: '310', mnc: '410' };
		return {
			status: 200,
			body: {
				phone_number: number,
				country_code: uk ? 'GB' : 'US',
				line_type: 'mobile',
				flags: [],
				network_info: network,
				original_network_info: network,
				...(types.includes('cnam') ? { caller_name: 'JANE DOE' } : {}),
			},
		};
	}

	/** @param {any} body @returns {ScriptedAnswer} */
	create(body) {
		const now = new Date();
		const key = `${body.target.type} ${body.target.value}`;
		const request_id = preludeId('req');
		const metadata = body.metadata ? { metadata: body.metadata } : {};
		if (this.blocked.has(body.target.value)) {
			return {
				status: 200,
				body: {
					id: preludeId('vrf'),
					status: 'blocked',
					method: 'message',
					reason: 'in_block_list',
					risk_factors: ['fraud_database'],
					...metadata,
					request_id,
				},
			};
		}
		const open = this.verifications.get(key);
		const options = body.options ?? {};
		let verification;
		let status;
		if (open && !open.closed && open.expiresAt.getTime() > now.getTime()) {
			verification = open;
			verification.attempts += 1;
			status = 'retry';
		} else {
			const size = options.code_size ?? 6;
			verification = {
				id: preludeId('vrf'),
				target: body.target,
				code: options.custom_code ?? String(crypto.randomInt(0, 10 ** size)).padStart(size, '0'),
				createdAt: now,
				expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
				closed: false,
				attempts: 1,
				request: body,
				checks: [],
			};
			this.verifications.set(key, verification);
			status = 'success';
		}
		this.onCode?.(verification);
		const channel = options.preferred_channel ?? options.channels?.[0] ?? 'sms';
		const method = options.method === 'voice' ? 'voice' : 'message';
		if (options.callback_url) this.sendEvents(verification, options.callback_url, status, channel);
		return {
			status: 200,
			body: {
				id: verification.id,
				status,
				method,
				channels: [method === 'voice' ? 'voice' : channel],
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
		if (status === 'success') verification.closed = true;
		verification.checks.push({ code: body.code, status });
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

	/** @param {any} body @returns {ScriptedAnswer} */
	feedback(body) {
		if (body.feedbacks.length === 0)
			return v2Error(400, 'empty_batch', 'feedbacks is empty', 'feedbacks');
		if (body.feedbacks.length > 100)
			return v2Error(400, 'batch_size_exceeded', 'at most 100 feedbacks', 'feedbacks');
		this.feedbacks.push(...body.feedbacks);
		return { status: 200, body: { request_id: preludeId('req'), status: 'success' } };
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
		const attemptId = preludeId('att');
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

module.exports = { officialPathEncoding, PreludeStandIn, sign, webhookKeyPair };
