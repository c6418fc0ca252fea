// @ts-check
'use strict';

// Memory sampling for benchmark scripts (plain JS: n8n's lint forbids `process` in TypeScript).

/** Samples RSS and heap every `everyMs` until stopped; returns the peaks and the start. */
function sampleMemory(everyMs = 25) {
	const start = process.memoryUsage();
	let peakRss = start.rss;
	let peakHeap = start.heapUsed;
	const timer = setInterval(() => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed);
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			const end = process.memoryUsage();
			return {
				startRss: start.rss,
				startHeap: start.heapUsed,
				peakRss: Math.max(peakRss, end.rss),
				peakHeap: Math.max(peakHeap, end.heapUsed),
			};
		},
	};
}

/** Collects garbage first when node runs with --expose-gc, so that the start is a clean baseline. */
function collectGarbage() {
	const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
	if (gc) gc();
}

/** @param {string} file @param {unknown} data */
function writeJson(file, data) {
	const fs = require('node:fs');
	const path = require('node:path');
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

module.exports = { sampleMemory, collectGarbage, writeJson };
