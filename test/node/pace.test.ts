import { pause } from '../../nodes/Ding/run/cancellation';
import { INITIAL_WINDOW, Pace, RunHalted } from '../../nodes/Ding/run/pace';
import {
	LimitMemory,
	limitKey,
	RAMP_DOUBLING_MS,
	REMEMBER_MS,
} from '../../nodes/Ding/run/rateLimit';

/**
 * The adaptive window on its own (batching.test.ts runs it through the node), on Jest's fake
 * clock: Date.now and the timers Pace sets move only when a test moves them, so every figure below
 * is exact, and a busy machine changes none of them.
 */
const T0 = Date.parse('2026-01-01T00:00:00Z');
beforeEach(() => jest.useFakeTimers({ now: T0 }));
afterEach(() => jest.useRealTimers());

/** Lets every promise settle that can settle without the clock moving. */
const settle = async () => await jest.advanceTimersByTimeAsync(0);

/** `count` requests, one after another, each answered cleanly `eachMs` after it started. */
async function answerClean(pace: Pace, count: number, eachMs = 0): Promise<void> {
	for (let i = 0; i < count; i++) {
		await pace.acquire();
		jest.advanceTimersByTime(eachMs);
		pace.answered(eachMs);
		pace.release();
	}
}

/**
 * A run whose first 20 requests were answered cleanly in 5 ms each, and whose 21st was refused
 * (429, 5 ms) with a Retry-After of `retryAfterMs`.
 */
async function refusedOnce(retryAfterMs: number): Promise<Pace> {
	const pace = new Pace(50, 50, new LimitMemory());
	await answerClean(pace, 20, 5);
	await pace.acquire();
	pace.pushedBack(retryAfterMs, true, 5);
	pace.release();
	return pace;
}

/**
 * A run on an API and credential whose limit an earlier run measured closely: `rate` a second,
 * `burst` at once, its bucket left empty.
 */
function pacedByMeasured(rate: number, burst: number): Pace {
	const memory = new LimitMemory();
	memory.keep('https://api.example key-1', {
		rate,
		burst,
		measured: true,
		learnedAt: Date.now(),
		tokens: 0,
		tokensAt: Date.now(),
	});
	const pace = new Pace(50, 50, memory);
	pace.useLimitOf('https://api.example key-1');
	return pace;
}

