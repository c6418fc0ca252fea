import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkCodeField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { V2CheckRequest, V2CheckResponse } from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import { CHECK_ROWS, readTarget, targetProperties } from '../../../fields/preludeV2';
import { collectionOf, readRows } from '../../../fields/rows';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	...targetProperties,
	checkCodeField('success, failure or expired_or_not_found'),
	collectionOf(
		{ displayName: 'Additional Fields', name: 'checkFields', placeholder: 'Add Field' },
		CHECK_ROWS,
	),
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['check'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: V2CheckRequest = {
		target: readTarget(this, check, itemIndex),
		code: check.requiredText('Check Code', this.getNodeParameter('checkCode', itemIndex), '123456'),
	};
	readRows(
		check,
		this.getNodeParameter('checkFields', itemIndex, {}) as IDataObject,
		CHECK_ROWS,
		body as unknown as IDataObject,
	);

	return async () => {
		const answer = await preludeApiRequest<V2CheckResponse>(this, itemIndex, {
			method: 'POST',
			endpoint: '/v2/verification/check',
			body: body as unknown as IDataObject,
			notRepeatable: {
				outcome: 'the check may or may not have been recorded',
				howToCheck: `A correct code closes the verification, so checking it again answers expired_or_not_found. Ask the user to wait, then Send a new code to ${body.target.value} if the first one can no longer be checked.`,
			},
		});
		// Prelude's answer, plus the node's one added key: whether the code verified the target
		// (for an IF node: `status` means something else in Send's answer), and the target.
		return {
			...answer,
			dingVerification: { verified: answer.status === 'success', target: { ...body.target } },
		};
	};
}
