import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** What came of an item: its output, paired to it, or its error, with its index. */

export type ItemOutcome =
	| { ok: true; data: INodeExecutionData[] }
	| { ok: false; error: NodeApiError | NodeOperationError };

/** An item read and checked: what it will send (its SendItem, or a gathered entry). */
export interface Prepared<Value> {
	itemIndex: number;
	value: Value;
}

/** The output of an item: the API's answer (or each element of a list), paired to the item. */
export function paired(
	context: IExecuteFunctions,
	answer: IDataObject | IDataObject[],
	itemIndex: number,
): INodeExecutionData[] {
	return context.helpers.constructExecutionMetaData(context.helpers.returnJsonArray(answer), {
		itemData: { item: itemIndex },
	});
}

/** A failure as the error of an item: the API's or the node's own, with the item's index. */
export function itemError(
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
export function errorItem(
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

const LISTED_ITEMS = 20;

/**
 * When a failure stops the run, the items that had already succeeded (before it, or beside it in
 * a batch) lose their output: say which they were, with the ID the API gave each, so the user can
 * tell who was texted and does not simply run them again.
 */
export function succeededBefore(outcomes: Array<ItemOutcome | undefined>): string | undefined {
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
