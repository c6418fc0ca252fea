import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import {
	checkCodeField,
	optionsCollection,
	requestOptionFields,
} from '../../../descriptions/common';
import type { V2CheckRequest, V2CheckResponse } from '../../../helpers/interfaces';
import { FieldChecker, isJsonObject } from '../../../helpers/validation';
import { preludeApiRequest, requestSettings } from '../../../transport';
import { readTarget, targetProperties } from '../fields';

const properties: INodeProperties[] = [
	...targetProperties,
	checkCodeField('success, failure or expired_or_not_found'),
	{
		displayName: 'Additional Fields',
		name: 'checkFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
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
		],
	},
	optionsCollection(requestOptionFields),
];

const displayOptions = {
	show: {
		api: ['preludeV2'],
		resource: ['otp'],
		operation: ['check'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

function readPsd2(check: FieldChecker, fields: IDataObject): V2CheckRequest['psd2'] {
	const transaction = isJsonObject(fields.psd2) ? fields.psd2.transaction : undefined;
	if (!isJsonObject(transaction)) return undefined;
	const amount = check.requiredText(
		'PSD2 Transaction → Amount',
		typeof transaction.amount === 'number' ? String(transaction.amount) : transaction.amount,
		'49.90',
	);
	if (!/^\d+(\.\d+)?$/.test(amount)) {
		throw check.fail(
			`PSD2 Transaction → Amount "${amount}" is not a decimal number`,
			'Give the amount with a dot as decimal separator and no currency sign, e.g. 49.90.',
		);
	}
	const currency = check.requiredText('PSD2 Transaction → Currency', transaction.currency, 'EUR');
	if (!/^[A-Za-z]{3}$/.test(currency)) {
		throw check.fail(
			`PSD2 Transaction → Currency "${currency}" is not an ISO 4217 code`,
			'Give the three-letter currency code, e.g. EUR or USD.',
		);
	}
	return {
		amount,
		currency: currency.toUpperCase(),
		recipient: check.requiredText(
			'PSD2 Transaction → Recipient',
			transaction.recipient,
			'Acme Ltd',
		),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const body: V2CheckRequest = {
		target: readTarget(this, check, itemIndex),
		code: check.requiredText('Check Code', this.getNodeParameter('checkCode', itemIndex), '123456'),
	};
	const psd2 = readPsd2(check, this.getNodeParameter('checkFields', itemIndex, {}) as IDataObject);
	if (psd2) body.psd2 = psd2;

	return await preludeApiRequest<V2CheckResponse>(this, itemIndex, {
		method: 'POST',
		endpoint: '/v2/verification/check',
		body: body as unknown as IDataObject,
		settings: requestSettings(
			check,
			this.getNodeParameter('options', itemIndex, {}) as IDataObject,
		),
		notRepeatable: {
			outcome: 'the check may or may not have been recorded',
			howToCheck: `A correct code closes the verification, so checking it again answers expired_or_not_found. Ask the user to wait, then Send a new code to ${body.target.value} if the first one can no longer be checked.`,
		},
	});
}
