import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** The API → resource → operation map; the values are the option values saved in workflows. */
type NodeMap = {
	dingV1: {
		otp: 'send' | 'check' | 'retry' | 'getStatus' | 'sendFeedback';
		lookup: 'get';
	};
	preludeV2: {
		otp: 'send' | 'sendAndWait' | 'check' | 'retry' | 'sendFeedback' | 'get' | 'getMany';
		lookup: 'get';
		watch: 'evaluate' | 'predict' | 'sendEvents' | 'sendFeedback';
		notify: 'send' | 'sendBatch' | 'reply';
		subscription: 'get' | 'getMany' | 'getNumber' | 'getManyNumbers' | 'getNumberEvents';
		phoneList: 'add' | 'remove' | 'getMany';
		testNumber: 'add' | 'remove' | 'getMany';
		senderId: 'getMany' | 'submit';
		transactional: 'send';
		kyc: 'match';
	};
};

/**
 * Many items in one request: each item is read (and checked) into one entry of the request's list,
 * and up to `max` entries go in one request, whose answer is every one of those items' output.
 */
export interface Gathered {
	/** The most entries the API takes in one request. */
	max: number;
	read(this: IExecuteFunctions, itemIndex: number): IDataObject;
	/** Sends the entries of the items `itemIndexes` (in input order) in one request. */
	send(
		this: IExecuteFunctions,
		entries: IDataObject[],
		itemIndexes: number[],
	): Promise<IDataObject>;
}

/** An item's request, read and checked: all that is left is to send it and give the answer. */
export type SendItem = () => Promise<IDataObject | IDataObject[]>;

/**
 * An operation reads and checks one item (`prepare`, which sends nothing) and hands back its send,
 * which returns the API's answer (one object, or a list: one output item each); the router
 * prepares every item of the run before it sends any, and pairs each answer to its item. One whose
 * API takes many entries in one request (Watch's feedback and events) has `gather` instead. One
 * that runs the node as a whole (Send and Wait for Code: one person, then a wait) has
 * `executeRun`, and returns the node's outputs itself.
 */
export type DingOperation =
	| { prepare(this: IExecuteFunctions, itemIndex: number): SendItem }
	| { gather: Gathered }
	| { executeRun(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };

/** Every API with every resource and operation: the compiler refuses a missing one. */
export type DingOperations = {
	[A in keyof NodeMap]: {
		[R in keyof NodeMap[A]]: Record<NodeMap[A][R] & string, DingOperation>;
	};
};
