import type { INodeParameters } from 'n8n-workflow';

import { MAX_TIMER_MS, pause } from '../../nodes/Ding/run/cancellation';
import { Pace } from '../../nodes/Ding/run/pace';
import { jsonOf, PHONE, usePrelude } from '../support/fixtures';
import { eventLoopTurns, recordingTimerDelays } from '../support/timers';

/**
 * A Retry-After cannot hold a run hostage: every wait the run takes from an answer is bounded by
 * Max Retry Wait (and a retry's by its item's remaining time), and no timer is ever asked for more
 * than Node.js keeps (2^31 - 1 ms; beyond it Node.js fires after 1 ms, which made a busy loop).
 */

const prelude = usePrelude();

const DAY_S = 86_400;

describe('the window never arms a timer Node.js would cut short', () => {
	test('a hold of 2^33 ms arms timers of at most 2^31 - 1 ms, and no busy loop', async () => {
		const cancel = new AbortController();
		const { result: placed, delays } = await recordingTimerDelays(async () => {
			const pace = new Pace(4);
			pace.pushedBack(2 ** 33, true);
			const waiting = pace.acquire(cancel.signal);
			// Many turns of the event loop: a 1 ms loop would arm a timer on each.
			await eventLoopTurns(20);
			cancel.abort();
			return await waiting;
		});
		expect(placed).toBe(false);
		expect(delays.length).toBeGreaterThan(0);
		expect(delays.length).toBeLessThanOrEqual(2);
		for (const delay of delays) expect(delay).toBeLessThanOrEqual(MAX_TIMER_MS);
	});

	test('a pause longer than any timer still waits, and ends when cancelled', async () => {
		const cancel = new AbortController();
		let ended = false;
		const waiting = pause(2 ** 40, cancel.signal).then(() => {
			ended = true;
		});
		await eventLoopTurns(5);
		expect(ended).toBe(false);
		cancel.abort();
		await waiting;
		expect(ended).toBe(true);
	});

	test('a request waiting for its place gives up when its own time is up, while the run is held', async () => {
		const pace = new Pace(4);
		pace.pushedBack(DAY_S * 1000, true);
		expect(await pace.acquire(undefined, Date.now() + 20)).toBe(false);
		expect(await pace.acquire(undefined, Date.now() - 1)).toBe(false);
	});
});

describe('a Retry-After of a day', () => {
	const LOOKUP: INodeParameters = {
		api: 'preludeV2',
		resource: 'lookup',
		operation: 'get',
		phoneNumber: '={{ $json.phone }}',
		options: { maxRetryWait: 1 },
	};
	const phones = (count: number) =>
		Array.from({ length: count }, (_, i) => ({ phone: `+1415555${String(1000 + i)}` }));

	test.each(['continueRegularOutput', 'continueErrorOutput'] as const)(
		'holds the other items no longer than Max Retry Wait (%s)',
		async (onError) => {
			prelude.standIn.answerNext({
				status: 429,
				headers: { 'retry-after': String(DAY_S) },
				body: { code: 'too_many_requests', message: 'Too many requests' },
			});
			const result = await prelude.run(LOOKUP, phones(6), { onError });

			expect(result.error).toBeUndefined();
			const all = [...result.output, ...result.errorOutput];
			expect(all).toHaveLength(6);
			const failed = jsonOf(all).filter((item) => item.error !== undefined);
			// The refused item is not repeated (a day is past its Max Retry Wait); the others go
			// out once the hold, cut to Max Retry Wait, is over.
			expect(failed).toHaveLength(1);
			expect(prelude.standIn.requests).toHaveLength(6);
			expect(jsonOf(all).filter((item) => item.phone_number !== undefined)).toHaveLength(5);
		},
	);

	test('without Continue On Fail the run stops at the refusal, at once', async () => {
		prelude.standIn.answerNext({
			status: 429,
			headers: { 'retry-after': String(DAY_S) },
			body: { code: 'too_many_requests', message: 'Too many requests' },
		});
		const result = await prelude.run({ ...LOOKUP, phoneNumber: PHONE }, [{}]);
		expect(result.error?.message).toContain('Too many requests (too_many_requests)');
		expect(prelude.standIn.requests).toHaveLength(1);
	});
});
