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

const http = require('node:http');
const crypto = require('node:crypto');

const E164 = /^\+[1-9]\d{1,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?(-([a-zA-Z\d]{5,8}|\d[a-zA-Z\d]{3}))*$/;
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
			return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'not an http(s) URL';
		} catch {
			return 'not a URL';
		}
	},
	deviceType: (v) => (['IOS', 'ANDROID', 'WEB'].includes(v) ? undefined : 'not IOS, ANDROID or WEB'),
	locale: (v) => (LOCALE.test(v) ? undefined : 'not a BCP-47 tag'),
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
};

/**
 * @typedef {{
 *   method: string, path: string, url: string, headers: http.IncomingHttpHeaders,
 *   rawBody: string, body: any, status?: number, answer?: any
 * }} RecordedRequest
 * @typedef {{ status: number, body?: any, headers?: Record<string, string>, raw?: string }} ScriptedAnswer
 * @typedef {{
 *   uuid: string, phoneNumber: string, code: string, createdAt: Date, expiresAt: Date,
 *   validated: boolean, remainingRetries: number, attempts: number, request: any
 * }} Authentication
 * @typedef {{
 *   apiKey: string, customerUuid: string, retries?: number, ttlSeconds?: number,
 *   onCode?: (auth: Authentication) => void, basePath?: string
 * }} StandInOptions
 */

class DingStandIn {
	/** @param {StandInOptions} options */
	constructor(options) {
		this.apiKey = options.apiKey;
		this.customerUuid = options.customerUuid;
		this.retries = options.retries ?? 3;
		this.ttlSeconds = options.ttlSeconds ?? 600;
		this.onCode = options.onCode;
		this.basePath = (options.basePath ?? '/v1').replace(/\/+$/, '');
		/** @type {RecordedRequest[]} */
		this.requests = [];
		/** @type {Map<string, Authentication>} */
		this.authentications = new Map();
		/** @type {Array<{ match: (r: RecordedRequest) => boolean, answer: ScriptedAnswer }>} */
		this.scripted = [];
		/** @type {http.Server | undefined} */
		this.server = undefined;
		this.port = 0;
	}

	get baseUrl() {
		return `http://127.0.0.1:${this.port}${this.basePath}`;
	}

	/** @returns {Promise<this>} */
	async start(port = 0) {
		this.server = http.createServer((req, res) => this.handle(req, res));
		const server = this.server;
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve(undefined));
		});
		const address = server.address();
		this.port = typeof address === 'object' && address ? address.port : port;
		return this;
	}

	async stop() {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	}

	/** Forget the recorded requests, authentications and scripted answers. */
	reset() {
		this.requests = [];
		this.authentications.clear();
		this.scripted = [];
	}

	/**
	 * Answer the next well-formed, authenticated request that `match` accepts with `answer`
	 * instead of Ding's normal behaviour. The request is still checked strictly first.
	 * @param {ScriptedAnswer} answer
	 * @param {(r: RecordedRequest) => boolean} [match]
	 */
	answerNext(answer, match = () => true) {
		this.scripted.push({ match, answer });
	}

	/** The code that was "texted" for an authentication. @param {string} uuid */
	codeFor(uuid) {
		return this.authentications.get(uuid)?.code;
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	handle(req, res) {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const rawBody = Buffer.concat(chunks).toString('utf8');
			/** @type {RecordedRequest} */
			const record = {
				method: req.method ?? '',
				path: url.pathname,
				url: req.url ?? '',
				headers: req.headers,
				rawBody,
				body: undefined,
			};
			this.requests.push(record);
			const { status, body, headers, raw } = this.answer(record);
			record.status = status;
			record.answer = raw ?? body;
			res.writeHead(status, {
				'content-type': raw === undefined ? 'application/json' : 'text/html',
				...headers,
			});
			res.end(raw ?? (body === undefined ? '' : JSON.stringify(body)));
		});
	}

	/** @param {RecordedRequest} record @returns {ScriptedAnswer} */
	answer(record) {
		const key = record.headers['x-api-key'];
		if (key === undefined || key === '') return { status: 401, body: { message: 'Unauthorized' } };
		if (key !== this.apiKey) return { status: 403, body: { message: 'Forbidden' } };

		if (!record.path.startsWith(`${this.basePath}/`)) {
			return { status: 404, body: { message: 'Not Found' } };
		}
		const route = `${record.method} ${record.path.slice(this.basePath.length)}`;
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

		const scriptedIndex = this.scripted.findIndex((s) => s.match(record));
		if (scriptedIndex >= 0) return this.scripted.splice(scriptedIndex, 1)[0].answer;

		if (route === 'POST /authentication') return this.create(record.body);
		if (route === 'POST /check') return this.check(record.body);
		return this.retry(record.body);
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
		};
		this.authentications.set(auth.uuid, auth);
		this.onCode?.(auth);
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
		if (rule.type === 'string' && value.trim() === '') return badRequest(`field "${name}" is empty`);
		if (rule.type === 'string' && value !== value.trim()) {
			return badRequest(`field "${name}" has surrounding spaces`);
		}
		const formatProblem = rule.format ? FORMATS[rule.format](value) : undefined;
		if (formatProblem === 'invalid_phone_number') {
			return dingError('invalid_phone_number', `${value} is not a valid phone number`);
		}
		if (formatProblem) return badRequest(`field "${name}" is ${formatProblem}`);
	}
	return undefined;
}

/** @param {StandInOptions} options */
async function startDingStandIn(options) {
	return await new DingStandIn(options).start();
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort() {
	const server = http.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return port;
}

module.exports = { DingStandIn, startDingStandIn, closedPort, MODELS };
