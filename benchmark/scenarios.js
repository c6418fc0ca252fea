// @ts-check
'use strict';

/**
 * What `npm run bench` measures (run.js runs it): its settings from the environment, the raw
 * Node.js loop that is the floor of the latency scenarios, the benchmark workflows (the Ding node
 * and n8n's HTTP Request node, each making the same call), the scenarios, and the readings of n8n's
 * process (memory, CPU time) from Linux's /proc.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MEMORY_ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
/** Scenario keys (or the start of them: "lookup", "rate-b10") to run; all when unset. */
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
/** Variant keys to run in each scenario; all when unset (for profiling one node). */
const VARIANTS = process.env.BENCH_VARIANTS?.split(',');
const API_KEY = 'bench-api-key';
const PRELUDE_KEY = 'bench-prelude-key';
const CUSTOMER_UUID = '4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d';

/** @param {string} message */
const say = (message) => process.stdout.write(`${message}\n`);

/** @param {number} count */
const phones = (count) =>
	Array.from({ length: count }, (_, i) => ({ phone: `+1415${String(10_000_000 + i).slice(1)}` }));

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The RSS of a process now, and its peak since the last reset, in bytes (Linux /proc). @param {number} pid */
function memoryOf(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (/** @type {string} */ field) =>
		Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
}

/** Resets a process's peak RSS (VmHWM) to its current RSS; false where Linux does not allow it. @param {number} pid */
function resetPeak(pid) {
	try {
		fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** Clock ticks a second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on every Linux n8n runs on). */
const USER_HZ = 100;

/** The CPU time (user and system) a process has used so far, in ms (Linux /proc). @param {number} pid */
function cpuMsOf(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The fields after the command name (in parentheses, which may hold spaces): utime and stime are
	// the 14th and 15th of the line, the 12th and 13th after it.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/**
 * The call each scenario makes, as the raw loop makes it: Ding v1 Lookup (GET /lookup/{number}
 * with x-api-key and customer-uuid) or Prelude Send (POST /v2/verification with a Bearer key).
 * @type {Record<'lookup' | 'send', (phone: string) => { method: string, path: string, headers: Record<string, string>, body?: string }>}
 */
const CALLS = {
	lookup: (phone) => ({
		method: 'GET',
		path: `/lookup/${phone}`,
		headers: { 'x-api-key': API_KEY, 'customer-uuid': CUSTOMER_UUID, accept: 'application/json' },
	}),
	send: (phone) => ({
		method: 'POST',
		path: '/v2/verification',
		headers: {
			authorization: `Bearer ${PRELUDE_KEY}`,
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body: JSON.stringify({ target: { type: 'phone_number', value: phone } }),
	}),
};

/**
 * (a) The same requests without n8n: keep-alive, `concurrency` at a time.
 * @param {string} baseUrl @param {Array<{ phone: string }>} items @param {number} concurrency
 * @param {'lookup' | 'send'} call
 */
async function rawLoop(baseUrl, items, concurrency, call) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const once = (/** @type {string} */ phone) =>
		new Promise((resolve, reject) => {
			const { method, path, headers, body } = CALLS[call](phone);
			const request = http.request(`${baseUrl}${path}`, { method, agent, headers }, (response) => {
				/** @type {Buffer[]} */
				const chunks = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => {
					if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
					else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
				});
			});
			request.on('error', reject);
			request.end(body);
		});
	const started = process.hrtime.bigint();
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < items.length) await once(items[next++].phone);
		}),
	);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	agent.destroy();
	return ms;
}

/**
 * Webhook (answers at once) → Split Out (one item per number) → the node under test.
 * @param {string} name @param {any} target
 */
