// @ts-check
'use strict';

/** Watch (predictions, evaluations) and the messages: Notify, its batches and replies, Transactional. */

const { networkOf, optional, preludeId, v2Error } = require('./answers');
const { E164 } = require('./rules');
const { SUBSCRIPTIONS } = require('./subscriptions');
const { PreludeVerification } = require('./verification');

/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */

class PreludeMessages extends PreludeVerification {
	/**
	 * A Watch prediction (python-sdk 0.13.0 watch_predict_response.py): `suspicious`, with its risk
	 * factors, for a number on the block list or SUSPICIOUS_PHONE (unless allowed), else `legitimate`.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	predict(body) {
		const fraud = this.fraudVerdict(body.target.value);
		const answer = {
			id: preludeId('prd'),
			prediction: fraud ? 'suspicious' : 'legitimate',
			request_id: preludeId('req'),
			...(fraud ? { risk_factors: fraud.risk_factors } : {}),
		};
		this.predictions.push({ request: body, answer });
		return { status: 200, body: answer };
	}

	/**
	 * POST /v2/watch/eval (python-sdk 0.15.0, rules shaped as the newest TS SDK): one recipe of a
	 * managed rule (anti-fraud, as for predictions) and a custom rule comparing the `country`
	 * attribute with the number's country. Anti-fraud: FLAG and BLOCK. A country that differs:
	 * FLAG and CHALLENGE. Otherwise PASS and ALLOW. Without a `country` attribute the custom rule
	 * is NOT_EVALUATED and the evidence partial. Any flow ID runs this recipe.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	evaluate(body) {
		const fraud = this.fraudVerdict(body.target.value);
		const declared = body.attributes?.country;
		const region = networkOf(body.target.value)?.region;
		const mismatch = declared !== undefined && declared !== region;
		const rules = [
			{
				rule_id: 'rul_fraud_database',
				type: 'MANAGED',
				weight: 80,
				outcome: fraud ? 'TRIGGERED' : 'NOT_TRIGGERED',
			},
			{
				rule_id: 'rul_declared_country',
				type: 'CUSTOM',
				name: 'Declared country matches the number',
				version_id: 'ver_1',
				weight: 60,
				outcome:
					declared === undefined ? 'NOT_EVALUATED' : mismatch ? 'TRIGGERED' : 'NOT_TRIGGERED',
			},
		];
		const score = rules.reduce((sum, r) => sum + (r.outcome === 'TRIGGERED' ? r.weight : 0), 0);
		const verdict = score >= 50 ? 'FLAG' : 'PASS';
		return {
			status: 200,
			body: {
				id: preludeId('evl'),
				action: fraud ? 'BLOCK' : mismatch ? 'CHALLENGE' : 'ALLOW',
				verdict,
				recipes: [
					{
						recipe_id: 'rcp_signup',
						score,
						threshold: 50,
						verdict,
						partial_evidence: declared === undefined,
						rules,
					},
				],
			},
		};
	}

	/**
	 * POST /v2/notify/reply (python-sdk 0.15.0): a reply to a WhatsApp message received (see
	 * `inbound`) from the same number in the last 24 hours; an unknown message is 404, an older one
	 * window_expired.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	reply(body) {
		const received = this.inboundMessages.get(body.reply_to);
		if (!received)
			return v2Error(404, 'not_found', `no message ${body.reply_to} was received`, 'reply_to');
		if (received.from !== body.to)
			return v2Error(422, 'invalid_request', `${body.reply_to} came from another number`, 'to');
		if (Date.now() - received.receivedAt.getTime() > 86_400_000)
			return v2Error(
				422,
				'window_expired',
				'the 24-hour WhatsApp window of this conversation is closed',
				'reply_to',
			);
		const answer = {
			id: preludeId('tx'),
			created_at: new Date().toISOString(),
			reply_to: body.reply_to,
			text: body.text,
			to: body.to,
			...optional(body, ['callback_url', 'correlation_id']),
		};
		this.messages.push({ request: body, message: answer });
		if (body.callback_url)
			this.sendMessageEvents(answer, { ...body, preferred_channel: 'whatsapp' }, body.callback_url);
		return { status: 200, body: answer };
	}

	/**
	 * Why a number cannot receive a Notify message, if it cannot: it unsubscribed (its latest state
	 * in a seeded subscription configuration is UNSUB). The stand-in does not tell marketing from
	 * transactional templates, so this holds for every template.
	 * @param {string} number @returns {{ code: string, message: string } | undefined}
	 */
	unreachable(number) {
		if (!E164.test(number))
			return {
				code: 'invalid_phone_number',
				message: 'The provided phone number is invalid. Provide a valid E.164 phone number.',
			};
		const unsubscribed = SUBSCRIPTIONS.some((s) => s.events.get(number)?.[0].state === 'UNSUB');
		if (unsubscribed)
			return { code: 'unsubscribed', message: 'The recipient has opted out of these messages.' };
		return undefined;
	}

