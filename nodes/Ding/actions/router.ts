import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Batching } from '../fields/options';
import { readBatching } from '../fields/options';
import { forModel, isToolRun, toolCodeGate } from '../fields/tool';
import { runLimited } from '../helpers/batching';
import { cancelSignalOf } from '../helpers/cancellation';
import { Pace, RunHalted } from '../helpers/pace';
import { checkRequestSettings, paceOf, setRunPace } from '../transport';

import type { DingOperation, DingOperations, Gathered, SendItem } from './node.type';
import * as dingV1 from './dingV1';
import * as preludeV2 from './preludeV2';

const apis: DingOperations = {
	dingV1: dingV1.resources,
	preludeV2: preludeV2.resources,
};

function own<T>(map: Record<string, T>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** The API, resource and operation an item asks for. */
function operationParameters(context: IExecuteFunctions, itemIndex: number) {
	return {
		// Nodes of version 1 saved before the API choice existed read its default there: Ding v1.
		api: context.getNodeParameter('api', itemIndex, 'dingV1') as string,
		resource: context.getNodeParameter('resource', itemIndex) as string,
		operation: context.getNodeParameter('operation', itemIndex) as string,
	};
}

function findOperation(context: IExecuteFunctions, itemIndex: number): DingOperation {
	const { api, resource, operation } = operationParameters(context, itemIndex);
	const resources = own<Record<string, Record<string, DingOperation>>>(apis, api);
	const operations = resources ? own(resources, resource) : undefined;
	const found = operations ? own(operations, operation) : undefined;
	if (!found) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" of resource "${resource}" is not known for API "${api}"`,
			{ itemIndex, description: 'Pick the API, resource and operation again in the node.' },
		);
	}
	return found;
}

/**
 * The error item for Continue On Fail, paired to its input.
 *
 * "Continue": `{ error, details }`, where details (item index, how to fix it, HTTP status, Ding's
 * code) let an IF node branch on the kind of failure.
 *
 * "Continue (using error output)": `{ error }` alone, which every n8n version routes to the error
 * output and fills with the input item's fields. (n8n 1.x routes a json error item there only when
 * `error` is its one field; an item carrying the error object itself would be routed, but n8n
 * then drops the input's fields from it.)
 */
function errorItem(
	context: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	if (context.getNode().onError === 'continueErrorOutput') {
		return { json: { error: error.message }, pairedItem: { item: itemIndex } };
	}
	const details: IDataObject = { itemIndex };
	if (error.description) details.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	const dingCode = error.errorResponse?.code;
	if (typeof dingCode === 'string') details.code = dingCode;
	return { json: { error: error.message, details }, pairedItem: { item: itemIndex } };
}

type ItemOutcome =
	| { ok: true; data: INodeExecutionData[] }
	| { ok: false; error: NodeApiError | NodeOperationError };

/**
 * The operation of the run. API, resource and operation take no expressions (noDataExpression),
 * so they are the same for every item and are read once, as n8n's own nodes read them.
 */
function operationOfRun(context: IExecuteFunctions): () => DingOperation {
	try {
		const operation = findOperation(context, 0);
		return () => operation;
	} catch (error) {
		return () => {
			// The same instance: NodeOperationError hands back an error of its own class.
			throw new NodeOperationError(context.getNode(), error as NodeOperationError);
		};
	}
}

/** "api.resource.operation" of the run, e.g. "preludeV2.otp.send" (none takes expressions). */
function operationKeyOf(context: IExecuteFunctions): string {
	const { api, resource, operation } = operationParameters(context, 0);
	return `${api}.${resource}.${operation}`;
}

/** The operation's own run, for one that runs the node as a whole rather than item by item. */
function wholeRun(operationOf: () => DingOperation) {
	let operation: DingOperation;
	try {
		operation = operationOf();
	} catch {
		return undefined; // Not found: every item fails with that error in the item loop.
	}
	return 'executeRun' in operation ? operation.executeRun : undefined;
}

/** The output of an item: the API's answer (or each element of a list), paired to the item. */
function paired(
	context: IExecuteFunctions,
	answer: IDataObject | IDataObject[],
	itemIndex: number,
): INodeExecutionData[] {
	return context.helpers.constructExecutionMetaData(context.helpers.returnJsonArray(answer), {
		itemData: { item: itemIndex },
	});
}

/** A failure as the error of an item: the API's or the node's own, with the item's index. */
function itemError(
	context: IExecuteFunctions,
	caught: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const error =
		caught instanceof NodeApiError || caught instanceof NodeOperationError
			? caught
			: new NodeOperationError(context.getNode(), caught as Error, { itemIndex });
	error.context.itemIndex = itemIndex;
	return error;
}

/** The operation's gathering, for one whose API takes many items' entries in one request. */
function gatheredOf(operationOf: () => DingOperation): Gathered | undefined {
	try {
		const operation = operationOf();
		return 'gather' in operation ? operation.gather : undefined;
	} catch {
		return undefined;
	}
}

