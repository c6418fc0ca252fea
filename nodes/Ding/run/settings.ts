import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldChecker } from '../helpers/validation';
import { describeValue, isJsonObject } from '../helpers/validation';

/**
 * The settings of a run, from Options (their properties are in fields/options.ts): how long to
 * wait for the API, how to retry, how many requests at once. Read and checked here; the transport
 * reads them request by request (see state.ts).
 */

/** How long to wait for the API and how to retry, from the operation's Options. */
export interface RequestSettings {
	timeoutMs: number;
	maxRetries: number;
	maxRetryWaitMs: number;
}

export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
	timeoutMs: 30_000,
	maxRetries: 2,
	maxRetryWaitMs: 30_000,
};

/**
 * The node version from which Options → Batching starts in Mode Adaptive, the node's pace without
 * Batching. Older nodes start it in Fixed: what their workflows, saved before Mode existed or with
 * Mode left at its default, mean by their Items per Batch. n8n fills a saved node's missing Mode
 * with the default of the node's version, and so does readBatching.
 */
export const ADAPTIVE_BATCHING_FROM_VERSION = 3;

/**
 * A number from Options, checked: `fallback` when the option was not added, else a number from
 * `min` to `max`, refused with the field, the value and the item otherwise.
 */
export function readNumberOption(
	check: FieldChecker,
	options: IDataObject,
	field: string,
	name: string,
	fallback: number,
	[min, max]: [number, number],
): number {
	const value = options[name];
	if (value === undefined) return fallback;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
		throw check.fail(
			`${field} must be a number from ${min} to ${max}, but got ${describeValue(value)}`,
			`Set Options → ${field} to a number from ${min} to ${max}, or remove it to use ${fallback}.`,
		);
	}
	return value;
}

/** The settings from an operation's Options (the fields of requestOptionFields), checked. */
export function readRequestSettings(check: FieldChecker, options: IDataObject): RequestSettings {
	const number = (field: string, name: string, fallback: number, min: number, max: number) =>
		readNumberOption(check, options, field, name, fallback, [min, max]);
	return {
		maxRetries: Math.floor(
			number('Max Retries', 'maxRetries', DEFAULT_REQUEST_SETTINGS.maxRetries, 0, 10),
		),
		maxRetryWaitMs:
			number(
				'Max Retry Wait (Seconds)',
				'maxRetryWait',
				DEFAULT_REQUEST_SETTINGS.maxRetryWaitMs / 1000,
				0,
				600,
			) * 1000,
		timeoutMs: number('Timeout (Ms)', 'timeout', DEFAULT_REQUEST_SETTINGS.timeoutMs, 100, 300_000),
	};
}

/** Options → Batching, read from the first item as n8n's HTTP Request node reads it. */
export interface Batching {
	/** Adaptive: `size` is the cap of the adaptive window. Fixed: `size` at once, `intervalMs` apart. */
	mode: 'adaptive' | 'fixed';
	size: number;
	intervalMs: number;
}

/** Options → Batching → Max Concurrency's default, when Batching is added in Mode Adaptive. */
export const DEFAULT_MAX_CONCURRENCY = 50;

/**
 * The adaptive window's cap without Batching. The window itself decides how many requests are in
 * flight (it starts at 10 and grows only while answers come back clean); the cap only bounds it.
 * n8n's HTTP Request node starts every item's request at once, so against an API that answers in
 * 50 ms a cap of 50 made 2,000 Lookups take 1.8 times as long as it did, and one of 200 1.2 times
 * (the window fills, and the run waits out each round trip: docs/benchmark.md). The most Max
 * Concurrency takes. It is not a saved parameter: Batching, once added, keeps Max Concurrency's
 * default of 50.
 */
export const DEFAULT_ADAPTIVE_CAP = 1000;

export function readBatching(context: IExecuteFunctions): Batching {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const batch = isJsonObject(options.batching) ? options.batching.batch : undefined;
	if (!isJsonObject(batch)) {
		return { mode: 'adaptive', size: DEFAULT_ADAPTIVE_CAP, intervalMs: 0 };
	}
	const read = (name: string, label: string, fallback: number, min: number, max: number) => {
		const value = batch[name] ?? fallback;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
			throw new NodeOperationError(
				context.getNode(),
				`Batching → ${label} must be a whole number from ${min} to ${max}, but got ${describeValue(value)}`,
				{
					description: `Set Options → Batching → ${label} to a whole number from ${min} to ${max}.`,
				},
			);
		}
		return value;
	};
	const mode =
		batch.mode ??
		(context.getNode().typeVersion >= ADAPTIVE_BATCHING_FROM_VERSION ? 'adaptive' : 'fixed');
	if (mode === 'adaptive') {
		return {
			mode: 'adaptive',
			size: read('maxConcurrency', 'Max Concurrency', DEFAULT_MAX_CONCURRENCY, 1, 1000),
			intervalMs: 0,
		};
	}
	if (mode !== 'fixed') {
		throw new NodeOperationError(
			context.getNode(),
			`Batching → Mode ${describeValue(mode)} is not one of adaptive, fixed`,
			{ description: 'Set Options → Batching → Mode to Adaptive or Fixed.' },
		);
	}
	return {
		mode: 'fixed',
		size: read('batchSize', 'Items per Batch', 1, 1, 1000),
		intervalMs: read('batchInterval', 'Batch Interval (Ms)', 0, 0, 3_600_000),
	};
}
