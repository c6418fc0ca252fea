/**
 * The API's rate limit, as a run finds it out from its refusals and as later runs remember it.
 *
 * APIs limit a client's rate with a token bucket: up to `burst` requests at once, refilled at
 * `rate` a second. A request that finds the bucket empty is refused (429), and the adaptive window
 * (pace.ts) then holds the whole run for the Retry-After. Each refusal so costs the run that wait,
 * less the part of it the bucket needs to fill again: with Retry-After: 1 and a burst of 10 at 100
 * a second, 0.9 s of the API's capacity. So the learner aims to be refused as few times as it can:
 *
 * - A **cycle** runs from the first request sent with a full bucket (the run's first, or the first
 *   after a Retry-After) to the refusal that ends it. Its requests' start times, and how many of
 *   them the bucket took, are what a bucket of some rate and burst would have done: `fit` finds the
 *   one that comes closest (simulating the bucket for each it tries).
 * - One cycle leaves the burst and the rate tied to each other (a larger burst and a smaller rate
 *   explain it as well). Its clean answers over its length and its Retry-After give a rate the API
 *   surely accepts, since no bucket refills faster than that over the two. After a first refusal
 *   the run so **ramps**: starts are paced from that sure rate, doubling every RAMP_DOUBLING_MS,
 *   until the next refusal ends a second cycle, short when the rate is near the sure one.
 * - Two cycles of different shapes (a burst, a ramp) tell the rate from the burst: the run is then
 *   **settled**. Its starts go through a copy of the API's bucket (that rate and burst, leaving
 *   some of the burst in it as room for timing), a little under the rate found (FIT_KEPT) and then
 *   more and more over it (PROBE_GROWTH), until a refusal after a cycle of seconds **measures** the
 *   rate closely: the rate of a bucket of the burst found that, from the tokens it held at the
 *   cycle's start, takes as many of the cycle's starts as the API did (rateTaking). The run then
 *   paces just under that and is not refused again.
 * - A refusal while settled and measured (another client shares the limit, or it fell) measures it
 *   again; short ones twice in a row cut the rate by a fifth. One that measures it far under the
 *   pace (DOUBTED) is doubted once: requests that reached the API bunched, after a stall on their
 *   way, are refused just so, and the rate stands; a second in a row is taken as it is.
 *
 * What was learned is kept for the API's address, the credential and its key (limitKey,
 * LimitMemory) for REMEMBER_MS: the next run on them starts settled, paced from an empty bucket
 * (one run straight after another finds it as empty as the first left it), and does not pay to
 * find the limit again. Runs at the same time in one n8n process take their starts from that
 * bucket, and so share the limit instead of each taking all of it (each waits out its own
 * Retry-Afters). A limit raised meanwhile is found once the memory of it has expired.
 */

/** A token bucket: `rate` requests a second, `burst` at once. */
export interface Limit {
	rate: number;
	burst: number;
}

/** While ramping, the pace doubles this often. */
export const RAMP_DOUBLING_MS = 100;
/** A cycle tells something of the limit only with this many clean answers. */
const MIN_CLEAN = 2;
/**
 * A refusal while settled measures the rate from its cycle when the cycle lasted this long (the
 * tokens the bucket held at its start are then a small part of what it took).
 */
const MIN_SETTLED_CYCLE_MS = 1000;
/**
 * What a settled run leaves in its copy of the bucket: a fifth of the burst, or what the rate
 * refills in RESERVE_MS if that is more, but at most half of the burst. Room for requests that
 * reach the API closer together than they left (the set-up of each, in a busy n8n, can be delayed
 * by tens of milliseconds). It costs a run once, not per request: the pace stays the rate.
 */
const BURST_RESERVE = 0.2;
const RESERVE_MS = 100;
/** How long a learned limit is kept for its API and credential. */
export const REMEMBER_MS = 15 * 60_000;
/**
 * A settled run paces at this share of the rate it measured: a rate a little too high would be
 * refused again after some seconds, one a little too low costs that little.
 */
const FIT_MARGIN = 0.99;
/**
 * A long cycle that measures the rate under this share of the pace of a limit measured closely
 * before is doubted once (see finishEnded).
 */
const DOUBTED = 0.9;
/**
 * A limit `fit` found is kept this much under what it found, for later runs to take as it is.
 */
