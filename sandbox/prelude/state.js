// @ts-check
'use strict';

/** What the Prelude stand-in remembers, its lists and its number checks. */

const crypto = require('node:crypto');

const { numberInfo } = require('../numbering');
const { ok, preludeId, v2Error } = require('./answers');
const { SUSPICIOUS_PHONE, SUSPICIOUS_RISK_FACTORS } = require('./rules');
/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */

/**
 * A list of phone numbers (the allow or the block list) that remembers when each was added.
 * @extends {Set<string>}
 */
class PhoneList extends Set {
	constructor() {
		super();
		/** @type {Map<string, Date>} */
		this.addedAt = new Map();
	}

	/** @param {string} number */
	add(number) {
		if (!this.addedAt.has(number)) this.addedAt.set(number, new Date());
		return super.add(number);
	}

	/** @param {string} number */
	delete(number) {
		this.addedAt.delete(number);
		return super.delete(number);
	}

	clear() {
		this.addedAt.clear();
		super.clear();
	}

	/** The list as the API answers it, oldest first. */
	listed() {
		return [...this].map((phone_number) => ({
			phone_number,
			created_at: /** @type {Date} */ (this.addedAt.get(phone_number)).toISOString(),
		}));
	}
}

/**
 * @typedef {{ id: string, target: { type: string, value: string }, code: string,
 *   createdAt: Date, expiresAt: Date, closed: boolean, attempts: number, request: any,
 *   checks: Array<{ code: string, status: string, createdAt: Date }>,
 *   sent: Array<{ id: string, createdAt: Date, channel: string, preferredChannel?: string,
 *     trigger: 'initial' | 'user_retry' }>,
 *   condition?: 'allow_listed' | 'block_listed' | 'sandboxed',
 *   blocked?: { status: 'in_blocklist' | 'suspected_fraud', reasons: string[] },
 *   convertedAt?: Date }} Verification
 *   A verification: `sent` holds the messages sent (none to a sandbox number), `condition` the
 *   list its number was on when it was created, `blocked` why anti-fraud refused it.
 * @typedef {{ apiKey: string, signingKey?: crypto.KeyObject | string, ttlSeconds?: number,
 *   onCode?: (v: Verification) => void,
 *   deliver: (url: string, event: any, headers: Record<string, string>, raw: string) => void }} PreludeOptions
 */

class PreludeState {
	/** @param {PreludeOptions} options */
	constructor(options) {
		this.apiKey = options.apiKey;
		this.signingKey = options.signingKey;
		this.ttlSeconds = options.ttlSeconds ?? 600;
		this.onCode = options.onCode;
		this.deliver = options.deliver;
		/** @type {Map<string, Verification>} open and closed verifications by "type value" */
		this.verifications = new Map();
		/** @type {any[]} feedbacks recorded by the Watch API */
		this.feedbacks = [];
		/** @type {any[]} events recorded by the Watch API */
		this.watchEvents = [];
		/** @type {Array<{ request: any, answer: any }>} predictions made by the Watch API */
		this.predictions = [];
		/** @type {PhoneList} the block list: Prelude blocks verifications to these numbers */
		this.blocked = new PhoneList();
		/** @type {PhoneList} the allow list: Prelude's anti-fraud lets these numbers through */
		this.allowed = new PhoneList();
		/** @type {Map<string, { sender_id: string, status: 'approved' | 'pending' | 'rejected', reason?: string }>} */
		this.senderIds = new Map();
		/** @type {Map<string, { phone_number: string, attempt_code: string, createdAt: Date }>} sandbox numbers */
		this.sandbox = new Map();
		/** @type {Verification[]} every verification of a phone number, blocked ones too, oldest first */
		this.history = [];
		/** @type {any[]} messages accepted by the Notify and Transactional APIs, and replies */
		this.messages = [];
		/** @type {Map<string, { id: string, from: string, text: string, receivedAt: Date }>} WhatsApp messages received */
		this.inboundMessages = new Map();
	}

