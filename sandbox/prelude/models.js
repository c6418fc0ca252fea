// @ts-check
'use strict';

const {
	CHANNELS,
	DEVICE_PLATFORMS,
	HISTORY_CHANNELS,
	HISTORY_STATUSES,
	LIST_ACTION,
	MESSAGE_FIELDS,
	METADATA,
	PAGE,
	PHONE,
	SIGNALS,
	TARGET,
	checkHistoryFilters,
	query,
} = require('./rules');

/** @typedef {import('./rules').Endpoint} Endpoint */

/**
 * The v2 request models, one per endpoint, as Prelude's official clients define them: python-sdk
 * 0.13.0 (src/prelude_python_sdk/types/*_params.py) unless an entry names a newer source. Where the
 * TypeScript SDK 0.10.0 sends a field the newest Python SDK does not, the entry says what was
 * decided and why. Ranges and formats the SDKs leave out follow Prelude's API reference.
 * @type {Record<string, Endpoint>}
 */
const V2_MODELS = {
	// Verify. python-sdk 0.13.0 verification_create_params.py, signals as python-sdk 0.15.0. TS SDK
	// 0.10.0 also sends options.integration ('auth0' | 'supabase'): python-sdk removed it in 0.11.0
	// and no newer official source has it, so it is refused as an unknown field.
	'POST /v2/verification': {
		body: {
			type: 'object',
			fields: {
				target: TARGET,
				dispatch_id: { type: 'string' },
				metadata: METADATA,
				options: {
					type: 'object',
					fields: {
						app_realm: {
							type: 'object',
							fields: {
								platform: {
									type: 'string',
									required: true,
									enum: ['android', 'web'],
									error: 'invalid_app_realm_platform',
								},
								value: { type: 'string', required: true, error: 'invalid_app_realm_value' },
							},
						},
						callback_url: { type: 'string', format: 'url', error: 'invalid_callback_url' },
						channels: { type: 'array', items: { type: 'string', enum: CHANNELS } },
						code_size: { type: 'integer', min: 4, max: 8, error: 'invalid_code_size' },
						custom_code: { type: 'string', format: 'digits', error: 'invalid_custom_code' },
						force_challenge: { type: 'boolean' },
						locale: { type: 'string', format: 'locale', error: 'invalid_locale' },
						max_auto_fallbacks: { type: 'integer', min: 0, max: 10 },
						method: { type: 'string', enum: ['auto', 'voice', 'message'] },
						preferred_channel: { type: 'string', enum: CHANNELS },
						sender_id: { type: 'string' },
						template_id: { type: 'string' },
						variables: { type: 'map', error: 'invalid_template_variables' },
					},
				},
				signals: SIGNALS,
			},
		},
	},
	// python-sdk 0.13.0 verification_check_params.py
	'POST /v2/verification/check': {
		body: {
			type: 'object',
			fields: {
				target: TARGET,
				code: { type: 'string', required: true },
				psd2: {
					type: 'object',
					fields: {
						amount: { type: 'string', required: true, format: 'decimal' },
						currency: { type: 'string', required: true, format: 'currency' },
						recipient: { type: 'string', required: true },
					},
				},
			},
		},
	},
	// python-sdk 0.13.0 verification_management_*_params.py: the allow and block lists.
	'GET /v2/verification/management/phone-numbers/{action}': { path: LIST_ACTION },
	'POST /v2/verification/management/phone-numbers/{action}': {
		path: LIST_ACTION,
		body: { type: 'object', fields: { phone_number: PHONE } },
	},
	'DELETE /v2/verification/management/phone-numbers/{action}': {
		path: LIST_ACTION,
		body: { type: 'object', fields: { phone_number: PHONE } },
	},
	// python-sdk 0.15.0 verification_management.sandbox: numbers with a fixed code. The literal
	// "sandbox" segment wins over {action}.
	'GET /v2/verification/management/phone-numbers/sandbox': {},
	'PUT /v2/verification/management/phone-numbers/sandbox': {
		body: {
			type: 'object',
			fields: {
				phone_number: PHONE,
				attempt_code: {
					type: 'string',
					required: true,
					format: 'digits',
					error: 'invalid_attempt_code',
				},
			},
		},
	},
	'DELETE /v2/verification/management/phone-numbers/sandbox/{phone_number}': {
		path: { phone_number: PHONE },
	},
	// python-sdk 0.13.0 verification_management_submit_sender_id_params.py
	'GET /v2/verification/management/sender-id': {},
	'POST /v2/verification/management/sender-id': {
		body: { type: 'object', fields: { sender_id: { type: 'string', required: true } } },
	},

	// python-sdk 0.15.0 verification.phone.history: the verifications of phone numbers, newest
	// first, filtered (AND) and paged; a cursor goes with the filters it was given with.
	'GET /v2/verification/phone/history': {
		query: query(
			{
				channels: { type: 'array', items: { type: 'string', enum: HISTORY_CHANNELS } },
				...PAGE,
				device_platform: { type: 'string', enum: DEVICE_PLATFORMS },
				from: { type: 'string', format: 'date-time' },
				max_attempts: { type: 'integer', min: 0 },
				min_attempts: { type: 'integer', min: 0 },
				phone_number: { type: 'string', format: 'phone', error: 'invalid_phone_number' },
				region: { type: 'string', format: 'country' },
				status: {
					type: 'string',
					enum: HISTORY_STATUSES.filter((status) => status !== 'pending_check'),
				},
				template_id: { type: 'string' },
				to: { type: 'string', format: 'date-time' },
			},
			checkHistoryFilters,
		),
	},
	'GET /v2/verification/phone/history/{id}': { path: { id: { type: 'string', required: true } } },

	// Lookup. python-sdk 0.13.0 lookup_lookup_params.py
	'GET /v2/lookup/{phone_number}': {
		path: { phone_number: PHONE },
		query: query({ type: { type: 'array', items: { type: 'string', enum: ['cnam'] } } }),
	},

	// Watch. python-sdk 0.13.0 watch_predict_params.py
	'POST /v2/watch/predict': {
		body: {
			type: 'object',
			fields: {
				target: TARGET,
				dispatch_id: { type: 'string' },
				metadata: METADATA,
				signals: SIGNALS,
			},
		},
	},
	// python-sdk 0.13.0 watch_send_events_params.py: 1 to 100 events.
	'POST /v2/watch/event': {
		body: {
			type: 'object',
			fields: {
				events: {
					type: 'array',
					required: true,
					minItems: 1,
					maxItems: 100,
					items: {
						type: 'object',
						fields: {
							target: TARGET,
							label: { type: 'string', required: true },
							confidence: {
								type: 'string',
								required: true,
								enum: ['maximum', 'high', 'neutral', 'low', 'minimum'],
							},
						},
					},
				},
			},
		},
	},
	// python-sdk 0.15.0 watch.evaluate (beta): the recipes of a flow run on a target.
	'POST /v2/watch/eval': {
		body: {
			type: 'object',
			fields: {
				flow_id: { type: 'string', required: true },
				target: TARGET,
				attributes: { type: 'map', error: 'invalid_attributes' },
				dispatch_id: { type: 'string' },
				signals: SIGNALS,
			},
		},
	},
	// python-sdk 0.13.0 watch_send_feedbacks_params.py: 1 to 100 feedbacks. TS SDK 0.10.0 also
	// sends a feedback's dispatch_id and signals: python-sdk removed both in 0.11.0 and 0.15.0 has
	// neither, so they are refused as unknown fields.
	'POST /v2/watch/feedback': {
		body: {
			type: 'object',
			fields: {
				feedbacks: {
					type: 'array',
					required: true,
					minItems: 1,
					maxItems: 100,
					items: {
						type: 'object',
						fields: {
							target: TARGET,
							type: {
								type: 'string',
								required: true,
								enum: ['verification.started', 'verification.completed'],
							},
							metadata: METADATA,
						},
					},
				},
			},
		},
	},

	// Notify. python-sdk 0.13.0 notify_send_params.py and notify_send_batch_params.py
	'POST /v2/notify': {
		body: {
			type: 'object',
			fields: {
				...MESSAGE_FIELDS,
				to: PHONE,
				schedule_at: { type: 'string', format: 'date-time', error: 'invalid_schedule_at' },
			},
		},
	},
	// Each recipient is checked on its own: a number that is not E.164 fails its result only.
	'POST /v2/notify/batch': {
		body: {
			type: 'object',
			fields: {
				...MESSAGE_FIELDS,
				to: { type: 'array', required: true, minItems: 1, items: { type: 'string' } },
				schedule_at: { type: 'string', format: 'date-time', error: 'invalid_schedule_at' },
			},
		},
	},
	// python-sdk 0.15.0 notify.reply: free WhatsApp text to the sender of a message received in
	// the last 24 hours.
	'POST /v2/notify/reply': {
		body: {
			type: 'object',
			fields: {
				reply_to: { type: 'string', required: true },
				text: { type: 'string', required: true },
				to: PHONE,
				callback_url: MESSAGE_FIELDS.callback_url,
				correlation_id: MESSAGE_FIELDS.correlation_id,
			},
		},
	},
	// python-sdk 0.13.0 notify_list_subscription_*_params.py
	'GET /v2/notify/management/subscriptions': { query: query(PAGE) },
	'GET /v2/notify/management/subscriptions/{config_id}': {
		path: { config_id: { type: 'string', required: true } },
	},
	'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers': {
		path: { config_id: { type: 'string', required: true } },
		query: query({ ...PAGE, state: { type: 'string', enum: ['SUB', 'UNSUB'] } }),
	},
	'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}': {
		path: { config_id: { type: 'string', required: true }, phone_number: PHONE },
	},
	'GET /v2/notify/management/subscriptions/{config_id}/phone_numbers/{phone_number}/events': {
		path: { config_id: { type: 'string', required: true }, phone_number: PHONE },
		query: query(PAGE),
	},

	// Transactional, deprecated for Notify. python-sdk 0.13.0 transactional_send_params.py: the
	// Notify fields without schedule_at.
	'POST /v2/transactional': {
		body: { type: 'object', fields: { ...MESSAGE_FIELDS, to: PHONE } },
	},

	// Intel. python-sdk 0.15.0 intel.kyc.match: every field optional, birthdate YYYY-MM-DD.
	'POST /v2/intel/kyc/match/{phone}': {
		path: { phone: PHONE },
		body: {
			type: 'object',
			fields: {
				address: { type: 'string' },
				birthdate: { type: 'string', format: 'date', error: 'invalid_birthdate' },
				country: { type: 'string', format: 'country', error: 'invalid_country' },
				email: { type: 'string' },
				family_name: { type: 'string' },
				given_name: { type: 'string' },
				locality: { type: 'string' },
				postal_code: { type: 'string' },
				region: { type: 'string' },
			},
		},
	},
};

module.exports = { V2_MODELS };
