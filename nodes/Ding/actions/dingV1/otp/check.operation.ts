import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	AUTHENTICATION_UUID_SOURCE,
	authenticationUuidField,
	checkCodeField,
} from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { CreateCheckRequest, CreateCheckResponse } from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { dingApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	authenticationUuidField,
	checkCodeField(
		'valid, invalid, already_validated, expired_auth, rate_limited or without_attempt',
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
	const body: Omit<CreateCheckRequest, 'customer_uuid'> = {
		authentication_uuid: check.uuid(
			'Authentication UUID',
			this.getNodeParameter('authenticationUuid', itemIndex),
			AUTHENTICATION_UUID_SOURCE,
		),
		check_code: check.requiredText(
			'Check Code',
			this.getNodeParameter('checkCode', itemIndex),
			'123456',
		),
	};

	return async () =>
		await dingApiRequest<CreateCheckResponse>(this, itemIndex, {
			method: 'POST',
			endpoint: '/check',
			body,
			customerUuidIn: 'body',
			notRepeatable: {
				outcome: 'the check may or may not have been recorded',
				howToCheck: `Checking the same code again may answer already_validated. Get Status with authentication UUID ${body.authentication_uuid} shows the outcome (latest_check_status, with Simplify).`,
			},
		});
}
