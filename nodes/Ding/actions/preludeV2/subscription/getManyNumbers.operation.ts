import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listProperties, readLimit } from '../../../fields/list';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { FieldRow } from '../../../fields/rows';
import { collectionOf, readRows } from '../../../fields/rows';
import { describeValue, FieldChecker } from '../../../helpers/validation';
import { getPages } from '../../../transport/list';

import { configIdField, configPath } from './fields';
import type { SendItem } from '../../node.type';

const STATES = ['SUB', 'UNSUB'] as const;

/** The filter of the numbers' list, sent in the query. */
export const NUMBER_FILTER_ROWS: FieldRow[] = [
	{
		property: {
			displayName: 'State',
			name: 'state',
			type: 'options',
			default: 'UNSUB',
			options: [
				{ name: 'Subscribed', value: 'SUB' },
				{ name: 'Unsubscribed', value: 'UNSUB' },
			],
			description: 'Only numbers in this state',
		},
		wire: ['state'],
		read: (c, l, v) => {
			const state = c.requiredText(l, v, 'UNSUB').toUpperCase();
			const known = STATES.find((s) => s === state);
			if (!known) {
				throw c.fail(
					`${l} ${describeValue(v)} is not one of ${STATES.join(', ')}`,
					`Use one of ${STATES.join(', ')} (in any case).`,
				);
			}
			return known;
		},
	},
];

const properties: INodeProperties[] = [
	configIdField,
	...listProperties,
	collectionOf(
		{ displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' },
		NUMBER_FILTER_ROWS,
	),
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['subscription'], operation: ['getManyNumbers'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** `GET …/subscriptions/{config_id}/phone_numbers`, page by page: one item per number and its state. */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const qs: IDataObject = {};
	readRows(
		check,
		this.getNodeParameter('filters', itemIndex, {}) as IDataObject,
		NUMBER_FILTER_ROWS,
		qs,
	);
	const endpoint = `${configPath(this, check, itemIndex)}/phone_numbers`;
	const limit = readLimit(this, check, itemIndex);
	return async () => await getPages(this, itemIndex, { endpoint, key: 'phone_numbers', limit, qs });
}