const FIT_KEPT = 0.97;
/**
 * Until a limit is measured closely, a run paces over it by this share more each second (from
 * FIT_KEPT under what `fit` found), so that a long cycle (seconds) ends in a refusal that
 * measures the rate closely.
 */
const PROBE_GROWTH = 0.02;
/** The rates `fit` tries: each this much above the last (2%). */
const FIT_STEP = 1.02;
/** The bursts `fit` tries: each this much above the last (3%). */
const BURST_STEP = 1.03;
/**
 * `fit` searches its whole grid finely up to this many bucket steps (rates × bursts × start
 * times: some tens of milliseconds); beyond it, coarsely first, COARSE_STEP apart (12%).
 */
const MAX_FINE_WORK = 20_000_000;
const COARSE_STEP = 1.12;
/** The fastest rate `fit` tries, a second. */
const MAX_FIT_RATE = 10_000;
/** At most this many start times are kept per cycle. */
const MAX_STARTS = 20_000;

/** A learned limit with its bucket: the state runs on one API address, credential and key share. */
export interface Learned extends Limit {
	/** When the limit was measured (Date.now()). */
	learnedAt: number;
	/**
	 * Measured closely, by a long cycle at a settled pace (its rate is then the API's, less
	 * FIT_MARGIN); until then it is what `fit` found, less FIT_KEPT, as a later run takes it as it
	 * is (and measures it).
	 */
	measured: boolean;
	/** The copy of the API's bucket: tokens left at `tokensAt`. */
	tokens: number;
	tokensAt: number;
}

/**
 * What learned limits are kept under: the API's address, the credential, and a fingerprint of its
 * key (an API key set by an expression can differ from item to item, and each key has its own
 * limit). The fingerprint (FNV-1a, 32 bits) is not the key and cannot give it back; two keys that
 * share one only share a limit.
 */
export function limitKey(origin: string, credential: string, secret: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < secret.length; i++) {
		hash ^= secret.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return `${origin} ${credential} ${(hash >>> 0).toString(16)}`;
}

/** Learned limits per API address, credential and key (limitKey), for REMEMBER_MS. */
export class LimitMemory {
	private readonly learned = new Map<string, Learned>();

	recall(key: string, now: number): Learned | undefined {
		const known = this.learned.get(key);
		if (known && now - known.learnedAt > REMEMBER_MS) {
			this.learned.delete(key);
			return undefined;
		}
		return known;
	}

	keep(key: string, learned: Learned): void {
		this.learned.set(key, learned);
	}

	forget(): void {
		this.learned.clear();
	}
}

/** The limits learned in this n8n process (each process of a queue-mode n8n learns its own). */
export const limitMemory = new LimitMemory();

/**
 * What a cycle showed: requests started at `starts` (from a full bucket at `from`), and the bucket
 * took `taken` of them (refusing the others). The node's start times are not the times the API
 * saw its requests (their set-up, the network), and those sent close together may reach it in
 * another order: the count taken of the whole cycle tells the bucket, where which of them it
 * refused first would not.
 */
interface CycleShape {
	from: number;
	starts: number[];
	taken: number;
}

/** A cycle's starts as the distinct times they fell on and how many started at each. */
interface Grouped {
	from: number;
	times: number[];
	counts: number[];
	taken: number;
}

function grouped(shape: CycleShape): Grouped {
	const times: number[] = [];
	const counts: number[] = [];
	for (const start of shape.starts) {
		if (times.length > 0 && times[times.length - 1] === start) counts[counts.length - 1] += 1;
		else {
			times.push(start);
			counts.push(1);
		}
	}
	return { from: shape.from, times, counts, taken: shape.taken };
}

/**
 * How many of a cycle's starts a bucket of `rate` a second and `burst`, holding `tokens` at `from`
 * (full unless said), takes (a request it refuses takes no token).
 */
function takenBy(shape: Grouped, rate: number, burst: number, tokens = burst): number {
	let at = shape.from;
	let taken = 0;
	for (let i = 0; i < shape.times.length; i++) {
		tokens = Math.min(burst, tokens + ((shape.times[i] - at) * rate) / 1000);
		at = shape.times[i];
		// Each request that finds a token takes it; the others are refused.
		const took = Math.min(shape.counts[i], Math.floor(tokens));
		tokens -= took;
		taken += took;
	}
	return taken;
}