	/**
	 * Accepts a message for a recipient and records it: its ID, its times (expiring 24 hours after
	 * it was created unless told otherwise) and, for an SMS, its encoding and segment count.
	 * @param {any} body @param {string} to
	 */
	accept(body, to) {
		const created = new Date();
		const sms = (body.preferred_channel ?? 'sms') === 'sms';
		const text = Object.values(body.variables ?? {}).join('');
		const message = {
			id: preludeId('tx'),
			to,
			created_at: created.toISOString(),
			expires_at: body.expires_at ?? new Date(created.getTime() + 86_400_000).toISOString(),
			sms: sms
				? {
						encoding: /^[\x20-\x7e\n\r]*$/.test(text) ? 'GSM-7' : 'UCS-2',
						estimated_segment_count: 1,
					}
				: {},
		};
		this.messages.push({ request: body, message });
		return message;
	}

	/**
	 * POST /v2/notify (python-sdk 0.13.0 notify_send_response.py): the message, or 422 with why the
	 * number cannot get it.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	notify(body) {
		const refusal = this.unreachable(body.to);
		if (refusal) return v2Error(422, refusal.code, refusal.message, 'to');
		const message = this.accept(body, body.to);
		if (body.callback_url) this.sendMessageEvents(message, body, body.callback_url);
		return {
			status: 200,
			body: {
				id: message.id,
				to: message.to,
				template_id: body.template_id,
				variables: body.variables ?? {},
				...optional(body, ['from', 'callback_url', 'correlation_id', 'schedule_at']),
				created_at: message.created_at,
				expires_at: message.expires_at,
				...message.sms,
			},
		};
	}

	/**
	 * POST /v2/notify/batch (python-sdk 0.13.0 notify_send_batch_response.py): each recipient on its
	 * own, a refused one failing its own result only.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	notifyBatch(body) {
		const results = body.to.map((/** @type {string} */ to) => {
			const error = this.unreachable(to);
			if (error) return { phone_number: to, success: false, error };
			const message = this.accept(body, to);
			if (body.callback_url) this.sendMessageEvents(message, body, body.callback_url);
			return {
				phone_number: to,
				success: true,
				message: {
					id: message.id,
					to,
					...optional(body, ['from', 'correlation_id', 'locale', 'schedule_at']),
					created_at: message.created_at,
					expires_at: message.expires_at,
					...message.sms,
				},
			};
		});
		const successes = results.filter((/** @type {any} */ r) => r.success).length;
		return {
			status: 200,
			body: {
				results,
				total_count: results.length,
				success_count: successes,
				error_count: results.length - successes,
				request_id: preludeId('req'),
				template_id: body.template_id,
				variables: body.variables ?? {},
				...optional(body, ['callback_url']),
			},
		};
	}

	/**
	 * POST /v2/transactional, deprecated for Notify (python-sdk 0.13.0
	 * transactional_send_response.py).
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	transactional(body) {
		const refusal = this.unreachable(body.to);
		if (refusal) return v2Error(422, refusal.code, refusal.message, 'to');
		const message = this.accept(body, body.to);
		if (body.callback_url) this.sendMessageEvents(message, body, body.callback_url);
		return {
			status: 200,
			body: {
				id: message.id,
				to: message.to,
				template_id: body.template_id,
				variables: body.variables ?? {},
				...optional(body, ['from', 'callback_url', 'correlation_id']),
				created_at: message.created_at,
				expires_at: message.expires_at,
			},
		};
	}
}

module.exports = { PreludeMessages };
