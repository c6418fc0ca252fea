import { sleep } from 'n8n-workflow';

import { Pace, RunHalted } from '../../nodes/Ding/helpers/pace';

/** The adaptive window on its own (batching.test.ts runs it through the node). */
describe('Pace, the adaptive window', () => {
	test('starts at 4 places, grows by one per clean answer, never past the cap', async () => {
		const pace = new Pace(6);
		expect(pace.limit).toBe(4);
		for (let i = 0; i < 10; i++) pace.answered(20);
		expect(pace.limit).toBe(6);
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
		pace.pushedBack(150);
		pace.release();
		const started = Date.now();
		// Nobody holds a place now: the wait must end by the clock, not by a release.
		await expect(pace.acquire()).resolves.toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		// After a push-back the window starts again from one.
		expect(pace.limit).toBe(1);
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
