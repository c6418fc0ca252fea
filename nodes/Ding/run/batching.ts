import type { Batching } from './settings';

import { pause } from './cancellation';

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
		// Every item was read and checked before the first request (the router prepares them all),
		// so what is left per item is sending it: a worker goes straight on to its next item.
		const worker = async () => {
			while (!stopped() && next < count) await runOne(next++);
		};
		await Promise.all(Array.from({ length: Math.min(batching.size, count) }, worker));
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