function benchWorkflow(name, target) {
	const id = (/** @type {number} */ n) => `0b0c0d0e-0000-4000-8000-${String(n).padStart(12, '0')}`;
	return {
		name: `bench ${name}`,
		nodes: [
			{
				id: id(1),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: `0b0c0d0e-0000-4000-9000-${crypto.createHash('sha256').update(name).digest('hex').slice(0, 12)}`,
				parameters: {
					httpMethod: 'POST',
					path: `bench/${name}`,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: id(2),
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{ id: id(3), name: 'Target', position: [400, 0], ...target },
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Target', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * n8n's HTTP Request node (v4.2) making the call as a user would set it up: the URL and, for Send,
 * the JSON body as expressions of the item, the key as a header on the node.
 * @param {string} baseUrl @param {'lookup' | 'send'} call
 * @param {{ batchSize: number, batchInterval: number }} [batch] @param {string} [onError]
 */
function httpRequestNode(baseUrl, call, batch, onError) {
	const header = (/** @type {string} */ name, /** @type {string} */ value) => ({ name, value });
	const options = batch ? { batching: { batch } } : {};
	const node = {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		...(onError ? { onError } : {}),
	};
	if (call === 'lookup') {
		return {
			...node,
			parameters: {
				url: `={{ '${baseUrl}/lookup/' + $json.phone }}`,
				sendHeaders: true,
				headerParameters: {
					parameters: [header('x-api-key', API_KEY), header('customer-uuid', CUSTOMER_UUID)],
				},
				options,
			},
		};
	}
	return {
		...node,
		parameters: {
			method: 'POST',
			url: `${baseUrl}/v2/verification`,
			sendHeaders: true,
			headerParameters: { parameters: [header('Authorization', `Bearer ${PRELUDE_KEY}`)] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={ "target": { "type": "phone_number", "value": "{{ $json.phone }}" } }',
			options,
		},
	};
}

/**
 * The Ding node (version 3, as the editor adds it) with its defaults: Ding v1 Lookup, or Prelude
 * Send (Verify v2).
 * @param {{ dingApi?: { id: string, name: string }, preludeApi?: { id: string, name: string } }} credentials
 * @param {'lookup' | 'send'} call @param {string} [onError]
 */
function dingNode(credentials, call, onError) {
	const parameters =
		call === 'lookup'
			? { api: 'dingV1', resource: 'lookup', operation: 'get', phoneNumber: '={{ $json.phone }}' }
			: { api: 'preludeV2', resource: 'otp', operation: 'send', phoneNumber: '={{ $json.phone }}' };
	return {
		type: 'n8n-nodes-ding.ding',
		typeVersion: 3,
		...(onError ? { onError } : {}),
		parameters: { ...parameters, options: {} },
		credentials:
			call === 'lookup' ? { dingApi: credentials.dingApi } : { preludeApi: credentials.preludeApi },
	};
}

/**
 * What each scenario runs. Variants: `raw-N` is the raw loop N at a time (the floor of a latency
 * scenario); `http` and `ding` the nodes' defaults; in the rate scenarios every node has Settings →
 * On Error → Continue (so each run finishes and its failed items are counted), `http-batch100` is
 * the HTTP Request node with Batching 100 items every 1,000 ms, and `ding-first`/`ding-second` are
 * two runs of one Ding workflow back to back on a credential of their own: the first with nothing
 * learned of the limit, the second straight after it.
 * @typedef {{ key: string, title: string, call: 'lookup' | 'send', latencyMs: number, items: number,
 *   rateLimit?: { perSecond: number, burst: number }, variants: string[] }} Scenario
 * @type {Scenario[]}
 */
const ALL_SCENARIOS = [
	...[
		{ call: /** @type {const} */ ('lookup'), name: 'Lookup' },
		{ call: /** @type {const} */ ('send'), name: 'Send' },
	].flatMap(({ call, name }) =>
		[
			{ latencyMs: 0, items: 1000, raw: 10 },
			{ latencyMs: 10, items: 1000, raw: 10 },
			{ latencyMs: 50, items: 2000, raw: 50 },
		].map(({ latencyMs, items, raw }) => ({
			key: `${call}-${latencyMs}ms`,
			title: `${name}, ${latencyMs} ms`,
			call,
			latencyMs,
			items,
			variants: [`raw-${raw}`, 'http', 'ding'],
		})),
	),
	...[10, 20, 100].flatMap((burst) =>
		[1000, 2000].map((items) => ({
			key: `rate-b${burst}-${items}`,
			title: `Lookup, ${RATE}/s burst ${burst}, 20 ms`,
			call: /** @type {const} */ ('lookup'),
			latencyMs: 20,
			items,
			rateLimit: { perSecond: RATE, burst },
			variants: ['http', ...(burst === 100 ? ['http-batch100'] : []), 'ding-first', 'ding-second'],
		})),
	),
];

const SCENARIOS = ALL_SCENARIOS.filter(
	(scenario) => !ONLY || ONLY.some((only) => scenario.key.startsWith(only)),
).map((scenario) =>
	VARIANTS
		? { ...scenario, variants: scenario.variants.filter((v) => VARIANTS.includes(v)) }
		: scenario,
);

module.exports = {
	RUNS,
	MEMORY_ITEMS,
	RATE,
	ONLY,
	API_KEY,
	PRELUDE_KEY,
	CUSTOMER_UUID,
	say,
	phones,
	median,
	memoryOf,
	resetPeak,
	cpuMsOf,
	rawLoop,
	benchWorkflow,
	httpRequestNode,
	dingNode,
	SCENARIOS,
};
