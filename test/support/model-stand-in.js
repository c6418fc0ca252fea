// @ts-check
'use strict';

/**
 * A local stand-in for an OpenAI-compatible chat model (POST …/chat/completions), for the
 * end-to-end tests that run the node as an AI agent's tool. It listens on 127.0.0.1 only, records
 * every request body (the tools the model was offered, the tool results it was shown), and
 * answers from a script: each reply is a tool call, several tool calls, or a final text answer.
 * n8n's OpenAI Chat Model node points here through the OpenAI credential's Base URL
 * (`http://127.0.0.1:<port>/v1`), and the OpenAI client posts to `<Base URL>/chat/completions`.
 *
 * It answers plain JSON, or server-sent chunks when the client asks for `stream: true`.
 *
 * Plain JavaScript on purpose, like ding-stand-in.js: it uses node:http, which n8n's lint rules
 * (written for node code that runs inside n8n) do not allow in TypeScript.
 */

const http = require('node:http');

/**
 * @typedef {{ name?: string, arguments: Record<string, unknown> }} ScriptedToolCall
 *   `name` defaults to the first tool offered in the request.
 * @typedef {{ toolCalls: ScriptedToolCall[] } | { text: string }} ScriptedReply
 * @typedef {ScriptedReply | ((request: ChatRequest) => ScriptedReply)} ScriptStep
 * @typedef {{
 *   model?: string, stream?: boolean, messages: Array<Record<string, any>>,
 *   tools?: Array<{ type: string, function: { name: string, description?: string, parameters?: any } }>,
 *   [key: string]: unknown
 * }} ChatRequest
 * @typedef {{
 *   method: string, path: string, headers: http.IncomingHttpHeaders, rawBody: string,
 *   body: ChatRequest | undefined, reply?: ScriptedReply
 * }} RecordedModelRequest
 */

/** The answer when the script has run out: a final text, so that an agent stops. */
const UNSCRIPTED = 'model stand-in: nothing more was scripted';

class ModelStandIn {
	constructor() {
		/** @type {RecordedModelRequest[]} */
		this.requests = [];
		/** @type {ScriptStep[]} */
		this.script = [];
		/** @type {http.Server | undefined} */
		this.server = undefined;
		this.port = 0;
		this.calls = 0;
	}

	/** The Base URL of an OpenAI credential that points here. */
	get baseUrl() {
		return `http://127.0.0.1:${this.port}/v1`;
	}

	/** @returns {Promise<this>} */
	async start() {
		this.server = http.createServer((req, res) => this.handle(req, res));
		const server = this.server;
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve(undefined));
		});
		const address = server.address();
		this.port = typeof address === 'object' && address ? address.port : 0;
		return this;
	}

	async stop() {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		server.closeAllConnections();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
	}

	/** Replace the script and forget the recorded requests. @param {ScriptStep[]} steps */
	scriptReplies(...steps) {
		this.script = [...steps];
		this.requests = [];
	}

	/** The chat-completion requests received, in order. */
	get chatRequests() {
		return this.requests.filter((r) => r.path.endsWith('/chat/completions'));
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	handle(req, res) {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
			const rawBody = Buffer.concat(chunks).toString('utf8');
			/** @type {any} */
			let body;
			try {
				body = rawBody ? JSON.parse(rawBody) : undefined;
			} catch {
				body = undefined;
			}
			/** @type {RecordedModelRequest} */
			const record = { method: req.method ?? '', path, headers: req.headers, rawBody, body };
			this.requests.push(record);

			if (req.method === 'GET' && path.endsWith('/models')) {
				return sendJson(res, 200, {
					object: 'list',
					data: [{ id: 'gpt-stand-in', object: 'model', created: 0, owned_by: 'stand-in' }],
				});
			}
			if (req.method !== 'POST' || !path.endsWith('/chat/completions')) {
				return sendJson(res, 404, {
					error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' },
				});
			}
			if (!body || !Array.isArray(body.messages)) {
				return sendJson(res, 400, {
					error: { message: 'messages is required', type: 'invalid_request_error' },
				});
			}
			const step = this.script.shift();
			const reply = step === undefined ? { text: UNSCRIPTED } : resolveStep(step, body);
			record.reply = reply;
			const completion = this.completion(body, reply);
			if (body.stream === true) return sendStream(res, body, completion);
			return sendJson(res, 200, completion);
		});
	}

	/** An OpenAI chat completion for a scripted reply. @param {ChatRequest} body @param {ScriptedReply} reply */
	completion(body, reply) {
		const id = `chatcmpl-standin-${++this.calls}`;
		const offered = body.tools?.[0]?.function?.name ?? 'unknown_tool';
		/** @type {Record<string, unknown>} */
		const message =
			'text' in reply
				? { role: 'assistant', content: reply.text, refusal: null }
				: {
						role: 'assistant',
						content: null,
						refusal: null,
						tool_calls: reply.toolCalls.map((call, index) => ({
							id: `call_${this.calls}_${index}`,
							type: 'function',
							function: { name: call.name ?? offered, arguments: JSON.stringify(call.arguments) },
						})),
					};
		return {
			id,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model ?? 'gpt-stand-in',
			choices: [
				{
					index: 0,
					message,
					logprobs: null,
					finish_reason: 'text' in reply ? 'stop' : 'tool_calls',
				},
			],
			usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
		};
	}
}

/** @param {ScriptStep} step @param {ChatRequest} body @returns {ScriptedReply} */
function resolveStep(step, body) {
	return typeof step === 'function' ? step(body) : step;
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} payload */
function sendJson(res, status, payload) {
	const data = Buffer.from(JSON.stringify(payload));
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': data.length });
	res.end(data);
}

/**
 * The same completion as server-sent chunks, the way OpenAI streams it: the role and content or
 * the tool calls in one delta, then the finish reason, then usage if asked for, then [DONE].
 * @param {http.ServerResponse} res @param {ChatRequest} body @param {ReturnType<ModelStandIn['completion']>} completion
 */
function sendStream(res, body, completion) {
	const { choices, usage, ...head } = completion;
	const { message, finish_reason: finishReason } = choices[0];
	/** @type {Record<string, unknown>} */
	const delta = { role: 'assistant', content: message.content ?? null };
	if (Array.isArray(message.tool_calls)) {
		delta.tool_calls = message.tool_calls.map((call, index) => ({ index, ...call }));
	}
	const chunk = (/** @type {unknown[]} */ chunkChoices, extra = {}) =>
		`data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: chunkChoices, ...extra })}\n\n`;
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
	res.write(chunk([{ index: 0, delta, logprobs: null, finish_reason: null }]));
	res.write(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]));
	const options = /** @type {{ include_usage?: boolean } | undefined} */ (body.stream_options);
	if (options?.include_usage) res.write(chunk([], { usage }));
	res.end('data: [DONE]\n\n');
}

async function startModelStandIn() {
	return await new ModelStandIn().start();
}

module.exports = { ModelStandIn, startModelStandIn, UNSCRIPTED };