/** An item read and checked: what it will send (its SendItem, or a gathered entry). */
interface Prepared<Value> {
	itemIndex: number;
	value: Value;
}

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

/** An item's send, read and checked by its operation. */
function prepareItem(context: IExecuteFunctions, operationOf: () => DingOperation) {
	return (itemIndex: number): SendItem => {
		const operation = operationOf();
		if (!('prepare' in operation)) throw new Error('not an item operation');
		return operation.prepare.call(context, itemIndex);
	};
}

/** One prepared item sent; never rejects, so a batch always settles as a whole. */
async function runItem(
	context: IExecuteFunctions,
	{ itemIndex, value: send }: Prepared<SendItem>,
	operationKey: string,
): Promise<ItemOutcome | undefined> {
	let giveBack: (() => void) | undefined;
	try {
		giveBack = toolCodeGate(context, operationKey, itemIndex);
		const answer = await send();
		return { ok: true, data: paired(context, answer, itemIndex) };
	} catch (caught) {
		// Refused for its input, or held back by a failure that stopped the run: nothing was
		// sent, so it used none of the tool's texts. Anything else may have texted someone.
		if (caught instanceof NodeOperationError || caught instanceof RunHalted) giveBack?.();
		// Held back: the item counts as never started.
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
		if (stop) paceOf(context)?.halt();
		return stop;
	};
}

/**
 * Items whose API takes many entries per request (see Gathered), once prepared: up to `max`
 * entries go per request, under the same Batching as single requests, and a request's answer or
 * error is the outcome of each of its items.
 */
async function runGathered(
	context: IExecuteFunctions,
	outcomes: Array<ItemOutcome | undefined>,
	ready: Array<Prepared<IDataObject>>,
	gathered: Gathered,
	batching: Batching,
	continueOnFail: boolean,
): Promise<Array<ItemOutcome | undefined>> {
	const requests: Array<typeof ready> = [];
	for (let start = 0; start < ready.length; start += gathered.max) {
		requests.push(ready.slice(start, start + gathered.max));
	}
	const answers = await runLimited(
		requests.length,
		batching,
		async (request): Promise<ItemOutcome | undefined> => {
			const itemIndexes = requests[request].map((entry) => entry.itemIndex);
			const entries = requests[request].map((entry) => entry.value);
			try {
				const answer = await gathered.send.call(context, entries, itemIndexes);
				return { ok: true, data: [{ json: answer }] };
			} catch (caught) {
				if (caught instanceof RunHalted) return undefined;
				return { ok: false, error: itemError(context, caught, itemIndexes[0]) };
			}
		},
		stopsRun(context, continueOnFail),
		cancelSignalOf(context),
	);
	for (const [request, answer] of answers.entries()) {
		if (answer === undefined) continue;
		for (const { itemIndex } of requests[request]) {
			// Each item its own copy of the answer: a later node that changes one changes only it.
			outcomes[itemIndex] = answer.ok
				? { ok: true, data: paired(context, { ...answer.data[0].json }, itemIndex) }
				: answer;
		}
	}
	return outcomes;
}

const LISTED_ITEMS = 20;

/**
 * When a failure stops the run, the items that had already succeeded (before it, or beside it in
 * a batch) lose their output: say which they were, with the ID the API gave each, so the user can
 * tell who was texted and does not simply run them again.
 */
function succeededBefore(outcomes: Array<ItemOutcome | undefined>): string | undefined {
	const done: string[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (!outcome?.ok) continue;
		const answer = outcome.data[0]?.json ?? {};
		const id = [answer.id, answer.authentication_uuid].find((v) => typeof v === 'string');
		done.push(id ? `item ${itemIndex} (${String(id)})` : `item ${itemIndex}`);
	}
	if (done.length === 0) return undefined;
	const shown = done.slice(0, LISTED_ITEMS).join(', ');
	const more = done.length > LISTED_ITEMS ? ` and ${done.length - LISTED_ITEMS} more` : '';
	return `${done.length} other item${done.length === 1 ? '' : 's'} had already succeeded and ${done.length === 1 ? 'is' : 'are'} not in the output: ${shown}${more}. Running the node again sends their requests again; with Settings → On Error → Continue every item keeps its own result.`;
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

	if (batching.mode === 'adaptive') {
		const pace = new Pace(batching.size);
		pace.haltOnFailure = !continueOnFail;
		setRunPace(this, pace);
	}
	const gathered = gatheredOf(operation);
	let outcomes: Array<ItemOutcome | undefined>;
	if (gathered) {
		const read = (itemIndex: number) => gathered.read.call(this, itemIndex);
		const { outcomes: refused, ready } = prepareAll(this, items.length, read, continueOnFail);
		outcomes = await runGathered(this, refused, ready, gathered, batching, continueOnFail);
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
