// @ts-check
'use strict';

/** What the Prelude stand-in's answers are built from: errors, IDs, pages, echoed fields, prices. */

const crypto = require('node:crypto');

/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */

/** @param {number} status @param {string} code @param {string} message @param {string} [param] @returns {ScriptedAnswer} */
function v2Error(status, code, message, param) {
	return {
		status,
		body: {
			code,
			message,
			...(param ? { param } : {}),
			request_id: `req_${crypto.randomBytes(8).toString('hex')}`,
		},
	};
}

/** A Prelude-style ID: a prefix and 26 lower-case base-32 characters. @param {string} prefix */
function preludeId(prefix) {
	const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
	let id = '';
	for (const byte of crypto.randomBytes(26)) id += alphabet[byte % 32];
	return `${prefix}_${id}`;
}

/**
 * One page of a list, through an opaque cursor (base64 JSON, as Prelude's) that names the list it
 * belongs to and the last item it gave. A cursor of another list, or not one at all, is refused.
 * @template T
 * @param {T[]} items the whole list, in its order
 * @param {(item: T) => string} keyOf what identifies an item in the list
 * @param {string} list what identifies the list: its endpoint, path parameters and filters
 * @param {{ cursor?: string, limit?: number }} page
 * @returns {{ items: T[], next_cursor?: string } | { problem: ScriptedAnswer }}
 */
function paginate(items, keyOf, list, page) {
	let start = 0;
	if (page.cursor !== undefined) {
		/** @type {unknown} */
		let after;
		try {
			const bytes = Buffer.from(page.cursor, 'base64');
			const read = JSON.parse(bytes.toString('utf8'));
			if (bytes.toString('base64') === page.cursor && read.list === list) after = read.after;
		} catch {
			after = undefined;
		}
		start = items.findIndex((item) => keyOf(item) === after) + 1;
		if (start === 0)
			return {
				problem: v2Error(422, 'invalid_cursor', 'cursor is not a cursor of this list', 'cursor'),
			};
	}
	const limit = page.limit ?? 50;
	const slice = items.slice(start, start + limit);
	if (start + limit >= items.length) return { items: slice };
	const after = keyOf(slice[slice.length - 1]);
	return {
		items: slice,
		next_cursor: Buffer.from(JSON.stringify({ list, after })).toString('base64'),
	};
}

/** What n messages cost, as Money: 0.009 EUR each, as the webhook events price them. @param {number} n */
function cost(n) {
	return { amount: (n * 0.009).toFixed(3), currency: 'EUR' };
}

/** The network a number is on, for the countries the stand-in knows. @param {string} number */
function networkOf(number) {
	if (number.startsWith('+1')) return { region: 'US', carrier: 'AT&T', mccmnc: '310410' };
	if (number.startsWith('+44')) return { region: 'GB', carrier: 'Vodafone', mccmnc: '23415' };
	if (number.startsWith('+33')) return { region: 'FR', carrier: 'Orange', mccmnc: '20801' };
	return undefined;
}

/**
 * The fields of a request that it holds, to echo in an answer.
 * @param {Record<string, unknown>} body @param {string[]} names
 */
function optional(body, names) {
	return Object.fromEntries(names.filter((name) => name in body).map((name) => [name, body[name]]));
}

/** A 200 answer. @param {unknown} body @returns {ScriptedAnswer} */
function ok(body) {
	return { status: 200, body };
}

module.exports = { v2Error, preludeId, paginate, cost, networkOf, optional, ok };
