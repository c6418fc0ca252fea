// @ts-check
'use strict';

/**
 * The sandbox's HTTP server on 127.0.0.1, whatever API it answers: it records each request, plays
 * scripted answers and faults (a reset, a hang, a drip), adds latency, applies a rate limit, and
 * posts webhook events to callback URLs on this machine, in order. The APIs it serves (sandbox/ding,
 * sandbox/prelude) decide the answers.
 *
 * Plain JavaScript on purpose: it runs under any Node version without a build step, and it uses
 * node:http, which n8n's lint rules (written for node code that runs inside n8n) do not allow.
 */

const http = require('node:http');

/**
 * @typedef {{
 *   method: string, path: string, url: string, headers: http.IncomingHttpHeaders,
 *   rawBody: string, body: any, status?: number, answer?: any, receivedAt: number,
 *   drip?: { sent: number, of: number, hungUp: boolean, closed: Promise<unknown> },
 *   clientGone?: Promise<unknown>
 * }} RecordedRequest
 * @typedef {{ status: number, body?: any, headers?: Record<string, string>, raw?: string,
 *   fault?: 'reset' | 'hang' | 'drip', delayMs?: number }} ScriptedAnswer
 */

class SandboxServer {
	constructor() {
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

	/** Forget the recorded requests, scripted answers, event postings, latency and rate limit. */
	reset() {
		this.requests = [];
		this.arrivals = [];
		this.scripted = [];
		this.delivered = [];
		this.deliveries = [];
		this.latency = 0;
		this.rateLimit = null;
		this.throttled = 0;
		this.bucket = null;
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

	/** The API's answer to a request: the API that extends this server says. @param {RecordedRequest} record @returns {ScriptedAnswer} */
	answer(record) {
		return { status: 404, body: { message: 'Not Found' } };
	}

	/** @param {RecordedRequest} record @returns {ScriptedAnswer | undefined} */
	takeScripted(record) {
		const index = this.scripted.findIndex((s) => s.match(record));
		return index >= 0 ? this.scripted.splice(index, 1)[0].answer : undefined;
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

module.exports = { SandboxServer, postJson, closedPort };
