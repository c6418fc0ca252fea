import { sleep } from 'n8n-workflow';

import { Pace, RunHalted } from '../../nodes/Ding/helpers/pace';

/** `count` requests, one after another, each answered cleanly at once. */
async function answerClean(pace: Pace, count: number): Promise<void> {
	for (let i = 0; i < count; i++) {
		await pace.acquire();
		pace.answered(0);
		pace.release();
	}
}

/** The adaptive window on its own (batching.test.ts runs it through the node). */
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
		await sleep(20);
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
		const started = Date.now();
		// Nobody holds a place now: the wait must end by the clock, not by a release.
		await expect(pace.acquire()).resolves.toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		// After a push-back the window starts again from one.
		expect(pace.limit).toBe(1);
	});

	test('a place given back lets exactly one waiting request go, the one that asked first', async () => {
		const pace = new Pace(2, 2);
		await pace.acquire();
		await pace.acquire();
		const went: number[] = [];
		const waiting = [0, 1, 2].map(async (n) => await pace.acquire().then(() => went.push(n)));
		await sleep(10);
		pace.release();
		await sleep(10);
		expect(went).toStrictEqual([0]);
		pace.release();
		pace.release();
		await Promise.all(waiting);
		expect(went).toStrictEqual([0, 1, 2]);
	});

	test('before any 429 request starts are not paced', async () => {
		const pace = new Pace(50, 50);
		const started = Date.now();
		await answerClean(pace, 40);
		expect(pace.startsPerSecond).toBe(0);
		expect(Date.now() - started).toBeLessThan(100);
	});

	test('after a 429, request starts are spaced to the rate the API accepted, counting its Retry-After', async () => {
		const pace = new Pace(50, 50);
		await answerClean(pace, 20);
		await pace.acquire();
		pace.pushedBack(200, true);
		pace.release();
		// 20 clean answers over (a few ms sent + 200 ms of Retry-After): about 100 a second.
		const rate = pace.startsPerSecond;
		expect(rate).toBeGreaterThan(50);
		expect(rate).toBeLessThanOrEqual(100);
		const starts: number[] = [];
		for (let i = 0; i < 6; i++) {
			await pace.acquire();
			starts.push(Date.now());
			pace.release();
		}
		// Nothing grew the rate (no request was waiting), so the six starts span five intervals;
		// timers fire late on a busy machine, never early (1 ms of rounding aside).
		expect(starts[5] - starts[0]).toBeGreaterThanOrEqual(5 * (1000 / rate) - 5);
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
});
