import { renderChart } from '../../benchmark/chart';

/**
 * benchmark/chart.js, the SVG chart of a benchmark result: its bars, labels, ratios and failed
 * items come from the result's rows, on a logarithmic time axis, and the same result gives the
 * same bytes.
 */
type Result = Parameters<typeof renderChart>[0];
type Row = Result['rows'][number];

const row = (fields: Partial<Row> & Pick<Row, 'scenario' | 'label' | 'medianMs'>): Row => ({
	items: 1000,
	runsMs: [fields.medianMs, fields.medianMs, fields.medianMs],
	failedItems: [0, 0, 0],
	answered429: [0, 0, 0],
	...fields,
});

const lookup = { scenario: '0ms-lookup', title: '0 ms · Lookup', items: 1000 };
const rate = { scenario: 'rate', title: '100/s, 20 ms', items: 2000, floorMs: 20000 };
const slow = { scenario: '50ms', title: '50 ms · Lookup', items: 2000 };

const fixture: Result = {
	date: '2026-12-07T08:00:12.345Z',
	commit: 'abc1234',
	machine: {
		cpus: 2,
		cpuModel: 'AMD EPYC',
		memoryGiB: 24,
		n8n: '2.41.1',
		benchNode: 'v20.20.2',
		loadAverage: [0.5, 0.6, 0.7],
	},
	runs: 3,
	rows: [
		row({
			...lookup,
			variant: 'raw-1',
			label: '(a) raw loop, sequential',
			role: 'raw',
			medianMs: 209,
		}),
		row({
			...lookup,
			variant: 'raw-10',
			label: 'raw loop, 10 at a time',
			role: 'raw',
			medianMs: 214,
		}),
		row({
			...lookup,
			variant: 'http-default',
			label: 'HTTP Request, defaults',
			role: 'http',
			medianMs: 1913,
		}),
		row({
			...lookup,
			variant: 'ding-default',
			label: 'Ding, defaults',
			role: 'ding',
			medianMs: 1800,
		}),
		row({
			...lookup,
			variant: 'mystery',
			label: 'Something else entirely',
			role: 'other',
			medianMs: 500,
		}),
		row({
			...rate,
			variant: 'http-default-continue',
			label: 'HTTP Request, defaults',
			role: 'http',
			medianMs: 21500,
			failedItems: [1900, 1883, 1700],
			answered429: [1900, 1883, 1700],
		}),
		row({
			...rate,
			variant: 'http-batch100-continue',
			label: 'HTTP Request, Batching 100 a second',
			role: 'http',
			medianMs: 31000,
		}),
		row({
			...rate,
			variant: 'ding-default-continue',
			label: 'Ding, defaults',
			role: 'ding',
			medianMs: 20800,
		}),
		row({
			...slow,
			variant: 'raw-50',
			label: 'raw loop, 50 at a time',
			role: 'raw',
			medianMs: 2500,
		}),
		row({
			...slow,
			variant: 'http-default',
			label: 'HTTP Request, defaults',
			role: 'http',
			medianMs: 30000,
		}),
		row({
			...slow,
			variant: 'ding-default',
			label: 'Ding, defaults, first run',
			role: 'ding',
			medianMs: 29000,
		}),
		row({
			...slow,
			variant: 'ding-default',
			label: 'Ding, defaults, second run',
			role: 'ding',
			medianMs: 12000,
		}),
	],
	targets: [{ target: 'text', value: 1.02, limit: 1.15, met: true }],
};

interface Bar {
	role: string;
	scenario: string;
	failed: string;
	fill: string;
	width: number;
	label: string;
	value: string;
}

/** The bars of a chart: each is a <g data-role data-scenario data-failed> of a label, a rect and a value. */
function barsOf(svg: string): Bar[] {
	const groups = [
		...svg.matchAll(
			/<g data-role="([^"]*)" data-scenario="([^"]*)" data-failed="([^"]*)">([\s\S]*?)<\/g>/g,
		),
	];
	return groups.map(([, role, scenario, failed, inner]) => {
		const rect = /<rect class="bar"[^>]*\/>/.exec(inner)?.[0] ?? '';
		return {
			role,
			scenario,
			failed,
			fill: /fill="([^"]*)"/.exec(rect)?.[1] ?? '',
			width: Number(/width="([^"]*)"/.exec(rect)?.[1]),
			label: /<text class="label"[^>]*>([\s\S]*?)<\/text>/.exec(inner)?.[1] ?? '',
			value: /<text class="value"[^>]*>([\s\S]*?)<\/text>/.exec(inner)?.[1] ?? '',
		};
	});
}

