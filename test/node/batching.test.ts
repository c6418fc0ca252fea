import type { INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { runLimited } from '../../nodes/Ding/run/batching';
import { INITIAL_WINDOW, Pace } from '../../nodes/Ding/run/pace';
import { DEFAULT_ADAPTIVE_CAP } from '../../nodes/Ding/run/settings';
import type { RecordedRequest } from '../../sandbox';
import { jsonOf, pairingOf, usePrelude } from '../support/fixtures';
import { credentialReads } from '../support/harness';

const prelude = usePrelude();

/** Distinct E.164 numbers, one per item, so each answer shows which request it belongs to. */
const phones = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ phone: `+1415555${String(1000 + i)}` }));

/** Lookup of each item's phone; with `batch`, under Batching in Mode Fixed. */
const lookup = (batch?: { batchSize?: unknown; batchInterval?: unknown }): INodeParameters => ({
	api: 'preludeV2',
	resource: 'lookup',
	operation: 'get',
	phoneNumber: '={{ $json.phone }}',
	options: (batch ? { batching: { batch: { mode: 'fixed', ...batch } } } : {}) as INodeParameters,
});

/**
 * Latency that falls with each item (item 0 waits longest), so that within a batch the answers
 * come back in reverse order; and a count of the requests in flight at once. The wait is read
 * from the item's number in the path, not from the order the requests happen to arrive in, so a
 * busy machine that delivers item 4's request before item 3's changes nothing.
 */
function reversingLatency(base = 60, step = 5) {
	const flight = { now: 0, max: 0, order: [] as string[] };
	prelude.standIn.latency = (record: RecordedRequest) => {
		const phone = decodeURIComponent(record.path.split('/').pop()!);
		const wait = Math.max(5, base - step * (Number(phone.slice(-4)) - 1000));
		flight.now += 1;
		flight.max = Math.max(flight.max, flight.now);
		void sleep(wait).then(() => {
			flight.now -= 1;
			flight.order.push(phone);
		});
		return wait;
	};
	return flight;
}

/**
 * Holds every answer until `batch` are held, then lets the highest item's go; once every item's
 * request has come, lets the rest go, highest first. Answers come back out of order by
 * construction, and `max` counts the requests the stand-in held at once: no clock involved.
 */
function heldAndReversed(total: number, batch: number) {
	const flight = { max: 0, order: [] as string[] };
	const held: Array<{ phone: string; release: () => void }> = [];
	let received = 0;
	const releaseHighest = () => {
		held.sort((a, b) => a.phone.localeCompare(b.phone));
		const last = held.pop()!;
		flight.order.push(last.phone);
		last.release();
	};
	prelude.standIn.latency = (record: RecordedRequest) => {
		received += 1;
		const phone = decodeURIComponent(record.path.split('/').pop()!);
		const answered = new Promise<void>((release) => held.push({ phone, release }));
		flight.max = Math.max(flight.max, held.length);
		if (held.length === batch) releaseHighest();
		if (received === total) while (held.length > 0) releaseHighest();
		return answered;
	};
	return flight;
}

/** The largest window the run's Pace allowed, read after every answer it was told of. */
function windowsOfRun() {
	const seen = { max: 0, first: 0 };
	const answered = Pace.prototype.answered;
	jest.spyOn(Pace.prototype, 'answered').mockImplementation(function (this: Pace, latencyMs) {
		if (seen.first === 0) seen.first = this.limit;
		answered.call(this, latencyMs);
		seen.max = Math.max(seen.max, this.limit);
	});
	return seen;
}

afterEach(() => jest.restoreAllMocks());

