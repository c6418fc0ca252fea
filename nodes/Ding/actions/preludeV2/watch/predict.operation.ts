import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { DISPATCH_ID_ROW, SIGNAL_ROWS, signalsCollection } from '../../../fields/signals';
import { readTarget, targetProperties } from '../../../fields/target';
import { CORRELATION_ID_ROW } from '../../../fields/verification';
import { collectionOf, readRows } from '../../../fields/rows';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

export const PREDICT_ROWS = [CORRELATION_ID_ROW, DISPATCH_ID_ROW];

const properties: INodeProperties[] = [
	...targetProperties,
	collectionOf(
		{ displayName: 'Additional Fields', name: 'predictFields', placeholder: 'Add Field' },
		PREDICT_ROWS,
	),
	signalsCollection,
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['watch'], operation: ['predict'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `POST /v2/watch/predict`: whether a sign-up looks legitimate or suspicious, before paying for a
 * code. It texts nobody and changes nothing, so a failed request is safe to repeat.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: IDataObject = { target: readTarget(this, check, itemIndex) };
	readRows(
		check,
		this.getNodeParameter('predictFields', itemIndex, {}) as IDataObject,
		PREDICT_ROWS,
		body,
	);
	readRows(
		check,
		this.getNodeParameter('signals', itemIndex, {}) as IDataObject,
		SIGNAL_ROWS,
		body,
	);
	return async () =>
		await preludeApiRequest(this, itemIndex, {
			method: 'POST',
			endpoint: '/v2/watch/predict',
			body,
		});
}
