import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties, readLimit } from '../../../fields/list';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { getWholeList } from '../../../transport/list';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [...listProperties, optionsCollection(requestOptionFields)];

const displayOptions = { show: { resource: ['senderId'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET /v2/verification/management/sender-id`: one item per sender ID, with its status. */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const limit = readLimit(this, check, itemIndex);
	return async () =>
		await getWholeList(this, itemIndex, {
			endpoint: '/v2/verification/management/sender-id',
			key: 'sender_ids',
			limit,
		});
}
