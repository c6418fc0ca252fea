import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldChecker } from '../helpers/validation';

/**
 * The "Get Many" operations: Return All / Limit as n8n's own list operations have them, one
 * output item per element of the list. The pages are fetched by transport/list.ts.
 */

export const listProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** How many elements the item asks for: undefined for all of them. */
export function readLimit(
	context: IExecuteFunctions,
	check: FieldChecker,
	itemIndex: number,
): number | undefined {
	if (check.boolean('Return All', context.getNodeParameter('returnAll', itemIndex, false))) {
		return undefined;
	}
	return check.integer('Limit', context.getNodeParameter('limit', itemIndex, 50), 1, 1_000_000);
}
