import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { DingOperation, DingOperations } from './node.type';
import * as lookup from './lookup';
import * as otp from './otp';
import * as preludeLookup from './v2/lookup';
import * as preludeOtp from './v2/otp';

const apis: DingOperations = {
	dingV1: {
		lookup: lookup.operations,
		otp: otp.operations,
	},
	preludeV2: {
		lookup: preludeLookup.operations,
		otp: preludeOtp.operations,
	},
};

function own<T>(map: Record<string, T>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

function findOperation(context: IExecuteFunctions, itemIndex: number): DingOperation {
	// Nodes of version 1 saved before the API choice existed read its default there: Ding v1.
	const api = context.getNodeParameter('api', itemIndex, 'dingV1') as string;
	const resource = context.getNodeParameter('resource', itemIndex) as string;
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	const resources = own<Record<string, Record<string, DingOperation>>>(apis, api);
	const operations = resources ? own(resources, resource) : undefined;
	const found = operations ? own(operations, operation) : undefined;
	if (!found) {
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" of resource "${resource}" is not known for API "${api}" [item ${itemIndex}]`,
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

/**
 * The one item loop: each item goes to its operation, its output is paired to it, and a failure
 * either becomes that item's error item (Continue On Fail) or stops the run naming the item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = findOperation(this, itemIndex);
			const answer = await operation.execute.call(this, itemIndex);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(answer), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (caught) {
			const error =
				caught instanceof NodeApiError || caught instanceof NodeOperationError
					? caught
					: new NodeOperationError(this.getNode(), caught as Error, { itemIndex });
			error.context.itemIndex = itemIndex;
			if (this.continueOnFail()) {
				returnData.push(errorItem(this, error, itemIndex));
				continue;
			}
			// Both constructors hand back the same instance when given one of their own class.
			if (error instanceof NodeApiError) {
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject, { itemIndex });
			}
			throw new NodeOperationError(this.getNode(), error, { itemIndex });
		}
	}

	return [returnData];
}
