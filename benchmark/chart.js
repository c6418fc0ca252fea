// @ts-check
'use strict';

/**
 * The benchmark's chart: one group of horizontal bars per scenario (every Ding row, every HTTP
 * Request row, and the scenario's floor), on a logarithmic time axis, each bar with its median
 * time, the Ding rows' ratios to HTTP Request and to the floor, and the failed items in red.
 * The SVG is generated from the run's JSON (benchmark/results/latest.json, written by run.js),
 * never edited by hand: same JSON, same bytes.
 *
 * Run: node benchmark/chart.js [in.json] [out.svg]
 * (defaults: benchmark/results/latest.json → benchmark/results/latest.svg)
 */

const fs = require('node:fs');
const path = require('node:path');

/**
 * One row of the result: a variant of a scenario. `role` is ding, http, raw (the raw Node.js
 * loop) or other; results older than `role` are read by the variant's prefix.
 * @typedef {{ scenario: string, title?: string, items: number, variant?: string, label: string,
 *   role?: string, medianMs: number, runsMs?: number[], failedItems?: number[],
 *   answered429?: number[], floorMs?: number }} Row
 * @typedef {{ cpus?: number, cpuModel?: string, memoryGiB?: number, n8n?: string,
 *   benchNode?: string, loadAverage?: number[] }} Machine
 * @typedef {{ date: string, commit?: string, machine?: Machine, runs: number, rows: Row[],
 *   targets?: Array<{ target: string, value: number, limit: number, met: boolean }> }} Result
 * @typedef {{ role: 'ding' | 'http' | 'floor', label: string, ms: number, items: number,
 *   failed: number, notes: string[], colour: string }} Bar
 * @typedef {{ key: string, heading: string, rows: Row[], bars: Bar[], floorMs?: number }} Group
 */

const COLOUR = {
	ding: '#4f46e5',
	dingOther: '#a5b4fc',
	http: '#9ca3af',
	floor: '#16a34a',
	floorFill: '#dcfce7',
	failed: '#dc2626',
	failedText: '#b91c1c',
	text: '#111827',
	muted: '#4b5563',
	grid: '#d1d5db',
	minorGrid: '#f0f1f3',
	separator: '#e5e7eb',
};
const FAILED_FILL = 'url(#failed-hatch)';

const MARGIN = 20;
const CHAR = 6.8; // a generous average width of a 12px sans-serif character
const BOLD_CHAR = 7.9; // the same, 13px bold
const TITLE_CHAR = 8.8; // the same, 15px bold
const BAR_HEIGHT = 18;
const BAR_GAP = 6;
const GROUP_HEADING = 26;
const GROUP_GAP = 16;
const PLOT_WIDTH = 460;

/** @param {unknown} value @returns {value is number} */
const isPositive = (value) => typeof value === 'number' && Number.isFinite(value) && value > 0;

