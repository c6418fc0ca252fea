import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DingOperation, DingOperations, Gathered, SendItem } from './node.type';
import * as dingV1 from './dingV1';
import * as preludeV2 from './preludeV2';

/** Which operation a run is: found once from the node's API, Resource and Operation. */

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
 * The operation of the run. API, resource and operation take no expressions (noDataExpression),
 * so they are the same for every item and are read once, as n8n's own nodes read them.
 */
export function operationOfRun(context: IExecuteFunctions): () => DingOperation {
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
export function operationKeyOf(context: IExecuteFunctions): string {
	const { api, resource, operation } = operationParameters(context, 0);
	return `${api}.${resource}.${operation}`;
}

/** The operation's own run, for one that runs the node as a whole rather than item by item. */
export function wholeRun(operationOf: () => DingOperation) {
	let operation: DingOperation;
	try {
		operation = operationOf();
	} catch {
		return undefined; // Not found: every item fails with that error in the item loop.
	}
	return 'executeRun' in operation ? operation.executeRun : undefined;
}

/** The operation's gathering, for one whose API takes many items' entries in one request. */
export function gatheredOf(operationOf: () => DingOperation): Gathered | undefined {
	try {
		const operation = operationOf();
		return 'gather' in operation ? operation.gather : undefined;
	} catch {
		return undefined;
	}
}

/** An item's send, read and checked by its operation. */
export function prepareItem(context: IExecuteFunctions, operationOf: () => DingOperation) {
	return (itemIndex: number): SendItem => {
		const operation = operationOf();
		if (!('prepare' in operation)) throw new Error('not an item operation');
		return operation.prepare.call(context, itemIndex);
	};
}