describe('Options → Batching', () => {
	test('Batching added with Items per Batch 1 (as saved before Mode existed): one request at a time, in input order', async () => {
		const flight = reversingLatency(20);
		const items = phones(4);

		// A version 2 node, as saved: Batching without Mode.
		const result = await prelude.run(
			{ ...lookup(), options: { batching: { batch: { batchSize: 1 } } } },
			items,
			{ typeVersion: 2 },
		);

		expect(flight.max).toBe(1);
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual(
			items.map((i) => i.phone),
		);
	});

	test('Items per Batch 5: up to 5 at once, answers out of order, output in input order and paired', async () => {
		const items = phones(12);
		const flight = heldAndReversed(items.length, 5);

		const result = await prelude.run(lookup({ batchSize: 5 }), items);

		// Five were on the wire at once (the stand-in lets one go only when it holds five)...
		expect(flight.max).toBe(5);
		// ...it answered out of order (item 4 first, item 0 last)...
		expect(flight.order[0]).toBe(items[4].phone);
		expect(flight.order.at(-1)).toBe(items[0].phone);
		// ...and the node still puts out item i's answer as item i.
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual(
			items.map((i) => i.phone),
		);
		expect(pairingOf(result.output)).toStrictEqual(items.map((_, item) => ({ item })));
	});

	test('by default adaptive: a few requests at first, more while answers are clean, never more than the cap of 1,000, output in input order', async () => {
		const flight = { now: 0, max: 0 };
		prelude.standIn.latency = () => {
			flight.now += 1;
			flight.max = Math.max(flight.max, flight.now);
			void sleep(20).then(() => (flight.now -= 1));
			return 20;
		};
		const windows = windowsOfRun();
		const items = phones(300);

		const result = await prelude.run(lookup(), items);

		expect(result.error).toBeUndefined();
		// The window starts at 10 and grows with the clean answers, up to the cap of 1,000; the
		// stand-in never holds more than that. (How many are on the wire at once also depends on
		// how fast a busy machine prepares them, so that is read from the window, not from the
		// stand-in.)
		expect(windows.first).toBe(INITIAL_WINDOW);
		expect(windows.max).toBeGreaterThan(30);
		expect(windows.max).toBeLessThanOrEqual(DEFAULT_ADAPTIVE_CAP);
		expect(flight.max).toBeLessThanOrEqual(DEFAULT_ADAPTIVE_CAP);
		expect(prelude.standIn.requests).toHaveLength(300);
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual(
			items.map((i) => i.phone),
		);
		expect(pairingOf(result.output)).toStrictEqual(items.map((_, item) => ({ item })));
	});

	test('Adaptive with Max Concurrency 3 never has more than 3 in flight', async () => {
		const flight = reversingLatency(30, 1);
		const windows = windowsOfRun();
		const result = await prelude.run(
			{ ...lookup(), options: { batching: { batch: { mode: 'adaptive', maxConcurrency: 3 } } } },
			phones(30),
		);
		expect(result.error).toBeUndefined();
		expect(windows.max).toBe(3);
		expect(flight.max).toBeLessThanOrEqual(3);
	});

	test('Adaptive under a rate limit: a 429 holds every request back for its Retry-After, and no item fails', async () => {
		prelude.standIn.rateLimit = { perSecond: 50, burst: 10 };
		const items = phones(60);
		// On the node's own clock: when it took in the first refusal (and its window then), and
		// when each request was let go.
		let refusedAt = 0;
		let windowAtRefusal = 0;
		const pushedBack = Pace.prototype.pushedBack;
		jest.spyOn(Pace.prototype, 'pushedBack').mockImplementation(function (this: Pace, ...args) {
			if (refusedAt === 0) [refusedAt, windowAtRefusal] = [Date.now(), this.limit];
			pushedBack.apply(this, args);
		});
		const starts: number[] = [];
		const paceStarts = Pace.prototype as unknown as { start(now: number): boolean };
		const start = paceStarts.start;
		jest.spyOn(paceStarts, 'start').mockImplementation(function (this: Pace, now) {
			const started = start.call(this, now);
			if (started) starts.push(now);
			return started;
		});

		const result = await prelude.run(lookup(), items);

		expect(result.error).toBeUndefined();
		const outputs = jsonOf(result.output);
		expect(outputs.map((o) => o.phone_number)).toStrictEqual(items.map((i) => i.phone));
		expect(prelude.standIn.throttled).toBeGreaterThan(0);
		// After the first 429 (Retry-After: 1) the node let no request go for that second: not the
		// refused one, and not the others of the window...
		expect(refusedAt).toBeGreaterThan(0);
		expect(starts.filter((at) => at >= refusedAt && at < refusedAt + 1000)).toStrictEqual([]);
		// ...so what reached the API in that second was already on its way (however late a busy
		// machine delivered it): at most the rest of the window.
		const { requests } = prelude.standIn;
		const refused = requests.find((r) => r.status === 429)!;
		const during = requests
			.slice(requests.indexOf(refused) + 1)
			.filter((r) => r.receivedAt < refused.receivedAt + 1000);
		expect(during.length).toBeLessThan(windowAtRefusal);
	});

	test('Adaptive under a rate limit with little latency: after the first 429 the node finds the limit in at most two more refusals and paces to it, not sending until it refuses again', async () => {
		// 100 a second with a burst of 20, answers in 0-5 ms: the first burst ends in a refusal, a
		// ramp after its Retry-After in a second (the two tell the rate from the burst), and a long
		// cycle at the pace found may end in a third that measures the rate closely. Before pacing,
		// the window hit the limit after every Retry-After: 4 or 5 holds of a second.
		prelude.standIn.rateLimit = { perSecond: 100, burst: 20 };
		prelude.standIn.latency = (record: RecordedRequest) => Number(record.path.slice(-1)) % 6;
		const items = phones(150);

		const result = await prelude.run(lookup(), items);

		expect(result.error).toBeUndefined();
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual(
			items.map((i) => i.phone),
		);
		// Refusals come in clusters, one per hold (the requests already on the wire when the first
		// of them came back): a cluster starts more than half a second after the last refusal.
		const refusedAt = prelude.standIn.requests
			.filter((r) => r.status === 429)
			.map((r) => r.receivedAt);
		const holds = refusedAt.filter((at, i) => i === 0 || at - refusedAt[i - 1] > 500);
		expect(holds.length).toBeGreaterThanOrEqual(1);
		expect(holds.length).toBeLessThanOrEqual(3);
		// Every item answered once: a refused request is sent again, nothing else is.
		expect(prelude.standIn.requests.filter((r) => r.status === 200)).toHaveLength(items.length);
	});

	test('Adaptive: once a failure stops the run, the requests waiting for a place are never sent', async () => {
		const items = phones(60);
		prelude.standIn.answerNext(
			{ status: 422, body: { code: 'invalid_phone_number', message: 'no such number' } },
			(r) => r.body?.target?.value === items[0].phone,
		);
		// Item 0 is refused at once; the other answers are held until the node has halted the run,
		// so every place it could give back comes after the halt.
		const halt = Pace.prototype.halt;
		const halted = new Promise<void>((resolve) => {
			jest.spyOn(Pace.prototype, 'halt').mockImplementation(function (this: Pace) {
				halt.call(this);
				resolve();
			});
		});
		prelude.standIn.latency = (r) => (r.status === 422 ? 0 : halted);

		const result = await prelude.run(
			{ api: 'preludeV2', resource: 'otp', operation: 'send', phoneNumber: '={{ $json.phone }}' },
			items,
		);

		expect(result.error?.message).toBe(
			'Prelude refused the request: no such number (invalid_phone_number)',
		);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
		// The window's first requests went out and the others besides item 0 finished; nothing
		// followed the halt. Without it, the items waiting for a place would be sent.
		expect(prelude.standIn.requests.map((r) => r.body.target.value).sort()).toStrictEqual(
			items.slice(0, INITIAL_WINDOW).map((i) => i.phone),
		);
		expect(prelude.standIn.requests.map((r) => r.status).sort()).toStrictEqual([
			...Array.from({ length: INITIAL_WINDOW - 1 }, () => 200),
			422,
		]);
	});

	test('Adaptive: time waiting for another request’s Retry-After is not an item’s, so held-back items are sent in full and none is cut off half-sent', async () => {
		const items = phones(12);
		prelude.standIn.answerNext(
			{ status: 429, body: { code: 'rate_limited' }, headers: { 'retry-after': '4' } },
			(r) => r.body?.target?.value === items[0].phone,
		);

		// Each item may take 3 s (Timeout 3000, no retry wait); the others wait 4 s for item 0's
		// Retry-After before they may go, and then still have their 3 s (a busy machine's room).
		const result = await prelude.run(
			{
				api: 'preludeV2',
				resource: 'otp',
				operation: 'send',
				phoneNumber: '={{ $json.phone }}',
				options: { timeout: 3000, maxRetryWait: 0 },
			},
			items,
			{ onError: 'continueRegularOutput' },
		);

		const outputs = jsonOf(result.output);
		// Item 0 could not wait 4 s within Max Retry Wait 0: it fails with the 429, which was
		// not processed. Every other item was sent once, in full, and texted.
		expect(outputs[0].error).toBe('Prelude refused the request: no reason given (rate_limited)');
		expect(outputs.slice(1).map((o) => o.status)).toStrictEqual(
			items.slice(1).map(() => 'success'),
		);
		expect(prelude.standIn.requests.filter((r) => r.status === 200)).toHaveLength(11);
		expect(JSON.stringify(outputs)).not.toContain('may or may not');
	});

	test('Batch Interval waits between batches, not before the first or after the last', async () => {
		const items = phones(6);
		const started = Date.now();

		await prelude.run(lookup({ batchSize: 2, batchInterval: 150 }), items);

		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		expect(prelude.standIn.requests).toHaveLength(6);
	});

	test('Continue On Fail: one paired error item per failed request, in place, in both modes', async () => {
		const items = phones(7);
		items[1] = { phone: 'not a phone' };
		const refused = items[4].phone;
		const run = async (onError: 'continueRegularOutput' | 'continueErrorOutput') => {
			prelude.standIn.reset();
			reversingLatency(40);
			prelude.standIn.answerNext(
				{ status: 422, body: { code: 'invalid_phone_number', message: 'no such number' } },
				(r) => r.path.endsWith(refused),
			);
			return await prelude.run(lookup({ batchSize: 3 }), items, { onError });
		};

		const regular = await run('continueRegularOutput');
		expect(pairingOf(regular.output)).toStrictEqual(items.map((_, item) => ({ item })));
		const outputs = jsonOf(regular.output);
		expect(outputs[1].error).toMatch(/^Phone Number "not a phone" is not a phone number/);
		expect(outputs[4]).toMatchObject({
			details: { itemIndex: 4, httpCode: '422', code: 'invalid_phone_number' },
		});
		expect(outputs.filter((o) => o.error)).toHaveLength(2);
		expect(prelude.standIn.requests).toHaveLength(6);

		const routed = await run('continueErrorOutput');
		expect(pairingOf(routed.output)).toStrictEqual([0, 2, 3, 5, 6].map((item) => ({ item })));
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }, { item: 4 }]);
	});

	test('without Continue On Fail the run stops naming the first failed item in input order', async () => {
		const items = phones(6);
		items[4] = { phone: 'bad four' };
		items[2] = { phone: 'bad two' };

		const result = await prelude.run(lookup({ batchSize: 6 }), items);

		expect(result.error?.message).toBe(
			'Phone Number "bad two" is not a phone number in E.164 format [item 2]',
		);
	});

	test('after a failure that stops the run, no further item is started', async () => {
		const items = phones(20);
		// Item 1 is refused by the API while item 0 is still in flight.
		prelude.standIn.latency = (record) => (record.path.endsWith(items[0].phone) ? 100 : 5);
		prelude.standIn.answerNext(
			{ status: 422, body: { code: 'invalid_phone_number', message: 'no such number' } },
			(r) => r.path.endsWith(items[1].phone),
		);

		const result = await prelude.run(lookup({ batchSize: 2 }), items);

		expect(result.error?.message).toMatch(/invalid_phone_number/);
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(prelude.standIn.requests).toHaveLength(2);
	});

	test('the safe-retry rules hold per request: a 500 on one Send is not repeated, a 429 on another is', async () => {
		const items = phones(4);
		prelude.standIn.answerNext(
			{ status: 500, body: {} },
			(r) => r.body?.target?.value === items[1].phone,
		);
		prelude.standIn.answerNext(
			{ status: 429, body: {}, headers: { 'retry-after': '0' } },
			(r) => r.body?.target?.value === items[2].phone,
		);

		const result = await prelude.run(
			{
				api: 'preludeV2',
				resource: 'otp',
				operation: 'send',
				phoneNumber: '={{ $json.phone }}',
				options: { batching: { batch: { batchSize: 4 } } },
			},
			items,
			{ onError: 'continueRegularOutput' },
		);

		const sentTo = prelude.standIn.requests.map((r) => r.body.target.value);
		expect(sentTo.filter((p) => p === items[1].phone)).toHaveLength(1);
		expect(sentTo.filter((p) => p === items[2].phone)).toHaveLength(2);
		const outputs = jsonOf(result.output);
		expect(outputs[1].error).toBe(
			'Prelude failed to process the request (HTTP 500): the code may or may not have been sent',
		);
		expect([outputs[0].status, outputs[2].status, outputs[3].status]).toStrictEqual([
			'success',
			'success',
			'success',
		]);
	});

	test.each([[0], [1.5], ['ten'], [1001]])(
		'Items per Batch %p is refused before anything is sent',
		async (batchSize) => {
			const result = await prelude.run(lookup({ batchSize }), phones(2));

			expect(prelude.standIn.requests).toHaveLength(0);
			expect(result.error?.message).toMatch(
				/^Batching → Items per Batch must be a whole number from 1 to 1000, but got /,
			);
		},
	);

	test('the credential is read for the run, not once per item', async () => {
		const before = credentialReads.count;

		await prelude.run(lookup({ batchSize: 3 }), phones(9));

		// Two reads for the run (for item 0, and for no item: the same, so it serves every item);
		// n8n's request helper is handed the decrypted credential instead of reading it.
		expect(credentialReads.count - before).toBe(2);
	});
});

