import { useDing } from '../test/support/fixtures';
import { ROOT } from '../test/support/files';
import { collectGarbage, sampleMemory, writeJson } from '../test/support/memory';

/**
 * Benchmark, not a test of speed: the memory one execution of 10,000 items takes through the
 * Ding node in n8n-core's engine, with a fault in every 20th request and Continue On Fail.
 * Prints the figures and writes them to benchmark/results/volume-memory.json (not kept in git). Run: npm run bench:memory
 */
const ding = useDing();
const COUNT = 10_000;
const MB = 1024 * 1024;

test('memory for 10,000 items', async () => {
	const items = Array.from({ length: COUNT }, (_, i) => ({
		i,
		phone: `+1415${String(i).padStart(7, '0')}`,
	}));
	for (let i = 7; i < COUNT; i += 20) {
		const phone = items[i].phone;
		ding.standIn.answerNext(
			{ status: 400, body: { code: 'blocked_number', message: 'The phone number is blocked.' } },
			(request) => request.body.phone_number === phone,
		);
	}
	ding.standIn.recording = false;
	ding.standIn.authentications.clear();
	collectGarbage();
	const sampler = sampleMemory();
	const started = Date.now();

	const result = await ding.run(
		{ resource: 'otp', operation: 'send', phoneNumber: '={{ $json.phone }}' },
		items,
		{ onError: 'continueRegularOutput' },
	);

	const seconds = (Date.now() - started) / 1000;
	const memory = sampler.stop();
	expect(result.output).toHaveLength(COUNT);
	const figures = {
		items: COUNT,
		seconds,
		peakRssGrowthMb: Math.round((memory.peakRss - memory.startRss) / MB),
		peakHeapGrowthMb: Math.round((memory.peakHeap - memory.startHeap) / MB),
		startRssMb: Math.round(memory.startRss / MB),
		peakRssMb: Math.round(memory.peakRss / MB),
	};
	writeJson(`${ROOT}/benchmark/results/volume-memory.json`, {
		date: new Date().toISOString(),
		...figures,
	});
	// The run keeps every output item, as n8n does; what must not happen is growth beyond that.
	expect(figures.peakRssGrowthMb).toBeLessThan(400);
	// eslint-disable-next-line no-console -- a benchmark reports its figures
	console.log(figures);
}, 600_000);
