// @ts-check
'use strict';

/**
 * A strict local stand-in for Ding's v1 API (https://api.ding.live/v1), for tests and for the
 * sandbox. It listens on 127.0.0.1 only and is at least as strict as the real API: it refuses a
 * missing or wrong key, unknown fields, missing required fields, empty strings, wrong JSON types
 * and malformed values, in Ding's error shape. It keeps authentications in memory, so a code it
 * "texts" (records) can be checked and retried like on the real service.
 *
 * Plain JavaScript on purpose: it runs under any Node version without a build step, and it uses
 * node:http, which n8n's lint rules (written for node code that runs inside n8n) do not allow.
 */

const crypto = require('node:crypto');

const { numberInfo } = require('../numbering');
const { officialPathEncoding } = require('../prelude');
const { postJson, SandboxServer } = require('../server');
const { E164, GET_ROUTES, MODELS, UUID, badRequest, checkModel, dingError } = require('./models');

/** @typedef {import('../server').RecordedRequest} RecordedRequest */
/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */
/**
 * @typedef {{
 *   uuid: string, phoneNumber: string, code: string, createdAt: Date, expiresAt: Date,
 *   validated: boolean, remainingRetries: number, attempts: number, request: any,
 *   events: Array<Record<string, unknown>>
 * }} Authentication
 */

