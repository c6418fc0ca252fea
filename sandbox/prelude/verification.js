// @ts-check
'use strict';

/** The verification state machine: create (or retry in the window), check, history, sender IDs. */

const crypto = require('node:crypto');

const { cost, networkOf, ok, optional, paginate, preludeId, v2Error } = require('./answers');
const { PreludeEvents } = require('./events');

/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */
/** @typedef {import('./state').Verification} Verification */

class PreludeVerification extends PreludeEvents {
	/**
	 * POST /v2/verification: blocked by anti-fraud, a retry inside the window of an open
	 * verification of the same target, or a new one. A sandbox number's code is its attempt code
	 * and nothing is sent to it: no message, no code to onCode, no webhook events. A phone number's
	 * verifications, blocked ones too, go into its history.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	create(body) {
		const now = new Date();
		const value = body.target.value;
		const key = `${body.target.type} ${value}`;
		const phone = body.target.type === 'phone_number';
		const request_id = preludeId('req');
		const metadata = body.metadata ? { metadata: body.metadata } : {};
		const options = body.options ?? {};
		const fraud = this.fraudVerdict(value);
		if (fraud) {
			const id = preludeId('vrf');
			const status = fraud.verdict === 'blocked' ? 'in_blocklist' : 'suspected_fraud';
			if (phone)
				this.history.push({
					id,
					target: body.target,
					code: '',
					createdAt: now,
					expiresAt: now,
					closed: true,
					attempts: 0,
					request: body,
					checks: [],
					sent: [],
					condition: this.conditionOf(value),
					blocked: { status, reasons: fraud.risk_factors },
				});
			// python-sdk 0.13.0 verification_create_response.py: a refused verification is a 200 with
			// status "blocked", the reason (in_block_list: "part of the configured block list") and
			// the risk factors; "shadow_blocked" is a dry run that must be enabled per account.
			return {
				status: 200,
				body: {
					id,
					status: 'blocked',
					method: 'message',
					reason: fraud.verdict === 'blocked' ? 'in_block_list' : 'suspicious',
					risk_factors: fraud.risk_factors,
					...metadata,
					request_id,
				},
			};
		}
		const sandbox = this.sandbox.get(value);
		const open = this.verifications.get(key);
		/** @type {Verification} */
		let verification;
		let status;
		if (open && !open.closed && open.expiresAt.getTime() > now.getTime()) {
			verification = open;
			verification.attempts += 1;
			status = 'retry';
		} else {
			const size = options.code_size ?? 6;
			const random = String(crypto.randomInt(0, 10 ** size)).padStart(size, '0');
			verification = {
				id: preludeId('vrf'),
				target: body.target,
				code: sandbox?.attempt_code ?? options.custom_code ?? random,
				createdAt: now,
				expiresAt: new Date(now.getTime() + this.ttlSeconds * 1000),
				closed: false,
				attempts: 1,
				request: body,
				checks: [],
				sent: [],
				condition: this.conditionOf(value),
			};
			this.verifications.set(key, verification);
			if (phone) this.history.push(verification);
			status = 'success';
		}
		const channel = options.preferred_channel ?? options.channels?.[0] ?? 'sms';
		const method = options.method === 'voice' ? 'voice' : 'message';
		if (!sandbox) {
			verification.sent.push({
				id: preludeId('att'),
				createdAt: now,
				channel: method === 'voice' ? 'voice' : channel,
				...(options.preferred_channel ? { preferredChannel: options.preferred_channel } : {}),
				trigger: status === 'success' ? 'initial' : 'user_retry',
			});
			this.onCode?.(verification);
			if (options.callback_url)
				this.sendEvents(verification, options.callback_url, status, channel);
		}
		return {
			status: 200,
			body: {
				id: verification.id,
				status,
				method,
				...(sandbox ? {} : { channels: [method === 'voice' ? 'voice' : channel] }),
				...metadata,
				request_id,
			},
		};
	}

	/** @param {any} body @returns {ScriptedAnswer} */
	check(body) {
		const verification = this.verifications.get(`${body.target.type} ${body.target.value}`);
		const request_id = preludeId('req');
		if (!verification || verification.closed || verification.expiresAt.getTime() < Date.now()) {
			return { status: 200, body: { status: 'expired_or_not_found', request_id } };
		}
		let status = body.code === verification.code ? 'success' : 'failure';
		if (
			status === 'success' &&
			verification.request.options?.template_id === 'prelude:psd2' &&
			!body.psd2
		)
			status = 'transaction_missing';
		const now = new Date();
		if (status === 'success') {
			verification.closed = true;
			verification.convertedAt = now;
		}
		verification.checks.push({ code: body.code, status, createdAt: now });
		return {
			status: 200,
			body: {
				id: verification.id,
				status,
				...(verification.request.metadata ? { metadata: verification.request.metadata } : {}),
				request_id,
			},
		};
	}

	/** A verification's status in its history, now. @param {Verification} v */
	historyStatus(v) {
		if (v.blocked) return v.blocked.status;
		if (v.convertedAt) return 'converted';
		return !v.closed && v.expiresAt.getTime() > Date.now() ? 'pending_check' : 'not_converted';
	}

	/** GET /v2/verification/phone/history/{id}, or 404. @param {string} id */
	historyEntry(id) {
		const verification = this.history.find((v) => v.id === id);
		if (!verification) return v2Error(404, 'not_found', `no verification ${id}`, 'id');
		return ok(this.historyOf(verification));
	}

	/**
	 * The history of a verification (python-sdk 0.15.0 history retrieve): the verification and its
	 * lifecycle (create, each message sent, each check, in order). While it is open, the code in a
	 * message is masked and a check's value left out.
	 * @param {Verification} v
	 */
	historyOf(v) {
		const open = this.historyStatus(v) === 'pending_check';
		const signals = v.request.signals ?? {};
		const network = networkOf(v.target.value);
		const current = this.conditionOf(v.target.value);
		/** @type {Array<{ at: Date, event: any }>} */
		const events = [
			{ at: v.createdAt, event: { create: { created_at: v.createdAt.toISOString() } } },
		];
		for (const attempt of v.sent) {
			const at = attempt.createdAt.toISOString();
			events.push({
				at: attempt.createdAt,
				event: {
					attempt: {
						id: attempt.id,
						created_at: at,
						channel: attempt.channel,
						...(attempt.preferredChannel ? { preferred_channel: attempt.preferredChannel } : {}),
						content: `Your verification code is ${open ? '*'.repeat(v.code.length) : v.code}.`,
						cost: cost(1),
						delivery_events: [
							{ received_at: at, status: 'submitted' },
							{ received_at: at, status: 'delivered' },
						],
						delivery_status: 'delivered',
						status: 'succeeded',
						trigger: attempt.trigger,
					},
				},
			});
		}
		for (const check of v.checks) {
			events.push({
				at: check.createdAt,
				event: {
					check: {
						created_at: check.createdAt.toISOString(),
						is_valid: check.status === 'success',
						...(open ? {} : { value: check.code }),
						...(check.status.startsWith('transaction_') ? { status_detail: check.status } : {}),
					},
				},
			});
		}
		events.sort((a, b) => a.at.getTime() - b.at.getTime());
		return {
			id: v.id,
			created_at: v.createdAt.toISOString(),
			expires_at: v.expiresAt.toISOString(),
			phone_number: v.target.value,
			status: this.historyStatus(v),
			...(v.request.metadata?.correlation_id
				? { correlation_id: v.request.metadata.correlation_id }
				: {}),
			...optional(v.request.options ?? {}, ['template_id']),
			...optional(signals, ['app_version', 'device_model', 'device_platform']),
			...(signals.ip ? { ip_address: signals.ip } : {}),
			signals: {
				is_trusted_user: signals.is_trusted_user ?? false,
				...optional(signals, ['device_id', 'ja4_fingerprint', 'os_version', 'user_agent']),
			},
			...(v.condition ? { phone_number_condition: v.condition } : {}),
			...(current ? { phone_number_current_condition: current } : {}),
			...(v.blocked ? { block_reasons: v.blocked.reasons } : {}),
			...(network
				? {
						carrier: { mccmnc: network.mccmnc, name: network.carrier },
						phone_number_region: network.region,
					}
				: {}),
			lifecycle: {
				events: events.map(({ event }) => ({ type: Object.keys(event)[0], ...event })),
				total_cost: cost(v.sent.length),
			},
		};
	}

	/**
	 * GET /v2/verification/phone/history (python-sdk 0.15.0): the verifications the filters all
	 * match, newest first, a page at a time. A sandbox number's entries carry no attempt count.
	 * @param {Record<string, any>} query @returns {ScriptedAnswer}
	 */
	historyList(query) {
		const { cursor, limit, ...filters } = query;
		const number = filters.phone_number?.replace(/^\+?/, '+');
		const from = filters.from ? Date.parse(filters.from) : -Infinity;
		const to = filters.to ? Date.parse(filters.to) : Infinity;
		const matching = [...this.history].reverse().filter((v) => {
			const options = v.request.options ?? {};
			const created = v.createdAt.getTime();
			return (
				(!filters.channels?.length ||
					v.sent.some((attempt) => filters.channels.includes(attempt.channel))) &&
				(filters.device_platform === undefined ||
					v.request.signals?.device_platform === filters.device_platform) &&
				created >= from &&
				created <= to &&
				(filters.max_attempts === undefined || v.sent.length <= filters.max_attempts) &&
				(filters.min_attempts === undefined || v.sent.length >= filters.min_attempts) &&
				(number === undefined || v.target.value === number) &&
				(filters.region === undefined || networkOf(v.target.value)?.region === filters.region) &&
				(filters.status === undefined || this.historyStatus(v) === filters.status) &&
				(filters.template_id === undefined || options.template_id === filters.template_id)
			);
		});
		const list = `history ${JSON.stringify(Object.entries(filters).sort())}`;
		const page = paginate(matching, (v) => v.id, list, { cursor, limit });
		if ('problem' in page) return page.problem;
		const verifications = page.items.map((v) => {
			const last = v.sent[v.sent.length - 1];
			return {
				id: v.id,
				channels: [...new Set(v.sent.map((attempt) => attempt.channel))].map((channel) => ({
					channel,
					converted: Boolean(v.convertedAt) && channel === last?.channel,
				})),
				created_at: v.createdAt.toISOString(),
				delivered: v.sent.length > 0,
				phone_number: v.target.value,
				status: this.historyStatus(v),
				...(v.condition === 'sandboxed' ? {} : { attempts: v.sent.length }),
				...(v.convertedAt ? { converted_at: v.convertedAt.toISOString() } : {}),
				...(v.sent.length ? { cost: cost(v.sent.length) } : {}),
				...optional(v.request.signals ?? {}, ['device_platform']),
				...(v.condition ? { phone_number_condition: v.condition } : {}),
			};
		});
		return {
			status: 200,
			body: { verifications, ...(page.next_cursor ? { next_cursor: page.next_cursor } : {}) },
		};
	}

	/**
	 * A sender ID goes to review (`pending`) when it is 3 to 11 letters, digits or spaces with at
	 * least one letter, as carriers take alphanumeric sender IDs; anything else is `rejected` with a
	 * reason. Submitting one again answers its current state. Tests approve one by setting its
	 * status in `senderIds`.
	 * @param {any} body @returns {ScriptedAnswer}
	 */
	submitSenderId(body) {
		const known = this.senderIds.get(body.sender_id);
		if (known) return { status: 200, body: known };
		const valid = /^[A-Za-z0-9 ]{3,11}$/.test(body.sender_id) && /[A-Za-z]/.test(body.sender_id);
		/** @type {{ sender_id: string, status: 'pending' | 'rejected', reason?: string }} */
		const submitted = valid
			? { sender_id: body.sender_id, status: 'pending' }
			: {
					sender_id: body.sender_id,
					status: 'rejected',
					reason: 'A sender ID is 3 to 11 letters, digits or spaces, with at least one letter.',
				};
		this.senderIds.set(body.sender_id, submitted);
		return { status: 200, body: submitted };
	}
}

module.exports = { PreludeVerification };
