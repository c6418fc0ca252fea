// @ts-check
'use strict';

/**
 * What `npm run bench` measures (run.js runs it): its settings from the environment, the raw
 * Node.js loop that is the floor, the benchmark workflows (the Ding node and n8n's HTTP Request
 * node), the scenarios, and the memory readings of n8n's process.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MEMORY_ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const RATE_BURST = Number(process.env.BENCH_RATE_BURST ?? 100);
const ONLY = process.env.BENCH_SCENARIOS?.split(',');
const API_KEY = 'bench-api-key';
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

/**
 * (a) The same requests without n8n: keep-alive, `concurrency` at a time.
 * @param {string} baseUrl @param {Array<{ phone: string }>} items @param {number} concurrency
 */
async function rawLoop(baseUrl, items, concurrency) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const get = (/** @type {string} */ phone) =>
		new Promise((resolve, reject) => {
			const request = http.get(
				`${baseUrl}/lookup/${phone}`,
				{
					agent,
					headers: {
						'x-api-key': API_KEY,
						'customer-uuid': CUSTOMER_UUID,
						accept: 'application/json',
					},
				},
				(response) => {
					/** @type {Buffer[]} */
					const chunks = [];
					response.on('data', (chunk) => chunks.push(chunk));
					response.on('end', () => {
						if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
						else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
					});
				},
			);
			request.on('error', reject);
		});
	const started = process.hrtime.bigint();
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < items.length) await get(items[next++].phone);
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
 * @param {string} baseUrl @param {{ batchSize: number, batchInterval: number }} [batch]
 * @param {string} [onError]
 */
function httpRequestNode(baseUrl, batch, onError) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		...(onError ? { onError } : {}),
		parameters: {
			url: `={{ '${baseUrl}/lookup/' + $json.phone }}`,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'x-api-key', value: API_KEY },
					{ name: 'customer-uuid', value: CUSTOMER_UUID },
				],
			},
			options: batch ? { batching: { batch } } : {},
		},
	};
}

/**
 * @param {{ id: string, name: string }} credential @param {number} [batchSize]
 * @param {string} [onError]
 */
function dingNode(credential, batchSize, onError) {
	return {
		type: 'n8n-nodes-ding.ding',
		typeVersion: 2,
		...(onError ? { onError } : {}),
		parameters: {
			api: 'dingV1',
			resource: 'lookup',
			operation: 'get',
			phoneNumber: '={{ $json.phone }}',
			options: batchSize ? { batching: { batch: { batchSize, batchInterval: 0 } } } : {},
		},
		credentials: { dingApi: credential },
	};
}

/**
 * What each scenario runs: raw-N is the raw loop N at a time; every other key is a workflow.
 * @typedef {{ key: string, title: string, latencyMs: number, items: number,
 *   rateLimit?: { perSecond: number, burst: number }, variants: string[] }} Scenario
 * @type {Scenario[]}
 */
const SCENARIOS = [
	{
		key: '0ms',
		title: '0 ms',
		latencyMs: 0,
		items: ITEMS,
		variants: ['raw-1', 'raw-10', 'http-default', 'ding-default', 'ding-fixed10'],
	},
	{
		key: '10ms',
		title: '10 ms',
		latencyMs: 10,
		items: ITEMS,
		variants: ['raw-10', 'http-default', 'ding-default'],
	},
	{
		key: '50ms',
		title: '50 ms',
		latencyMs: 50,
		items: LOOKUPS,
		variants: ['raw-50', 'http-default', 'ding-default'],
	},
	{
		key: 'rate',
		title: `${RATE}/s, 20 ms`,
		latencyMs: 20,
		items: LOOKUPS,
		rateLimit: { perSecond: RATE, burst: RATE_BURST },
		variants: ['http-default-continue', 'http-batch100-continue', 'ding-default-continue'],
	},
	{
		key: 'rate-burst20',
		title: `${RATE}/s, burst 20, 20 ms`,
		latencyMs: 20,
		items: LOOKUPS,
		rateLimit: { perSecond: RATE, burst: 20 },
		variants: ['ding-default-continue'],
	},
].filter((scenario) => !ONLY || ONLY.includes(scenario.key));

module.exports = {
	ITEMS,
	LOOKUPS,
	RUNS,
	MEMORY_ITEMS,
	RATE,
	RATE_BURST,
	ONLY,
	API_KEY,
	CUSTOMER_UUID,
	say,
	phones,
	median,
	memoryOf,
	resetPeak,
	rawLoop,
	benchWorkflow,
	httpRequestNode,
	dingNode,
	SCENARIOS,
};
