import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runLimited } from '../run/batching';
import { cancelSignalOf } from '../run/cancellation';
import { RunHalted } from '../run/pace';
import { readBatching } from '../run/settings';
import { checkRequestSettings, haltRun, startRun } from '../run/state';
import { forModel, isToolRun, toolCodeGate } from '../run/textingCap';

import { runGathered } from './gathered';
import type { SendItem } from './node.type';
import { gatheredOf, operationKeyOf, operationOfRun, prepareItem, wholeRun } from './operations';
import type { ItemOutcome, Prepared } from './outcome';
import { errorItem, itemError, paired, succeededBefore } from './outcome';

/**
 * Reads and checks every item (its fields and its Options) before any request of the run goes
 * out, so that an item refused for its input stops the run with nothing sent: a bad item 100 texts
 * nobody. With Continue On Fail the refused item gets its error and the others go on.
 */
function prepareAll<Value>(
	context: IExecuteFunctions,
	count: number,
	read: (itemIndex: number) => Value,
	continueOnFail: boolean,
): { outcomes: Array<ItemOutcome | undefined>; ready: Array<Prepared<Value>> } {
	const outcomes = new Array<ItemOutcome | undefined>(count);
	const ready: Array<Prepared<Value>> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			checkRequestSettings(context, itemIndex);
			ready.push({ itemIndex, value: read(itemIndex) });
		} catch (caught) {
			outcomes[itemIndex] = { ok: false, error: itemError(context, caught, itemIndex) };
			if (!continueOnFail) return { outcomes, ready: [] };
		}
	}
	return { outcomes, ready };
}

/** One prepared item sent; never rejects, so a batch always settles as a whole. */
async function runItem(
	context: IExecuteFunctions,
	{ itemIndex, value: send }: Prepared<SendItem>,
	operationKey: string,
): Promise<ItemOutcome | undefined> {
	let failed: ((failure: unknown) => void) | undefined;
	try {
		failed = toolCodeGate(context, operationKey, itemIndex);
		const answer = await send();
		return { ok: true, data: paired(context, answer, itemIndex) };
	} catch (caught) {
		failed?.(caught);
		// Held back by a failure that stopped the run: the item counts as never started.
		if (caught instanceof RunHalted) return undefined;
		return { ok: false, error: itemError(context, caught, itemIndex) };
	}
}

/**
 * The rule that stops a run: a failure without Continue On Fail. It also halts the adaptive
 * window, so that the requests still waiting for a place are never sent.
 */
function stopsRun(context: IExecuteFunctions, continueOnFail: boolean) {
	return (outcome: ItemOutcome | undefined): boolean => {
		const stop = outcome !== undefined && !outcome.ok && !continueOnFail;
		if (stop) haltRun(context);
		return stop;
	};
}

/**
 * The one item loop: every item is first read and checked by its operation (prepareAll), then
 * sent; its output is paired to it, and a failure either becomes that item's error item (Continue
 * On Fail) or stops the run naming the item (an item refused for its input: before anything is sent).
 * With Batching, several items run at the same time; their outputs still go out in input order,
 * and the first failed item (in input order) is the one that stops the run.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	const operation = operationOfRun(this);
	const whole = wholeRun(operation);
	if (whole) return await whole.call(this);
	if (items.length === 0) return [returnData];
	const batching = readBatching(this);
	const continueOnFail = this.continueOnFail();
	const operationKey = operationKeyOf(this);

	startRun(this, batching, continueOnFail);
	const gathered = gatheredOf(operation);
	let outcomes: Array<ItemOutcome | undefined>;
	if (gathered) {
		const read = (itemIndex: number) => gathered.read.call(this, itemIndex);
		const { outcomes: refused, ready } = prepareAll(this, items.length, read, continueOnFail);
		outcomes = await runGathered(
			this,
			refused,
			ready,
			gathered,
			batching,
			stopsRun(this, continueOnFail),
		);
	} else {
		const read = prepareItem(this, operation);
		const { outcomes: refused, ready } = prepareAll(this, items.length, read, continueOnFail);
		const sent = await runLimited(
			ready.length,
			batching,
			async (position) => await runItem(this, ready[position], operationKey),
			stopsRun(this, continueOnFail),
			cancelSignalOf(this),
		);
		outcomes = refused;
		for (const [position, outcome] of sent.entries()) outcomes[ready[position].itemIndex] = outcome;
	}

	for (const [itemIndex, outcome] of outcomes.entries()) {
		// Items after a run-stopping failure never started.
		if (outcome === undefined) continue;
		if (outcome.ok) {
			returnData.push(...outcome.data);
			continue;
		}
		const { error } = outcome;
		if (continueOnFail) {
			returnData.push(errorItem(this, error, itemIndex));
			continue;
		}
		error.description = [error.description, succeededBefore(outcomes)].filter(Boolean).join(' ');
		if (isToolRun(this)) forModel(error);
		// Both constructors hand back the same instance when given one of their own class.
		if (error instanceof NodeApiError) {
			throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
		}
		throw new NodeOperationError(this.getNode(), error, { itemIndex });
	}

	return [returnData];
}
