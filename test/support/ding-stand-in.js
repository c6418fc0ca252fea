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
const { numberInfo } = require('./numbering');
const { officialPathEncoding, PreludeStandIn } = require('./prelude-stand-in');

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
 * @typedef {{
 *   method: string, path: string, url: string, headers: http.IncomingHttpHeaders,
 *   rawBody: string, body: any, status?: number, answer?: any, receivedAt: number,
 *   drip?: { sent: number, of: number, hungUp: boolean, closed: Promise<unknown> },
 *   clientGone?: Promise<unknown>
 * }} RecordedRequest
 * @typedef {{ status: number, body?: any, headers?: Record<string, string>, raw?: string,
 *   fault?: 'reset' | 'hang' | 'drip', delayMs?: number }} ScriptedAnswer
 * @typedef {{
 *   uuid: string, phoneNumber: string, code: string, createdAt: Date, expiresAt: Date,
 *   validated: boolean, remainingRetries: number, attempts: number, request: any,
 *   events: Array<Record<string, unknown>>
 * }} Authentication
 * @typedef {{
 *   apiKey: string, customerUuid: string, retries?: number, ttlSeconds?: number,
 *   onCode?: (auth: Authentication) => void, basePath?: string,
 *   preludeApiKey?: string, webhookSigningKey?: crypto.KeyObject | string,
 *   onPreludeCode?: (v: import('./prelude-stand-in').Verification) => void
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
		/** Whether to keep every request in `requests` (benchmarks turn it off to measure the node alone). */
		this.recording = true;
		/**
		 * Added latency per answer, in ms: a number, or a function of the request (tests make it vary
		 * so that answers come back out of order). The function may instead hand back a promise: the
		 * answer is then held until it settles, so a test decides the order of answers by events
		 * (which requests have arrived), not by the clock. A scripted answer's own delayMs wins.
		 * @type {number | ((r: RecordedRequest) => number | Promise<unknown>)}
		 */
		this.latency = 0;
		/**
		 * A rate limit, as real APIs have one: a token bucket of `burst` requests refilled at
		 * `perSecond`; a request that finds it empty is answered 429 with Retry-After (whole
		 * seconds, as HTTP has it) and counts in `throttled`. Null: no limit.
		 * @type {{ perSecond: number, burst: number } | null}
		 */
		this.rateLimit = null;
		/** Requests refused by the rate limit. */
		this.throttled = 0;
		/** @type {{ tokens: number, at: number } | null} */
		this.bucket = null;
		/** @type {Map<string, Authentication>} */
		this.authentications = new Map();
		/** @type {Map<string, string>} feedback uuid by "phone status" */
		this.feedbacks = new Map();
		/** @type {Array<{ url: string, event: any, status: number, body: string }>} events posted to callback URLs */
		this.delivered = [];
		/** @type {Promise<void>[]} */
		this.deliveries = [];
		/** @type {http.ServerResponse[]} answers held back by a 'hang' fault */
		this.hanging = [];
		/** @type {Array<{ count: number, resolve: () => void }>} see whenReceived */
		this.arrivals = [];
		/** @type {Array<{ match: (r: RecordedRequest) => boolean, answer: ScriptedAnswer }>} */
		this.scripted = [];
		/** @type {http.Server | undefined} */
		this.server = undefined;
		this.port = 0;
		/** Prelude's Verify API v2 under /v2 on the same port, when a v2 key is given. */
		this.prelude = options.preludeApiKey
			? new PreludeStandIn({
					apiKey: options.preludeApiKey,
					signingKey: options.webhookSigningKey,
					ttlSeconds: options.ttlSeconds,
					onCode: options.onPreludeCode,
					deliver: (url, event, headers, raw) => this.deliverEvent(url, event, headers, raw),
				})
			: undefined;
	}

	/** The Base URL of a Prelude API credential that points here. */
	get preludeBaseUrl() {
		return `http://127.0.0.1:${this.port}`;
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
		this.hanging = [];
		this.arrivals = [];
		server.closeAllConnections();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	}

	/** Forget the recorded requests, authentications and scripted answers. */
	reset() {
		this.requests = [];
		this.arrivals = [];
		this.authentications.clear();
		this.feedbacks.clear();
		this.scripted = [];
		this.delivered = [];
		this.deliveries = [];
		this.latency = 0;
		this.rateLimit = null;
		this.throttled = 0;
		this.bucket = null;
		this.prelude?.reset();
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

	/**
	 * Resolves once `count` requests have been recorded since the last reset (at once if they
	 * have): a test can act at a point in the exchange rather than after a time.
	 * @param {number} count @returns {Promise<void>}
	 */
	whenReceived(count) {
		if (this.requests.length >= count) return Promise.resolve();
		return new Promise((resolve) => this.arrivals.push({ count, resolve }));
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
				receivedAt: Date.now(),
			};
			if (this.recording) this.requests.push(record);
			for (const arrival of this.arrivals.filter((a) => a.count <= this.requests.length)) {
				this.arrivals.splice(this.arrivals.indexOf(arrival), 1);
				arrival.resolve();
			}
			const { status, body, headers, raw, fault, delayMs } =
				this.overLimit() ?? this.answer(record);
			record.status = status;
			record.answer = raw ?? body;
			if (fault === 'reset') {
				// The request arrived and was read; the connection dies before any answer.
				record.status = 0;
				req.socket.destroy();
				return;
			}
			if (fault === 'drip') {
				// Headers at once, then the body one byte every 200 ms: never silent for long, never done.
				// The record says how much of it went out, and whether the client hung up before the end.
				res.writeHead(status, { 'content-type': 'application/json', ...headers });
				const text = JSON.stringify(body ?? {}).padEnd(200, ' ');
				/** @type {() => void} */
				let closed = () => {};
				const drip = {
					sent: 0,
					of: text.length,
					hungUp: false,
					closed: new Promise((resolve) => (closed = () => resolve(undefined))),
				};
				record.drip = drip;
				const timer = setInterval(() => {
					if (res.destroyed || drip.sent >= text.length) {
						clearInterval(timer);
						if (!res.destroyed) res.end();
						return;
					}
					res.write(text[drip.sent++]);
				}, 200);
				res.on('close', () => {
					clearInterval(timer);
					drip.hungUp = drip.sent < text.length;
					closed();
				});
				return;
			}
			if (fault === 'hang') {
				record.status = 0;
				this.hanging.push(res);
				return;
			}
			const send = () => {
				res.writeHead(status, {
					'content-type': raw === undefined ? 'application/json' : 'text/html',
					...headers,
				});
				res.end(raw ?? (body === undefined ? '' : JSON.stringify(body)));
			};
			const wait =
				delayMs ?? (typeof this.latency === 'function' ? this.latency(record) : this.latency);
			if (typeof wait === 'object') {
				// A held answer: the record says when its client hung up (a cancelled request), and
				// such an answer is not sent.
				record.clientGone = new Promise((resolve) => res.once('close', () => resolve(undefined)));
				const sendIfWanted = () => (res.destroyed ? undefined : send());
				void wait.then(sendIfWanted, sendIfWanted);
			} else if (wait > 0) setTimeout(send, wait);
			else send();
		});
	}

	/**
	 * The 429 of the rate limit when its bucket is empty (taking a token otherwise), in the error
	 * shape both APIs share ({code, message}). @returns {ScriptedAnswer | undefined}
	 */
	overLimit() {
		if (!this.rateLimit) return undefined;
		const { perSecond, burst } = this.rateLimit;
		const now = Date.now();
		const bucket = this.bucket ?? { tokens: burst, at: now };
		bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
		bucket.at = now;
		this.bucket = bucket;
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return undefined;
		}
		this.throttled += 1;
		const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
		return {
			status: 429,
			headers: { 'retry-after': String(seconds) },
			body: { code: 'rate_limited', message: 'Too many requests' },
		};
	}

	/** @param {RecordedRequest} record @returns {ScriptedAnswer} */
	answer(record) {
		if (this.prelude && record.path.startsWith('/v2/')) {
			return this.prelude.answer(record, (r) => this.takeScripted(r));
		}
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

	/** @param {RecordedRequest} record @returns {ScriptedAnswer | undefined} */
	takeScripted(record) {
		const index = this.scripted.findIndex((s) => s.match(record));
		return index >= 0 ? this.scripted.splice(index, 1)[0].answer : undefined;
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

	/**
	 * Posts one event (raw JSON, with headers such as a signature) to a callback URL on this
	 * machine, in order after the events posted before it.
	 * @param {string} url @param {unknown} event @param {Record<string, string>} headers @param {string} raw
	 */
	deliverEvent(url, event, headers, raw) {
		const target = new URL(url);
		if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) return;
		const previous = this.deliveries[this.deliveries.length - 1] ?? Promise.resolve();
		this.deliveries.push(
			previous.then(async () => {
				const answer = await postJson(url, event, headers, raw);
				this.delivered.push({ url, event, status: answer.status, body: answer.body });
			}),
		);
	}

	/**
	 * Posts one event again, as Ding re-sends an event it got no answer for.
	 * @param {string} url @param {unknown} event @param {Record<string, string>} [headers] @param {string} [raw]
	 */
	async redeliver(url, event, headers = {}, raw = JSON.stringify(event)) {
		const answer = await postJson(url, event, headers, raw);
		this.delivered.push({ url, event, status: answer.status, body: answer.body });
		return answer;
	}

	/** Resolves when every event posting so far has been answered. */
	async settled() {
		await Promise.all(this.deliveries);
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

/** @param {StandInOptions} options */
async function startDingStandIn(options) {
	return await new DingStandIn(options).start();
}

/**
 * @param {string} url @param {unknown} payload @param {Record<string, string>} [headers]
 * @param {string} [raw] the exact bytes to send (a signature covers them)
 * @returns {Promise<{ status: number, body: string }>}
 */
function postJson(url, payload, headers = {}, raw = JSON.stringify(payload)) {
	const data = Buffer.from(raw);
	return new Promise((resolve) => {
		const request = http.request(
			url,
			{
				method: 'POST',
				agent: false,
				headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers },
			},
			(response) => {
				/** @type {Buffer[]} */
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
			},
		);
		request.on('error', (error) => resolve({ status: 0, body: String(error) }));
		request.end(data);
	});
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

module.exports = { DingStandIn, startDingStandIn, closedPort, MODELS, GET_ROUTES };
