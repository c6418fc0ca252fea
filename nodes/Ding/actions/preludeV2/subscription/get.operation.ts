import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';

import { configIdField, configPath } from './fields';

const properties: INodeProperties[] = [configIdField, optionsCollection(requestOptionFields)];

const displayOptions = { show: { resource: ['subscription'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET /v2/notify/management/subscriptions/{config_id}`: the configuration, its keywords' messages and numbers. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	return await preludeApiRequest(this, itemIndex, {
		method: 'GET',
		endpoint: configPath(this, check, itemIndex),
	});
}