describe('Pace, the adaptive window', () => {
	test('starts at 10 places, grows by two per clean answer until the API pushes back, never past the cap', async () => {
		const pace = new Pace(15);
		expect(pace.limit).toBe(INITIAL_WINDOW);
		pace.answered(20);
		pace.answered(20);
		expect(pace.limit).toBe(14);
		for (let i = 0; i < 10; i++) pace.answered(20);
		expect(pace.limit).toBe(15);
	});

	test('after a push-back the window grows back by one per clean answer', async () => {
		const pace = new Pace(50, 20);
		await pace.acquire();
		pace.pushedBack(0, false);
		pace.release();
		expect(pace.limit).toBe(1);
		for (let i = 0; i < 4; i++) pace.answered(20);
		expect(pace.limit).toBe(5);
	});

	test('an answer far slower than the fastest cuts the window by a quarter; event-loop delay does not', () => {
		const pace = new Pace(50, 18);
		pace.answered(20);
		expect(pace.limit).toBe(20);
		pace.answered(400); // 3 × 20 + 340 ms: a busy event loop, not the API
		expect(pace.limit).toBe(22);
		pace.answered(3 * 20 + 501);
		expect(pace.limit).toBe(16);
	});

	test('a fifth request waits for a place until one is given back', async () => {
		const pace = new Pace(50, 4);
		for (let i = 0; i < 4; i++) await expect(pace.acquire()).resolves.toBe(true);
		let fifth = false;
		const waiting = pace.acquire().then(() => (fifth = true));
		await settle();
		expect(fifth).toBe(false);
		pace.release();
		await waiting;
		expect(fifth).toBe(true);
	});

	test('a push-back holds every request for its Retry-After, even when no request holds a place', async () => {
		const pace = new Pace(50);
		await pace.acquire();
		pace.pushedBack(150, true);
		pace.release();
		// Nobody holds a place now: the wait must end by the clock, not by a release.
		let placed: boolean | undefined;
		const waiting = pace.acquire().then((p) => (placed = p));
		await jest.advanceTimersByTimeAsync(149);
		expect(placed).toBeUndefined();
		await jest.advanceTimersByTimeAsync(1);
		await waiting;
		expect(placed).toBe(true);
		// After a push-back the window starts again from one.
		expect(pace.limit).toBe(1);
	});

	test('a place given back lets exactly one waiting request go, the one that asked first', async () => {
		const pace = new Pace(2, 2);
		await pace.acquire();
		await pace.acquire();
		const went: number[] = [];
		const waiting = [0, 1, 2].map(async (n) => await pace.acquire().then(() => went.push(n)));
		await settle();
		pace.release();
		await settle();
		expect(went).toStrictEqual([0]);
		pace.release();
		pace.release();
		await Promise.all(waiting);
		expect(went).toStrictEqual([0, 1, 2]);
	});

	test('before any 429 request starts are not paced', async () => {
		const pace = new Pace(50, 50);
		// With the clock standing still, all 40 go: none of them waited for a time.
		let done = false;
		const running = answerClean(pace, 40).then(() => (done = true));
		await settle();
		expect(done).toBe(true);
		await running;
		expect(pace.startsPerSecond).toBe(0);
	});

	test('after a first 429, request starts ramp up from the rate the API surely accepted, counting its Retry-After', async () => {
		const pace = await refusedOnce(200);
		// Nothing is paced until the Retry-After is over and its cycle measured...
		const starts: number[] = [];
		const starting = (async () => {
			for (let i = 0; i < 4; i++) {
				await pace.acquire();
				starts.push(Date.now() - T0);
				pace.release();
			}
		})();
		await jest.advanceTimersByTimeAsync(1000);
		await starting;
		// ...then 20 clean answers over 100 ms sent and 200 ms of Retry-After: 66.7 a second, which
		// doubles every RAMP_DOUBLING_MS: the first start at once (100 + 200 ms in), the next 15 ms
		// later, then sooner and sooner.
		expect(starts[0]).toBe(300);
		const gaps = starts.slice(1).map((at, i) => at - starts[i]);
		expect(gaps[0]).toBe(Math.ceil(1000 / (66.67 * 2 ** (0 / RAMP_DOUBLING_MS))));
		expect(gaps[1]).toBeLessThan(gaps[0]);
		expect(gaps[2]).toBeLessThanOrEqual(gaps[1]);
		expect(pace.rateLimit.limit).toBeUndefined();
	});

	/** The API's token bucket: `burst` at once, refilled at `rate` a second. */
	const apiBucket = (rate: number, burst: number) => ({
		rate,
		burst,
		tokens: burst,
		at: Date.now(),
	});

	/**
	 * `count` requests through the Pace to the API's `bucket`, one after another: each start takes a
	 * token or is refused (a 429 with Retry-After `waitMs`), answered at once. When each refusal
	 * came, and when the last request was answered.
	 */
	async function throughBucket(
		pace: Pace,
		count: number,
		bucket: ReturnType<typeof apiBucket>,
		waitMs = 1000,
	) {
		const refusedAt: number[] = [];
		for (let sent = 0; sent < count; ) {
			await pace.acquire();
			const now = Date.now();
			bucket.tokens = Math.min(
				bucket.burst,
				bucket.tokens + ((now - bucket.at) * bucket.rate) / 1000,
			);
			bucket.at = now;
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				sent += 1;
				pace.answered(0);
			} else {
				refusedAt.push(now - T0);
				pace.pushedBack(waitMs, true, 0);
			}
			pace.release();
		}
		return { refusedAt, endedAt: Date.now() };
	}

	test('two cycles of different shapes tell the rate from the burst, a long one measures it closely: the run is then paced by a copy of the bucket and refused no more', async () => {
		const memory = new LimitMemory();
		const pace = new Pace(50, 50, memory);
		pace.useLimitOf('https://api.example key-1');
		const running = throughBucket(pace, 1000, apiBucket(100, 10));
		await jest.advanceTimersByTimeAsync(20_000);
		const { refusedAt, endedAt } = await running;
		// The first refusal ends the burst; the second ends the ramp, and the two cycles give the
		// bucket; the run paces a little over it until a refusal after seconds measures the rate
		// closely; after that it goes at the bucket's pace and is not refused again.
		expect(refusedAt.slice(0, 2)).toStrictEqual([0, 1486]);
		expect(refusedAt).toHaveLength(3);
		expect(refusedAt[2] - refusedAt[1]).toBeGreaterThan(2000);
		const found = pace.rateLimit.limit!;
		expect(found.rate).toBeGreaterThan(95);
		expect(found.rate).toBeLessThanOrEqual(100);
		expect(found.burst).toBeGreaterThanOrEqual(9);
		expect(found.burst).toBeLessThanOrEqual(11);
		// 1,000 through a bucket of 100 a second: 10 s, the three Retry-After holds, a little more.
		expect(endedAt - T0).toBeLessThan(13_500);
		// What was learned is kept for the API and credential, closely measured.
		expect(memory.recall('https://api.example key-1', Date.now())).toMatchObject({
			rate: found.rate,
			measured: true,
		});
	});

	test('a run that probes up from under the rate measures it closely: the time its bucket sat full and refilled for nothing counts', async () => {
		// 37 a second, a burst of 5: the first fit comes out under the rate, and the run paces under
		// it for seconds before it probes past it. Its clean answers over the measuring cycle's length
		// would say 34 a second; a bucket that sits full through the slow part says the rate.
		const pace = new Pace(50, 50, new LimitMemory());
		pace.useLimitOf('https://api.example key-1');
		const running = throughBucket(pace, 740, apiBucket(37, 5));
		await jest.advanceTimersByTimeAsync(40_000);
		const { refusedAt } = await running;
		expect(refusedAt).toHaveLength(3);
		const found = pace.rateLimit.limit!;
		expect(found.rate).toBeGreaterThan(37 * 0.97);
		expect(found.rate).toBeLessThanOrEqual(37);
	});

	test('a refusal far under a limit measured closely is doubted once: the rate stands; a second in a row measures it', async () => {
		const pace = pacedByMeasured(100, 10);
		/**
		 * A cycle of 1.2 s of clean answers at the pace, then 20 requests sent over 0.2 s that all come
		 * back refused (as when requests reach the API bunched after a stall on their way): 120 of
		 * 140 taken in 1.4 s, about 86 a second, far under the 100 measured before.
		 */
		const cycle = async () => {
			const from = Date.now();
			while (Date.now() - from < 1200) {
				await pace.acquire();
				pace.answered(0);
				pace.release();
			}
			const onTheWire = 20;
			for (let i = 0; i < onTheWire; i++) await pace.acquire();
			for (let i = 0; i < onTheWire; i++) {
				pace.pushedBack(1000, true, 0);
				pace.release();
			}
		};
		/** A cycle, its Retry-After, and the next start, which measures the cycle. */
		const measuredCycle = async () => {
			const ended = cycle();
			await jest.advanceTimersByTimeAsync(3000);
			await ended;
			const next = pace.acquire();
			await jest.advanceTimersByTimeAsync(1000);
			await next;
			pace.release();
		};
		// The first is doubted: the rate stands.
		await measuredCycle();
		expect(pace.rateLimit.limit!.rate).toBe(100);
		// The second in a row is taken as it is: the limit fell.
		await measuredCycle();
		expect(pace.rateLimit.limit!.rate).toBeLessThan(95);
	});

	test('the next run on the same API and credential starts paced, with the bucket as the last one left it', async () => {
		const memory = new LimitMemory();
		const bucket = apiBucket(100, 10);
		const first = new Pace(50, 50, memory);
		first.useLimitOf('https://api.example key-1');
		const firstRun = throughBucket(first, 300, bucket);
		await jest.advanceTimersByTimeAsync(10_000);
		const { endedAt } = await firstRun;
		expect(first.rateLimit.limit).toBeDefined();

		// Straight after the first run: the API's bucket is as empty as the first run left it, and the
		// second run, paced from its first request, is not refused.
		jest.setSystemTime(endedAt);
		const second = new Pace(50, 50, memory);
		second.useLimitOf('https://api.example key-1');
		expect(second.startsPerSecond).toBeGreaterThan(90);
		const secondRun = throughBucket(second, 300, bucket);
		await jest.advanceTimersByTimeAsync(10_000);
		const { refusedAt, endedAt: secondEnded } = await secondRun;
		expect(refusedAt).toStrictEqual([]);
		// 300 at 100 a second.
		expect(secondEnded - endedAt).toBeGreaterThanOrEqual(2900);
		expect(secondEnded - endedAt).toBeLessThan(3300);

		// Another credential, or the same one after REMEMBER_MS, starts unpaced.
		const other = new Pace(50, 50, memory);
		other.useLimitOf('https://api.example key-2');
		expect(other.startsPerSecond).toBe(0);
		jest.advanceTimersByTime(REMEMBER_MS + 1);
		const later = new Pace(50, 50, memory);
		later.useLimitOf('https://api.example key-1');
		expect(later.startsPerSecond).toBe(0);
	});

	test('a 429 to a request sent before the Retry-After ended counts with the refusal that set it', async () => {
		const pace = await refusedOnce(100);
		jest.advanceTimersByTime(150);
		// After the hold the window grows back from one: four clean answers make it five.
		const running = answerClean(pace, 4, 5);
		await jest.advanceTimersByTimeAsync(100);
		await running;
		expect(pace.limit).toBe(5);
		// A 429 to a request sent 300 ms ago, before that hold ended: the run waits out its
		// Retry-After too, but it is not a second push-back (a cut would halve the window).
		pace.pushedBack(1000, true, 300);
		expect(pace.limit).toBe(5);
		// A fresh one is.
		jest.advanceTimersByTime(1000);
		await pace.acquire();
		pace.pushedBack(1000, true, 5);
		expect(pace.limit).toBe(1);
	});

	test('a learned burst under two requests still lets requests go, one per token', async () => {
		const pace = pacedByMeasured(10, 1.5);
		const done = answerClean(pace, 5, 5).then(() => Date.now());
		await jest.advanceTimersByTimeAsync(2000);
		// Five starts at 10 a second from an empty bucket, each once the copy is full (1.5 tokens),
		// each answered in 5 ms: the last starts at 0.55 s.
		expect((await done) - T0).toBeGreaterThanOrEqual(550);
		expect((await done) - T0).toBeLessThanOrEqual(560);
	});

	test('limits are kept per API address, credential and key, and the key is not in what keeps them', () => {
		const key = limitKey('https://api.prelude.dev', 'cred-1', 'sk_live_secret-one');
		expect(key).not.toContain('secret');
		expect(key).toBe(limitKey('https://api.prelude.dev', 'cred-1', 'sk_live_secret-one'));
		expect(key).not.toBe(limitKey('https://api.prelude.dev', 'cred-1', 'sk_live_secret-two'));
		expect(key).not.toBe(limitKey('https://api.prelude.dev', 'cred-2', 'sk_live_secret-one'));
		expect(key).not.toBe(limitKey('http://127.0.0.1:8080', 'cred-1', 'sk_live_secret-one'));
	});

	test('a 503 holds the run back but sets no rate: it is not a limit', async () => {
		const pace = new Pace(50, 50);
		await answerClean(pace, 20);
		pace.pushedBack(50, false);
		expect(pace.startsPerSecond).toBe(0);
	});

	test('halting rejects the requests waiting for a place, and every later one', async () => {
		const pace = new Pace(1, 1);
		await pace.acquire();
		const waiting = pace.acquire();
		pace.haltOnFailure = true;
		pace.failed();
		await expect(waiting).rejects.toBeInstanceOf(RunHalted);
		await expect(pace.acquire()).rejects.toBeInstanceOf(RunHalted);
	});

	test('with Continue On Fail a failure does not halt', async () => {
		const pace = new Pace(2, 2);
		pace.failed();
		await expect(pace.acquire()).resolves.toBe(true);
	});

	test('a cancel ends the wait at once, without a place', async () => {
		const pace = new Pace(1, 1);
		await pace.acquire();
		const cancel = new AbortController();
		const waiting = pace.acquire(cancel.signal);
		cancel.abort();
		await expect(waiting).resolves.toBe(false);
	});

	test('a cancel ends a wait for a Retry-After at once, without a place', async () => {
		const pace = new Pace(50);
		await pace.acquire();
		pace.pushedBack(600_000, true);
		pace.release();
		const cancel = new AbortController();
		let placed: boolean | undefined;
		const waiting = pace.acquire(cancel.signal).then((p) => (placed = p));
		await settle();
		expect(placed).toBeUndefined();
		cancel.abort();
		await waiting;
		expect(placed).toBe(false);
	});
});

describe('pause, the wait before a retry', () => {
	test('ends at once when the run is cancelled', async () => {
		const cancel = new AbortController();
		let over = false;
		const waiting = pause(600_000, cancel.signal).then(() => (over = true));
		await settle();
		expect(over).toBe(false);
		cancel.abort();
		await waiting;
		expect(over).toBe(true);
	});
});
