import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type { FieldRow } from '../../../fields/rows';
import { collectionOf, readRows } from '../../../fields/rows';
import { describeValue, FieldChecker } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

/** A text detail of the person, sent under `wire` when set. */
function detail(
	displayName: string,
	name: string,
	wire: string,
	example: string,
	description: string,
): FieldRow {
	return {
		property: {
			displayName,
			name,
			type: 'string',
			default: '',
			placeholder: `e.g. ${example}`,
			description,
		},
		wire: [wire],
		read: (c, l, v) => c.requiredText(l, v, example),
	};
}

export const IDENTITY_ROWS: FieldRow[] = [
	detail('Address', 'address', 'address', '12 rue de Rivoli', 'The street address'),
	{
		property: {
			displayName: 'Birth Date',
			name: 'birthdate',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1990-04-21',
			description: 'The date of birth as YYYY-MM-DD; compared exactly',
		},
		wire: ['birthdate'],
		read: (c, l, v) => {
			const date = c.requiredText(l, v, '1990-04-21');
			const parsed = new Date(`${date}T00:00:00Z`);
			if (
				!/^\d{4}-\d{2}-\d{2}$/.test(date) ||
				Number.isNaN(parsed.getTime()) ||
				parsed.toISOString().slice(0, 10) !== date
			) {
				throw c.fail(
					`${l} "${date}" is not a date written YYYY-MM-DD`,
					'Give the date of birth as year-month-day, e.g. 1990-04-21.',
				);
			}
			return date;
		},
	},
	{
		property: {
			displayName: 'Country',
			name: 'country',
			type: 'string',
			default: '',
			placeholder: 'e.g. FR',
			description: 'The country as an ISO 3166-1 alpha-2 code; compared exactly',
		},
		wire: ['country'],
		read: (c, l, v) => {
			const country = c.requiredText(l, v, 'FR').toUpperCase();
			if (!/^[A-Z]{2}$/.test(country)) {
				throw c.fail(
					`${l} ${describeValue(v)} is not a two-letter country code`,
					'Give an ISO 3166-1 alpha-2 code, e.g. FR.',
				);
			}
			return country;
		},
	},
	{
		property: {
			displayName: 'Email',
			name: 'email',
			type: 'string',
			default: '',
			placeholder: 'e.g. name@email.com',
			description: 'The email address',
		},
		wire: ['email'],
		read: (c, l, v) => c.email(l, v),
	},
	detail('Family Name', 'familyName', 'family_name', 'Martin', 'The last name'),
	detail('Given Name', 'givenName', 'given_name', 'Camille', 'The first name'),
	detail('Locality', 'locality', 'locality', 'Paris', 'The city'),
	detail('Postal Code', 'postalCode', 'postal_code', '75001', 'The postal code; compared exactly'),
	detail('Region', 'region', 'region', 'Île-de-France', 'The region'),
];

const properties: INodeProperties[] = [
	{
		...phoneNumberField,
		description: `The person's mobile number (French operators only). ${phoneNumberField.description}`,
	},
	collectionOf(
		{
			displayName: 'Identity',
			name: 'identity',
			placeholder: 'Add Detail',
			description: "The details to compare with the mobile operator's records; send those you have",
		},
		IDENTITY_ROWS,
	),
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['kyc'], operation: ['match'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * `POST /v2/intel/kyc/match/{phone}`, the number in the path as the official clients send it
 * ("+" included): each detail answers "true", "false" or "not_available", with a score on a
 * mismatch. Prelude enables it per account, for numbers of French operators. A read, so a failed
 * request is safe to repeat.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const phone = check.phoneNumber('Phone Number', this.getNodeParameter('phoneNumber', itemIndex));
	const body: IDataObject = {};
	readRows(
		check,
		this.getNodeParameter('identity', itemIndex, {}) as IDataObject,
		IDENTITY_ROWS,
		body,
	);
	// Nothing to compare is no match; and n8n's request helper would send no body at all for {}.
	if (Object.keys(body).length === 0) {
		throw check.fail(
			'Identity has no details to match',
			"Add at least one detail under Identity, e.g. Given Name and Family Name, to compare with the operator's records.",
		);
	}
	return async () =>
		await preludeApiRequest(this, itemIndex, {
			method: 'POST',
			endpoint: `/v2/intel/kyc/match/${phone}`,
			body,
		});
}
