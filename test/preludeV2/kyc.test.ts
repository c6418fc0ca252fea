import type { IDataObject } from 'n8n-workflow';

import { jsonOf, pairingOf, PHONE, usePrelude } from '../support/fixtures';
import { expectRefused, sorted, v2, wireOf } from './helpers';

const prelude = usePrelude();

/** The French number whose operator knows Jeanne Dupont, born 1990-04-12, of Paris. */
const KNOWN = '+33612345678';

const match = (identity: IDataObject = {}, extra: IDataObject = {}) =>
	v2('kyc', 'match', { phoneNumber: KNOWN, identity, ...extra });

/** Every Identity detail, set once, and where each goes on the wire. */
const EVERY_DETAIL = {
	address: '10 rue de Rivoli',
	birthdate: '1990-04-12',
	country: 'fr',
	email: 'jeanne.dupont@example.fr',
	familyName: 'Dupont',
	givenName: 'Jeane',
	locality: 'Paris',
	postalCode: '75001',
	region: 'Ile-de-France',
};
const EVERY_DETAIL_ON_THE_WIRE = {
	address: '10 rue de Rivoli',
	birthdate: '1990-04-12',
	country: 'FR',
	email: 'jeanne.dupont@example.fr',
	family_name: 'Dupont',
	given_name: 'Jeane',
	locality: 'Paris',
	postal_code: '75001',
	region: 'Ile-de-France',
};

describe('Identity Match (KYC) → Match (POST /v2/intel/kyc/match/{phone})', () => {
	test('the number in the path with its "+" raw; only the details given are sent', async () => {
		const result = await prelude.run(match({ givenName: 'Jeanne', familyName: 'Martin' }));

		const [request] = prelude.standIn.requests;
		expect(wireOf(prelude)).toStrictEqual([`POST /v2/intel/kyc/match/${KNOWN}`]);
		expect(request.body).toStrictEqual({ given_name: 'Jeanne', family_name: 'Martin' });
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toStrictEqual(request.answer);
		expect(result.output[0].json).toMatchObject({
			given_name_match: 'true',
			family_name_match: 'false',
			family_name_match_score: expect.any(Number),
		});
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('every Identity detail goes under its wire name', async () => {
		const result = await prelude.run(match(EVERY_DETAIL));

		expect(prelude.standIn.requests[0].body).toStrictEqual(EVERY_DETAIL_ON_THE_WIRE);
		expect(result.output[0].json).toMatchObject({
			address_match: 'true',
			birthdate_match: 'true',
			country_match: 'true',
			email_match: 'true',
			family_name_match: 'true',
			given_name_match: 'false',
			locality_match: 'true',
			postal_code_match: 'true',
			region_match: 'true',
		});
	});

	test.each([
		['no details', {}],
		['details added but left empty', { givenName: ' ', birthdate: '' }],
	])('%s: refused before anything is sent (nothing to compare)', async (_name, identity) => {
		expectRefused(prelude, await prelude.run(match(identity)), 'Identity has no details to match');
	});

	test('details added but left empty are not sent', async () => {
		await prelude.run(match({ givenName: 'Jeanne', familyName: '', birthdate: ' ' }));

		expect(prelude.standIn.requests[0].body).toStrictEqual({ given_name: 'Jeanne' });
	});

	test('one output item per input item, each paired', async () => {
		const result = await prelude.run(
			match({ givenName: '={{ $json.name }}' }, { phoneNumber: '={{ $json.phone }}' }),
			[
				{ phone: KNOWN, name: 'Jeanne' },
				{ phone: '+33 6 99 99 99 99', name: 'Paul' },
			],
		);

		expect(sorted(wireOf(prelude))).toStrictEqual([
			'POST /v2/intel/kyc/match/+33612345678',
			'POST /v2/intel/kyc/match/+33699999999',
		]);
		expect(jsonOf(result.output).map((o) => o.given_name_match)).toStrictEqual([
			'true',
			'not_available',
		]);
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
	});

	test.each([
		[
			'a birth date in another format',
			{ birthdate: '12/04/1990' },
			'Birth Date "12/04/1990" is not a date written YYYY-MM-DD',
		],
		[
			'a birth date that does not exist',
			{ birthdate: '1990-02-30' },
			'Birth Date "1990-02-30" is not a date written YYYY-MM-DD',
		],
		[
			'a birth date with a time',
			{ birthdate: '1990-04-12T00:00:00Z' },
			'Birth Date "1990-04-12T00:00:00Z" is not a date written YYYY-MM-DD',
		],
		[
			'a birth date that is not text',
			{ birthdate: '={{ 19900412 }}' },
			'Birth Date must be text, but got the number 19900412',
		],
		[
			'a country that is not a code',
			{ country: 'France' },
			'Country "France" is not a two-letter country code',
		],
		['an email that is not one', { email: 'jeanne@' }, 'Email "jeanne@" is not an email address'],
		[
			'a family name that is not text',
			{ familyName: '={{ ["Dupont"] }}' },
			'Family Name must be text, but got a list ["Dupont"]',
		],
	])('%s is refused before anything is sent', async (_name, identity, message) => {
		expectRefused(prelude, await prelude.run(match(identity)), message);
	});

	test('a bad phone number is refused before anything is sent', async () => {
		expectRefused(
			prelude,
			await prelude.run(match({}, { phoneNumber: '06 12 34 56 78' })),
			'Phone Number "06 12 34 56 78" is not a phone number in E.164 format',
		);
	});

	test('a number outside France is Prelude’s refusal, with its code', async () => {
		const result = await prelude.run(match({ givenName: 'Jane' }, { phoneNumber: PHONE }));

		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			'Prelude refused the request: KYC match covers French numbers only (unsupported_region, field phone)',
		);
		expect(prelude.standIn.requests).toHaveLength(1);
	});

	test('Continue On Fail, in both modes: a refused item and a refused number, each in place', async () => {
		const items = [{ phone: KNOWN }, { phone: 'x' }, { phone: PHONE }];
		const params = match({ givenName: 'Jeanne' }, { phoneNumber: '={{ $json.phone }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(regular.output[0].json.given_name_match).toBe('true');
		expect(regular.output[1].json).toMatchObject({
			error: 'Phone Number "x" is not a phone number in E.164 format [item 1]',
			details: { itemIndex: 1 },
		});
		expect(regular.output[2].json).toMatchObject({
			details: { itemIndex: 2, httpCode: '422', code: 'unsupported_region' },
		});

		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }, { item: 2 }]);
	});

	test.each([
		['a 500', { status: 500, body: {} }],
		['a lost connection', { status: 0, fault: 'reset' as const }],
	])('a read: it is retried after %s', async (_name, fault) => {
		prelude.standIn.answerNext(fault);

		const result = await prelude.run(match({ givenName: 'Jeanne' }));

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(prelude.standIn.requests[1].rawBody).toBe(prelude.standIn.requests[0].rawBody);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.given_name_match).toBe('true');
	});
});
