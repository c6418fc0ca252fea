import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_CODES_PER_RUN } from '../run/textingCap';

/**
 * The node as an AI agent's tool. n8n makes a tool variant of the node (type `…dingTool`) and
 * tells the model the value of its `toolDescription` parameter; without one it would build
 * "<action> in Ding" (n8n-workflow getToolDescriptionForNode). So every operation has its own,
 * written for a model: the input formats, what the answer holds for the next call, what the
 * statuses mean. They show only in the tool variant ('@tool'), where the user can edit them. What
 * Max Codes per Run does in a run is in run/textingCap.ts.
 */

type ApiName = 'dingV1' | 'preludeV2';

const E164 =
	'E.164 format: a plus sign, the country code and the number, digits only, e.g. +14155550123';

const FEEDBACK = `Tell Prelude that a person's verification started or completed, which helps its fraud detection (Prelude Watch). Phone Number: ${E164}. Feedback Type: "verification.started" or "verification.completed". The answer's status is "success".`;

const TOOL_DESCRIPTIONS: Record<ApiName, Record<string, Record<string, string>>> = {
	preludeV2: {
		otp: {
			send: `Send a one-time verification code by text message to a phone number (Prelude Verify v2). Phone Number: ${E164}. Each call texts the person: call it once, and again only when they ask for a new code. The answer has id and status: "success" (a code was sent), "retry" (the code was sent again inside the open verification), "blocked" (nothing sent; reason says why). Next: ask the person for the code and call Check with the same phone number.`,
			check: `Check the code a person typed (Prelude Verify v2). Phone Number: the same number the code was sent to, ${E164}. Check Code: the code as text, e.g. "123456". The answer's status: "success" (verified), "failure" (wrong code; the person may try again), "expired_or_not_found" (no open verification: send a new code).`,
			retry: `Send the code again to a phone number whose verification is still open, when the person did not get it (Prelude Verify v2). Phone Number: ${E164}. Texts the person. The answer's status is "retry" (same verification, same id) or "success" (the old one had ended: a new code).`,
			sendAndWait:
				'Not for AI agents: it waits for a person to type the code on a web page. Use Send, then Check with the code the person gives.',
			sendFeedback: FEEDBACK,
			get: `Get one verification's outcome and timeline (Prelude Verify v2): status ("converted" means the person typed the right code; also "not_converted", "sent", "pending_check", "suspected_fraud", "in_blocklist", …), each message with its delivery status, each check. Verification ID: the id Send returned (vrf_…). Sends no message.`,
			getMany: `List past verifications, most recent first (Prelude Verify v2). Optional filters: Phone Number (${E164}), Status (e.g. "converted", "suspected_fraud"), Channels, Region (two-letter country code), Created After and Created Before (RFC 3339 times, both or neither, at most 6 months apart). Limit: how many to return. Sends no message.`,
		},
		lookup: {
			get: `Look up a phone number (Prelude): line type (mobile, fixed line, VoIP, …), the network, and flags such as "ported" and "temporary". Phone Number: ${E164}. Sends no message.`,
		},
		watch: {
			predict: `Ask Prelude whether a new user looks legitimate or suspicious before sending a code (Prelude Watch). Target: a phone number (${E164}) or an email address. The answer's prediction is "legitimate" or "suspicious", with risk_factors. Sends no message.`,
			evaluate: `Run a Prelude Watch flow's rules on a user. Flow ID: the flow (flo_…). Target: a phone number (${E164}) or an email address. The answer's action is "ALLOW", "BLOCK" or "CHALLENGE". Sends no message.`,
			sendEvents: `Tell Prelude what a user did, to sharpen its fraud scoring (Prelude Watch). Phone Number: ${E164}. Label: what happened, e.g. "payment.chargeback". Confidence: "minimum", "low", "neutral", "high" or "maximum" (how much it says to trust the user). The answer's status is "success". Call it once per event: a repeat counts twice.`,
			sendFeedback: FEEDBACK,
		},
		notify: {
			send: `Send a message from a Prelude template (SMS, RCS or WhatsApp) to one phone number (Prelude Notify). Template ID: the template (template_…). To: ${E164}. Template Variables fill the template. Each call texts the person: call it once. The answer has the message id.`,
			sendBatch: `Send the same templated message to several phone numbers in one call (Prelude Notify). Template ID: the template. To: numbers in ${E164}, separated by commas. Texts every recipient: call it once. The answer has a result per recipient.`,
			reply: `Answer a WhatsApp message someone sent, with free text, within 24 hours of it (Prelude Notify). Reply To: the id of their message (im_…). To: their number, ${E164}. Text: the answer. Texts the person: call it once.`,
		},
		subscription: {
			get: 'Get one Prelude Notify subscription configuration (the opt-in/opt-out set-up of a messaging programme). Subscription Config ID: its id.',
			getMany:
				'List the Prelude Notify subscription configurations (opt-in/opt-out set-ups) of the account, with their ids.',
			getNumber: `Get whether a phone number is subscribed ("SUB") or opted out ("UNSUB") of a messaging programme (Prelude Notify), e.g. before a marketing message. Subscription Config ID: the programme's id. Phone Number: ${E164}.`,
			getManyNumbers:
				'List the phone numbers of a Prelude Notify subscription configuration with their state ("SUB" or "UNSUB"); filter State to get e.g. everyone who opted out.',
			getNumberEvents: `List a phone number's opt-ins and opt-outs over time for one Prelude Notify subscription configuration. Phone Number: ${E164}.`,
		},
		phoneList: {
			add: `Put a phone number on Prelude's allow list (always verified) or block list (never sent a code); which list is set in the node. Phone Number: ${E164}.`,
			remove: `Take a phone number off Prelude's allow list or block list; which list is set in the node. Phone Number: ${E164}.`,
			getMany:
				"List the phone numbers on Prelude's allow list or block list; which list is set in the node.",
		},
		testNumber: {
			add: `Make a phone number a Prelude test number with a fixed code: verifying it sends no message, and Check accepts that code. Phone Number: ${E164}. Fixed Code: e.g. "123456".`,
			remove: `Make a Prelude test number an ordinary number again. Phone Number: ${E164}.`,
			getMany: 'List the Prelude test numbers of the account with their fixed codes.',
		},
		senderId: {
			getMany:
				'List the sender IDs (names verification messages come from) of the Prelude account, each with status "approved", "pending" or "rejected".',
			submit:
				'Submit a sender ID (the name verification messages come from, e.g. "Acme") for Prelude to review; the answer\'s status is "approved", "pending" or "rejected".',
		},
		transactional: {
			send: `Send a templated message with Prelude's deprecated Transactional API; prefer Notify Send. Template ID: the template. To: ${E164}. Texts the person: call it once.`,
		},
		kyc: {
			match: `Check a person's details against their mobile operator's records (Prelude KYC, French numbers). Phone Number: ${E164}. Identity: any of given name, family name, birth date (YYYY-MM-DD), address, postal code, locality, country. Each detail answers "true", "false" or "not_available".`,
		},
	},
	dingV1: {
		otp: {
			send: `Send a one-time code by text message with Ding v1 (legacy). Phone Number: ${E164}. Each call texts the person. The answer's authentication_uuid is what Check and Retry need; status "pending" means the code is being sent.`,
			check: `Check a code with Ding v1 (legacy). Authentication UUID: the authentication_uuid from Send. Check Code: the code as text. The answer's status: "valid" (verified), "invalid" (wrong code), "expired_auth", "already_validated", "rate_limited".`,
			retry:
				'Send the code again with Ding v1 (legacy). Authentication UUID: the authentication_uuid from Send. Texts the person. The answer\'s status is "approved" (sent) or "denied".',
			getStatus:
				'Get the state of a Ding v1 (legacy) authentication and its events. Authentication UUID: the authentication_uuid from Send.',
			sendFeedback: `Tell Ding v1 (legacy) whether a verified person finished onboarding. Phone Number: ${E164}.`,
		},
		lookup: {
			get: `Look up a phone number with Ding v1 (legacy): carrier, line type, ported and temporary flags. Phone Number: ${E164}. Sends no message.`,
		},
	},
};