/**
 * The token bucket that best explains the cycles shown, with a rate from `lowestRate` to
 * `highestRate`: the one whose counts taken (takenBy) are off by the least, summed as squares over
 * the cycles; of those that are equally good (a larger burst and a smaller rate often are), the
 * middle one. The start times the node sees are not the times the API saw (a request's set-up, the
 * network), so no bucket may explain every cycle exactly: a rate a little too high costs a refusal
 * or two (see finishEnded), one a little too low is found out as the run probes above it
 * (PROBE_GROWTH). The first cycle (a burst) and the last two are the ones weighed: ramps alone,
 * alike in shape, cannot tell rate from burst. Rates are tried FIT_STEP apart and bursts BURST_STEP
 * apart, up to what the cycles took; for long cycles, coarsely first (MAX_FINE_WORK): the node's
 * event loop is n8n's, and a fine search of thousands of start times would hold it for seconds.
 */
function fit(shapes: CycleShape[], lowestRate: number, highestRate: number): Limit | undefined {
	const weighed = (shapes.length > 3 ? [shapes[0], ...shapes.slice(-2)] : shapes).map(grouped);
	if (weighed.length === 0) return undefined;
	const mostBurst = Math.min(...weighed.map((shape) => shape.taken + 1));
	const lowest = Math.max(1, lowestRate);
	const search = (
		rates: [number, number],
		bursts: [number, number],
		rateStep: number,
		burstStep: number,
	): Limit[] => {
		let least = Number.POSITIVE_INFINITY;
		let tied: Limit[] = [];
		for (let rate = rates[0]; rate <= rates[1]; rate *= rateStep) {
			for (let burst = bursts[0]; burst <= bursts[1]; burst *= burstStep) {
				let error = 0;
				for (const shape of weighed) {
					error += (takenBy(shape, rate, burst) - shape.taken) ** 2;
				}
				if (error < least) {
					least = error;
					tied = [];
				}
				if (error === least) tied.push({ rate, burst });
			}
		}
		return tied;
	};
	// The whole grid, finely, when that is quick (cycles of some hundreds of start times); else a
	// coarse search first and a fine one around its best.
	const steps = (from: number, to: number, step: number) =>
		Math.max(1, Math.log(Math.max(to, from) / from) / Math.log(step) + 1);
	const groups = weighed.reduce((sum, shape) => sum + shape.times.length, 0);
	const work = steps(lowest, highestRate, FIT_STEP) * steps(1, mostBurst, BURST_STEP) * groups;
	if (work <= MAX_FINE_WORK) {
		return middle(search([lowest, highestRate], [1, mostBurst], FIT_STEP, BURST_STEP));
	}
	const coarse = search([lowest, highestRate], [1, mostBurst], COARSE_STEP, COARSE_STEP);
	if (coarse.length === 0) return undefined;
	const rates = coarse.map((limit) => limit.rate);
	const bursts = coarse.map((limit) => limit.burst);
	const tied = search(
		[
			Math.max(lowest, Math.min(...rates) / COARSE_STEP),
			Math.min(highestRate, Math.max(...rates) * COARSE_STEP),
		],
		[
			Math.max(1, Math.min(...bursts) / COARSE_STEP),
			Math.min(mostBurst, Math.max(...bursts) * COARSE_STEP),
		],
		FIT_STEP,
		BURST_STEP,
	);
	return middle(tied) ?? middle(coarse);
}

/**
 * The rate a settled cycle measures: the slowest of a bucket of `burst`, holding `tokens` when the
 * cycle began, that takes as many of its starts as the API took (`shape.taken`; a bucket refilling
 * faster takes no fewer). Where the run paced under the API's rate for part of the cycle, the API's
 * bucket sat full and refilled for nothing: the clean answers over the cycle's length would say a
 * rate lower than the API's by that, where this bucket sits full just the same.
 */
function rateTaking(shape: Grouped, burst: number, tokens: number): number {
	const capacity = Math.max(burst, tokens);
	let low = 0;
	let high = MAX_FIT_RATE;
	if (takenBy(shape, high, capacity, tokens) < shape.taken) return high;
	// Halving the range to within 0.01%: some twenty bucket runs over the cycle's start times.
	while (high - low > high * 1e-4) {
		const rate = (low + high) / 2;
		if (takenBy(shape, rate, capacity, tokens) >= shape.taken) high = rate;
		else low = rate;
	}
	return high;
}