/** @param {number[]} values */
function median(values) {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return 0;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Text for XML content and attributes, without the characters XML 1.0 does not allow. @param {unknown} text */
function escape(text) {
	return String(text)
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** A coordinate, to a tenth of a pixel. @param {number} value */
const px = (value) => String(Math.round(value * 10) / 10);

/** 1883 → "1,883"; 2.5 → "2.5". @param {number} value */
function count(value) {
	const [whole, fraction] = String(Math.round(value * 10) / 10).split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return fraction ? `${grouped}.${fraction}` : grouped;
}

/** 812 → "812 ms", 2629 → "2.63 s", 20120 → "20.1 s", 123456 → "123 s". @param {number} ms */
function duration(ms) {
	if (ms < 1000) return `${count(Math.round(ms))} ms`;
	const seconds = ms / 1000;
	return seconds < 100 ? `${seconds.toPrecision(3)} s` : `${count(Math.round(seconds))} s`;
}

/** A gridline's label: 10 ms, 100 ms, 1 s, 10 s, 100 s. @param {number} ms */
const tick = (ms) => (ms < 1000 ? `${count(ms)} ms` : `${count(ms / 1000)} s`);

/** @param {number} value */
const ratio = (value) => `${value.toFixed(2)}×`;

/** The row's role; results from before `role` was written are read by the variant's prefix. @param {Row} row */
function roleOf(row) {
	if (row.role) return row.role;
	const prefix = String(row.variant ?? '').split('-')[0];
	return ['ding', 'http', 'raw'].includes(prefix) ? prefix : 'other';
}

/** @param {Row} row */
const isDingDefaults = (row) =>
	String(row.variant ?? '').startsWith('ding-default') || /\bdefaults\b/i.test(row.label);

/** The rows in order, one group per scenario (a scenario's rows are consecutive). @param {Row[]} rows */
function groupsOf(rows) {
	/** @type {Group[]} */
	const groups = [];
	for (const row of rows) {
		const last = groups[groups.length - 1];
		if (last && last.key === row.scenario) last.rows.push(row);
		else groups.push({ key: row.scenario, heading: '', rows: [row], bars: [] });
	}
	for (const group of groups) {
		const first = group.rows[0];
		group.heading = `${first.title ?? first.scenario}, ${count(first.items)} items`;
		group.floorMs = group.rows.find((row) => isPositive(row.floorMs))?.floorMs;
		group.bars = barsOf(group);
	}
	return groups.filter((group) => group.bars.length > 0);
}

/** The group's bars: its Ding and HTTP Request rows in order, then its floor. @param {Group} group */
function barsOf(group) {
	const { rows, floorMs } = group;
	const http = rows.find((row) => roleOf(row) === 'http' && isPositive(row.medianMs));
	/** @type {Bar[]} */
	const bars = [];
	for (const row of rows) {
		const role = roleOf(row);
		if (role !== 'ding' && role !== 'http') continue;
		/** @type {string[]} */
		const notes = [];
		if (role === 'ding' && isPositive(row.medianMs)) {
			if (http) notes.push(`${ratio(row.medianMs / http.medianMs)} HTTP Request`);
			if (floorMs) notes.push(`${ratio(row.medianMs / floorMs)} floor`);
		}
		bars.push({
			role,
			label: row.label,
			ms: row.medianMs,
			items: row.items,
			failed: median(row.failedItems ?? []),
			notes,
			colour: role === 'http' ? COLOUR.http : isDingDefaults(row) ? COLOUR.ding : COLOUR.dingOther,
		});
	}
	const items = rows[0].items;
	if (floorMs) {
		const rate = (items * 1000) / floorMs;
		bars.push({
			role: 'floor',
			label: 'floor: items / rate',
			ms: floorMs,
			items,
			failed: 0,
			notes: [`${count(items)} items at ${count(rate)}/s`],
			colour: COLOUR.floor,
		});
	} else {
		const raw = rows
			.filter((row) => roleOf(row) === 'raw' && isPositive(row.medianMs))
			.reduce(
				(/** @type {Row | undefined} */ fastest, row) =>
					!fastest || row.medianMs < fastest.medianMs ? row : fastest,
				undefined,
			);
		if (raw) {
			const name = raw.label.replace(/^(\([a-z]\)\s*)?raw (node\.js )?loop,?\s*/i, '');
			bars.push({
				role: 'floor',
				label: `floor: raw loop${name ? `, ${name}` : ''}`,
				ms: raw.medianMs,
				items: raw.items,
				failed: median(raw.failedItems ?? []),
				notes: [],
				colour: COLOUR.floor,
			});
		}
	}
	return bars;
}

/** The text after a bar: its time and notes, and the failed items in red. @param {Bar} bar */
function annotationOf(bar) {
	const value = isPositive(bar.ms) ? duration(bar.ms) : 'no result';
	const plain = [value, ...bar.notes].join(' · ');
	const failed = bar.failed > 0 ? ` · ${count(bar.failed)} of ${count(bar.items)} failed` : '';
	return { plain, failed, chars: plain.length + failed.length };
}

/** The title line: when, which commit, what. @param {Result} result */
function titleOf(result) {
	const date = new Date(result.date);
	const when = Number.isNaN(date.getTime())
		? String(result.date ?? 'undated')
		: `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
	const commit = result.commit ? ` (${result.commit})` : '';
	return `Ding node benchmark, ${when}${commit}: time per scenario, median of ${result.runs} runs`;
}

/** The footer line: the machine, n8n and Node.js. @param {Result} result */
function footerOf(result) {
	const machine = result.machine ?? {};
	/** @type {string[]} */
	const parts = [];
	const cpu = [machine.cpus, machine.cpuModel].filter((part) => part !== undefined).join(' × ');
	const memory = machine.memoryGiB !== undefined ? `${machine.memoryGiB} GiB` : '';
	const hardware = [cpu, memory].filter(Boolean).join(', ');
	if (hardware) parts.push(hardware);
	if (machine.n8n) parts.push(`n8n ${machine.n8n}`);
	if (machine.benchNode) parts.push(`Node.js ${machine.benchNode}`);
	parts.push(`median of ${result.runs} runs`);
	parts.push('logarithmic time axis, shorter is better');
	return parts.join(' · ');
}

/**
 * The chart of a benchmark result, as a standalone SVG document.
 * @param {Result} result
 * @returns {string}
 */
function renderChart(result) {
	const groups = groupsOf(result.rows ?? []);
	const bars = groups.flatMap((group) => group.bars);
	const times = bars.map((bar) => bar.ms).filter(isPositive);
	const low = times.length ? Math.floor(Math.log10(Math.min(...times))) : 2;
	let high = times.length ? Math.ceil(Math.log10(Math.max(...times))) : 4;
	if (high <= low) high = low + 1;

	const labelWidth = Math.max(150, ...bars.map((bar) => bar.label.length * CHAR));
	const plotLeft = MARGIN + labelWidth + 10;
	const plotRight = plotLeft + PLOT_WIDTH;
	/** @param {number} ms */
	const x = (ms) => {
		const exponent = Math.min(high, Math.max(low, Math.log10(ms)));
		return plotLeft + ((exponent - low) / (high - low)) * PLOT_WIDTH;
	};
	/** @param {number} ms */
	const barWidth = (ms) => (isPositive(ms) ? Math.max(2, x(ms) - plotLeft) : 0);

	const title = titleOf(result);
	const footer = footerOf(result);
	const annotationEnd = Math.max(
		plotRight + 24,
		...bars.map((bar) => plotLeft + barWidth(bar.ms) + 6 + annotationOf(bar).chars * CHAR),
	);
	const width = Math.ceil(
		Math.max(
			annotationEnd + MARGIN,
			MARGIN * 2 + title.length * TITLE_CHAR,
			MARGIN * 2 + footer.length * CHAR,
			MARGIN * 2 + Math.max(0, ...groups.map((g) => g.heading.length * BOLD_CHAR)),
		),
	);

	/** The gridlines from `top` to `bottom`: at every power of ten, and fainter at 2–9 × each. @param {number} top @param {number} bottom */
	const gridLines = (top, bottom) => {
		/** @type {string[]} */
		const lines = [];
		for (let exponent = low; exponent <= high; exponent++) {
			const steps = exponent === high ? [1] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
			for (const step of steps) {
				const at = px(x(step * 10 ** exponent));
				const colour = step === 1 ? COLOUR.grid : COLOUR.minorGrid;
				lines.push(
					`<line x1="${at}" y1="${px(top)}" x2="${at}" y2="${px(bottom)}" stroke="${colour}"/>`,
				);
			}
		}
		return lines;
	};
	/** The labels of the gridlines at every power of ten, on the line `at`. @param {number} at */
	const axisLabels = (at) => {
		/** @type {string[]} */
		const labels = [];
		for (let exponent = low; exponent <= high; exponent++) {
			const ms = 10 ** exponent;
			labels.push(
				`<text x="${px(x(ms))}" y="${px(at)}" text-anchor="middle" fill="${COLOUR.muted}">${tick(ms)}</text>`,
			);
		}
		return labels;
	};

	const legendY = MARGIN + 36;
	const axisTop = legendY + 34;
	let y = axisTop + 8;
	/** @type {string[]} */
	const body = [];
	groups.forEach((group, index) => {
		if (index > 0) {
			body.push(
				`<line x1="${MARGIN}" y1="${px(y - GROUP_GAP / 2)}" x2="${width - MARGIN}" y2="${px(y - GROUP_GAP / 2)}" stroke="${COLOUR.separator}"/>`,
			);
		}
		body.push(
			`<text x="${MARGIN}" y="${px(y + 17)}" font-size="13" font-weight="bold" fill="${COLOUR.text}">${escape(group.heading)}</text>`,
		);
		y += GROUP_HEADING;
		const barsBottom = y + group.bars.length * (BAR_HEIGHT + BAR_GAP) - BAR_GAP;
		body.push('<g class="grid">', ...gridLines(y - 4, barsBottom + 4), '</g>');
		const floor = group.bars.find((bar) => bar.role === 'floor');
		if (floor && isPositive(floor.ms)) {
			const at = px(x(floor.ms));
			body.push(
				`<line class="floor" x1="${at}" y1="${px(y - 4)}" x2="${at}" y2="${px(barsBottom + 4)}" stroke="${COLOUR.floor}" stroke-dasharray="3 3"/>`,
			);
		}
		for (const bar of group.bars) {
			const failed = bar.failed > 0;
			const isFloor = bar.role === 'floor';
			const fill = failed ? FAILED_FILL : isFloor ? COLOUR.floorFill : bar.colour;
			const stroke = failed
				? ` stroke="${bar.role === 'http' ? '#6b7280' : bar.colour}" stroke-width="1.5"`
				: isFloor
					? ` stroke="${COLOUR.floor}" stroke-width="1.5"`
					: '';
			const annotation = annotationOf(bar);
			const end = plotLeft + barWidth(bar.ms);
			const textY = px(y + BAR_HEIGHT / 2 + 4);
			const failedText = annotation.failed
				? `<tspan fill="${COLOUR.failedText}" font-weight="bold">${escape(annotation.failed)}</tspan>`
				: '';
			body.push(
				`<g data-role="${bar.role}" data-scenario="${escape(group.key)}" data-failed="${failed}">`,
				`<title>${escape(`${bar.label}: ${annotation.plain}${annotation.failed}`)}</title>`,
				`<text class="label" x="${px(plotLeft - 8)}" y="${textY}" text-anchor="end" fill="${isFloor ? '#15803d' : COLOUR.text}">${escape(bar.label)}</text>`,
				`<rect class="bar" x="${px(plotLeft)}" y="${px(y)}" width="${px(barWidth(bar.ms))}" height="${BAR_HEIGHT}" rx="2" fill="${fill}"${stroke}/>`,
				`<text class="value" x="${px(end + 6)}" y="${textY}" fill="${COLOUR.muted}">${escape(annotation.plain)}${failedText}</text>`,
				'</g>',
			);
			y += BAR_HEIGHT + BAR_GAP;
		}
		y += GROUP_GAP - BAR_GAP;
	});
	const axisBottom = y - GROUP_GAP / 2 + 16;
	const footerY = axisBottom + 30;
	const height = Math.ceil(footerY + MARGIN - 4);

	const hasOtherDing = bars.some((bar) => bar.role === 'ding' && bar.colour === COLOUR.dingOther);
	/** @type {Array<{ name: string, fill: string, stroke?: string }>} */
	const legend = [
		{ name: 'Ding, defaults', fill: COLOUR.ding },
		...(hasOtherDing ? [{ name: 'Ding, other settings', fill: COLOUR.dingOther }] : []),
		{ name: "n8n's HTTP Request", fill: COLOUR.http },
		{ name: 'floor (raw loop or items / rate)', fill: COLOUR.floorFill, stroke: COLOUR.floor },
		{ name: 'failed items', fill: FAILED_FILL, stroke: COLOUR.failed },
	];
	let legendX = MARGIN;
	/** @type {string[]} */
	const legendParts = [];
	for (const entry of legend) {
		const stroke = entry.stroke ? ` stroke="${entry.stroke}" stroke-width="1.5"` : '';
		legendParts.push(
			`<rect x="${px(legendX)}" y="${px(legendY - 11)}" width="14" height="14" rx="2" fill="${entry.fill}"${stroke}/>`,
			`<text x="${px(legendX + 20)}" y="${px(legendY)}" fill="${COLOUR.text}">${escape(entry.name)}</text>`,
		);
		legendX += 20 + entry.name.length * CHAR + 18;
	}

	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escape(title)}">`,
		`<title>${escape(title)}</title>`,
		'<defs>',
		'<pattern id="failed-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">',
		`<rect width="6" height="6" fill="#fee2e2"/>`,
		`<line x1="0" y1="0" x2="0" y2="6" stroke="${COLOUR.failed}" stroke-width="3"/>`,
		'</pattern>',
		'</defs>',
		`<rect width="${width}" height="${height}" fill="#ffffff"/>`,
		`<text x="${MARGIN}" y="${MARGIN + 12}" font-size="15" font-weight="bold" fill="${COLOUR.text}">${escape(title)}</text>`,
		'<g class="legend">',
		...legendParts,
		'</g>',
		...axisLabels(axisTop),
		...body,
		...axisLabels(axisBottom),
		`<text x="${MARGIN}" y="${px(footerY)}" fill="${COLOUR.muted}">${escape(footer)}</text>`,
		'</svg>',
		'',
	].join('\n');
}

if (require.main === module) {
	const root = path.join(__dirname, '..');
	const input = process.argv[2]
		? path.resolve(process.argv[2])
		: path.join(__dirname, 'results', 'latest.json');
	const output = process.argv[3]
		? path.resolve(process.argv[3])
		: path.join(__dirname, 'results', 'latest.svg');
	const svg = renderChart(JSON.parse(fs.readFileSync(input, 'utf8')));
	fs.mkdirSync(path.dirname(output), { recursive: true });
	fs.writeFileSync(output, svg);
	const shown = path.relative(root, output);
	process.stdout.write(`${shown.startsWith('..') || path.isAbsolute(shown) ? output : shown}\n`);
}

module.exports = { renderChart };
