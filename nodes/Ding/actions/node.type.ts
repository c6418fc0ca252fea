import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** The resource → operation map; the values are the option values saved in workflows. */
type NodeMap = {
	otp: 'send' | 'check' | 'retry' | 'getStatus' | 'sendFeedback';
	lookup: 'get';
};

export type DingOperation = {
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
};

/** Every resource with every one of its operations: the compiler refuses a missing one. */
export type DingOperations = {
	[R in keyof NodeMap]: Record<NodeMap[R], DingOperation>;
};
