import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldChecker } from '../../../helpers/validation';

const LISTS = ['allow', 'block'] as const;

/** Which of the account's two lists: numbers always let through, or numbers always refused. */
export const listField: INodeProperties = {
	displayName: 'List',
	name: 'list',
	type: 'options',
	noDataExpression: true,
	default: 'block',
	options: [
		{
			name: 'Allow List',
			value: 'allow',
			description: 'Numbers Prelude always verifies, whatever its fraud checks say',
		},
		{
			name: 'Block List',
			value: 'block',
			description: 'Numbers Prelude never sends a verification to',
		},
	],
};

/** The list's path below /v2/verification/management/phone-numbers/. */
export function readList(context: IExecuteFunctions, check: FieldChecker, itemIndex: number) {
	return check.oneOf('List', context.getNodeParameter('list', itemIndex), LISTS);
}
