import { sleep } from 'n8n-workflow';

import { timerMs } from './cancellation';
import type { LimitMemory } from './rateLimit';
import { RateLimitLearner } from './rateLimit';

/**
 * Thrown to a request still waiting for a place once a failure has stopped the run: it is never
 * sent, and its item counts as not started.
 */
export class RunHalted extends Error {
	constructor() {
		super('The run stopped before this request was sent');
	}
}

/** A request waiting for its turn: given a place (true), let go without one (false), or refused. */
interface Waiter {
	grant(placed: boolean): void;
	refuse(error: Error): void;
}

/** How many requests a run may have in flight before its first answer (TCP starts with 10). */
export const INITIAL_WINDOW = 10;
/**
 * Until the API first pushes back, the window grows by this much per clean answer, so it triples
 * each round trip: 10, 30, 90, 270. After a push-back it grows by one, doubling each round trip.
 */
const FIRST_SLOW_START_STEP = 2;

/**
 * An answer is "far slower" (queueing at the server) past three times the fastest plus this: the
 * node's own event loop, busy preparing the other items of a large run, delays answers by a few
 * hundred milliseconds without the API being any slower, and cutting for that would slow the run.
 */
const LATENCY_SLACK_MS = 500;

/**
 * The adaptive window of a run (Options → Batching → Mode: Adaptive, and the default without
 * Batching): how many requests may be in flight at once, found by AIMD as TCP finds its window.
 *
 * - It starts at INITIAL_WINDOW and grows, until the API first pushes back, by two for each clean
 *   answer (slow start), then by one per window's worth of clean answers (additive increase).
 * - A 429 (or 503) halves it, and no request of the run starts before the answer's Retry-After
 *   has passed: the whole window waits, not only the request that was refused. After that wait
 *   the window starts again from one and grows quickly back to that half (slow start, by one per
 *   clean answer), so the requests held back do not all go out at once.
 * - An answer far slower than the fastest seen (queueing at the server) cuts it by a quarter.
 * - Cuts come at most once per round trip, so one burst of refusals counts once.
 * - It never exceeds the cap (Max Concurrency) and never falls below one.
 *
 * A 429 also tells the run's RateLimitLearner (rateLimit.ts), which from then on paces request
 * starts to the API's rate limit as it finds it, and remembers it for the next run on the same API
 * and credential. Before the first 429 (and with nothing remembered) nothing is paced, and a 503
 * (unavailable, not a limit) sets no rate.
 *
 * Every request of the run, a retry as much as a first attempt, takes a place in the window before
 * it goes out and gives it back when answered: after a Retry-After the refused requests do not all
 * go again at once. Requests wait for a place in the order they asked, and a place given back (or
 * a start the rate allows) wakes exactly one of them.
 */

export class Pace {
	private window: number;
	/** Up to here the window grows by one per clean answer; beyond it, by one per window. */
	private threshold = Number.POSITIVE_INFINITY;
	private resumeAt = 0;
	private fastestMs = Number.POSITIVE_INFINITY;
	private lastCutAt = 0;
	private inFlight = 0;
	private halted = false;
	private readonly queue: Waiter[] = [];
	/** When the earliest pending wake-up (for a Retry-After or the rate) is due; 0: none. */
	private wakeAt = 0;

	/** Until the first push-back, slow start grows the window faster (FIRST_SLOW_START_STEP). */
	private pushedBackOnce = false;
	/** The API's rate limit, as the run finds it (and earlier runs found it). */
	readonly rateLimit: RateLimitLearner;

	constructor(
		readonly cap: number,
		start = INITIAL_WINDOW,
		memory?: LimitMemory,
	) {
		this.window = Math.min(start, cap);
		this.rateLimit = new RateLimitLearner(memory);
	}

	/**
	 * The API address and credential the run's requests go to, told by each request before it asks
	 * for a place: what an earlier run learned of their rate limit applies from the first request.
	 */
	useLimitOf(key: string): void {
		this.rateLimit.useKey(key, Date.now());
	}

	/** How many requests may be in flight now. */
	get limit(): number {
		return Math.max(1, Math.floor(this.window));
	}

	/** Request starts per second the run is paced to after a 429; 0 while it is not paced. */
	get startsPerSecond(): number {
		return this.rateLimit.startsPerSecond(Date.now());
	}

