// @ts-check
'use strict';

/** The webhook events the Prelude stand-in signs and posts for verifications and messages. */

const { preludeId, optional } = require('./answers');
const { sign } = require('./signing');
const { PreludeState } = require('./state');

/** @typedef {import('./state').Verification} Verification */

class PreludeEvents extends PreludeState {
	/**
	 * Posts v2 events for a verification attempt to its callback URL, signed when a key is set:
	 * verify.authentication for a new verification, then verify.attempt and verify.delivery_status.
	 * @param {Verification} verification @param {string} url @param {string} status @param {string} channel
	 */
	sendEvents(verification, url, status, channel) {
		const time = new Date().toISOString();
		const metadata = verification.request.metadata ?? {};
		const price = { amount: 0.009, currency: 'EUR' };
		const attemptId = verification.sent[verification.sent.length - 1]?.id ?? preludeId('att');
		const events = [];
		if (status === 'success') {
			events.push({
				id: preludeId('evt'),
				type: 'verify.authentication',
				payload: {
					verification_id: verification.id,
					target: verification.target,
					price,
					time,
					metadata,
				},
				created_at: time,
			});
		}
		events.push(
			{
				id: preludeId('evt'),
				type: 'verify.attempt',
				payload: {
					id: attemptId,
					verification_id: verification.id,
					channel,
					delivery_status: 'submitted',
					carrier_information: { mcc: '310', mnc: '410' },
					price,
					target: verification.target,
					time,
					metadata,
				},
				created_at: time,
			},
			{
				id: preludeId('evt'),
				type: 'verify.delivery_status',
				payload: {
					id: attemptId,
					verification_id: verification.id,
					status: 'delivered',
					target: verification.target,
					time,
					metadata,
				},
				created_at: time,
			},
		);
		this.postEvents(url, events);
	}

	/**
	 * Posts the events of a message (Notify, Transactional or a reply) to its callback URL, as
	 * Prelude's Notify webhook page shows them: transactional.message.created with the message,
	 * .submitted when it goes to a carrier, then .delivered. The page's example of a delivered
	 * event could not be read; it carries the submitted event's fields here.
	 * @param {{ id: string, to: string, created_at: string, expires_at?: string }} message
	 * @param {any} body the request @param {string} url
	 */
	sendMessageEvents(message, body, url) {
		const time = new Date().toISOString();
		const fields = optional(body, ['correlation_id', 'template_id']);
		const attempt = {
			message_id: message.id,
			attempt_id: preludeId('att'),
			created_at: time,
			...fields,
			type: 'transactional',
			channel: body.preferred_channel ?? 'sms',
		};
		/** @type {Array<[string, object]>} */
		const events = [
			[
				'transactional.message.created',
				{
					id: message.id,
					to: message.to,
					created_at: message.created_at,
					...optional(message, ['expires_at']),
					variables: body.variables ?? {},
					fee: { amount: '0.009', currency: 'EUR' },
					...fields,
				},
			],
			['transactional.message.submitted', attempt],
			['transactional.message.delivered', attempt],
		];
		this.postEvents(
			url,
			events.map(([type, payload]) => ({
				id: preludeId('evt'),
				type,
				payload,
				created_at: time,
			})),
		);
	}

	/**
	 * Posts events to a callback URL, in order, each signed with the webhook key when one is set.
	 * @param {string} url @param {any[]} events
	 */
	postEvents(url, events) {
		for (const event of events) {
			const raw = JSON.stringify(event);
			this.deliver(
				url,
				event,
				this.signingKey ? { 'x-webhook-signature': sign(raw, this.signingKey) } : {},
				raw,
			);
		}
	}
}

module.exports = { PreludeEvents };
