import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { lookupProperties, readLookup } from '../../../fields/lookup';
import type { LookupResponse } from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { dingApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = lookupProperties(
	'Ding must have enabled CNAM for your account.',
);

const displayOptions = {
	show: {
		resource: ['lookup'],
		operation: ['get'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const { pathSegment, qs } = readLookup(this, check, itemIndex);
	return async () =>
		await dingApiRequest<LookupResponse>(this, itemIndex, {
			method: 'GET',
			endpoint: `/lookup/${pathSegment}`,
			qs,
			customerUuidIn: 'header',
		});
}
