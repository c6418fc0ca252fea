// @ts-check
'use strict';

/**
 * `npm run bench`: how fast the Ding node is in a real n8n, against n8n's own HTTP Request node
 * and a raw Node.js loop, all making the same calls (Ding v1 Lookup, GET /lookup/{number} with the
 * x-api-key and customer-uuid headers) to the local sandbox on 127.0.0.1. The scenarios, all in
 * one run:
 *
 *   0 ms latency, ITEMS items (1,000): raw loop (sequential, 10 at a time), HTTP Request defaults,
 *     Ding defaults (adaptive), Ding Fixed Batching 10
 *   10 ms latency, ITEMS items: raw loop 10 at a time, HTTP Request defaults, Ding defaults
 *   50 ms latency, LOOKUPS items (2,000): raw loop 50 at a time, HTTP Request defaults, Ding defaults
 *   rate limit RATE per second (token bucket, burst RATE_BURST), 20 ms latency, LOOKUPS items:
 *     HTTP Request defaults, HTTP Request Batching 100 items / 1,000 ms, Ding defaults, each with
 *     Settings → On Error → Continue, so that every run finishes and its failed items are counted
 *   the same rate with a tight burst of 20: Ding defaults only
 *   memory: MEMORY_ITEMS items (10,000) through Ding defaults and, in turns, HTTP Request defaults, peak RSS above idle
 *
 * Time is the node's own execution time from n8n's execution data (runData[node][0].executionTime),
 * the median of RUNS runs taken in interleaved order. The targets are checked against the medians
 * and written with the table as JSON to benchmark/results/ (latest.json is the newest); the numbers
 * depend on the machine, so a missed target is a finding, not a failed test.
 *
 * Environment: BENCH_ITEMS (1000), BENCH_LOOKUPS (2000), BENCH_RUNS (3), BENCH_MEMORY_ITEMS (10000),
 * BENCH_RATE (100), BENCH_RATE_BURST (100), BENCH_SCENARIOS (e.g. "0ms,rate": only those, and no
 * memory unless "memory" is named), BENCH_CPU_PROF (a folder: n8n writes CPU profiles there),
 * BENCH_MEMORY_ORDER (the workflows the memory scenario measures, in turn; default
 * "ding-default,http-default,ding-default,http-default").
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensureDevDependencies, REPO_ROOT } = require('../scripts/n8n/runtime');
const {
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
} = require('./scenarios');

async function main() {
	// On a fresh clone: the build tools first, then what needs them.
	ensureDevDependencies((message) => say(`[bench] ${message}`));
	const { startInstance } = require('../scripts/n8n/instance');
	const { startDingStandIn } = require('../sandbox');
	const { makeTempFolder } = require('../test/support/files');
	const standIn = await startDingStandIn({ apiKey: API_KEY, customerUuid: CUSTOMER_UUID });
	standIn.recording = false;
	const userFolder = makeTempFolder('n8n-nodes-ding-bench-');
	const profiles = process.env.BENCH_CPU_PROF;
	say(`[bench] starting n8n with the packed package (${userFolder})`);
	const instance = await startInstance({
		userFolder,
		logFile: path.join(userFolder, 'n8n.log'),
		logLevel: 'info',
		ding: { baseUrl: standIn.baseUrl, apiKey: API_KEY, customerUuid: CUSTOMER_UUID },
		env: profiles
			? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(profiles)}` }
			: undefined,
	});
	const { client } = instance;
	const pid = /** @type {number} */ (instance.n8n.pid);
	const continueOnFail = 'continueRegularOutput';
	try {
		/** @type {Record<string, { label: string, node: any }>} */
		const workflows = {
			'http-default': {
				label: '(b) HTTP Request, defaults',
				node: httpRequestNode(standIn.baseUrl),
			},
			'ding-default': {
				label: '(c) Ding, defaults (adaptive)',
				node: dingNode(instance.credential),
			},
			'ding-fixed10': {
				label: '(c) Ding, Fixed Batching 10',
				node: dingNode(instance.credential, 10),
			},
			'http-default-continue': {
				label: '(b) HTTP Request, defaults, On Error: Continue',
				node: httpRequestNode(standIn.baseUrl, undefined, continueOnFail),
			},
			'http-batch100-continue': {
				label: '(b) HTTP Request, Batching 100 items / 1,000 ms, On Error: Continue',
				node: httpRequestNode(
					standIn.baseUrl,
					{ batchSize: 100, batchInterval: 1000 },
					continueOnFail,
				),
			},
			'ding-default-continue': {
				label: '(c) Ding, defaults (adaptive), On Error: Continue',
				node: dingNode(instance.credential, undefined, continueOnFail),
			},
		};
		const used = new Set(SCENARIOS.flatMap((s) => s.variants).filter((v) => v in workflows));
		if (ONLY?.includes('memory') || !ONLY) {
			used.add('ding-default');
			used.add('http-default');
		}
		/** @type {Record<string, string>} */
		const workflowIds = {};
		for (const key of used) {
			const created = await client.createWorkflow(benchWorkflow(key, workflows[key].node), {
				activate: true,
			});
			workflowIds[key] = String(created.id);
		}
		/** @type {Record<string, string | undefined>} */
		const lastIds = {};

		/**
		 * The workflow's execution after the last one seen. n8n's API answers 503 "Database is not
		 * ready" for a moment when its database check is slow on a busy machine: asked again.
		 * @param {string} key
		 */
		const lastExecution = async (key) => {
			for (let attempt = 1; ; attempt++) {
				try {
					return await client.lastExecution(workflowIds[key], {
						after: lastIds[key],
						timeoutMs: 30 * 60_000,
					});
				} catch (error) {
					if (attempt >= 20 || !/HTTP 503/.test(String(error))) throw error;
					await new Promise((resolve) => setTimeout(resolve, 1000));
				}
			}
		};

		/**
		 * Runs one workflow over `items`: the Target node's execution time in ms, and how many of
		 * its output items are errors (under On Error: Continue).
		 * @param {string} key @param {Array<{ phone: string }>} items
		 */
		const runWorkflow = async (key, items) => {
			const answer = await client.callWebhook(`bench/${key}`, { items });
			if (answer.status !== 200) throw new Error(`bench/${key}: HTTP ${answer.status}`);
			const execution = await lastExecution(key);
			lastIds[key] = String(execution.id);
			const run = execution.data?.resultData?.runData?.Target?.[0];
			/** @type {Array<{ json: Record<string, unknown> }>} */
			const out = run?.data?.main?.[0] ?? [];
			if (execution.status !== 'success' || out.length !== items.length) {
				throw new Error(
					`bench/${key}: status ${execution.status}, ${out.length} of ${items.length} items`,
				);
			}
			const failed = out.filter((item) => item.json.error !== undefined).length;
			return { ms: /** @type {number} */ (run.executionTime), failed };
		};

		/** One variant once: its time, failed items and the 429s the stand-in answered. @param {string} key @param {Array<{ phone: string }>} items */
		const runOnce = async (key, items) => {
			standIn.throttled = 0;
			standIn.bucket = null;
			const raw = /^raw-(\d+)$/.exec(key);
			const { ms, failed } = raw
				? { ms: await rawLoop(standIn.baseUrl, items, Number(raw[1])), failed: 0 }
				: await runWorkflow(key, items);
			return { ms, failed, throttled: standIn.throttled };
		};

		say(`[bench] warming up`);
		for (const key of used) await runWorkflow(key, phones(50));
		await rawLoop(standIn.baseUrl, phones(50), 1);

		/** @type {any[]} */
		const rows = [];
		for (const scenario of SCENARIOS) {
			const items = phones(scenario.items);
			standIn.latency = scenario.latencyMs;
			standIn.rateLimit = scenario.rateLimit ?? null;
			/** @type {Record<string, Array<{ ms: number, failed: number, throttled: number }>>} */
			const samples = Object.fromEntries(scenario.variants.map((v) => [v, []]));
			for (let run = 1; run <= RUNS; run++) {
				say(`[bench] ${scenario.title}, ${scenario.items} items, run ${run} of ${RUNS}`);
				for (const key of scenario.variants) {
					// A full bucket for each: the previous run's requests are not this one's.
					if (scenario.rateLimit) await new Promise((resolve) => setTimeout(resolve, 1500));
					samples[key].push(await runOnce(key, items));
				}
			}
			const medianMs = (/** @type {string} */ key) => median(samples[key].map((s) => s.ms));
			const floorMs = scenario.rateLimit
				? (scenario.items / scenario.rateLimit.perSecond) * 1000
				: undefined;
			for (const key of scenario.variants) {
				const ms = medianMs(key);
				const raw = /^raw-(\d+)$/.exec(key);
				const httpKey = scenario.variants.find((v) => v.startsWith('http-default'));
				rows.push({
					scenario: scenario.key,
					latencyMs: scenario.latencyMs,
					rateLimit: scenario.rateLimit,
					items: scenario.items,
					variant: key,
					label: raw
						? `(a) raw loop, ${raw[1] === '1' ? 'sequential' : `${raw[1]} at a time`}`
						: workflows[key].label,
					medianMs: Math.round(ms),
					runsMs: samples[key].map((s) => Math.round(s.ms)),
					failedItems: samples[key].map((s) => s.failed),
					answered429: samples[key].map((s) => s.throttled),
					itemsPerSecond: Math.round((scenario.items / ms) * 1000),
					msPerItem: Number((ms / scenario.items).toFixed(3)),
					ratioToHttpRequestDefaults: httpKey
						? Number((ms / medianMs(httpKey)).toFixed(2))
						: undefined,
					ratioToFloor: floorMs ? Number((ms / floorMs).toFixed(2)) : undefined,
				});
			}
		}

		/**
		 * Peak RSS above idle while one workflow takes MEMORY_ITEMS items.
		 * @param {string} key
		 */
		const measureMemory = async (key) => {
			await new Promise((resolve) => setTimeout(resolve, 3000));
			const idle = memoryOf(pid).rss;
			const peakResettable = resetPeak(pid);
			let sampledPeak = idle;
			const sampler = setInterval(() => {
				sampledPeak = Math.max(sampledPeak, memoryOf(pid).rss);
			}, 20);
			const { ms } = await runWorkflow(key, phones(MEMORY_ITEMS));
			clearInterval(sampler);
			const peak = Math.max(sampledPeak, peakResettable ? memoryOf(pid).peak : 0);
			return {
				variant: key,
				items: MEMORY_ITEMS,
				idleRssMiB: Math.round(idle / 2 ** 20),
				peakRssMiB: Math.round(peak / 2 ** 20),
				aboveIdleMiB: Math.round((peak - idle) / 2 ** 20),
				executionMs: Math.round(ms),
				peakFrom: peakResettable ? 'VmHWM after clear_refs, and 20 ms samples' : '20 ms samples',
			};
		};

		/** @type {Awaited<ReturnType<typeof measureMemory>> | undefined} */
		let memory;
		/** @type {Array<Awaited<ReturnType<typeof measureMemory>>>} */
		const memoryRuns = [];
		if (!ONLY || ONLY.includes('memory')) {
			standIn.latency = 0;
			standIn.rateLimit = null;
			// The HTTP Request node takes the same items too, in turns with Ding, for contrast: the
			// n8n process's peak RSS for one large execution depends much on n8n itself.
			for (const key of (
				process.env.BENCH_MEMORY_ORDER ?? 'ding-default,http-default,ding-default,http-default'
			).split(',')) {
				say(`[bench] memory: ${MEMORY_ITEMS} items through ${key} (0 ms latency)`);
				memoryRuns.push(await measureMemory(key));
			}
			const ding = memoryRuns.filter((m) => m.variant === 'ding-default');
			memory = ding.reduce((a, b) => (b.aboveIdleMiB > a.aboveIdleMiB ? b : a));
		}

		const row = (/** @type {string} */ scenario, /** @type {string} */ variant) =>
			rows.find((r) => r.scenario === scenario && r.variant === variant);
		/** @type {Array<{ target: string, value: number, limit: number }>} */
		const checks = [];
		if (row('0ms', 'ding-default')) {
			checks.push({
				target: `0 ms, ${ITEMS} items: Ding defaults ≤ 1.0 × HTTP Request defaults`,
				value: row('0ms', 'ding-default').ratioToHttpRequestDefaults,
				limit: 1.0,
			});
		}
		if (row('50ms', 'ding-default')) {
			checks.push({
				target: `50 ms, ${LOOKUPS} items: Ding defaults ≤ 1.1 × HTTP Request defaults`,
				value: row('50ms', 'ding-default').ratioToHttpRequestDefaults,
				limit: 1.1,
			});
		}
		const limited = row('rate', 'ding-default-continue');
		if (limited) {
			checks.push(
				{
					target: `${RATE}/s (burst ${RATE_BURST}), 20 ms, ${LOOKUPS} items: Ding defaults ≤ 1.15 × floor (${LOOKUPS / RATE} s)`,
					value: limited.ratioToFloor,
					limit: 1.15,
				},
				{
					target: `${RATE}/s (burst ${RATE_BURST}), 20 ms, ${LOOKUPS} items: Ding defaults, failed items in every run`,
					value: Math.max(...limited.failedItems),
					limit: 0,
				},
			);
		}
		if (memory) {
			checks.push({
				target: `memory: ${MEMORY_ITEMS} items through Ding defaults, peak RSS above idle < 150 MB (the larger of two runs)`,
				value: Number(((memory.aboveIdleMiB * 2 ** 20) / 1e6).toFixed(0)),
				limit: 150,
			});
		}
		const targets = checks.map((t) => ({ ...t, met: t.value <= t.limit }));

		const result = {
			date: new Date().toISOString(),
			machine: {
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0]?.model,
				memoryGiB: Math.round(os.totalmem() / 2 ** 30),
				platform: `${os.platform()} ${os.release()}`,
				loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
				benchNode: process.version,
				n8n: instance.runtime.version,
			},
			runs: RUNS,
			rows,
			memory,
			memoryRuns,
			targets,
		};

		say('');
		say(
			`median of ${RUNS} interleaved runs, n8n ${instance.runtime.version}, ${result.machine.cpus} × ${result.machine.cpuModel}`,
		);
		say('| scenario | items | variant | ms | items/s | × HTTP Request | × floor | failed | 429s |');
		say('|---|---|---|---|---|---|---|---|---|');
		for (const r of rows) {
			const scenario = SCENARIOS.find((s) => s.key === r.scenario);
			say(
				`| ${scenario?.title} | ${r.items} | ${r.label} | ${r.medianMs} | ${r.itemsPerSecond} | ${r.ratioToHttpRequestDefaults ?? ''} | ${r.ratioToFloor ?? ''} | ${median(r.failedItems)} | ${median(r.answered429)} |`,
			);
		}
		say('');
		for (const m of memoryRuns) {
			say(
				`memory: ${MEMORY_ITEMS} items through ${m.variant}: idle ${m.idleRssMiB} MiB, peak ${m.peakRssMiB} MiB, +${m.aboveIdleMiB} MiB (${m.executionMs} ms)`,
			);
		}
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
