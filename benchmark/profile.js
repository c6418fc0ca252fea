// @ts-check
'use strict';

/**
 * Where the CPU time of a benchmark run went: `node benchmark/profile.js <folder or .cpuprofile>`
 * reads the CPU profiles n8n wrote under `BENCH_CPU_PROF` (`npm run bench` with
 * BENCH_CPU_PROF=<folder>; BENCH_VARIANTS picks one node, e.g. ding-default) and prints, for the
 * largest profile (n8n's main process):
 *
 * - the time sampled inside the execution of the node under test: every sample whose stack holds a
 *   frame of the Ding node's package or of n8n's HTTP Request node, or of n8n's request helpers
 *   and the HTTP stack below them, from the first such sample to the last (`window`);
 * - that window split by what the samples' stacks hold (`buckets`, each sample counted once, in the
 *   order listed: the first bucket whose pattern matches a frame of the stack takes it);
 * - the functions with the most self time in the window.
 *
 * `summarize(profile)` is the same as data, for run.js.
 */

const fs = require('node:fs');
const path = require('node:path');

/** A pause in the node's code longer than this (300 ms, in µs) separates two executions. */
const GAP_US = 300_000;

/** What a sample's stack is doing, tested in this order against its frames' functions and files. */
const BUCKETS = [
	[
		'n8n expression evaluation',
		/[/\\](expression|expression-runtime|tournament)[/\\]|Expression\b|isolated-vm|quickjs/i,
	],
	[
		'n8n parameter reading (getNodeParameter, deep copies)',
		/getNodeParameter|deepCopy|cleanupParameterData|resolveParameter/,
	],
	['Ding node code', /n8n-nodes-ding[/\\]dist/],
	['HTTP Request node code', /HttpRequest[/\\]V3/],
	[
		'n8n request helper (axios and its set-up)',
		/request-helper|axios|proxy-from-env|follow-redirects/,
	],
	[
		'Node.js HTTP and sockets',
		/node:(_http|http|net|stream|internal\/streams)|_http_|\bnet\.js|internal\/http/,
	],
	['garbage collection', /^\(garbage collector\)$/],
	['idle', /^\((idle|program)\)$/],
];

/** @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode */
/** @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number }} CpuProfile */

/** @param {CpuProfile} profile */
function summarize(profile) {
	/** @type {Map<number, ProfileNode>} */
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	/** @type {Map<number, number>} */
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	/** @param {number} id */
	const stackOf = (id) => {
		/** @type {ProfileNode[]} */
		const stack = [];
		for (let at = /** @type {number | undefined} */ (id); at !== undefined; at = parent.get(at)) {
			stack.push(/** @type {ProfileNode} */ (byId.get(at)));
		}
		return stack;
	};
	/** @param {ProfileNode} n */
	const nameOf = (n) =>
		`${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules[/\\]/, '')}:${n.callFrame.lineNumber + 1}`;
	const underTest = /n8n-nodes-ding[/\\]dist|HttpRequest[/\\]V3|request-helper|axios/;

	let t = 0;
	const times = profile.samples.map((_, i) => (t += profile.timeDeltas[i]));
	const inNode = profile.samples.map((id) =>
		stackOf(id).some((n) => underTest.test(n.callFrame.url)),
	);
	// The last execution of the node: the last run of samples in its code with no gap of more than
	// 300 ms between them (the warm-up and earlier runs come before a longer pause).
	const last = inNode.lastIndexOf(true);
	let first = last;
	for (let i = last - 1; i >= 0 && times[first] - times[i] <= GAP_US; i--) if (inNode[i]) first = i;
	/** @type {Record<string, number>} */
	const buckets = Object.fromEntries([...BUCKETS.map(([name]) => [name, 0]), ['other', 0]]);
	/** @type {Map<string, number>} */
	const self = new Map();
	let windowUs = 0;
	for (let i = Math.max(0, first); i <= last; i++) {
		const us = profile.timeDeltas[i + 1] ?? 0;
		windowUs += us;
		const stack = stackOf(profile.samples[i]);
		const bucket = BUCKETS.find(([, pattern]) =>
			stack.some(
				(n) =>
					/** @type {RegExp} */ (pattern).test(n.callFrame.url) ||
					/** @type {RegExp} */ (pattern).test(n.callFrame.functionName),
			),
		);
		buckets[bucket ? /** @type {string} */ (bucket[0]) : 'other'] += us;
		const top = nameOf(stack[0]);
		self.set(top, (self.get(top) ?? 0) + us);
	}
	const ms = (/** @type {number} */ us) => Math.round(us / 1000);
	return {
		windowMs: ms(windowUs),
		windowFromMs: first >= 0 ? ms(times[first]) : 0,
		buckets: Object.fromEntries(Object.entries(buckets).map(([k, v]) => [k, ms(v)])),
		topSelf: [...self.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 25)
			.map(([name, us]) => ({ name, ms: ms(us) })),
	};
}

/** The largest .cpuprofile under `target` (a file or a folder). @param {string} target */
function largestProfile(target) {
	if (!fs.statSync(target).isDirectory()) return target;
	const files = fs
		.readdirSync(target)
		.filter((f) => f.endsWith('.cpuprofile'))
		.map((f) => path.join(target, f));
	if (files.length === 0) throw new Error(`no .cpuprofile in ${target}`);
	return files.reduce((a, b) => (fs.statSync(b).size > fs.statSync(a).size ? b : a));
}

if (require.main === module) {
	const target = process.argv[2];
	if (!target) {
		process.stderr.write('usage: node benchmark/profile.js <folder or .cpuprofile>\n');
		process.exit(2);
	}
	const file = largestProfile(target);
	const summary = summarize(JSON.parse(fs.readFileSync(file, 'utf8')));
	process.stdout.write(`${file}\n${JSON.stringify(summary, null, 2)}\n`);
}

module.exports = { summarize, largestProfile, BUCKETS };
