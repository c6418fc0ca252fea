// @ts-check
'use strict';

/** Notify's subscription lists: the seeded configurations, their numbers and events, paged. */

const { ok, paginate, v2Error } = require('./answers');

/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */
/**
 * @typedef {{ config_id: string, phone_number: string, state: 'SUB' | 'UNSUB',
 *   source: 'MO_KEYWORD' | 'API' | 'CSV_IMPORT' | 'CARRIER_DISCONNECT', reason?: string,
 *   timestamp: string }} SubscriptionEvent
 * @typedef {{ id: string, name: string, callback_url: string, created_at: string,
 *   updated_at: string, messages: Record<string, string>,
 *   mo_phone_numbers: Array<{ country_code: string, phone_number: string }> }} SubscriptionConfig
 */

/** The subscription configuration with enough numbers and events to page through. */
const SUBSCRIPTION_CONFIG_ID = 'subcfg_01k8ap1btqf5r9fq2c8ax5fhc9';

/**
 * The Notify subscription data every stand-in holds (Prelude fills it from keywords people text,
 * CSV imports and carriers; no endpoint changes it), as python-sdk 0.13.0's notify_*_response.py
 * shape it. Three configurations; the first holds seven numbers, +33612345601 with five events, so
 * a limit of 2 or 3 takes several pages of each list. Events are oldest first here, as rows of
 * state, source, reason and time.
 * @type {Array<{ id: string, name: string, created_at: string,
 *   mo_phone_numbers: SubscriptionConfig['mo_phone_numbers'],
 *   numbers: Record<string, Array<[SubscriptionEvent['state'], SubscriptionEvent['source'],
 *     string | undefined, string]>> }>}
 */
const SUBSCRIPTION_SEED = [
	{
		id: SUBSCRIPTION_CONFIG_ID,
		name: 'Marketing Campaign',
		created_at: '2025-01-02T09:00:00Z',
		mo_phone_numbers: [
			{ country_code: 'FR', phone_number: '36184' },
			{ country_code: 'US', phone_number: '+15551234567' },
		],
		numbers: {
			'+33612345601': [
				['SUB', 'CSV_IMPORT', undefined, '2025-01-06T09:00:00Z'],
				['UNSUB', 'MO_KEYWORD', 'STOP', '2025-02-03T18:12:00Z'],
				['SUB', 'MO_KEYWORD', 'START', '2025-03-10T08:30:00Z'],
				['UNSUB', 'MO_KEYWORD', 'STOP', '2025-04-21T20:05:00Z'],
				['SUB', 'API', undefined, '2025-05-15T11:00:00Z'],
			],
			'+33612345602': [
				['SUB', 'CSV_IMPORT', undefined, '2025-01-06T09:00:00Z'],
				['UNSUB', 'MO_KEYWORD', 'STOP', '2025-02-14T10:00:00Z'],
			],
			'+33612345603': [['SUB', 'API', undefined, '2025-01-07T12:00:00Z']],
			'+33612345604': [
				['SUB', 'CSV_IMPORT', undefined, '2025-01-06T09:00:00Z'],
				['UNSUB', 'MO_KEYWORD', 'ARRET', '2025-03-01T07:45:00Z'],
				['SUB', 'MO_KEYWORD', 'START', '2025-03-02T07:45:00Z'],
			],
			'+33612345605': [
				['SUB', 'API', undefined, '2025-01-08T15:30:00Z'],
				['UNSUB', 'CARRIER_DISCONNECT', undefined, '2025-06-01T00:00:00Z'],
			],
			'+33612345606': [['SUB', 'MO_KEYWORD', 'START', '2025-02-20T19:00:00Z']],
			'+33612345607': [['SUB', 'CSV_IMPORT', undefined, '2025-01-06T09:00:00Z']],
		},
	},
	{
		id: 'subcfg_01k8ap2x7d3m4n5p6q7r8s9t0v',
		name: 'Product Updates',
		created_at: '2025-02-01T09:00:00Z',
		mo_phone_numbers: [{ country_code: 'GB', phone_number: '+447700900555' }],
		numbers: {
			'+447700900501': [['SUB', 'API', undefined, '2025-02-02T10:00:00Z']],
			'+447700900502': [
				['SUB', 'API', undefined, '2025-02-02T10:00:00Z'],
				['UNSUB', 'MO_KEYWORD', 'STOP', '2025-02-09T10:00:00Z'],
			],
		},
	},
	{
		id: 'subcfg_01k8ap3c9e5f6g7h8j9k0m1n2p',
		name: 'Weekly Digest',
		created_at: '2025-03-01T09:00:00Z',
		mo_phone_numbers: [],
		numbers: {},
	},
];

