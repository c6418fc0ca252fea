import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AUTHENTICATION_UUID_SOURCE, authenticationUuidField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type {
	RetryAuthenticationRequest,
	RetryAuthenticationResponse,
} from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { dingApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	authenticationUuidField,
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['retry'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: Omit<RetryAuthenticationRequest, 'customer_uuid'> = {
		authentication_uuid: check.uuid(
			'Authentication UUID',
			this.getNodeParameter('authenticationUuid', itemIndex),
			AUTHENTICATION_UUID_SOURCE,
		),
	};

	return async () =>
		await dingApiRequest<RetryAuthenticationResponse>(this, itemIndex, {
			method: 'POST',
			endpoint: '/retry',
			body,
			customerUuidIn: 'body',
			notRepeatable: {
				outcome: 'a new code may or may not have been sent',
				howToCheck: `Get Status with authentication UUID ${body.authentication_uuid} lists the attempts; retry only if no new one is there, or the user may get two texts.`,
			},
		});
}
