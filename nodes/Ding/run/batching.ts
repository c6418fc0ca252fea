import { sleep } from 'n8n-workflow';

import type { Batching } from './settings';

import { pause } from './cancellation';

/**
 * Turns for preparing requests, one per pass of the event loop. Preparing an item (resolving its
 * expressions, checking its fields) is synchronous work; when several answers arrive together and
 * each worker went straight on to its next item, all of that work would run before any of the new
 * requests could go out on the wire, and the window would move in bursts. With a turn each, the
 * requests already prepared are sent between one preparation and the next.
 */
function turns(): () => Promise<void> {
	let last: Promise<void> = Promise.resolve();
	return async () => {
		const mine = last.then(async () => await sleep(0));
		last = mine;
		await mine;
	};
}

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
		// One at a time needs no turns: its next item starts only after its answer.
		const takeTurn = batching.size > 1 ? turns() : async () => {};
		const worker = async () => {
			while (!stopped() && next < count) {
				await takeTurn();
				if (stopped() || next >= count) break;
				await runOne(next++);
			}
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
