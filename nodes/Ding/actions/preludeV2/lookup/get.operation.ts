import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { lookupProperties, readLookup } from '../../../fields/lookup';
import type { V2LookupResponse } from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = lookupProperties('Caller names exist for US numbers.');

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
		await preludeApiRequest<V2LookupResponse>(this, itemIndex, {
			method: 'GET',
			endpoint: `/v2/lookup/${pathSegment}`,
			qs,
		});
}
