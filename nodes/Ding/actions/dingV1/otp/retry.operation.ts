import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AUTHENTICATION_UUID_SOURCE, authenticationUuidField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type {
	RetryAuthenticationRequest,
	RetryAuthenticationResponse,
} from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { dingApiRequest } from '../../../transport';

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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: Omit<RetryAuthenticationRequest, 'customer_uuid'> = {
		authentication_uuid: check.uuid(
			'Authentication UUID',
			this.getNodeParameter('authenticationUuid', itemIndex),
			AUTHENTICATION_UUID_SOURCE,
		),
	};

	const response = await dingApiRequest<RetryAuthenticationResponse>(this, itemIndex, {
		method: 'POST',
		endpoint: '/retry',
		body,
		customerUuidIn: 'body',
		notRepeatable: {
			outcome: 'a new code may or may not have been sent',
			howToCheck: `Get Status with authentication UUID ${body.authentication_uuid} lists the attempts; retry only if no new one is there, or the user may get two texts.`,
		},
	});

	return response;
}
