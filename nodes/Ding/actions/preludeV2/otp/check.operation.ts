import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkCodeField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { V2CheckRequest, V2CheckResponse } from '../../../helpers/interfaces';
import { FieldChecker, isJsonObject } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { FieldRow } from '../../../fields/rows';
import { collectionOf, readRows } from '../../../fields/rows';
import { readTarget, targetProperties } from '../../../fields/target';
import type { SendItem } from '../../node.type';

function readPsd2(check: FieldChecker, label: string, value: unknown): V2CheckRequest['psd2'] {
	const transaction = isJsonObject(value) ? value.transaction : undefined;
	if (!isJsonObject(transaction)) return undefined;
	const amount = check.requiredText(
		`${label} → Amount`,
		typeof transaction.amount === 'number' ? String(transaction.amount) : transaction.amount,
		'49.90',
	);
	if (!/^\d+(\.\d+)?$/.test(amount)) {
		throw check.fail(
			`PSD2 Transaction → Amount "${amount}" is not a decimal number`,
			'Give the amount with a dot as decimal separator and no currency sign, e.g. 49.90.',
		);
	}
	const currency = check.requiredText(`${label} → Currency`, transaction.currency, 'EUR');
	if (!/^[A-Za-z]{3}$/.test(currency)) {
		throw check.fail(
			`PSD2 Transaction → Currency "${currency}" is not an ISO 4217 code`,
			'Give the three-letter currency code, e.g. EUR or USD.',
		);
	}
	return {
		amount,
		currency: currency.toUpperCase(),
		recipient: check.requiredText(`${label} → Recipient`, transaction.recipient, 'Acme Ltd'),
	};
}

/** Check's Additional Fields: the optional `psd2` transaction. */
export const CHECK_ROWS: FieldRow[] = [
	{
		property: {
			displayName: 'PSD2 Transaction',
			name: 'psd2',
			type: 'fixedCollection',
			default: {},
			description:
				'The payment a code sent with the prelude:psd2 template confirms (dynamic linking); all three values are needed',
			options: [
				{
					displayName: 'Transaction',
					name: 'transaction',
					values: [
						{
							displayName: 'Amount',
							name: 'amount',
							type: 'string',
							default: '',
							placeholder: 'e.g. 49.90',
							description: 'The amount as a decimal number in text',
						},
						{
							displayName: 'Currency',
							name: 'currency',
							type: 'string',
							default: '',
							placeholder: 'e.g. EUR',
							description: 'The ISO 4217 currency code',
						},
						{
							displayName: 'Recipient',
							name: 'recipient',
							type: 'string',
							default: '',
							placeholder: 'e.g. Acme Ltd',
							description: 'Who is paid',
						},
					],
				},
			],
		},
		wire: ['psd2'],
		read: readPsd2,
	},
];

const properties: INodeProperties[] = [
	...targetProperties,
	checkCodeField('success, failure or expired_or_not_found'),
	collectionOf(
		{ displayName: 'Additional Fields', name: 'checkFields', placeholder: 'Add Field' },
		CHECK_ROWS,
	),
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['check'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: V2CheckRequest = {
		target: readTarget(this, check, itemIndex),
		code: check.requiredText('Check Code', this.getNodeParameter('checkCode', itemIndex), '123456'),
	};
	readRows(
		check,
		this.getNodeParameter('checkFields', itemIndex, {}) as IDataObject,
		CHECK_ROWS,
		body as unknown as IDataObject,
	);

	return async () => {
		const answer = await preludeApiRequest<V2CheckResponse>(this, itemIndex, {
			method: 'POST',
			endpoint: '/v2/verification/check',
			body: body as unknown as IDataObject,
			notRepeatable: {
				outcome: 'the check may or may not have been recorded',
				howToCheck: `A correct code closes the verification, so checking it again answers expired_or_not_found. Ask the user to wait, then Send a new code to ${body.target.value} if the first one can no longer be checked.`,
			},
		});
		// Prelude's answer, plus the node's one added key: whether the code verified the target
		// (for an IF node: `status` means something else in Send's answer), and the target.
		return {
			...answer,
			dingVerification: { verified: answer.status === 'success', target: { ...body.target } },
		};
	};
}