/** Of the buckets equally good, tried slowest first: the middle one. */
function middle(tied: Limit[]): Limit | undefined {
	return tied[Math.floor((tied.length - 1) / 2)];
}

interface Cycle {
	/** When its first request started. */
	from: number;
	/** When each of its requests started (up to MAX_STARTS). */
	starts: number[];
	/** How many requests it started, and when the last one did (`starts` keeps MAX_STARTS). */
	count: number;
	lastStart: number;
	/** How many of its requests had a clean answer. */
	clean: number;
	/** The Retry-After that ended it. */
	waitMs: number;
	/**
	 * Settled: the most the API's bucket can have held when it began (its burst, or what a
	 * Retry-After refilled), for the rate a refusal measures.
	 */
	startTokens?: number;
}

/**
 * The rate limit of one run: when the next request may start, learned from the run's answers (and
 * from earlier runs on the same API and credential, see LimitMemory). Pace asks it before each start.
 */
export class RateLimitLearner {
	/** The cycle being sent, and the one a refusal ended, whose answers may still be coming in. */
	private cycle: Cycle | undefined;
	private ended: Cycle | undefined;
	/** What the cycles measured so far showed. */
	private readonly shapes: CycleShape[] = [];
	/** The fastest the run sent: no bucket rate above it can be told from the run's answers. */
	private fastestSending = 0;
	/** Ramping: the pace at `rampFrom`, doubling every RAMP_DOUBLING_MS; 0 when not ramping. */
	private rampRate = 0;
	private rampFrom = 0;
	private lastStart = 0;
	/** Settled: the limit found, and its bucket (shared with other runs on the same key). */
	private settled: Learned | undefined;
	private key: string | undefined;
	/** Set once requests of the run went to more than one API or credential: nothing is kept. */
	private mixed = false;
	/** Refusals in a row, while settled, after cycles too short to measure the rate. */
	private shortRefusals = 0;
	/** The last long cycle measured the rate far under a limit measured before (DOUBTED). */
	private doubting = false;
	/** Since when this run paces over a limit not yet measured closely (PROBE_GROWTH). */
	private probeFrom: number | undefined;
	/** What a Retry-After refilled the API's bucket to, for the cycle after it. */
	private refilled: number | undefined;

	constructor(private readonly memory: LimitMemory = limitMemory) {}

	/**
	 * Names the API address, credential and key (limitKey) the run's requests go to (every request,
	 * before it asks for a place): the first one recalls what an earlier run learned there.
	 */
	useKey(key: string, now: number): void {
		if (this.key === undefined) {
			this.key = key;
			const known = this.memory.recall(key, now);
			if (known && !this.settled) {
				// What the last run left in the API's bucket is not known closely enough to spend at
				// once: this run starts paced from an empty one, which is never slower than the limit.
				known.tokens = Math.min(known.tokens, 0);
				known.tokensAt = now;
				this.settled = known;
				// Nor is it known for a refusal's measure (NaN: see finishEnded).
				this.refilled = Number.NaN;
				// A limit only estimated is measured closely by this run (PROBE_GROWTH).
				if (!known.measured) this.probeFrom = now;
			}
		} else if (this.key !== key && !this.mixed) {
			// Requests to more than one API or credential: nothing of this run is kept, nor does it
			// change what other runs share.
			this.mixed = true;
			if (this.settled) this.settled = { ...this.settled };
		}
	}

	/** Request starts per second the run is paced to now; 0 while it is not paced. */
	startsPerSecond(now: number): number {
		if (this.settled) return this.settledRate(now);
		if (this.rampRate > 0) return this.rampRate * 2 ** ((now - this.rampFrom) / RAMP_DOUBLING_MS);
		return 0;
	}

	/** The limit found (settled), if any. */
	get limit(): Limit | undefined {
		return this.settled ? { rate: this.settled.rate, burst: this.settled.burst } : undefined;
	}

