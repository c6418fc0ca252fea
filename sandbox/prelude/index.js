// @ts-check
'use strict';

/**
 * A strict local stand-in for Prelude's API v2 (https://api.prelude.dev/v2), serving every endpoint
 * of Prelude's official clients: Verify (verifications, checks, their history, the allow, block and
 * sandbox lists, sender IDs), Lookup, Watch (predictions, evaluations, events, feedbacks), Notify
 * (messages, replies, subscription lists), Intel (KYC match) and the deprecated Transactional API:
 * python-sdk 0.13.0's 19 methods and the 8 that python-sdk 0.15.0 added. Bearer auth; each request
 * is checked against its model in V2_MODELS (path parameters, query string and JSON body, field by
 * field): unknown fields, wrong types, missing required fields, bad enums and bad formats are
 * refused in v2's error shape, a malformed request with 400 invalid_request and a well-formed but
 * invalid value with 422 and the field's own code. Every answer is JSON.
 *
 * It keeps state as Prelude does: verification windows (a create inside the window of the same
 * target is a retry), checks, the allow and block lists (a blocked number's verifications are
 * blocked), sandbox numbers (a fixed code, nothing sent), sender IDs, the history of every
 * verification, Watch feedbacks, events and predictions, the messages sent and the WhatsApp
 * messages received (`inbound`, for replies). The Notify subscription lists and one KYC identity
 * are seeded (SUBSCRIPTION_SEED, KYC_IDENTITIES); lists are paged by cursor. Webhook events are
 * signed with RSASSA-PSS SHA-256 under a key pair the tests generate. The Ding stand-in serves it
 * on the same port under /v2, so one sandbox answers both APIs.
 */

const { ok, preludeId, v2Error } = require('./answers');
const { kycMatch } = require('./kyc');
const { PreludeMessages } = require('./messages');
const { V2_MODELS } = require('./models');
const { SUSPICIOUS_PHONE } = require('./rules');
const { sign, webhookKeyPair } = require('./signing');
const {
	SUBSCRIPTION_CONFIG_ID,
	subscriptionConfig,
	subscriptionConfigs,
	subscriptionEvents,
	subscriptionNumber,
	subscriptionNumbers,
} = require('./subscriptions');
const {
	checkRule,
	firstProblem,
	matchRoute,
	officialPathEncoding,
	readQuery,
} = require('./validate');

/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */
/** @typedef {import('../server').RecordedRequest} RecordedRequest */
/** @typedef {import('./rules').V2Input} V2Input */
/** @typedef {import('./state').Verification} Verification */
/** @typedef {import('./state').PreludeOptions} PreludeOptions */

class PreludeStandIn extends PreludeMessages {
	/** @param {PreludeOptions} options */
	constructor(options) {
		super(options);
		/** @type {Record<string, (input: V2Input) => ScriptedAnswer>} one per V2_MODELS entry */
		this.handlers = {
			'POST /v2/verification': ({ body }) => this.create(body),
			'POST /v2/verification/check': ({ body }) => this.check(body),
			'GET /v2/verification/phone/history': ({ query }) => this.historyList(query),
			'GET /v2/verification/phone/history/{id}': ({ params }) => this.historyEntry(params.id),
			'GET /v2/verification/management/phone-numbers/{action}': ({ params }) =>
				ok({ phone_numbers: this.list(params.action).listed() }),
			'POST /v2/verification/management/phone-numbers/{action}': ({ params, body }) => {
				this.list(params.action).add(body.phone_number);
				// Prelude's API reference answers this one "Created"; adding a number twice is no error.
				return { status: 201, body: { phone_number: body.phone_number } };
			},
			'DELETE /v2/verification/management/phone-numbers/{action}': ({ params, body }) => {
				this.list(params.action).delete(body.phone_number);
				return ok({ phone_number: body.phone_number });
			},
			'GET /v2/verification/management/phone-numbers/sandbox': () => this.sandboxList(),
			'PUT /v2/verification/management/phone-numbers/sandbox': ({ body }) => this.sandboxAdd(body),
			'DELETE /v2/verification/management/phone-numbers/sandbox/{phone_number}': ({ params }) => {
				this.sandbox.delete(params.phone_number);
				return ok({ phone_number: params.phone_number });
			},
			'GET /v2/verification/management/sender-id': () =>
				ok({
					sender_ids: [...this.senderIds.values()].map(({ sender_id, status }) => ({
						sender_id,
						status,
					})),
				}),
			'POST /v2/verification/management/sender-id': ({ body }) => this.submitSenderId(body),
			'GET /v2/lookup/{phone_number}': ({ params, query }) =>
				this.lookup(params.phone_number, /** @type {string[]} */ (query.type ?? [])),
			'POST /v2/watch/predict': ({ body }) => this.predict(body),
			'POST /v2/watch/eval': ({ body }) => this.evaluate(body),
			'POST /v2/watch/event': ({ body }) => {
				this.watchEvents.push(...body.events);
				return ok({ request_id: preludeId('req'), status: 'success' });
			},
			'POST /v2/watch/feedback': ({ body }) => {
				this.feedbacks.push(...body.feedbacks);
				return ok({ request_id: preludeId('req'), status: 'success' });
			},
			'POST /v2/notify': ({ body }) => this.notify(body),
			'POST /v2/notify/batch': ({ body }) => this.notifyBatch(body),
			'POST /v2/notify/reply': ({ body }) => this.reply(body),
			'GET /v2/notify/management/subscriptions': ({ query }) => subscriptionConfigs(query),
			'GET /v2/notify/management/subscriptions/{config_id}': ({ params }) =>
				subscriptionConfig(params.config_id),
			'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers': ({ params, query }) =>
				subscriptionNumbers(params.config_id, query),
			'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}': ({
				params,
			}) => subscriptionNumber(params.config_id, params.phone_number),
			'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}/events': ({
				params,
				query,
			}) => subscriptionEvents(params.config_id, params.phone_number, query),
			'POST /v2/transactional': ({ body }) => this.transactional(body),
			'POST /v2/intel/kyc/match/{phone}': ({ params, body }) => kycMatch(params.phone, body),
		};
		for (const key of Object.keys(V2_MODELS))
			if (!this.handlers[key]) throw new Error(`the stand-in has no handler for ${key}`);
	}