describe('runLimited, the item loop under Batching', () => {
	/** `count` items through runLimited, each answered only when the test says: which started. */
	function heldRun(count: number, batching: Parameters<typeof runLimited>[1]) {
		const started: number[] = [];
		const answers: Array<() => void> = [];
		const done = runLimited(
			count,
			batching,
			async (itemIndex) =>
				await new Promise<number>((resolve) => {
					started.push(itemIndex);
					answers.push(() => resolve(itemIndex));
				}),
			() => false,
		);
		return { started, answers, done };
	}
	const settle = async () => await sleep(0);

	test('in Mode Adaptive the items start as the window can grow: ten at first, then up to two more per item done', async () => {
		const { started, answers, done } = heldRun(100, {
			mode: 'adaptive',
			size: 1000,
			intervalMs: 0,
		});
		await settle();
		expect(started).toHaveLength(INITIAL_WINDOW);
		// One item done: its worker takes the next item, and two more workers start.
		answers[0]();
		await settle();
		expect(started).toHaveLength(INITIAL_WINDOW + 3);
		for (let answered = 1; answered < 100; answered++) {
			answers[answered]();
			await settle();
		}
		expect(await done).toStrictEqual(Array.from({ length: 100 }, (_, i) => i));
	});

	test('in Mode Fixed every place starts at once', async () => {
		const { started, answers, done } = heldRun(100, { mode: 'fixed', size: 50, intervalMs: 0 });
		await settle();
		expect(started).toHaveLength(50);
		for (let answered = 0; answered < 100; answered++) {
			answers[answered]();
			await settle();
		}
		expect(await done).toHaveLength(100);
	});
});
