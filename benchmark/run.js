// @ts-check
'use strict';

/**
 * `npm run bench`: how fast the Ding node is in a real n8n, against n8n's own HTTP Request node
 * and a raw Node.js loop, all making the same calls to the local stand-in on 127.0.0.1. What it
 * runs is in scenarios.js:
 *
 *   Lookup (Ding v1) and Send (Prelude Verify v2) at 0 and 10 ms latency, 1,000 items, and at
 *     50 ms, 2,000 items: raw loop, HTTP Request defaults, Ding defaults
 *   a token bucket of RATE a second with a burst of 10, 20 and 100, 20 ms latency, 1,000 and 2,000
 *     Lookups: HTTP Request defaults (and, at burst 100, Batching 100 items / 1,000 ms), and two
 *     runs of Ding's defaults back to back on a credential of their own (the first with nothing
 *     learned of the limit, the second straight after it), every node with On Error: Continue so
 *     that each run finishes and its failed items are counted
 *   memory: MEMORY_ITEMS Lookups (10,000) through Ding's defaults and, in turns, HTTP Request's
 *
 * Time is the node's own execution time from n8n's execution data (runData.Target[0]
 * .executionTime), the median of RUNS runs taken in interleaved order; CPU is what n8n's process
 * used from the webhook call to the execution's end (Linux /proc), per item. Every figure with a
 * target is printed with it and met or MISSED, and the table goes as JSON to benchmark/results/
 * (a dated file, and latest.json), drawn by chart.js as latest.svg. The numbers depend on the
 * machine: a missed target is a finding, not a failed test.
 *
 * Environment: BENCH_RUNS (3), BENCH_MEMORY_ITEMS (10000), BENCH_RATE (100), BENCH_SCENARIOS (e.g.
 * "lookup,rate-b10": the scenarios whose keys start so, and no memory unless "memory" is
 * named), BENCH_VARIANTS (e.g. "ding": only those variants), BENCH_CPU_PROF (a folder: n8n writes
 * CPU profiles there, and profile.js's summary of the largest is printed and kept with the result),
 * BENCH_MEMORY_ORDER (the workflows the memory scenario measures, in turn; default
 * "ding-lookup,http-lookup,ding-lookup,http-lookup").
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ensureDevDependencies, REPO_ROOT } = require('../scripts/n8n/runtime');
const {
	RUNS,
	MEMORY_ITEMS,
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
} = require('./scenarios');

/** @typedef {import('./scenarios').Scenario} Scenario */
/** @typedef {{ ms: number, failed: number, throttled: number, cpuMs?: number }} Sample */

const CONTINUE = 'continueRegularOutput';

/** What a variant is (for the table and the chart): its role and its label. @param {string} variant */
function describe(variant) {
	const raw = /^raw-(\d+)$/.exec(variant);
	if (raw) return { role: 'raw', label: `raw loop, ${raw[1]} at a time` };
	/** @type {Record<string, { role: string, label: string }>} */
	const known = {
		http: { role: 'http', label: 'HTTP Request, defaults' },
		'http-batch100': { role: 'http', label: 'HTTP Request, Batching 100 items / 1,000 ms' },
		ding: { role: 'ding', label: 'Ding, defaults' },
		'ding-first': { role: 'ding', label: 'Ding, defaults, first run (nothing learned)' },
		'ding-second': { role: 'ding', label: 'Ding, defaults, second run straight after' },
	};
	return known[variant] ?? { role: 'other', label: variant };
}

/** The commit benchmarked, with "+changes" when the work tree differs from it. */
function commitOf() {
	try {
		const git = (/** @type {string[]} */ args) =>
			execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
		const head = git(['rev-parse', '--short', 'HEAD']);
		const changed = git([
			'status',
			'--porcelain',
			'--untracked-files=no',
			'--',
			'.',
			':!benchmark/results',
		]);
		return changed ? `${head}+changes` : head;
	} catch {
		return undefined;
	}
}

