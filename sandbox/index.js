// @ts-check
'use strict';

/**
 * The sandbox: Ding's v1 API (sandbox/ding) and Prelude's API v2 (sandbox/prelude, under /v2 when a
 * v2 key is given) on one port of 127.0.0.1, as `npm start` serves it and the tests use it.
 */

const crypto = require('node:crypto');

const { DingV1 } = require('./ding/v1');
const { GET_ROUTES, MODELS } = require('./ding/models');
const { PreludeStandIn } = require('./prelude');
const { closedPort } = require('./server');

/** @typedef {import('./server').RecordedRequest} RecordedRequest */
/** @typedef {import('./server').ScriptedAnswer} ScriptedAnswer */
/** @typedef {import('./ding/v1').Authentication} Authentication */
/**
 * @typedef {{
 *   apiKey: string, customerUuid: string, retries?: number, ttlSeconds?: number,
 *   onCode?: (auth: Authentication) => void, basePath?: string,
 *   preludeApiKey?: string, webhookSigningKey?: crypto.KeyObject | string,
 *   onPreludeCode?: (v: import('./prelude').Verification) => void
 * }} StandInOptions
 */

class DingStandIn extends DingV1 {
	/** @param {StandInOptions} options */
	constructor(options) {
		super(options);
		this.prelude = options.preludeApiKey
			? new PreludeStandIn({
					apiKey: options.preludeApiKey,
					signingKey: options.webhookSigningKey,
					ttlSeconds: options.ttlSeconds,
					onCode: options.onPreludeCode,
					deliver: (url, event, headers, raw) => this.deliverEvent(url, event, headers, raw),
				})
			: undefined;
	}

	/** The Base URL of a Prelude API credential that points here. */
	get preludeBaseUrl() {
		return `http://127.0.0.1:${this.port}`;
	}
	/** Forget the recorded requests, authentications and scripted answers. */
	reset() {
		super.reset();
		this.prelude?.reset();
	}

	/** @param {RecordedRequest} record @returns {ScriptedAnswer} */
	answer(record) {
		if (this.prelude && record.path.startsWith('/v2/')) {
			return this.prelude.answer(record, (r) => this.takeScripted(r));
		}
		return super.answer(record);
	}
}

/** @param {StandInOptions} options */
async function startDingStandIn(options) {
	return await new DingStandIn(options).start();
}

module.exports = { DingStandIn, startDingStandIn, closedPort, MODELS, GET_ROUTES };
