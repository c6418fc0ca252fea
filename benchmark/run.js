// @ts-check
'use strict';

/**
 * `npm run bench`: how fast the Ding node is in a real n8n, against n8n's own HTTP Request node
 * and a raw Node.js loop, all making the same calls (Ding v1 Lookup, GET /lookup/{number} with the
 * x-api-key and customer-uuid headers) to the local sandbox, at 0 ms and 10 ms added latency.
 *
 *   (a) raw loop: node:http with keep-alive, sequential and 10 at a time (the floor)
 *   (b) HTTP Request node (v4.2): defaults, and Batching 10
 *   (c) Ding node: defaults (adaptive), Batching 10, Batching 50 (Mode Fixed)
 *
 * Time is the node's own execution time from n8n's execution data (runData[node][0].executionTime),
 * the median of RUNS runs taken in interleaved order. Memory: peak RSS of the n8n process while
 * MEMORY_ITEMS items go through the Ding node, above its idle RSS. Not a test: the numbers depend
 * on the machine, so nothing here passes or fails. Prints a table and writes it as JSON to
 * benchmark/results/.
 *
 * Environment: BENCH_ITEMS (default 1000), BENCH_RUNS (3), BENCH_MEMORY_ITEMS (10000).
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const { ensureDevDependencies, REPO_ROOT } = require('../scripts/n8n/runtime');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MEMORY_ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 10_000);
const LATENCIES = [0, 10];
const API_KEY = 'bench-api-key';
const CUSTOMER_UUID = '4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d';

/** @param {string} message */
const say = (message) => process.stdout.write(`${message}\n`);

/** @param {number} count */
const phones = (count) =>
	Array.from({ length: count }, (_, i) => ({ phone: `+1415${String(1_000_000 + i).slice(1)}` }));

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

/** @param {string} baseUrl @param {number} [batchSize] */
function httpRequestNode(baseUrl, batchSize) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			url: `={{ '${baseUrl}/lookup/' + $json.phone }}`,
			sendHeaders: true,
			headerParameters: {
				parameters: [
					{ name: 'x-api-key', value: API_KEY },
					{ name: 'customer-uuid', value: CUSTOMER_UUID },
				],
			},
			options: batchSize ? { batching: { batch: { batchSize, batchInterval: 0 } } } : {},
		},
	};
}

