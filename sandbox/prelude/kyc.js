// @ts-check
'use strict';

/** Intel's KYC match against the seeded identity. */

const { preludeId, v2Error } = require('./answers');

/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */
/**
 * What the French operators know of their subscribers: KYC match answers for these numbers; any
 * other French number has nothing available, and a number of another country is refused.
 */
const KYC_IDENTITIES = {
	'+33612345678': {
		given_name: 'Jeanne',
		family_name: 'Dupont',
		birthdate: '1990-04-12',
		email: 'jeanne.dupont@example.fr',
		address: '10 rue de Rivoli',
		postal_code: '75001',
		locality: 'Paris',
		region: 'Île-de-France',
		country: 'FR',
	},
};

/** Fields compared exactly; the others are compared loosely and scored when they differ. */
const KYC_EXACT = ['birthdate', 'country', 'postal_code'];

/** A name without case, accents or extra spaces. @param {string} text */
function folded(text) {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** How alike two texts are, 0 to 99 (Dice's coefficient over letter pairs). @param {string} a @param {string} b */
function likeness(a, b) {
	const pairs = (/** @type {string} */ text) =>
		Array.from({ length: Math.max(text.length - 1, 0) }, (_, i) => text.slice(i, i + 2));
	const left = pairs(a);
	const right = pairs(b);
	const total = left.length + right.length;
	const shared = left.filter((pair) => {
		const i = right.indexOf(pair);
		if (i >= 0) right.splice(i, 1);
		return i >= 0;
	}).length;
	return total === 0 ? 0 : Math.min(99, Math.floor((200 * shared) / total));
}

/**
 * POST /v2/intel/kyc/match/{phone} (python-sdk 0.15.0): each field given is "true", "false" (with
 * a score for a loosely compared field) or "not_available". France only.
 * @param {string} phone @param {Record<string, string>} body @returns {ScriptedAnswer}
 */
function kycMatch(phone, body) {
	if (!phone.startsWith('+33'))
		return v2Error(422, 'unsupported_region', 'KYC match covers French numbers only', 'phone');
	const identity = /** @type {Record<string, string> | undefined} */ (
		KYC_IDENTITIES[/** @type {keyof typeof KYC_IDENTITIES} */ (phone)]
	);
	/** @type {Record<string, string | number>} */
	const matches = {};
	for (const [field, given] of Object.entries(body)) {
		const known = identity?.[field];
		if (known === undefined) {
			matches[`${field}_match`] = 'not_available';
			continue;
		}
		const exact = KYC_EXACT.includes(field);
		const same = exact ? given === known : folded(given) === folded(known);
		matches[`${field}_match`] = same ? 'true' : 'false';
		if (!same && !exact) matches[`${field}_match_score`] = likeness(folded(given), folded(known));
	}
	return {
		status: 200,
		body: {
			phone_number: phone,
			country_code: 'FR',
			operator: 'Orange',
			...matches,
			request_id: preludeId('req'),
		},
	};
}

module.exports = { kycMatch };
