import type { Batching } from './settings';

import { pause } from './cancellation';
import { INITIAL_WINDOW } from './pace';

/** In Mode Adaptive, workers added per item done (the window grows by at most two per answer). */
const WORKERS_PER_ANSWER = 2;

/**
 * Runs the items through `run` at most `batching.size` at a time and hands back each outcome at its
 * item's index. Without an interval it is a sliding window: the next item starts as soon as one
 * answers, so preparing one request overlaps waiting for others. With an interval, items go in
 * batches, each starting that long after the previous batch has finished. After a failure that
 * stops the run (`stopOn`), or once the execution is cancelled (`cancel`), no further item starts;
 * those already started finish (a cancelled request ends at once). In Adaptive mode `batching.size`
 * is the cap, and the run's Pace decides, request by request, how many of those are on the wire.
 */
export async function runLimited<Outcome>(
	count: number,
	batching: Batching,
	run: (itemIndex: number) => Promise<Outcome>,
	stopOn: (outcome: Outcome) => boolean,
	cancel?: AbortSignal,
): Promise<Outcome[]> {
	const outcomes: Outcome[] = new Array<Outcome>(count);
	let failed = false;
	const stopped = () => failed || cancel?.aborted === true;
	const runOne = async (itemIndex: number) => {
		const outcome = await run(itemIndex);
		outcomes[itemIndex] = outcome;
		if (stopOn(outcome)) failed = true;
	};

	if (batching.intervalMs === 0) {
		let next = 0;
		const most = Math.min(batching.size, count);
		const workers: Array<Promise<void>> = [];
		const add = () => {
			const added = worker();
			// Awaited below, with the others; caught here too, so that one failing before that is
			// never an unhandled rejection.
			added.catch(() => undefined);
			workers.push(added);
		};
		// Every item was read and checked before the first request (the router prepares them all),
		// so what is left per item is sending it: a worker goes straight on to its next item. In
		// Mode Adaptive the run's window decides how many are on the wire: it starts at
		// INITIAL_WINDOW and grows by at most two per answer, and so do the workers (each sets its
		// request up before it waits for a place; a thousand set-ups at once would hold n8n's event
		// loop while the first answers come in, and blur what they tell of a rate limit).
		const worker = async () => {
			while (!stopped() && next < count) {
				await runOne(next++);
				for (let more = 0; more < WORKERS_PER_ANSWER && workers.length < most; more++) add();
			}
		};
		const first = batching.mode === 'adaptive' ? Math.min(most, INITIAL_WINDOW) : most;
		for (let i = 0; i < first; i++) add();
		for (let awaited = 0; awaited < workers.length; awaited++) await workers[awaited];
		return outcomes;
	}
	for (let start = 0; start < count && !stopped(); start += batching.size) {
		if (start > 0) await pause(batching.intervalMs, cancel);
		if (stopped()) break;
		const end = Math.min(start + batching.size, count);
		const batch = [];
		for (let itemIndex = start; itemIndex < end; itemIndex++) batch.push(runOne(itemIndex));
		await Promise.all(batch);
	}
	return outcomes;
}
