import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties, readLimit } from '../../../fields/list';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { getPages } from '../../../transport/list';

import { BASE } from './fields';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [...listProperties, optionsCollection(requestOptionFields)];

const displayOptions = { show: { resource: ['subscription'], operation: ['getMany'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET /v2/notify/management/subscriptions`, page by page: one item per configuration. */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const limit = readLimit(this, check, itemIndex);
	return async () => await getPages(this, itemIndex, { endpoint: BASE, key: 'configs', limit });
}
