import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** The resource → operation map; the values are the option values saved in workflows. */
type NodeMap = {
	otp: 'send' | 'check' | 'retry' | 'getStatus' | 'sendFeedback';
	lookup: 'get';
};

/** An operation handles one item and returns Ding's answer; the router pairs it to the item. */
export type DingOperation = {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject>;
};

/** Every resource with every one of its operations: the compiler refuses a missing one. */
export type DingOperations = {
	[R in keyof NodeMap]: Record<NodeMap[R], DingOperation>;
};
