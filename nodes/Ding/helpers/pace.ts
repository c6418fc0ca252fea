import { pause } from './cancellation';

/**
 * Thrown to a request still waiting for a place once a failure has stopped the run: it is never
 * sent, and its item counts as not started.
 */
export class RunHalted extends Error {
	constructor() {
		super('The run stopped before this request was sent');
	}
}

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
 * Every request of the run, a retry as much as a first attempt, takes a place in the window before
 * it goes out and gives it back when answered: after a Retry-After the refused requests do not all
 * go again at once.
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
	private readonly waiting = new Set<() => void>();

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

	/** Waits until no Retry-After of the run holds requests back (or the run is cancelled). */
	async ready(cancel?: AbortSignal): Promise<void> {
		for (;;) {
			const wait = this.resumeAt - Date.now();
			if (wait <= 0 || cancel?.aborted) return;
			await pause(wait, cancel);
		}
	}

	/**
	 * Takes a place in the window for one request, once no Retry-After holds the run back, and says
	 * so; resolves at once without a place (false) when the run is cancelled (the request then ends
	 * as cancelled), and throws RunHalted once a failure has stopped the run.
	 */
	async acquire(cancel?: AbortSignal): Promise<boolean> {
		for (;;) {
			if (this.halted) throw new RunHalted();
			await this.ready(cancel);
			if (this.halted) throw new RunHalted();
			if (cancel?.aborted) return false;
			// A push-back that came in meanwhile: wait it out first (ready), rather than for a
			// release that may never come when no request holds a place.
			if (Date.now() < this.resumeAt) continue;
			if (this.inFlight < this.limit) {
				this.inFlight += 1;
				return true;
			}
			// Every place is taken, so some request holds one and will give it back (release).
			await new Promise<void>((resolve) => {
				const done = () => {
					this.waiting.delete(done);
					cancel?.removeEventListener('abort', done);
					resolve();
				};
				this.waiting.add(done);
				cancel?.addEventListener('abort', done, { once: true });
			});
		}
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
		for (const wake of [...this.waiting]) wake();
	}

	/** Gives a place back; the requests waiting for one look again. */
	release(): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		for (const wake of [...this.waiting]) wake();
	}

	/** An answer that was not a push-back, after `latencyMs`. */
	answered(latencyMs: number): void {
		this.fastestMs = Math.min(this.fastestMs, latencyMs);
		if (latencyMs > 3 * this.fastestMs + 100) {
			this.cut(0.75);
			return;
		}
		const step = this.window < this.threshold ? 1 : 1 / this.window;
		this.window = Math.min(this.cap, this.window + step);
	}

	/** A 429 or 503: halve the window and hold every request back for `retryAfterMs`. */
	pushedBack(retryAfterMs: number): void {
		this.resumeAt = Math.max(this.resumeAt, Date.now() + retryAfterMs);
		if (this.cut(0.5)) {
			this.threshold = this.window;
			this.window = 1;
		}
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
