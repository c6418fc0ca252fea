// @ts-check
'use strict';

/** Ding v1's request models and its error shape, checked field by field. */

/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */

const E164 = /^\+[1-9]\d{1,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LOCALE =
	/^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?(-([a-zA-Z\d]{5,8}|\d[a-zA-Z\d]{3}))*$/;
const DOC_URL = 'https://docs.prelude.so/verify/v1/documentation/errors';

/** @typedef {'string' | 'boolean'} WireType */

/** @type {Record<string, (value: string) => string | undefined>} */
const FORMATS = {
	uuid: (v) => (UUID.test(v) ? undefined : 'not a UUID'),
	phone: (v) => (E164.test(v) ? undefined : 'invalid_phone_number'),
	ipv4: (v) => (IPV4.test(v) ? undefined : 'not an IPv4 address'),
	url: (v) => {
		try {
			const url = new URL(v);
			return url.protocol === 'http:' || url.protocol === 'https:'
				? undefined
				: 'not an http(s) URL';
		} catch {
			return 'not a URL';
		}
	},
	deviceType: (v) =>
		['IOS', 'ANDROID', 'WEB'].includes(v) ? undefined : 'not IOS, ANDROID or WEB',
	locale: (v) => (LOCALE.test(v) ? undefined : 'not a BCP-47 tag'),
	feedbackStatus: (v) =>
		['onboarded', 'not_onboarded'].includes(v) ? undefined : 'invalid_feedback_status',
};

/**
 * The request models, field by field, as Ding's SDKs define them.
 * @type {Record<string, Record<string, { type: WireType, required?: boolean, format?: string }>>}
 */
const MODELS = {
	'POST /authentication': {
		customer_uuid: { type: 'string', required: true, format: 'uuid' },
		phone_number: { type: 'string', required: true, format: 'phone' },
		ip: { type: 'string', format: 'ipv4' },
		device_id: { type: 'string' },
		device_type: { type: 'string', format: 'deviceType' },
		app_version: { type: 'string' },
		os_version: { type: 'string' },
		device_model: { type: 'string' },
		app_realm: { type: 'string' },
		callback_url: { type: 'string', format: 'url' },
		is_returning_user: { type: 'boolean' },
		template_id: { type: 'string' },
		correlation_id: { type: 'string' },
		locale: { type: 'string', format: 'locale' },
		sender_id: { type: 'string' },
	},
	'POST /check': {
		customer_uuid: { type: 'string', required: true, format: 'uuid' },
		authentication_uuid: { type: 'string', required: true, format: 'uuid' },
		check_code: { type: 'string', required: true },
	},
	'POST /retry': {
		customer_uuid: { type: 'string', required: true, format: 'uuid' },
		authentication_uuid: { type: 'string', required: true, format: 'uuid' },
	},
	'POST /authentication/feedback': {
		customer_uuid: { type: 'string', required: true, format: 'uuid' },
		phone_number: { type: 'string', required: true, format: 'phone' },
		status: { type: 'string', required: true, format: 'feedbackStatus' },
	},
};

/** Endpoints without a body: the path parameter's format, the query they take, the headers they need. */
const GET_ROUTES = [
	{
		name: 'GET /authentication/{auth_uuid}',
		pattern: /^\/authentication\/([^/]+)$/,
		param: 'uuid',
		query: /** @type {string[]} */ ([]),
		customerUuidHeader: false,
	},
	{
		name: 'GET /lookup/{phone_number}',
		pattern: /^\/lookup\/([^/]+)$/,
		param: 'phone',
		query: ['type'],
		customerUuidHeader: true,
	},
];

/**
/** @param {string} code @param {string} message @returns {ScriptedAnswer} */
function dingError(code, message) {
	return { status: 400, body: { code, message, doc_url: `${DOC_URL}#${code}` } };
}

/** @param {string} message */
function badRequest(message) {
	return dingError('bad_request', message);
}

/**
 * @param {Record<string, { type: WireType, required?: boolean, format?: string }>} model
 * @param {any} body
 * @returns {ScriptedAnswer | undefined}
 */
function checkModel(model, body) {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return badRequest('the body is not a JSON object');
	}
	for (const name of Object.keys(body)) {
		if (!(name in model)) return badRequest(`unknown field "${name}"`);
	}
	for (const [name, rule] of Object.entries(model)) {
		if (!(name in body)) {
			if (rule.required) return badRequest(`missing required field "${name}"`);
			continue;
		}
		const value = body[name];
		if (value === null) return badRequest(`field "${name}" is null`);
		if (typeof value !== rule.type) return badRequest(`field "${name}" must be a ${rule.type}`);
		if (rule.type === 'string' && value.trim() === '')
			return badRequest(`field "${name}" is empty`);
		if (rule.type === 'string' && value !== value.trim()) {
			return badRequest(`field "${name}" has surrounding spaces`);
		}
		const formatProblem = rule.format ? FORMATS[rule.format](value) : undefined;
		if (formatProblem === 'invalid_phone_number') {
			return dingError('invalid_phone_number', `${value} is not a valid phone number`);
		}
		if (formatProblem === 'invalid_feedback_status') {
			return dingError('invalid_feedback_status', `${value} is not a feedback status`);
		}
		if (formatProblem) return badRequest(`field "${name}" is ${formatProblem}`);
	}
	return undefined;
}

module.exports = { E164, UUID, MODELS, GET_ROUTES, dingError, badRequest, checkModel };