/** The seed as the API answers it. */
const SUBSCRIPTIONS = SUBSCRIPTION_SEED.map((seed) => {
	/** @type {SubscriptionConfig} */
	const config = {
		id: seed.id,
		name: seed.name,
		callback_url: 'https://example.com/webhooks/subscriptions',
		messages: {
			help_message: 'Reply STOP to unsubscribe or START to resubscribe.',
			start_message: 'You have been resubscribed. Reply STOP to unsubscribe.',
			stop_message: 'You have been unsubscribed. Reply START to resubscribe.',
		},
		created_at: seed.created_at,
		updated_at: seed.created_at,
		mo_phone_numbers: seed.mo_phone_numbers,
	};
	/** @type {Map<string, SubscriptionEvent[]>} newest first, as the API lists them */
	const events = new Map(
		Object.entries(seed.numbers).map(([phone_number, rows]) => [
			phone_number,
			rows
				.map(([state, source, reason, timestamp]) => ({
					config_id: seed.id,
					phone_number,
					state,
					source,
					...(reason ? { reason } : {}),
					timestamp,
				}))
				.reverse(),
		]),
	);
	return { config, events };
});

/**
 * A number's subscription as the API answers it: its latest event.
 * @param {SubscriptionEvent} latest
 */
function subscriptionOf(latest) {
	const { timestamp, ...rest } = latest;
	return { ...rest, updated_at: timestamp };
}

/**
 * A seeded subscription configuration and its numbers' events, or the 404 for an unknown one.
 * @param {string} id
 */
function seededConfig(id) {
	const found = SUBSCRIPTIONS.find((s) => s.config.id === id);
	if (found) return found;
	return { problem: v2Error(404, 'not_found', `no subscription configuration ${id}`, 'config_id') };
}

/**
 * A number's events in a seeded configuration, newest first, or the 404 for an unknown one.
 * @param {string} id @param {string} number
 */
function seededEvents(id, number) {
	const found = seededConfig(id);
	if ('problem' in found) return found;
	const events = found.events.get(number);
	if (events) return { events };
	const message = `${number} is not in subscription configuration ${id}`;
	return { problem: v2Error(404, 'not_found', message, 'phone_number') };
}

/**
 * A page as the list endpoints answer it: the items under their name, and `next_cursor` unless it
 * is the last page.
 * @template T @param {string} name @param {ReturnType<typeof paginate<T>>} page
 * @returns {ScriptedAnswer}
 */
function pageAnswer(name, page) {
	if ('problem' in page) return page.problem;
	const { items, ...next } = page;
	return ok({ [name]: items, ...next });
}

/** GET /v2/notify/management/subscriptions. @param {Record<string, any>} query */
function subscriptionConfigs(query) {
	const configs = SUBSCRIPTIONS.map((s) => s.config);
	return pageAnswer(
		'configs',
		paginate(configs, (config) => config.id, 'configs', query),
	);
}

/** GET /v2/notify/management/subscriptions/{config_id}. @param {string} id */
function subscriptionConfig(id) {
	const found = seededConfig(id);
	return 'problem' in found ? found.problem : ok(found.config);
}

/**
 * GET …/subscriptions/{config_id}/phone_numbers: each number's latest state, by number, filtered
 * by state; a cursor goes with the state filter it was given with.
 * @param {string} id @param {Record<string, any>} query
 */
function subscriptionNumbers(id, query) {
	const found = seededConfig(id);
	if ('problem' in found) return found.problem;
	const numbers = [...found.events.values()]
		.map((events) => subscriptionOf(events[0]))
		.filter((number) => query.state === undefined || number.state === query.state)
		.sort((a, b) => a.phone_number.localeCompare(b.phone_number));
	const list = `phone_numbers ${id} ${query.state ?? ''}`;
	return pageAnswer(
		'phone_numbers',
		paginate(numbers, (n) => n.phone_number, list, query),
	);
}

/** GET …/subscriptions/{config_id}/phone_numbers/{phone_number}. @param {string} id @param {string} number */
function subscriptionNumber(id, number) {
	const found = seededEvents(id, number);
	return 'problem' in found ? found.problem : ok(subscriptionOf(found.events[0]));
}

/**
 * GET …/subscriptions/{config_id}/phone_numbers/{phone_number}/events, newest first.
 * @param {string} id @param {string} number @param {Record<string, any>} query
 */
function subscriptionEvents(id, number, query) {
	const found = seededEvents(id, number);
	if ('problem' in found) return found.problem;
	const list = `events ${id} ${number}`;
	return pageAnswer(
		'events',
		paginate(found.events, (e) => e.timestamp, list, query),
	);
}

module.exports = {
	SUBSCRIPTION_CONFIG_ID,
	SUBSCRIPTIONS,
	subscriptionConfigs,
	subscriptionConfig,
	subscriptionNumbers,
	subscriptionNumber,
	subscriptionEvents,
};