const barOf = (bars: Bar[], scenario: string, label: string) => {
	const found = bars.filter((bar) => bar.scenario === scenario && bar.label === label);
	expect(found).toHaveLength(1);
	return found[0];
};

/** The element names left open, or an error, by a plain stack over the tags. */
function unbalanced(svg: string): string[] {
	const open: string[] = [];
	for (const [, closing, name, selfClosing] of svg.matchAll(
		/<(\/?)([A-Za-z][\w:-]*)(?:\s[^<>]*?)?(\/?)>/g,
	)) {
		if (selfClosing) continue;
		if (!closing) open.push(name);
		else if (open.pop() !== name) return [`</${name}> closes ${open.join(' > ') || 'nothing'}`];
	}
	return open;
}

const svg = renderChart(fixture);
const bars = barsOf(svg);

describe('renderChart', () => {
	test('is one standalone SVG document with balanced tags, no scripts and no external resources', () => {
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
		expect(svg.endsWith('</svg>\n')).toBe(true);
		const root = /^<svg[^>]*>/.exec(svg)?.[0] ?? '';
		const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(root) ?? [];
		expect(Number(width)).toBeGreaterThan(600);
		expect(Number(height)).toBeGreaterThan(300);
		expect(root).toContain(`viewBox="0 0 ${width} ${height}"`);
		expect(root).toContain('font-family="sans-serif"');
		expect(svg.match(/<svg\b/g)).toHaveLength(1);
		expect(unbalanced(svg)).toEqual([]);
		expect(svg).not.toMatch(/<script|\bon\w+=|href=|@import|url\((?!#)/i);
		// Every text of the document is whole: nothing but entities after an ampersand.
		expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
		expect(svg).toContain(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
	});

	test('draws every Ding and HTTP Request row, one floor per scenario, and no other rows', () => {
		const roles = (scenario: string) =>
			bars.filter((bar) => bar.scenario === scenario).map((bar) => bar.role);
		expect(roles('0ms-lookup')).toEqual(['http', 'ding', 'floor']);
		expect(roles('rate')).toEqual(['http', 'http', 'ding', 'floor']);
		expect(roles('50ms')).toEqual(['http', 'ding', 'ding', 'floor']);
		expect(bars).toHaveLength(11);
		expect(svg).not.toContain('Something else entirely');
		expect(svg).toContain('0 ms · Lookup, 1,000 items');
		expect(svg).toContain('100/s, 20 ms, 2,000 items');
		expect(bars.every((bar) => bar.width > 0)).toBe(true);
	});

	test('the floor is items / rate where the scenario has floorMs, else its fastest raw loop', () => {
		const rateFloor = barOf(bars, 'rate', 'floor: items / rate');
		expect(rateFloor.value).toBe('20.0 s · 2,000 items at 100/s');
		const lookupFloor = barOf(bars, '0ms-lookup', 'floor: raw loop, sequential');
		expect(lookupFloor.value).toBe('209 ms');
		expect(barOf(bars, '50ms', 'floor: raw loop, 50 at a time').value).toBe('2.50 s');
		expect(svg).not.toContain('10 at a time');
	});

	test('prints each time, and for Ding the ratios to the first HTTP Request row and to the floor', () => {
		expect(barOf(bars, '0ms-lookup', 'Ding, defaults').value).toBe('1.80 s · 0.94× HTTP Request');
		expect(barOf(bars, '0ms-lookup', 'HTTP Request, defaults').value).toBe('1.91 s');
		// The first HTTP Request row (21.5 s) is the reference, not the Batching one.
		expect(barOf(bars, 'rate', 'Ding, defaults').value).toBe(
			'20.8 s · 0.97× HTTP Request · 1.04× floor',
		);
		expect(barOf(bars, '50ms', 'Ding, defaults, second run').value).toBe(
			'12.0 s · 0.40× HTTP Request',
		);
		expect(barOf(bars, '50ms', 'Ding, defaults, first run').value).toContain('0.97× HTTP Request');
		expect(bars.filter((bar) => bar.value.includes('× floor'))).toHaveLength(1);
	});

	test('marks a bar with failed items (by their median) with the hatch and "N of M failed"', () => {
		const failed = barOf(bars, 'rate', 'HTTP Request, defaults');
		expect(failed.failed).toBe('true');
		expect(failed.fill).toBe('url(#failed-hatch)');
		expect(failed.value).toContain('1,883 of 2,000 failed');
		expect(bars.filter((bar) => / failed/.test(bar.value))).toEqual([failed]);
		expect(svg).toMatch(/<pattern id="failed-hatch"[^>]*>[\s\S]*?<\/pattern>/);
		for (const bar of bars.filter((b) => b !== failed)) {
			expect(bar.failed).toBe('false');
			expect(bar.fill).not.toContain('url(');
		}
		expect(barOf(bars, 'rate', 'Ding, defaults').fill).toBe('#4f46e5');
		expect(barOf(bars, 'rate', 'HTTP Request, Batching 100 a second').fill).toBe('#9ca3af');
		expect(svg).toContain('>failed items</text>');
	});

	test('a longer time is a longer bar, on a logarithmic axis', () => {
		const first = barOf(bars, '50ms', 'Ding, defaults, first run').width; // 29 s
		const second = barOf(bars, '50ms', 'Ding, defaults, second run').width; // 12 s
		const http = barOf(bars, '50ms', 'HTTP Request, defaults').width; // 30 s
		const floor = barOf(bars, '50ms', 'floor: raw loop, 50 at a time').width; // 2.5 s
		expect(floor).toBeLessThan(second);
		expect(second).toBeLessThan(first);
		expect(first).toBeLessThan(http);
		// Log scale: equal ratios of time are equal differences of length.
		const perDecade = (http - floor) / Math.log10(30000 / 2500);
		expect((first - second) / Math.log10(29000 / 12000)).toBeCloseTo(perDecade, 0);
		expect(barOf(bars, '0ms-lookup', 'HTTP Request, defaults').width).toBeCloseTo(
			floor - perDecade * Math.log10(2500 / 1913),
			0,
		);
		// Gridlines from 100 ms (below 209 ms) to 100 s (above 31 s).
		for (const tick of ['100 ms', '1 s', '10 s', '100 s']) expect(svg).toContain(`>${tick}</text>`);
		expect(svg).not.toContain('>10 ms</text>');
		expect(svg).not.toContain('>1,000 s</text>');
	});

	test('the title and the footer give the date, the commit, the machine, n8n and the runs', () => {
		expect(svg).toContain('2026-12-07 08:00 UTC (abc1234)');
		expect(svg).toContain('median of 3 runs');
		expect(svg).toContain('2 × AMD EPYC, 24 GiB');
		expect(svg).toContain('n8n 2.41.1');
		expect(svg).toContain('Node.js v20.20.2');
		const without = renderChart({ ...fixture, commit: undefined });
		expect(without).toContain('2026-12-07 08:00 UTC:');
		expect(without).not.toContain('abc1234');
		expect(without).not.toContain('undefined');
		expect(svg).not.toContain('undefined');
		expect(svg).not.toContain('NaN');
	});

	test('escapes text for XML', () => {
		const hostile = {
			...fixture,
			commit: 'a"b',
			rows: fixture.rows.map((r) =>
				r.scenario === 'rate' ? { ...r, scenario: 'r"&', title: 'Rate <&> "limited"' } : r,
			),
		};
		const out = renderChart(hostile);
		expect(out).toContain('Rate &lt;&amp;&gt; &quot;limited&quot;, 2,000 items');
		expect(out).toContain('data-scenario="r&quot;&amp;"');
		expect(out).toContain('(a&quot;b)');
		expect(out).not.toContain('<&>');
		expect(unbalanced(out)).toEqual([]);
		expect(barsOf(out).filter((bar) => bar.scenario === 'r&quot;&amp;')).toHaveLength(4);
	});

	test('grows with the rows, and the same result gives the same bytes', () => {
		const heightOf = (out: string) => Number(/height="(\d+)"/.exec(out)?.[1]);
		const fewer = renderChart({
			...fixture,
			rows: fixture.rows.filter((r) => r.scenario === '0ms-lookup'),
		});
		expect(barsOf(fewer)).toHaveLength(3);
		expect(heightOf(fewer)).toBeLessThan(heightOf(svg));
		expect(renderChart(JSON.parse(JSON.stringify(fixture)))).toBe(svg);
		expect(renderChart(fixture)).toBe(svg);
	});
});