/** @param {{ id: string, name: string }} credential @param {number} [batchSize] */
function dingNode(credential, batchSize) {
	return {
		type: 'n8n-nodes-ding.ding',
		typeVersion: 2,
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

async function main() {
	// On a fresh clone: the build tools first, then what needs them.
	ensureDevDependencies((message) => say(`[bench] ${message}`));
	const { startInstance } = require('../scripts/n8n/instance');
	const { startDingStandIn } = require('../test/support/ding-stand-in');
	const { makeTempFolder } = require('../test/support/files');
	const standIn = await startDingStandIn({ apiKey: API_KEY, customerUuid: CUSTOMER_UUID });
	standIn.recording = false;
	const userFolder = makeTempFolder('n8n-nodes-ding-bench-');
	say(`[bench] starting n8n with the packed package (${userFolder})`);
	const instance = await startInstance({
		userFolder,
		logFile: path.join(userFolder, 'n8n.log'),
		logLevel: 'info',
		ding: { baseUrl: standIn.baseUrl, apiKey: API_KEY, customerUuid: CUSTOMER_UUID },
	});
	const { client } = instance;
	const pid = /** @type {number} */ (instance.n8n.pid);
	try {
		const variants = [
			{
				key: 'http-default',
				label: 'HTTP Request, defaults',
				node: httpRequestNode(standIn.baseUrl),
			},
			{
				key: 'http-batch10',
				label: 'HTTP Request, Batching 10',
				node: httpRequestNode(standIn.baseUrl, 10),
			},
			{
				key: 'ding-default',
				label: 'Ding, defaults (adaptive)',
				node: dingNode(instance.credential),
			},
			{ key: 'ding-batch10', label: 'Ding, Batching 10', node: dingNode(instance.credential, 10) },
			{ key: 'ding-batch50', label: 'Ding, Batching 50', node: dingNode(instance.credential, 50) },
		];
		/** @type {Record<string, string>} */
		const workflowIds = {};
		for (const variant of variants) {
			const created = await client.createWorkflow(benchWorkflow(variant.key, variant.node), {
				activate: true,
			});
			workflowIds[variant.key] = String(created.id);
		}
		/** @type {Record<string, string | undefined>} */
		const lastIds = {};

		/** Runs one variant over `items`; the Target node's execution time in ms. @param {string} key @param {Array<{ phone: string }>} items */
		const runVariant = async (key, items) => {
			const answer = await client.callWebhook(`bench/${key}`, { items });
			if (answer.status !== 200) throw new Error(`bench/${key}: HTTP ${answer.status}`);
			const execution = await client.lastExecution(workflowIds[key], {
				after: lastIds[key],
				timeoutMs: 30 * 60_000,
			});
			lastIds[key] = String(execution.id);
			const run = execution.data?.resultData?.runData?.Target?.[0];
			const out = run?.data?.main?.[0]?.length ?? 0;
			if (execution.status !== 'success' || out !== items.length) {
				throw new Error(
					`bench/${key}: status ${execution.status}, ${out} of ${items.length} items`,
				);
			}
			return /** @type {number} */ (run.executionTime);
		};

		const items = phones(ITEMS);
		say(`[bench] warming up`);
		for (const variant of variants) await runVariant(variant.key, items.slice(0, 50));
		await rawLoop(standIn.baseUrl, items.slice(0, 50), 1);

		/** @type {Record<number, Record<string, number[]>>} */
		const samples = {};
		for (const latency of LATENCIES) {
			standIn.latency = latency;
			samples[latency] = {
				'raw-seq': [],
				'raw-10': [],
				...Object.fromEntries(variants.map((v) => [v.key, []])),
			};
			for (let run = 1; run <= RUNS; run++) {
				say(`[bench] ${ITEMS} items, ${latency} ms latency, run ${run} of ${RUNS}`);
				samples[latency]['raw-seq'].push(await rawLoop(standIn.baseUrl, items, 1));
				samples[latency]['raw-10'].push(await rawLoop(standIn.baseUrl, items, 10));
				for (const variant of variants)
					samples[latency][variant.key].push(await runVariant(variant.key, items));
			}
		}

		say(`[bench] memory: ${MEMORY_ITEMS} items through the Ding node (defaults, 0 ms latency)`);
		standIn.latency = 0;
		await new Promise((resolve) => setTimeout(resolve, 3000));
		const idle = memoryOf(pid).rss;
		const peakResettable = resetPeak(pid);
		let sampledPeak = idle;
		const sampler = setInterval(() => {
			sampledPeak = Math.max(sampledPeak, memoryOf(pid).rss);
		}, 20);
		const memoryMs = await runVariant('ding-default', phones(MEMORY_ITEMS));
		clearInterval(sampler);
		const peak = Math.max(sampledPeak, peakResettable ? memoryOf(pid).peak : 0);

		const labels = {
			'raw-seq': '(a) raw loop, sequential',
			'raw-10': '(a) raw loop, 10 at a time',
			...Object.fromEntries(
				variants.map((v) => [v.key, `${v.key.startsWith('http') ? '(b)' : '(c)'} ${v.label}`]),
			),
		};
		/** @type {any[]} */
		const rows = [];
		for (const latency of LATENCIES) {
			const medians = Object.fromEntries(
				Object.entries(samples[latency]).map(([k, v]) => [k, median(v)]),
			);
			for (const [key, ms] of Object.entries(medians)) {
				rows.push({
					latencyMs: latency,
					variant: key,
					label: labels[/** @type {keyof typeof labels} */ (key)],
					medianMs: Math.round(ms),
					runsMs: samples[latency][key].map((v) => Math.round(v)),
					itemsPerSecond: Math.round((ITEMS / ms) * 1000),
					msPerItem: Number((ms / ITEMS).toFixed(3)),
					overheadMsPerItemOverRawSequential: Number(
						((ms - medians['raw-seq']) / ITEMS).toFixed(3),
					),
					ratioToRawSequential: Number((ms / medians['raw-seq']).toFixed(2)),
					ratioToRaw10: Number((ms / medians['raw-10']).toFixed(2)),
					ratioToHttpRequestDefaults: Number((ms / medians['http-default']).toFixed(2)),
				});
			}
		}
		const at = (/** @type {number} */ latency, /** @type {string} */ key) =>
			rows.find((r) => r.latencyMs === latency && r.variant === key).medianMs;
		const floor10 = (ITEMS * 10) / 10;
		const targets = [
			{
				target: '0 ms: Ding (defaults) ≤ 1.0 × HTTP Request (defaults)',
				value: Number((at(0, 'ding-default') / at(0, 'http-default')).toFixed(2)),
				limit: 1.0,
			},
			{
				target: `10 ms: Ding Batching 10 ≤ 1.5 × floor (N × 10 ms / 10 = ${floor10} ms)`,
				value: Number((at(10, 'ding-batch10') / floor10).toFixed(2)),
				limit: 1.5,
			},
			{
				target: '10 ms: Ding Batching 50 ≤ 1.0 × HTTP Request (defaults)',
				value: Number((at(10, 'ding-batch50') / at(10, 'http-default')).toFixed(2)),
				limit: 1.0,
			},
			{
				target: `memory: ${MEMORY_ITEMS} items, peak RSS above idle < 150 MB`,
				value: Math.round((peak - idle) / 1024 / 1024),
				limit: 150,
			},
		].map((t) => ({ ...t, met: t.value <= t.limit }));

		const result = {
			date: new Date().toISOString(),
			machine: {
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0]?.model,
				memoryGiB: Math.round(os.totalmem() / 2 ** 30),
				platform: `${os.platform()} ${os.release()}`,
				benchNode: process.version,
				n8n: instance.runtime.version,
			},
			items: ITEMS,
			runs: RUNS,
			rows,
			memory: {
				items: MEMORY_ITEMS,
				idleRssMiB: Math.round(idle / 2 ** 20),
				peakRssMiB: Math.round(peak / 2 ** 20),
				aboveIdleMiB: Math.round((peak - idle) / 2 ** 20),
				executionMs: Math.round(memoryMs),
				peakFrom: peakResettable ? 'VmHWM after clear_refs, and 20 ms samples' : '20 ms samples',
			},
			targets,
		};

		say('');
		say(
			`${ITEMS} items, median of ${RUNS} interleaved runs, n8n ${instance.runtime.version}, ${result.machine.cpus} × ${result.machine.cpuModel}`,
		);
		say('| latency | variant | ms | items/s | ms/item | × raw seq | × raw 10 | × HTTP Request |');
		say('|---|---|---|---|---|---|---|---|');
		for (const r of rows) {
			say(
				`| ${r.latencyMs} ms | ${r.label} | ${r.medianMs} | ${r.itemsPerSecond} | ${r.msPerItem} | ${r.ratioToRawSequential} | ${r.ratioToRaw10} | ${r.ratioToHttpRequestDefaults} |`,
			);
		}
		say('');
		say(
			`memory: ${MEMORY_ITEMS} items through the Ding node: idle ${result.memory.idleRssMiB} MiB, peak ${result.memory.peakRssMiB} MiB, +${result.memory.aboveIdleMiB} MiB (${result.memory.executionMs} ms)`,
		);
		for (const t of targets) say(`${t.met ? 'met    ' : 'MISSED '} ${t.target}: ${t.value}`);

		const dir = path.join(REPO_ROOT, 'benchmark', 'results');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${result.date.slice(0, 19).replace(/:/g, '-')}.json`);
		fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
		fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
		say(`[bench] written to ${path.relative(REPO_ROOT, file)} and benchmark/results/latest.json`);
	} finally {
		await instance.stop();
		await standIn.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`[bench] ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