	/**
	 * Takes a place in the window for one request, once no Retry-After holds the run back and the
	 * rate allows a start, and says so; resolves without a place (false) when the run is cancelled
	 * (the request then ends as cancelled) or `giveUpAt` (a time, as Date.now()) passes first, and
	 * throws RunHalted once a failure has stopped the run.
	 */
	async acquire(cancel?: AbortSignal, giveUpAt?: number): Promise<boolean> {
		if (this.halted) throw new RunHalted();
		if (cancel?.aborted) return false;
		if (this.queue.length === 0 && this.start(Date.now())) return true;
		if (giveUpAt !== undefined && Date.now() >= giveUpAt) return false;
		return await new Promise<boolean>((resolve, reject) => {
			let giveUp: AbortSignal | undefined;
			const done = () => {
				cancel?.removeEventListener('abort', leave);
				giveUp?.removeEventListener('abort', check);
			};
			const waiter: Waiter = {
				grant: (placed) => {
					done();
					resolve(placed);
				},
				refuse: (error) => {
					done();
					reject(error);
				},
			};
			const leave = () => {
				const at = this.queue.indexOf(waiter);
				if (at >= 0) this.queue.splice(at, 1);
				waiter.grant(false);
			};
			// A request whose item's time runs out while it waits leaves without a place: the item
			// fails then, not when the run is let go (timerMs: a later giveUpAt is reached in steps).
			const check = () => {
				const left = (giveUpAt ?? 0) - Date.now();
				if (left <= 0) return leave();
				giveUp = AbortSignal.timeout(timerMs(left, 1));
				giveUp.addEventListener('abort', check, { once: true });
			};
			cancel?.addEventListener('abort', leave, { once: true });
			this.queue.push(waiter);
			if (giveUpAt !== undefined) check();
			this.dispatch();
		});
	}

	/** Set for a run without Continue On Fail, where a request's failure stops the run. */
	haltOnFailure = false;

	/** A request failed for good: without Continue On Fail that stops the run (see halt). */
	failed(): void {
		if (this.haltOnFailure) this.halt();
	}

	/** A failure stopped the run: no request still waiting for a place is sent. */
	halt(): void {
		this.halted = true;
		for (const waiter of this.queue.splice(0)) waiter.refuse(new RunHalted());
	}

	/** Gives a place back, to the request that has waited longest (when the time allows). */
	release(): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.dispatch();
	}

	/** An answer that was not a push-back, after `latencyMs`. */
	answered(latencyMs: number): void {
		this.rateLimit.answered(Date.now() - latencyMs);
		this.fastestMs = Math.min(this.fastestMs, latencyMs);
		if (latencyMs > 3 * this.fastestMs + LATENCY_SLACK_MS) {
			this.cut(0.75);
			return;
		}
		const slowStart = this.pushedBackOnce ? 1 : FIRST_SLOW_START_STEP;
		const step = this.window < this.threshold ? slowStart : 1 / this.window;
		this.window = Math.min(this.cap, this.window + step);
	}

	/**
	 * A 429 (`rateLimited`) or 503 to a request sent `latencyMs` ago: halve the window and hold
	 * every request back for `retryAfterMs`; a 429 also ends the rate limit's cycle (see
	 * RateLimitLearner).
	 */
	pushedBack(retryAfterMs: number, rateLimited: boolean, latencyMs = 0): void {
		const now = Date.now();
		const sentAt = now - latencyMs;
		// A refusal that comes back while the run is held, or after the hold to a request sent
		// before it, belongs to the refusal that set the hold: it counts with it.
		const held =
			now < this.resumeAt ||
			(this.resumeAt > 0 && rateLimited && this.rateLimit.sentBeforeCycle(sentAt));
		this.resumeAt = Math.max(this.resumeAt, now + retryAfterMs);
		if (!held) {
			this.pushedBackOnce = true;
			if (this.cut(0.5)) {
				this.threshold = this.window;
				this.window = 1;
			}
		}
		if (rateLimited) this.rateLimit.refused(held ? undefined : this.resumeAt - now);
		this.dispatch();
	}

	/** Takes a place for a request starting now, if the window, the hold and the rate allow it. */
	private start(now: number): boolean {
		if (this.halted || now < this.resumeAt || this.rateLimit.dueAt(now) > now) return false;
		if (this.inFlight >= this.limit) return false;
		this.inFlight += 1;
		this.rateLimit.started(now);
		return true;
	}

	/**
	 * Lets waiting requests go, first come first served, as many as there are free places; when
	 * it is the clock that holds them (a Retry-After or the rate), wakes up again then.
	 */
	private dispatch(): void {
		while (this.queue.length > 0) {
			const now = Date.now();
			const due = Math.max(this.resumeAt, this.rateLimit.dueAt(now));
			if (due > now) {
				this.wakeUpAt(due);
				return;
			}
			if (!this.start(now)) return; // Every place is taken: the next release dispatches.
			this.queue.shift()!.grant(true);
		}
	}

	private wakeUpAt(due: number): void {
		if (this.wakeAt !== 0 && this.wakeAt <= due) return;
		this.wakeAt = due;
		// At most MAX_TIMER_MS at a time: a later `due` is reached in steps, never by a timer that
		// Node.js would cut to 1 ms and fire again and again.
		void sleep(timerMs(due - Date.now(), 1)).then(() => {
			if (this.wakeAt === due) this.wakeAt = 0;
			this.dispatch();
		});
	}

	/** Cuts the window by `factor`, unless it was cut less than a round trip ago. */
	private cut(factor: number): boolean {
		const now = Date.now();
		const roundTrip = Number.isFinite(this.fastestMs) ? Math.max(this.fastestMs, 10) : 10;
		if (now - this.lastCutAt < roundTrip) return false;
		this.lastCutAt = now;
		this.window = Math.max(1, this.window * factor);
		this.threshold = Math.min(this.threshold, Math.max(1, this.window));
		return true;
	}
}
