import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	optionsCollection,
	phoneNumberField,
	requestOptionFields,
} from '../../descriptions/common';
import type { LookupResponse } from '../../helpers/interfaces';
import { FieldChecker } from '../../helpers/validation';
import { dingApiRequest, requestSettings } from '../../transport';

const properties: INodeProperties[] = [
	{
		...phoneNumberField,
		description:
			'The phone number to look up, in E.164 format: a plus sign, the country code and the number, digits only (spaces, hyphens, dots, parentheses and a "(0)" are removed)',
	},
	optionsCollection([
		...requestOptionFields,
		{
			displayName: 'Include Caller Name',
			name: 'callerName',
			type: 'boolean',
			default: false,
			description:
				'Whether to ask for the caller name (CNAM) too. Ding must have enabled CNAM for your account; it is returned as caller_name.',
		},
	]),
];

const displayOptions = {
	show: {
		resource: ['lookup'],
		operation: ['get'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const phoneNumber = check.phoneNumber(
		'Phone Number',
		this.getNodeParameter('phoneNumber', itemIndex),
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const callerName =
		options.callerName === undefined
			? false
			: check.boolean('Include Caller Name', options.callerName);

	const response = await dingApiRequest<LookupResponse>(this, itemIndex, {
		method: 'GET',
		// The number is a path segment: "+" must travel as %2B.
		endpoint: `/lookup/${encodeURIComponent(phoneNumber)}`,
		qs: callerName ? { type: 'cnam' } : undefined,
		customerUuidIn: 'header',
		settings: requestSettings(check, options),
	});

	return response;
}
