import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { DISPATCH_ID_ROW, SIGNAL_ROWS, signalsCollection } from '../../../fields/signals';
import { readTarget, targetProperties } from '../../../fields/target';
import { readVariables, TEMPLATE_VARIABLES_ROW } from '../../../fields/templateVariables';
import type { FieldRow } from '../../../fields/rows';
import { collectionOf, readRows } from '../../../fields/rows';
import { FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

/** Attributes: the name → value map a flow's rules read, entered as Template Variables are. */
const ATTRIBUTES_ROW: FieldRow = {
	property: {
		...TEMPLATE_VARIABLES_ROW.property,
		displayName: 'Attributes',
		name: 'attributes',
		placeholder: 'Add Attribute',
		description:
			'Values the flow’s rules read, by name without the attr. prefix, e.g. plan = premium; a rule whose attribute is missing is not evaluated',
	},
	wire: ['attributes'],
	read: readVariables,
};

export const EVALUATE_ROWS = [ATTRIBUTES_ROW, DISPATCH_ID_ROW];

const properties: INodeProperties[] = [
	{
		displayName: 'Flow ID',
		name: 'flowId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. flo_01jd1xq0cffycayqtdkdbv4d61',
		description:
			'The Watch flow whose recipes (rule sets) judge the user, from the Prelude dashboard',
	},
	...targetProperties,
	collectionOf(
		{ displayName: 'Additional Fields', name: 'evaluateFields', placeholder: 'Add Field' },
		EVALUATE_ROWS,
	),
	signalsCollection,
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['watch'], operation: ['evaluate'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `POST /v2/watch/eval` (beta in Prelude's clients): runs a flow's rules on a user and answers
 * an action (ALLOW, BLOCK, CHALLENGE) with each recipe's score. It texts nobody and changes
 * nothing, so a failed request is safe to repeat.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: IDataObject = {
		flow_id: check.requiredText(
			'Flow ID',
			this.getNodeParameter('flowId', itemIndex),
			'flo_01jd1xq0cffycayqtdkdbv4d61',
		),
		target: readTarget(this, check, itemIndex),
	};
	readRows(
		check,
		this.getNodeParameter('evaluateFields', itemIndex, {}) as IDataObject,
		EVALUATE_ROWS,
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
			endpoint: '/v2/watch/eval',
			body,
		});
}