/** @param {number} value @param {number} digits */
const round = (value, digits = 2) => Number(value.toFixed(digits));

async function main() {
	// On a fresh clone: the build tools first, then what needs them.
	ensureDevDependencies((message) => say(`[bench] ${message}`));
	const { startInstance } = require('../scripts/n8n/instance');
	const { startDingStandIn } = require('../sandbox');
	const { makeTempFolder } = require('../test/support/files');
	const { renderChart } = require('./chart');
	const { summarize, largestProfile } = require('./profile');

	const standIn = await startDingStandIn({
		apiKey: API_KEY,
		customerUuid: CUSTOMER_UUID,
		preludeApiKey: PRELUDE_KEY,
	});
	standIn.recording = false;
	const userFolder = makeTempFolder('n8n-nodes-ding-bench-');
	const profiles = process.env.BENCH_CPU_PROF && path.resolve(process.env.BENCH_CPU_PROF);
	say(`[bench] starting n8n with the packed package (${userFolder})`);
	const instance = await startInstance({
		userFolder,
		logFile: path.join(userFolder, 'n8n.log'),
		logLevel: 'info',
		ding: { baseUrl: standIn.baseUrl, apiKey: API_KEY, customerUuid: CUSTOMER_UUID },
		prelude: { baseUrl: standIn.preludeBaseUrl, apiKey: PRELUDE_KEY },
		env: profiles ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiles}` } : undefined,
	});
	const { client } = instance;
	const pid = /** @type {number} */ (instance.n8n.pid);
	const credentials = {
		dingApi: instance.credential,
		preludeApi: /** @type {{ id: string, name: string }} */ (instance.preludeCredential),
	};
	/** @type {any} */
	let result;
	try {
		/** Workflow ids by key, and the last execution seen of each. */
		/** @type {Record<string, string>} */
		const workflowIds = {};
		/** @type {Record<string, string | undefined>} */
		const lastIds = {};
		/** @param {string} key @param {any} node */
		const ensureWorkflow = async (key, node) => {
			if (!workflowIds[key]) {
				const created = await client.createWorkflow(benchWorkflow(key, node), { activate: true });
				workflowIds[key] = String(created.id);
			}
			return key;
		};

		/**
		 * The workflow a variant of a scenario runs (`run`: which run, for ding-first's credential
		 * of its own). @param {Scenario} scenario @param {string} variant @param {number} run
		 */
		const workflowFor = async (scenario, variant, run) => {
			const { call } = scenario;
			const onError = scenario.rateLimit ? CONTINUE : undefined;
			const suffix = onError ? '-continue' : '';
			if (variant === 'http') {
				return await ensureWorkflow(
					`http-${call}${suffix}`,
					httpRequestNode(
						call === 'lookup' ? standIn.baseUrl : standIn.preludeBaseUrl,
						call,
						undefined,
						onError,
					),
				);
			}
			if (variant === 'http-batch100') {
				return await ensureWorkflow(
					`http-batch100-${call}${suffix}`,
					httpRequestNode(standIn.baseUrl, call, { batchSize: 100, batchInterval: 1000 }, onError),
				);
			}
			if (variant === 'ding')
				return await ensureWorkflow(`ding-${call}${suffix}`, dingNode(credentials, call, onError));
			// ding-first and ding-second: one workflow per run, on a credential no run used before, so
			// that the first finds nothing learned and the second what the first learned.
			const key = `ding-fresh-${scenario.key}-${run}`;
			if (!workflowIds[key]) {
				const credential = await client.createCredential({
					name: `Ding bench ${scenario.key} run ${run}`,
					type: 'dingApi',
					data: { baseUrl: standIn.baseUrl, apiKey: API_KEY, customerUuid: CUSTOMER_UUID },
				});
				const fresh = { dingApi: { id: String(credential.id), name: String(credential.name) } };
				await ensureWorkflow(key, dingNode(fresh, call, onError));
			}
			return key;
		};

		/**
		 * n8n's execution of a workflow after the last one seen. n8n's API answers 503 "Database is
		 * not ready" for a moment when its database check is slow on a busy machine: asked again.
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
		 * Runs one workflow over `items`: the Target node's execution time, how many of its output
		 * items are errors (under On Error: Continue), and the CPU n8n used meanwhile.
		 * @param {string} key @param {Array<{ phone: string }>} items
		 */
		const runWorkflow = async (key, items) => {
			const cpuBefore = cpuMsOf(pid);
			const answer = await client.callWebhook(`bench/${key}`, { items });
			if (answer.status !== 200) throw new Error(`bench/${key}: HTTP ${answer.status}`);
			const execution = await lastExecution(key);
			const cpuMs = cpuMsOf(pid) - cpuBefore;
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
			return { ms: /** @type {number} */ (run.executionTime), failed, cpuMs };
		};

		/**
		 * One variant once. @param {Scenario} scenario @param {string} variant @param {number} run
		 * @param {Array<{ phone: string }>} items @returns {Promise<Sample>}
		 */
		const runOnce = async (scenario, variant, run, items) => {
			const raw = /^raw-(\d+)$/.exec(variant);
			if (scenario.rateLimit && variant !== 'ding-second') {
				// A full bucket for each, as after a pause: the last run's requests are not this one's.
				// The second Ding run goes straight after the first, with the bucket as it left it.
				await new Promise((resolve) => setTimeout(resolve, 1500));
				standIn.bucket = null;
			}
			standIn.throttled = 0;
			if (raw) {
				const base = scenario.call === 'lookup' ? standIn.baseUrl : standIn.preludeBaseUrl;
				const ms = await rawLoop(base, items, Number(raw[1]), scenario.call);
				return { ms, failed: 0, throttled: standIn.throttled };
			}
			const sample = await runWorkflow(await workflowFor(scenario, variant, run), items);
			return { ...sample, throttled: standIn.throttled };
		};

		say(`[bench] warming up`);
		for (const scenario of SCENARIOS) {
			standIn.latency = 0;
			standIn.rateLimit = null;
			// ding-first and ding-second warm up through Ding's shared workflow: their own credentials
			// stay unused until they are measured.
			const warm = new Set(
				scenario.variants
					.filter((variant) => !variant.startsWith('raw-'))
					.map((variant) => (variant.startsWith('ding') ? 'ding' : variant)),
			);
			for (const variant of warm) {
				await runWorkflow(await workflowFor(scenario, variant, 0), phones(50));
			}
		}

		/** @type {any[]} */
		const rows = [];
		for (const scenario of SCENARIOS) {
			const items = phones(scenario.items);
			standIn.latency = scenario.latencyMs;
			standIn.rateLimit = scenario.rateLimit ?? null;
			/** @type {Record<string, Sample[]>} */
			const samples = Object.fromEntries(scenario.variants.map((v) => [v, []]));
			for (let run = 1; run <= RUNS; run++) {
				say(`[bench] ${scenario.title}, ${scenario.items} items, run ${run} of ${RUNS}`);
				for (const variant of scenario.variants) {
					samples[variant].push(await runOnce(scenario, variant, run, items));
				}
			}
			const medianMs = (/** @type {string} */ v) => median(samples[v].map((s) => s.ms));
			const floorMs = scenario.rateLimit
				? (scenario.items / scenario.rateLimit.perSecond) * 1000
				: undefined;
			const http = scenario.variants.includes('http') ? medianMs('http') : undefined;
			for (const variant of scenario.variants) {
				const ms = medianMs(variant);
				const cpu = samples[variant].map((s) => s.cpuMs).filter((c) => c !== undefined);
				rows.push({
					scenario: scenario.key,
					title: scenario.title,
					call: scenario.call,
					latencyMs: scenario.latencyMs,
					rateLimit: scenario.rateLimit,
					items: scenario.items,
					variant,
					...describe(variant),
					medianMs: Math.round(ms),
					runsMs: samples[variant].map((s) => Math.round(s.ms)),
					failedItems: samples[variant].map((s) => s.failed),
					answered429: samples[variant].map((s) => s.throttled),
					itemsPerSecond: Math.round((scenario.items / ms) * 1000),
					cpuMsPerItem: cpu.length
						? round(median(/** @type {number[]} */ (cpu)) / scenario.items, 3)
						: undefined,
					ratioToHttpRequestDefaults: http ? round(ms / http) : undefined,
					floorMs,
					ratioToFloor: floorMs ? round(ms / floorMs) : undefined,
				});
			}
		}

		/**
		 * Peak RSS above idle while one workflow takes MEMORY_ITEMS Lookups.
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
				aboveIdleMB: Math.round((peak - idle) / 1e6),
				executionMs: Math.round(ms),
				peakFrom: peakResettable ? 'VmHWM after clear_refs, and 20 ms samples' : '20 ms samples',
			};
		};

		/** @type {Array<Awaited<ReturnType<typeof measureMemory>>>} */
		const memoryRuns = [];
		if (!ONLY || ONLY.includes('memory')) {
			standIn.latency = 0;
			standIn.rateLimit = null;
			const lookup = /** @type {Scenario} */ ({ key: 'memory', call: 'lookup' });
			// The HTTP Request node takes the same items too, in turns with Ding, for contrast: the
			// n8n process's peak RSS for one large execution depends much on n8n itself.
			const order = (
				process.env.BENCH_MEMORY_ORDER ?? 'ding-lookup,http-lookup,ding-lookup,http-lookup'
			).split(',');
			for (const key of order) {
				await workflowFor(lookup, key.split('-')[0], 0);
				say(`[bench] memory: ${MEMORY_ITEMS} items through ${key} (0 ms latency)`);
				memoryRuns.push(await measureMemory(key));
			}
		}

		const targets = targetsOf(rows, memoryRuns);
		result = {
			date: new Date().toISOString(),
			commit: commitOf(),
			machine: {
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0]?.model,
				memoryGiB: Math.round(os.totalmem() / 2 ** 30),
				platform: `${os.platform()} ${os.release()}`,
				loadAverage: os.loadavg().map((l) => round(l)),
				benchNode: process.version,
				n8n: instance.runtime.version,
			},
			runs: RUNS,
			rows,
			memoryRuns,
			targets,
		};

		say('');
		say(
			`median of ${RUNS} interleaved runs, n8n ${instance.runtime.version}, ${result.machine.cpus} × ${result.machine.cpuModel}, commit ${result.commit}`,
		);
		say(
			'| scenario | items | variant | ms | runs, ms | items/s | CPU ms/item | × HTTP Request | × floor | failed | 429s |',
		);
		say('|---|---|---|---|---|---|---|---|---|---|---|');
		for (const r of rows) {
			say(
				`| ${r.title} | ${r.items} | ${r.label} | ${r.medianMs} | ${r.runsMs.join(', ')} | ${r.itemsPerSecond} | ${r.cpuMsPerItem ?? ''} | ${r.ratioToHttpRequestDefaults ?? ''} | ${r.ratioToFloor ?? ''} | ${median(r.failedItems)} | ${median(r.answered429)} |`,
			);
		}
		say('');
		for (const m of memoryRuns) {
			say(
				`memory: ${m.items} items through ${m.variant}: idle ${m.idleRssMiB} MiB, peak ${m.peakRssMiB} MiB, +${m.aboveIdleMB} MB (${m.executionMs} ms)`,
			);
		}
		for (const t of targets) {
			say(`${t.met ? 'met    ' : 'MISSED '} ${t.target}: ${t.value} (target ${t.op} ${t.limit})`);
		}
	} finally {
		await instance.stop();
		await standIn.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}

	if (profiles) {
		// n8n writes its profiles as it exits.
		const file = largestProfile(profiles);
		result.profile = { file, ...summarize(JSON.parse(fs.readFileSync(file, 'utf8'))) };
		say(`[bench] CPU profile of the last execution (${file}):`);
		say(JSON.stringify(result.profile.buckets, null, 2));
	}

	const dir = path.join(REPO_ROOT, 'benchmark', 'results');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${result.date.slice(0, 19).replace(/:/g, '-')}.json`);
	const json = `${JSON.stringify(result, null, 2)}\n`;
	fs.writeFileSync(file, json);
	fs.writeFileSync(path.join(dir, 'latest.json'), json);
	fs.writeFileSync(path.join(dir, 'latest.svg'), renderChart(result));
	say(
		`[bench] written to ${path.relative(REPO_ROOT, file)}, benchmark/results/latest.json and latest.svg`,
	);
}

