import { pause } from '../../nodes/Ding/run/cancellation';
import { Pace, RunHalted } from '../../nodes/Ding/run/pace';

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

describe('Pace, the adaptive window', () => {
	test('starts at 4 places, grows by one per clean answer, never past the cap', async () => {
		const pace = new Pace(6);
		expect(pace.limit).toBe(4);
		for (let i = 0; i < 10; i++) pace.answered(20);
		expect(pace.limit).toBe(6);
	});

	test('an answer far slower than the fastest cuts the window by a quarter; event-loop delay does not', () => {
		const pace = new Pace(50);
		for (let i = 0; i < 16; i++) pace.answered(20);
		expect(pace.limit).toBe(20);
		pace.answered(400); // 3 × 20 + 340 ms: a busy event loop, not the API
		expect(pace.limit).toBe(21);
		pace.answered(3 * 20 + 501);
		expect(pace.limit).toBe(15);
	});

	test('a fifth request waits for a place until one is given back', async () => {
		const pace = new Pace(50);
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

	test('after a 429, request starts are spaced to the rate the API accepted, counting its Retry-After', async () => {
		const pace = new Pace(50, 50);
		await answerClean(pace, 20, 5);
		await pace.acquire();
		pace.pushedBack(200, true);
		pace.release();
		// 20 clean answers over (100 ms sent + 200 ms of Retry-After): 66.7 a second.
		const rate = pace.startsPerSecond;
		expect(rate).toBeCloseTo(20_000 / 300);
		const starts: number[] = [];
		const starting = (async () => {
			for (let i = 0; i < 6; i++) {
				await pace.acquire();
				starts.push(Date.now() - T0);
				pace.release();
			}
		})();
		await jest.advanceTimersByTimeAsync(1000);
		await starting;
		// The first once the Retry-After is over (100 + 200 ms in), then one every 15 ms (1000 /
		// 66.7): nothing grew the rate, as no request was waiting for it.
		expect(starts[0]).toBe(300);
		expect(starts.slice(1).map((at, i) => at - starts[i])).toStrictEqual([15, 15, 15, 15, 15]);
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