	/**
	 * Authenticates a request, finds its endpoint, reads its path parameters, query string and body
	 * as the official clients write them, checks them against the endpoint's model, and answers.
	 * The request is recorded with `body` set to its JSON body, or, for an endpoint without one, to
	 * its path parameters and query.
	 * @param {RecordedRequest} record
	 * @param {(r: RecordedRequest) => ScriptedAnswer | undefined} takeScripted
	 * @returns {ScriptedAnswer}
	 */
	answer(record, takeScripted) {
		const auth = record.headers.authorization;
		if (auth === undefined || auth === '')
			return v2Error(401, 'missing_api_token', 'An API token is required');
		if (auth !== `Bearer ${this.apiKey}`)
			return v2Error(401, 'invalid_api_key', 'The API key is invalid');

		const route = matchRoute(record.method, record.path);
		if (!route) return { status: 404, body: { message: 'Not Found' } };
		if ('allowed' in route) {
			const answer = v2Error(
				405,
				'method_not_allowed',
				`${record.path} takes ${route.allowed.join(', ')}, not ${record.method}`,
			);
			return { ...answer, headers: { allow: route.allowed.join(', ') } };
		}
		const model = V2_MODELS[route.key];

		/** @type {Record<string, string>} */
		const params = {};
		for (const [name, raw] of Object.entries(route.raw)) {
			try {
				params[name] = decodeURIComponent(raw);
			} catch {
				return v2Error(400, 'invalid_request', 'the path is not percent-encoded correctly');
			}
			if (officialPathEncoding(params[name]) !== raw)
				return v2Error(
					400,
					'invalid_request',
					`the path parameter "${raw}" is not written as the official clients write it`,
					name,
				);
		}

		/** @type {Record<string, any>} */
		let query = {};
		if (model.query) {
			const read = readQuery(model.query, record.url);
			if ('problem' in read) return read.problem;
			query = read.value;
		} else if (record.url.includes('?')) {
			return v2Error(400, 'invalid_request', 'this endpoint takes no query string');
		}

		if (model.body) {
			const contentType = String(record.headers['content-type'] ?? '');
			if (!contentType.startsWith('application/json'))
				return v2Error(
					400,
					'invalid_request',
					`expected content-type application/json, got "${contentType}"`,
				);
			try {
				record.body = JSON.parse(record.rawBody);
			} catch {
				return v2Error(400, 'invalid_request', 'the body is not JSON');
			}
		} else {
			if (record.rawBody !== '')
				return v2Error(400, 'invalid_request', `a ${record.method} request here takes no body`);
			record.body = { ...params, ...query };
		}

		/** @type {ScriptedAnswer[]} */
		const problems = [];
		if (model.path) checkRule({ type: 'object', fields: model.path }, params, '', problems);
		if (model.query) checkRule(model.query, query, '', problems);
		if (model.body) checkRule(model.body, record.body, '', problems);
		const problem = firstProblem(problems);
		if (problem) return problem;

		const scripted = takeScripted(record);
		if (scripted) return scripted;
		return this.handlers[route.key]({ params, query, body: record.body });
	}
}

module.exports = {
	officialPathEncoding,
	PreludeStandIn,
	sign,
	webhookKeyPair,
	V2_MODELS,
	SUSPICIOUS_PHONE,
	SUBSCRIPTION_CONFIG_ID,
};
