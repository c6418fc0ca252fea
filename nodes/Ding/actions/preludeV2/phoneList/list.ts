import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

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

/**
 * Add (POST) or Remove (DELETE, the number in the body, as the official clients send it) on
 * `/v2/verification/management/phone-numbers/{allow|block}`. Either leaves the same list when
 * done twice, so a failed request is safe to repeat.
 */
export function changesList(method: 'POST' | 'DELETE') {
	return function (this: IExecuteFunctions, itemIndex: number): SendItem {
		const check = new FieldChecker(this.getNode(), itemIndex);
		const list = readList(this, check, itemIndex);
		const phone = check.phoneNumber(
			'Phone Number',
			this.getNodeParameter('phoneNumber', itemIndex),
		);
		return async () =>
			await preludeApiRequest(this, itemIndex, {
				method,
				endpoint: `/v2/verification/management/phone-numbers/${list}`,
				body: { phone_number: phone },
			});
	};
}