class DingV1 extends SandboxServer {
	/** @param {{ apiKey: string, customerUuid: string, retries?: number, ttlSeconds?: number, onCode?: (auth: Authentication) => void, basePath?: string }} options */
	constructor(options) {
		super();
		this.apiKey = options.apiKey;
		this.customerUuid = options.customerUuid;
		this.retries = options.retries ?? 3;
		this.ttlSeconds = options.ttlSeconds ?? 600;
		this.onCode = options.onCode;
		this.basePath = (options.basePath ?? '/v1').replace(/\/+$/, '');
		/** @type {Map<string, Authentication>} */
		this.authentications = new Map();
		/** @type {Map<string, string>} feedback uuid by "phone status" */
		this.feedbacks = new Map();
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}${this.basePath}`;
	}

	/** Forget the recorded requests, authentications and scripted answers. */
	reset() {
		super.reset();
		this.authentications.clear();
		this.feedbacks.clear();
	}

	/** The code that was "texted" for an authentication. @param {string} uuid */
	codeFor(uuid) {
		return this.authentications.get(uuid)?.code;
	}

	/** @param {RecordedRequest} record @returns {ScriptedAnswer} */
	answer(record) {
		const key = record.headers['x-api-key'];
		if (key === undefined || key === '') return { status: 401, body: { message: 'Unauthorized' } };
		if (key !== this.apiKey) return { status: 403, body: { message: 'Forbidden' } };

		if (!record.path.startsWith(`${this.basePath}/`)) {
			return { status: 404, body: { message: 'Not Found' } };
		}
		const path = record.path.slice(this.basePath.length);
		const route = `${record.method} ${path}`;
		const getRoute =
			record.method === 'GET' ? GET_ROUTES.find((r) => r.pattern.test(path)) : undefined;
		if (getRoute) return this.answerGet(record, getRoute, path);
		const model = MODELS[route];
		if (!model) return { status: 404, body: { message: 'Not Found' } };

		if (record.url.includes('?')) return badRequest('this endpoint takes no query string');
		const contentType = String(record.headers['content-type'] ?? '');
		if (!contentType.startsWith('application/json')) {
			return badRequest(`expected content-type application/json, got "${contentType}"`);
		}
		try {
			record.body = JSON.parse(record.rawBody);
		} catch {
			return badRequest('the body is not JSON');
		}
		const problem = checkModel(model, record.body);
		if (problem) return problem;
		if (record.body.customer_uuid !== this.customerUuid) {
			return dingError('account_invalid', 'The customer UUID is invalid.');
		}

		const scripted = this.takeScripted(record);
		if (scripted) return scripted;

		if (route === 'POST /authentication') return this.create(record.body);
		if (route === 'POST /check') return this.check(record.body);
		if (route === 'POST /retry') return this.retry(record.body);
		return this.feedback(record.body);
	}

	/**
	 * @param {RecordedRequest} record @param {typeof GET_ROUTES[number]} route @param {string} path
	 * @returns {ScriptedAnswer}
	 */
	answerGet(record, route, path) {
		if (record.rawBody !== '') return badRequest('a GET request takes no body');
		const raw = /** @type {RegExpExecArray} */ (route.pattern.exec(path))[1];
		let value;
		try {
			value = decodeURIComponent(raw);
		} catch {
			return badRequest('the path is not percent-encoded correctly');
		}
		if (officialPathEncoding(value) !== raw)
			return badRequest(
				`the path parameter "${raw}" is not written as the official clients write it`,
			);
		const query = new URL(record.url, 'http://127.0.0.1').searchParams;
		for (const key of query.keys()) {
			if (!route.query.includes(key)) return badRequest(`unknown query parameter "${key}"`);
		}
		const types = query.getAll('type');
		if (types.some((type) => type !== 'cnam')) return badRequest('type must be cnam');
		if (route.customerUuidHeader) {
			const customer = record.headers['customer-uuid'];
			if (customer === undefined) return badRequest('missing the customer-uuid header');
			if (customer !== this.customerUuid)
				return dingError('account_invalid', 'The customer UUID is invalid.');
		}
		record.body = { [route.param]: value, ...(types.length ? { type: types } : {}) };
		if (route.param === 'uuid' && !UUID.test(value)) {
			return dingError('invalid_auth_uuid', 'The authentication UUID is invalid.');
		}
		if (route.param === 'phone' && !E164.test(value)) {
			return dingError('invalid_phone_number', `${value} is not a valid phone number`);
		}

		const scripted = this.takeScripted(record);
		if (scripted) return scripted;
		return route.param === 'uuid' ? this.status(value) : this.lookup(value, types.includes('cnam'));
	}

	/** @param {string} uuid @returns {ScriptedAnswer} */
	status(uuid) {
		const auth = this.authentications.get(uuid);
		if (!auth) return dingError('invalid_auth_uuid', 'The authentication UUID is invalid.');
		const request = auth.request;
		/** @type {Record<string, unknown>} */
		const signals = {};
		for (const name of [
			'ip',
			'device_id',
			'device_type',
			'app_version',
			'app_realm',
			'os_version',
			'device_model',
			'is_returning_user',
		]) {
			if (name in request) signals[name] = request[name];
		}
		/** @type {Record<string, unknown>} */
		const answer = {
			uuid: auth.uuid,
			phone_number: auth.phoneNumber,
			created_at: auth.createdAt.toISOString(),
			signals,
			events: auth.events,
		};
		if (request.template_id) answer.template_id = request.template_id;
		if (request.correlation_id) answer.correlation_id = request.correlation_id;
		return { status: 200, body: answer };
	}

	/**
	 * Lookup: a number no country's plan has (numbering.js) is refused as Ding refuses it; a valid
	 * one gets its country's data.
	 * @param {string} phoneNumber @param {boolean} callerName @returns {ScriptedAnswer}
	 */
	lookup(phoneNumber, callerName) {
		const info = numberInfo(phoneNumber);
		if (!info)
			return dingError('invalid_phone_number', `${phoneNumber} is not a valid phone number`);
		const body = {
			phone_number: phoneNumber,
			country_code: info.country,
			mcc: info.network.mcc,
			mnc: info.network.mnc,
			carrier: info.network.carrier_name,
			number_ported: false,
			line_type: info.mobile ? 'Mobile' : 'FixedLine',
			temporary_phone_number: false,
			...(callerName ? { caller_name: 'JANE DOE' } : {}),
		};
		return { status: 200, body };
	}

	/** @param {any} body @returns {ScriptedAnswer} */
	feedback(body) {
		const known = [...this.authentications.values()].some(
			(a) => a.phoneNumber === body.phone_number,
		);
		if (!known)
			return dingError(
				'no_associated_auth_found',
				'No authentication was found for this phone number.',
			);
		const key = `${body.phone_number} ${body.status}`;
		if (this.feedbacks.has(key))
			return dingError('duplicated_feedback_status', 'This feedback was already sent.');
		const uuid = crypto.randomUUID();
		this.feedbacks.set(key, uuid);
		return { status: 200, body: { uuid } };
	}

	/** @param {any} body @returns {ScriptedAnswer} */
	create(body) {
		const now = new Date();
		/** @type {Authentication} */
		const auth = {
			uuid: crypto.randomUUID(),
			phoneNumber: body.phone_number,
			code: String(crypto.randomInt(0, 1_000_000)).padStart(6, '0'),
			createdAt: now,
			expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
			validated: false,
			remainingRetries: this.retries,
			attempts: 1,
			request: body,
			events: [],
		};
		this.recordAttempt(auth, now);
		this.authentications.set(auth.uuid, auth);
		this.onCode?.(auth);
		if (body.callback_url) this.deliverEvents(auth, body.callback_url);
		return {
			status: 200,
			body: {
				authentication_uuid: auth.uuid,
				status: 'pending',
				created_at: auth.createdAt.toISOString(),
				expires_at: auth.expiresAt.toISOString(),
			},
		};
	}

	/**
	 * The events Ding records for a text: the attempt, its billing and its delivery report.
	 * @param {Authentication} auth @param {Date} at
	 */
	recordAttempt(auth, at) {
		const id = crypto.randomUUID();
		const time = at.toISOString();
		auth.events.push(
			{ type: 'balance_update', amount: -0.009, balance_update_type: 'attempt', created_at: time },
			{
				type: 'attempt',
				id,
				attempt_number: auth.attempts,
				capability: 'text',
				content: `Your code is ${auth.code}`,
				sender_id: auth.request.sender_id ?? 'Ding',
				status: 'delivered',
				created_at: time,
			},
			{
				type: 'delivery_status',
				attempt_id: id,
				attempt_number: auth.attempts,
				status: 'delivered',
				originated_at: time,
				created_at: time,
			},
		);
	}

	/**
	 * Posts Ding's v1 events for a new authentication to its callback URL, as Ding does: the
	 * authentication, the attempt, the delivery status. Only to this machine (127.0.0.1 or
	 * localhost): a test never sends traffic anywhere else.
	 * @param {Authentication} auth @param {string} callbackUrl
	 */
	deliverEvents(auth, callbackUrl) {
		const url = new URL(callbackUrl);
		if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return;
		const time = auth.createdAt
			.toISOString()
			.replace('Z', '+0000')
			.replace(/\.\d{3}/, '');
		const common = { auth_uuid: auth.uuid };
		const events = [
			{
				id: crypto.randomUUID(),
				...common,
				type: 'authentication',
				recipient_phone_number: auth.phoneNumber,
				price: { amount: 0.009, currency: 'EUR' },
				time,
				...(auth.request.correlation_id ? { correlation_id: auth.request.correlation_id } : {}),
			},
			{
				id: crypto.randomUUID(),
				...common,
				type: 'attempt',
				attempt_number: 1,
				capability: 'text',
				time,
			},
			{
				id: crypto.randomUUID(),
				...common,
				type: 'delivery_status',
				attempt_number: 1,
				status: 'delivered',
				time,
			},
		];
		this.deliveries.push(
			(async () => {
				for (const event of events) {
					const answer = await postJson(callbackUrl, event);
					this.delivered.push({
						url: callbackUrl,
						event,
						status: answer.status,
						body: answer.body,
					});
				}
			})(),
		);
	}

	/** @param {any} body @returns {ScriptedAnswer} */
	check(body) {
		const auth = this.authentications.get(body.authentication_uuid);
		if (!auth) return dingError('invalid_auth_uuid', 'The authentication UUID is invalid.');
		let status;
		if (auth.expiresAt.getTime() < Date.now()) status = 'expired_auth';
		else if (auth.validated) status = 'already_validated';
		else if (body.check_code === auth.code) {
			auth.validated = true;
			status = 'valid';
		} else status = 'invalid';
		auth.events.push({
			type: 'check',
			id: crypto.randomUUID(),
			code: body.check_code,
			status,
			created_at: new Date().toISOString(),
		});
		return { status: 200, body: { authentication_uuid: auth.uuid, status } };
	}

	/** @param {any} body @returns {ScriptedAnswer} */
	retry(body) {
		const auth = this.authentications.get(body.authentication_uuid);
		if (!auth) return dingError('invalid_auth_uuid', 'The authentication UUID is invalid.');
		const now = new Date();
		let status;
		if (auth.expiresAt.getTime() < now.getTime()) status = 'expired_auth';
		else if (auth.validated) status = 'already_validated';
		else if (auth.remainingRetries <= 0) status = 'denied';
		else {
			auth.remainingRetries -= 1;
			auth.attempts += 1;
			auth.code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
			this.recordAttempt(auth, now);
			this.onCode?.(auth);
			status = 'approved';
		}
		return {
			status: 200,
			body: {
				authentication_uuid: auth.uuid,
				status,
				created_at: now.toISOString(),
				next_retry_at: new Date(now.getTime() + 30_000).toISOString(),
				remaining_retry: auth.remainingRetries,
			},
		};
	}
}

module.exports = { DingV1 };