	/** When the next request may start (at or before `now`: at once), the run's hold aside. */
	dueAt(now: number): number {
		this.finishEnded(now);
		if (this.settled) {
			const { burst } = this.settled;
			const reserve = Math.max(burst * BURST_RESERVE, (this.settledRate(now) * RESERVE_MS) / 1000);
			// Never more than the copy can hold (a burst of one needs one token).
			const needed = Math.min(Math.max(1, burst), 1 + Math.min(burst / 2, reserve));
			const tokens = this.tokensAt(now);
			if (tokens >= needed) return now;
			return now + ((needed - tokens) * 1000) / this.settledRate(now);
		}
		if (this.rampRate > 0) return this.lastStart + 1000 / this.startsPerSecond(now);
		return now;
	}

	/** A request starts now (dueAt allowed it). */
	started(now: number): void {
		this.finishEnded(now);
		if (!this.cycle) {
			const startTokens = this.refilled ?? this.settled?.burst;
			this.refilled = undefined;
			this.cycle = {
				from: now,
				starts: [],
				count: 0,
				lastStart: now,
				clean: 0,
				waitMs: 0,
				startTokens,
			};
		}
		if (this.cycle.starts.length < MAX_STARTS) this.cycle.starts.push(now);
		this.cycle.count += 1;
		this.cycle.lastStart = now;
		this.lastStart = now;
		if (this.settled) {
			this.settled.tokens = this.tokensAt(now) - 1;
			this.settled.tokensAt = now;
		}
	}

	/** A clean answer to a request that started at `sentAt`. */
	answered(sentAt: number): void {
		const cycle = this.cycleOf(sentAt);
		if (cycle) cycle.clean += 1;
	}

	/** Whether a request that started at `sentAt` belongs to a cycle a refusal already ended. */
	sentBeforeCycle(sentAt: number): boolean {
		return this.cycle === undefined || sentAt < this.cycle.from;
	}

	/**
	 * A 429 to a request that started at `sentAt`. The first of a cycle ends it (`waitMs`: the run
	 * is held back that long); its measure is taken when the next start is due, `waitMs` after the
	 * cycle's last start, by when the answers of the requests that were on the wire have come in
	 * (an answer later than that is not counted). Later ones (`waitMs` undefined: they came while
	 * the run was held) count in it as requests the bucket did not take.
	 */
	refused(waitMs?: number): void {
		if (waitMs === undefined || !this.cycle) return;
		this.ended = { ...this.cycle, waitMs };
		this.cycle = undefined;
		this.rampRate = 0;
		if (this.settled) {
			// The API's bucket is empty: so is its copy.
			this.settled.tokens = 0;
			this.settled.tokensAt = this.lastStart;
		}
	}

	private cycleOf(sentAt: number): Cycle | undefined {
		return [this.cycle, this.ended].find((c) => c !== undefined && sentAt >= c.from);
	}

