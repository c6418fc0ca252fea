import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { FieldChecker, isJsonObject } from '../helpers/validation';

import { Pace } from './pace';
import type { Batching, RequestSettings } from './settings';
import { readRequestSettings } from './settings';

/**
 * What a run of the node keeps from item to item, keyed by its execute context: the request
 * settings from Options (see runSettings) and the adaptive window every request reports its
 * answer to (see Pace). The credential the transport reads once per run is the transport's own
 * (transport/credentials.ts).
 */
interface RunState {
	settings?: () => RequestSettings;
	/** The run's adaptive window, which every request reports its answer to (see Pace). */
	pace?: Pace;
}

const runs = new WeakMap<object, RunState>();

function runState(context: IExecuteFunctions): RunState {
	let state = runs.get(context);
	if (!state) {
		state = {};
		runs.set(context, state);
	}
	return state;
}

/**
 * Sets up the run's pace from Options → Batching: in Mode Adaptive every request of the run
 * reports to one adaptive window, and waits out its Retry-After; a failure halts it unless the node
 * continues on fail.
 */
export function startRun(
	context: IExecuteFunctions,
	batching: Batching,
	continueOnFail: boolean,
): void {
	if (batching.mode !== 'adaptive') return;
	const pace = new Pace(batching.size);
	pace.haltOnFailure = !continueOnFail;
	runState(context).pace = pace;
}

/** The run's adaptive window, if it has one. */
export function paceOf(context: IExecuteFunctions): Pace | undefined {
	return runs.get(context)?.pace;
}

/** How long the adaptive window holds back after a 429 or 503 without a Retry-After. */
const PUSH_BACK_PAUSE_MS = 1000;

/**
 * Tells the run's window how a request's answer went: a 429 or 503 holds the run back for its
 * Retry-After (`retryAfterMs`, or a second without one), any other answer counts with its latency.
 */
export function reportAnswer(
	pace: Pace,
	statusCode: number,
	retryAfterMs: number | undefined,
	latencyMs: number,
	maxRetryWaitMs: number,
): void {
	if (statusCode === 429 || statusCode === 503) {
		// The run is held back no longer than Max Retry Wait, whatever the answer asks: an answer
		// cannot hold every other item for a day.
		pace.pushedBack(
			Math.min(retryAfterMs ?? PUSH_BACK_PAUSE_MS, maxRetryWaitMs),
			statusCode === 429,
			latencyMs,
		);
	} else {
		pace.answered(latencyMs);
	}
}

/** Whether a parameter value holds an n8n expression anywhere ("={{ ... }}"). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (isJsonObject(value)) return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * The request settings (Options → Max Retries, Max Retry Wait, Timeout): read and checked once per
 * run, or per item where an Option is an expression that may differ from item to item.
 */
export function runSettings(context: IExecuteFunctions, itemIndex: number): RequestSettings {
	const read = (index: number) =>
		readRequestSettings(
			new FieldChecker(context.getNode(), index),
			context.getNodeParameter('options', index, {}) as IDataObject,
		);
	if (holdsExpression(context.getNode().parameters.options)) return read(itemIndex);
	const state = runState(context);
	if (!state.settings) {
		let settings: RequestSettings | undefined;
		let refusal: NodeOperationError | undefined;
		try {
			settings = read(itemIndex);
		} catch (error) {
			refusal = error as NodeOperationError;
		}
		state.settings = () => {
			if (settings) return settings;
			// The same instance: NodeOperationError hands back an error of its own class.
			throw new NodeOperationError(context.getNode(), refusal as NodeOperationError);
		};
	}
	return state.settings();
}

/**
 * Reads and checks an item's request settings (Options) as its requests will, so that a refused
 * Option stops the run before anything is sent.
 */
export function checkRequestSettings(context: IExecuteFunctions, itemIndex: number): void {
	runSettings(context, itemIndex);
}

/** Stops the run's adaptive window: the requests still waiting for a place are never sent. */
export function haltRun(context: IExecuteFunctions): void {
	paceOf(context)?.halt();
}
