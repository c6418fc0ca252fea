import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';

import { configIdField, configPath } from './fields';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [configIdField, optionsCollection(requestOptionFields)];

const displayOptions = { show: { resource: ['subscription'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET /v2/notify/management/subscriptions/{config_id}`: the configuration, its keywords' messages and numbers. */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const endpoint = configPath(this, check, itemIndex);
	return async () => await preludeApiRequest(this, itemIndex, { method: 'GET', endpoint });
}