	/** Measures the cycle a refusal ended, once its wait is over (the next start is due). */
	private finishEnded(now: number): void {
		const ended = this.ended;
		if (!ended || now < ended.lastStart + ended.waitMs) return;
		this.ended = undefined;
		// Refused with (almost) nothing accepted: the bucket was empty when the cycle began (drained
		// by someone else), and the cycle tells nothing of its limit.
		const { clean, lastStart } = ended;
		if (clean < MIN_CLEAN) return;
		const lengthMs = Math.max(1, lastStart - ended.from);
		// A rate the API surely accepted: no token bucket refills faster than this over the cycle
		// and the wait that followed it.
		const sure = Math.max(1, (clean * 1000) / (lengthMs + ended.waitMs));
		let limit: (Limit & { measured: boolean }) | undefined;
		const settled = this.settled;
		const before = ended.startTokens ?? settled?.burst ?? 0;
		const measuring = settled && lengthMs >= MIN_SETTLED_CYCLE_MS;
		// Refused after a long cycle at the settled pace: the limit is below that pace. From a bucket
		// of known tokens the cycle measures it closely (rateTaking; from a cycle longer than
		// MAX_STARTS, whose starts were not all kept: its clean answers beyond those tokens over its
		// length). The first cycle of a run that took its limit from an earlier run does not know
		// them (NaN), but the API took no more than its clean answers over its length.
		const known = !Number.isNaN(before);
		let measured = 0;
		let pace = 0;
		if (measuring) {
			measured =
				known && ended.count === ended.starts.length
					? rateTaking(grouped({ ...ended, taken: clean }), settled.burst, before)
					: ((clean - (known ? before : 0)) * 1000) / lengthMs;
			pace = this.settledRate(lastStart);
		}
		if (measuring && settled.measured && measured < pace * DOUBTED && !this.doubting) {
			// Far under a limit measured closely before: more likely requests that reached the API
			// bunched (a stall on their way, or at the API) than a limit fallen by a tenth or more. The
			// rate stands; a second such refusal in a row measures it.
			this.doubting = true;
			limit = { rate: settled.rate, burst: settled.burst, measured: true };
		} else if (measuring && known) {
			const rate = Math.max(sure, Math.min(pace, measured) * FIT_MARGIN);
			limit = { rate, burst: Math.min(settled.burst, clean), measured: true };
			this.shortRefusals = 0;
			this.doubting = false;
			this.probeFrom = undefined;
		} else if (measuring) {
			// Just under the lower of the pace and what the API took.
			const rate = Math.max(sure, Math.min(pace, measured));
			limit = { rate: rate * FIT_MARGIN, burst: settled.burst, measured: settled.measured };
			this.shortRefusals = 0;
			this.doubting = false;
			// Probing (a limit not yet measured) goes on from there.
			if (this.probeFrom !== undefined) this.probeFrom = now;
		} else if (settled) {
			// A short cycle may only mean that the bucket held less than its copy (timing): the rate
			// stands (the burst is taken as at most what the cycle took), unless such refusals come
			// twice in a row.
			let rate = settled.rate;
			if (++this.shortRefusals >= 2) {
				rate = Math.max(sure, rate * 0.8);
				this.shortRefusals = 0;
				this.probeFrom = undefined;
			}
			limit = { rate, burst: Math.min(settled.burst, clean), measured: settled.measured };
		} else {
			const shape: CycleShape = { from: ended.from, starts: ended.starts, taken: clean };
			// A cycle longer than MAX_STARTS (a long first one, before any 429) gives its sure rate,
			// not a shape: the starts kept are not all it sent.
			if (ended.count === ended.starts.length && clean < ended.count) {
				this.shapes.push(shape);
				this.fastestSending = Math.max(this.fastestSending, sendingRate(shape));
			}
			const found =
				this.shapes.length >= 2
					? fit(this.shapes, sure / 2, Math.min(this.fastestSending, sure * 50))
					: undefined;
			if (found) {
				// Kept a little under what was found, for later runs; this run paces over it more and
				// more until a long cycle measures it closely (PROBE_GROWTH).
				limit = {
					rate: Math.max(sure, found.rate * FIT_KEPT),
					burst: found.burst,
					measured: false,
				};
				this.probeFrom = now;
			}
		}
		if (!limit) {
			this.rampRate = sure;
			this.rampFrom = now;
			return;
		}
		// The wait refilled the API's bucket, up to its burst: half of that is taken at once.
		this.refilled = Math.min(limit.burst, (limit.rate * ended.waitMs) / 1000);
		const tokens = this.refilled / 2;
		const learned: Learned = { ...limit, learnedAt: now, tokens, tokensAt: now };
		if (this.settled) Object.assign(this.settled, learned);
		else this.settled = learned;
		if (this.key !== undefined && !this.mixed) this.memory.keep(this.key, this.settled);
	}

	/** The copy of the API's bucket: the tokens it holds at `now`. */
	private tokensAt(now: number): number {
		const settled = this.settled!;
		const refilled = ((now - settled.tokensAt) * this.settledRate(now)) / 1000;
		return Math.min(settled.burst, settled.tokens + Math.max(0, refilled));
	}

	/** The settled rate this run paces to (growing while it probes, see PROBE_GROWTH). */
	private settledRate(now: number): number {
		const settled = this.settled!;
		const probing =
			this.probeFrom === undefined || settled.measured
				? 1
				: 1 + (PROBE_GROWTH * Math.max(0, now - this.probeFrom)) / 1000;
		return settled.rate * probing;
	}
}

/**
 * The most requests a second a cycle sent over any four in a row, four times over (at most
 * MAX_FIT_RATE): a bucket refilling faster than that would not have refused it.
 */
function sendingRate(shape: CycleShape): number {
	const { starts } = shape;
	let fastest = 1;
	for (let i = 4; i < starts.length; i++) {
		const spanMs = starts[i] - starts[i - 4];
		fastest = Math.max(fastest, spanMs > 0 ? 4000 / spanMs : MAX_FIT_RATE);
	}
	return Math.min(MAX_FIT_RATE, fastest * 4);
}