/**
 * Every figure with a target (issue 23): at each latency Ding's time and CPU per item at most the
 * HTTP Request node's; under each rate limit no failed item and at most 1.15 × the floor, for the
 * first run and the second, which also gets no 429 (it does not find the limit again); and 10,000
 * items grow n8n by less than 150 MB.
 * @param {any[]} rows @param {Array<{ variant: string, items: number, aboveIdleMB: number }>} memoryRuns
 */
function targetsOf(rows, memoryRuns) {
	/** @type {Array<{ target: string, value: number, op: string, limit: number, met: boolean }>} */
	const targets = [];
	/** @param {string} target @param {number} value @param {'≤' | '<'} op @param {number} limit */
	const check = (target, value, op, limit) =>
		targets.push({ target, value, op, limit, met: op === '≤' ? value <= limit : value < limit });
	const find = (/** @type {any} */ of, /** @type {string} */ variant) =>
		rows.find((r) => r.scenario === of.scenario && r.variant === variant);
	for (const ding of rows.filter((r) => r.variant === 'ding')) {
		const http = find(ding, 'http');
		if (!http) continue;
		const name = `${ding.title}, ${ding.items} items`;
		check(
			`${name}: Ding defaults × HTTP Request defaults (time)`,
			ding.ratioToHttpRequestDefaults,
			'≤',
			1,
		);
		if (ding.cpuMsPerItem !== undefined && http.cpuMsPerItem) {
			check(
				`${name}: Ding CPU per item × HTTP Request's`,
				round(ding.cpuMsPerItem / http.cpuMsPerItem),
				'≤',
				1,
			);
		}
	}
	for (const ding of rows.filter(
		(r) => r.variant === 'ding-first' || r.variant === 'ding-second',
	)) {
		const which = ding.variant === 'ding-first' ? 'first run' : 'second run';
		const name = `${ding.title}, ${ding.items} items, ${which}`;
		check(
			`${name}: Ding defaults × floor (${ding.floorMs / 1000} s)`,
			ding.ratioToFloor,
			'≤',
			1.15,
		);
		check(`${name}: failed items, most in any run`, Math.max(...ding.failedItems), '≤', 0);
		if (ding.variant === 'ding-second') {
			check(
				`${name}: 429s (median; it does not find the limit again)`,
				median(ding.answered429),
				'≤',
				0,
			);
		}
	}
	const dingMemory = memoryRuns.filter((m) => m.variant.startsWith('ding'));
	if (dingMemory.length) {
		const most = Math.max(...dingMemory.map((m) => m.aboveIdleMB));
		check(
			`memory: ${dingMemory[0].items} items through Ding defaults, peak RSS above idle, MB (the largest of ${dingMemory.length} runs)`,
			most,
			'<',
			150,
		);
	}
	return targets;
}

main().catch((error) => {
	process.stderr.write(`[bench] ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
