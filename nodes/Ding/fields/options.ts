import type { INodeProperties } from 'n8n-workflow';

import { ADAPTIVE_BATCHING_FROM_VERSION } from '../run/settings';

/**
 * "Options": switches that change what the node does (how long to wait, how to retry, how many
 * requests at once), not what it sends. Their readers are in run/settings.ts: what they say is
 * the state of a run, which the transport reads request by request.
 */

/**
 * The "Options" collection: switches that change what the node does, not what it sends, A-Z as
 * in n8n's own nodes. Its parameter names are what saved workflows hold; only the order is shown.
 */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

const batchingMode: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	default: 'adaptive',
	options: [
		{
			name: 'Adaptive',
			value: 'adaptive',
			description:
				'Find the pace the API allows: more requests at once while answers are clean, half as many on a 429, then the rate limit found; never more than Max Concurrency',
		},
		{
			name: 'Fixed',
			value: 'fixed',
			description: 'Items per Batch at once, and Batch Interval between batches',
		},
	],
};

/**
 * Batching → Mode, once per default: Fixed in nodes before version 3, Adaptive from it. Fixed comes
 * first: n8n, when it decides whether a Batching holds only defaults (and may be saved as added),
 * compares each value with the first field of its name. So a saved Fixed is never taken for a
 * changed value and dropped; at worst a version 3 node's Batching left at Adaptive with Max
 * Concurrency 50 is dropped, which runs as no Batching: adaptive too, with a cap of 1,000.
 */
const batchingModeFields: INodeProperties[] = [
	{
		...batchingMode,
		default: 'fixed',
		description:
			'This node starts Batching in Fixed, one at a time, as its workflow was saved: pick Adaptive for more at once',
		displayOptions: {
			show: { '@version': [{ _cnd: { lt: ADAPTIVE_BATCHING_FROM_VERSION } }] },
		},
	},
	{
		...batchingMode,
		displayOptions: {
			show: { '@version': [{ _cnd: { gte: ADAPTIVE_BATCHING_FROM_VERSION } }] },
		},
	},
];

/**
 * Options every operation has: how long to wait for Ding, and how to retry what is safe. The
 * defaults are literals (n8n's lint wants them so) and match DEFAULT_REQUEST_SETTINGS (run/settings.ts); a test
 * holds the two together.
 */
export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		default: 2,
		typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
		description:
			'How often to repeat a request that failed in a way that is safe to repeat (rate limits, and for reads also Ding faults and lost connections). A request that may already have texted someone is never repeated. Under adaptive Batching (the default) a rate limit asking to wait a second or more is waited out within Max Retry Wait without counting here, unless this is 0.',
	},
	{
		displayName: 'Max Retry Wait (Seconds)',
		name: 'maxRetryWait',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 0, maxValue: 600 },
		description:
			'The longest time to spend waiting between retries of one item, in total; a Retry-After from the API longer than what is left ends the retries. One item takes at most its Timeout plus this, retries included, from when its first request may go out.',
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		default: 30000,
		typeOptions: { minValue: 100, maxValue: 300000 },
		description:
			'How long one request may take, in milliseconds, for the whole answer (an answer that trickles in slowly is cut off too)',
	},
	{
		displayName: 'Batching',
		name: 'batching',
		placeholder: 'Add Batching',
		type: 'fixedCollection',
		typeOptions: { multipleValues: false },
		default: { batch: {} },
		description:
			'How many requests to have in flight at once. Without it the node adapts: it starts with 10, adds more while answers come back clean (up to 1,000), backs off (waiting out Retry-After) when the API pushes back, and then keeps to the rate limit it found, for later runs with the same credential too. Read from the first item; it applies to the whole run.',
		options: [
			{
				displayName: 'Batching',
				name: 'batch',
				values: [
					...batchingModeFields,
					{
						displayName: 'Max Concurrency',
						name: 'maxConcurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
						default: 50,
						displayOptions: { show: { mode: ['adaptive'] } },
						description: 'The most requests Adaptive may have in flight at once',
					},
					{
						displayName: 'Items per Batch',
						name: 'batchSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
						default: 1,
						displayOptions: { show: { mode: ['fixed'] } },
						description:
							'How many requests may be in flight at the same time. 1 sends one request at a time. Output order and pairing stay those of the input.',
					},
					{
						displayName: 'Batch Interval (Ms)',
						name: 'batchInterval',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 3600000 },
						default: 0,
						displayOptions: { show: { mode: ['fixed'] } },
						description:
							'With 0, a new request starts as soon as one answers. Otherwise items go in batches of Items per Batch, each starting this many milliseconds after the previous batch has finished.',
					},
				],
			},
		],
	},
];
