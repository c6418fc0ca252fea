import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AUTHENTICATION_UUID_SOURCE, authenticationUuidField } from '../../descriptions/common';
import type {
	RetryAuthenticationRequest,
	RetryAuthenticationResponse,
} from '../../helpers/interfaces';
import { FieldChecker } from '../../helpers/validation';
import { dingApiRequest } from '../../transport';

const properties: INodeProperties[] = [authenticationUuidField];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['retry'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
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
	});

	return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(response), {
		itemData: { item: itemIndex },
	});
}
