import { sleep } from 'n8n-workflow';

import { timerMs } from './cancellation';

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

/** Below its threshold the rate grows by one request a second per clean answer... */
const RATE_SLOW_START_STEP = 1;
/** ...and beyond it by this much per clean answer: about 5% of the rate each second. */
const RATE_INCREASE_STEP = 0.05;
/** Clean answers a cycle needs before its rate says anything about the API's limit. */
const RATE_MIN_SAMPLE = 2;

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
 * - It starts small and grows by one for each clean answer (slow start) until the API first
 *   pushes back, then by one per window's worth of clean answers (additive increase).
 * - A 429 (or 503) halves it, and no request of the run starts before the answer's Retry-After
 *   has passed: the whole window waits, not only the request that was refused. After that wait
 *   the window starts again from one and grows quickly back to that half (slow start), so the
 *   requests held back do not all go out at once.
 * - An answer far slower than the fastest seen (queueing at the server) cuts it by a quarter.
 * - Cuts come at most once per round trip, so one burst of refusals counts once.
 * - It never exceeds the cap (Max Concurrency) and never falls below one.
 *
 * After a 429 it also paces request starts to a rate, AIMD again, so that an API with a rate
 * limit and little latency is not found out by hitting its limit after every Retry-After:
 *
 * - The rate starts at what the API accepted in the cycle that ended with the 429, per second of
 *   that cycle and the wait it asked for: clean answers / (time sent + Retry-After). A token
 *   bucket accepts no more than that over the two, so it is at most its rate, and a pace at it
 *   keeps the bucket from running dry.
 * - From there it grows by one request a second per clean answer (doubling about every 0.7 s) up to
 *   half the rate that was refused, then by about 5% a second; it grows only while requests are
 *   waiting for it, so a rate the run does not reach is never what it measures.
 * - A further 429 starts the next cycle the same way, from the rate that cycle measured.
 * - Before the first 429 nothing is paced, and a 503 (unavailable, not a limit) sets no rate.
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

	/** Request starts per second once a 429 has set one; 0: not paced. */
	private rate = 0;
	/** Up to here the rate grows quickly (slow start); beyond it, slowly. */
	private rateThreshold = Number.POSITIVE_INFINITY;
	private nextStartAt = 0;
	/** The cycle being measured: from the first request, or from the end of the last Retry-After. */
	private cycleFrom = 0;
	private startsInCycle = 0;
	private cleanInCycle = 0;

	constructor(
		readonly cap: number,
		start = 4,
	) {
		this.window = Math.min(start, cap);
	}

	/** How many requests may be in flight now. */
	get limit(): number {
		return Math.max(1, Math.floor(this.window));
	}

	/** Request starts per second the run is paced to after a 429; 0 while it is not paced. */
	get startsPerSecond(): number {
		return this.rate;
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
		// An answer to a request sent before the cycle began belongs to the cycle that is over.
		if (Date.now() - latencyMs >= this.cycleFrom) this.cleanInCycle += 1;
		if (this.rate > 0 && this.queue.length > 0) {
			this.rate += this.rate < this.rateThreshold ? RATE_SLOW_START_STEP : RATE_INCREASE_STEP;
		}
		this.fastestMs = Math.min(this.fastestMs, latencyMs);
		if (latencyMs > 3 * this.fastestMs + LATENCY_SLACK_MS) {
			this.cut(0.75);
			return;
		}
		const step = this.window < this.threshold ? 1 : 1 / this.window;
		this.window = Math.min(this.cap, this.window + step);
	}

	/**
	 * A 429 (`rateLimited`) or 503: halve the window and hold every request back for
	 * `retryAfterMs`; after a 429, pace request starts to the rate the API accepted (see Pace).
	 */
	pushedBack(retryAfterMs: number, rateLimited: boolean): void {
		const now = Date.now();
		// A refusal that comes back while the run is held was sent before the hold: it counts
		// with the one that set it.
		const held = now < this.resumeAt;
		this.resumeAt = Math.max(this.resumeAt, now + retryAfterMs);
		if (!held && this.cut(0.5)) {
			this.threshold = this.window;
			this.window = 1;
			if (rateLimited) this.paceAfterRefusal(now, this.resumeAt - now);
		}
		this.dispatch();
	}

	/** Sets the rate from the cycle a 429 ended, and starts measuring the next one. */
	private paceAfterRefusal(now: number, waitMs: number): void {
		const sentMs = Math.max(1, now - this.cycleFrom);
		// What the cycle sent per second when it was refused: the rate, or (unpaced) its starts.
		const refused = this.rate > 0 ? this.rate : (this.startsInCycle * 1000) / sentMs;
		if (this.cleanInCycle >= RATE_MIN_SAMPLE) {
			const accepted = (this.cleanInCycle * 1000) / (sentMs + waitMs);
			this.rate = accepted;
			this.rateThreshold = Math.max(accepted, refused / 2);
		} else if (this.rate > 0) {
			this.rate = Math.max(1, this.rate / 2);
			this.rateThreshold = this.rate;
		}
		this.cycleFrom = this.resumeAt;
		this.nextStartAt = this.resumeAt;
		this.startsInCycle = 0;
		this.cleanInCycle = 0;
	}

	/** Takes a place for a request starting now, if the window, the hold and the rate allow it. */
	private start(now: number): boolean {
		if (this.halted || now < this.resumeAt || now < this.nextStartAt) return false;
		if (this.inFlight >= this.limit) return false;
		this.inFlight += 1;
		if (this.cycleFrom === 0) this.cycleFrom = now;
		this.startsInCycle += 1;
		if (this.rate > 0) this.nextStartAt = Math.max(now, this.nextStartAt) + 1000 / this.rate;
		return true;
	}

	/**
	 * Lets waiting requests go, first come first served, as many as there are free places; when
	 * it is the clock that holds them (a Retry-After or the rate), wakes up again then.
	 */
	private dispatch(): void {
		while (this.queue.length > 0) {
			const now = Date.now();
			const due = Math.max(this.resumeAt, this.nextStartAt);
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