	reset() {
		this.verifications.clear();
		this.feedbacks = [];
		this.watchEvents = [];
		this.predictions = [];
		this.blocked.clear();
		this.allowed.clear();
		this.senderIds.clear();
		this.sandbox.clear();
		this.history = [];
		this.messages = [];
		this.inboundMessages.clear();
	}

	/**
	 * A WhatsApp message received from a number, as the inbound.message.received webhook would
	 * announce it: its `im_` ID is what POST /v2/notify/reply answers, within 24 hours.
	 * @param {string} from @param {string} text @param {Date} [receivedAt]
	 */
	inbound(from, text, receivedAt = new Date()) {
		const id = preludeId('im');
		this.inboundMessages.set(id, { id, from, text, receivedAt });
		return id;
	}

	/** The code "sent" to a target's latest verification. @param {string} value */
	codeFor(value) {
		for (const v of [...this.verifications.values()].reverse())
			if (v.target.value === value) return v.code;
		return undefined;
	}

	/** The allow or the block list. @param {string} action */
	list(action) {
		return action === 'allow' ? this.allowed : this.blocked;
	}

	/**
	 * Lookup: a number no country's plan has (numbering.js) is refused as Prelude refuses it; a
	 * valid one gets its country's data.
	 * @param {string} number @param {string[]} types @returns {ScriptedAnswer}
	 */
	lookup(number, types) {
		const info = numberInfo(number);
		if (!info) {
			return v2Error(
				422,
				'invalid_phone_number',
				`${number} is not a valid phone number`,
				'phone_number',
			);
		}
		return {
			status: 200,
			body: {
				phone_number: number,
				country_code: info.country,
				line_type: info.mobile ? 'mobile' : 'fixed_line',
				flags: [],
				network_info: info.network,
				original_network_info: info.network,
				...(types.includes('cnam') ? { caller_name: 'JANE DOE' } : {}),
			},
		};
	}

	/**
	 * What anti-fraud makes of a target: the block list first, then the allow list and the sandbox
	 * (which bypass anti-fraud), then SUSPICIOUS_PHONE.
	 * @param {string} value
	 * @returns {{ verdict: 'blocked' | 'suspicious', risk_factors: string[] } | undefined}
	 */
	fraudVerdict(value) {
		if (this.blocked.has(value)) return { verdict: 'blocked', risk_factors: ['fraud_database'] };
		if (this.allowed.has(value) || this.sandbox.has(value)) return undefined;
		if (value === SUSPICIOUS_PHONE)
			return { verdict: 'suspicious', risk_factors: SUSPICIOUS_RISK_FACTORS };
		return undefined;
	}

	/** GET /v2/verification/management/phone-numbers/sandbox (python-sdk 0.15.0). */
	sandboxList() {
		const phone_numbers = [...this.sandbox.values()].map((entry) => ({
			phone_number: entry.phone_number,
			attempt_code: entry.attempt_code,
			created_at: entry.createdAt.toISOString(),
		}));
		return ok({ phone_numbers });
	}

	/**
	 * PUT /v2/verification/management/phone-numbers/sandbox (python-sdk 0.15.0): adds a number, or
	 * gives a number already there its new code.
	 * @param {any} body
	 */
	sandboxAdd(body) {
		const { phone_number, attempt_code } = body;
		const createdAt = this.sandbox.get(phone_number)?.createdAt ?? new Date();
		this.sandbox.set(phone_number, { phone_number, attempt_code, createdAt });
		return ok({ phone_number, attempt_code });
	}

	/** The list a number is on, as a verification's history names it. @param {string} value */
	conditionOf(value) {
		if (this.blocked.has(value)) return 'block_listed';
		if (this.sandbox.has(value)) return 'sandboxed';
		if (this.allowed.has(value)) return 'allow_listed';
		return undefined;
	}
}

module.exports = { PhoneList, PreludeState };
