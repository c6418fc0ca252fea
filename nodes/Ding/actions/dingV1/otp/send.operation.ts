import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import { SEND_ROWS, sendAdditionalFields } from '../../../fields/dingV1';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { readRows } from '../../../fields/rows';
import type {
	CreateAuthenticationRequest,
	CreateAuthenticationResponse,
} from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { dingApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

type SendBody = Omit<CreateAuthenticationRequest, 'customer_uuid'>;

const properties: INodeProperties[] = [
	phoneNumberField,
	sendAdditionalFields,
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['send'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: SendBody = {
		phone_number: check.phoneNumber(
			'Phone Number',
			this.getNodeParameter('phoneNumber', itemIndex),
		),
	};
	readRows(
		check,
		this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject,
		SEND_ROWS,
		body as IDataObject,
	);

	return async () =>
		await dingApiRequest<CreateAuthenticationResponse>(this, itemIndex, {
			method: 'POST',
			endpoint: '/authentication',
			body,
			customerUuidIn: 'body',
			notRepeatable: {
				outcome: 'the code may or may not have been sent',
				howToCheck:
					'Do not send again at once, or the user may get two texts. The Ding dashboard shows whether an authentication was created for this number; if so, use its authentication_uuid with Check or Get Status.',
			},
		});
}
