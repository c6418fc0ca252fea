import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** The API → resource → operation map; the values are the option values saved in workflows. */
type NodeMap = {
	dingV1: {
		otp: 'send' | 'check' | 'retry' | 'getStatus' | 'sendFeedback';
		lookup: 'get';
	};
	preludeV2: {
		otp: 'send' | 'sendAndWait' | 'check' | 'retry' | 'sendFeedback';
		lookup: 'get';
	};
};

/**
 * An operation handles one item and returns the API's answer; the router pairs it to the item.
 * One that runs the node as a whole (Send and Wait for Code: one person, then a wait) has
 * `executeRun` instead, and returns the node's outputs itself.
 */
export type DingOperation =
	| { execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> }
	| { executeRun(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

/** Every API with every resource and operation: the compiler refuses a missing one. */
export type DingOperations = {
	[A in keyof NodeMap]: {
		[R in keyof NodeMap[A]]: Record<NodeMap[A][R] & string, DingOperation>;
	};
};