/** The tool variant's own fields: each operation's description for the model, and the cap. */
export const toolProperties: INodeProperties[] = [
	...Object.entries(TOOL_DESCRIPTIONS).flatMap(([api, resources]) =>
		Object.entries(resources).flatMap(([resource, operations]) =>
			Object.entries(operations).map(
				([operation, text]): INodeProperties => ({
					displayName: 'Tool Description',
					name: 'toolDescription',
					type: 'string',
					typeOptions: { rows: 4 },
					default: text,
					description:
						'What the AI model is told about this tool: when to call it, what to give it, what it answers',
					displayOptions: {
						show: { '@tool': [true], api: [api], resource: [resource], operation: [operation] },
					},
				}),
			),
		),
	),
	{
		displayName: 'Max Codes per Run',
		name: 'maxCodesPerRun',
		type: 'number',
		default: DEFAULT_MAX_CODES_PER_RUN,
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		description:
			'How many codes or messages this tool may send in one run of the workflow (one turn of an AI Agent), so an agent that loops cannot text someone again and again. Calls refused for their input count nothing. Under an MCP Server Trigger every tool call is a run of its own, so there it caps nothing.',
		displayOptions: {
			show: {
				'@tool': [true],
				resource: ['otp', 'notify', 'transactional'],
				operation: ['send', 'retry', 'sendBatch', 'reply'],
			},
		},
	},
];
