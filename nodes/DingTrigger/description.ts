// The Ding Trigger's properties, both versions', and the events it offers (their values are
// the APIs' event types, saved in workflows).
import type { INodeProperties } from 'n8n-workflow';

import { optionsCollection } from '../Ding/fields/options';

/** How a trigger proves that an event came from the API. */
export type Authentication = 'preludeSignature' | 'urlSecret' | 'none';

/** The query parameter that carries the Callback Secret in a Callback URL. */
export const SECRET_PARAMETER = 'secret';
export const MIN_SECRET_LENGTH = 16;

/**
 * The events, by the names a user knows; the values are the APIs' event types (saved in workflows).
 * n8n's node panel lists a trigger's events as "On <name>", lower-cased ("On ding v1 code sent"),
 * unless the option has an `action`, which it shows as it is.
 */
const EVENTS = [
	{
		name: 'Code Sent',
		value: 'verify.attempt',
		action: 'On code sent',
		description: 'Prelude sent a message with the code (verify.attempt)',
	},
	{
		name: 'Delivery Status Reported',
		value: 'verify.delivery_status',
		action: 'On delivery status reported',
		description:
			'The carrier reported whether the message arrived: delivered, undeliverable, … (verify.delivery_status)',
	},
	{
		name: 'Ding V1 Code Sent',
		value: 'attempt',
		action: 'On code sent (Ding v1)',
		description: 'Ding v1 (legacy) sent a message with the code (attempt)',
	},
	{
		name: 'Ding V1 Delivery Status Reported',
		value: 'delivery_status',
		action: 'On delivery status reported (Ding v1)',
		description:
			'The carrier reported a delivery status for a Ding v1 (legacy) message (delivery_status)',
	},
	{
		name: 'Ding V1 Verification Created',
		value: 'authentication',
		action: 'On verification created (Ding v1)',
		description: 'A Ding v1 (legacy) authentication was created and billed (authentication)',
	},
	{
		name: 'Inbound Message Received',
		value: 'inbound.message.received',
		action: 'On inbound message received',
		description:
			'Someone wrote to your WhatsApp number; answer within 24 hours with Message → Reply (inbound.message.received)',
	},
	{
		name: 'Message Created',
		value: 'transactional.message.created',
		action: 'On message created',
		description:
			'Prelude accepted a message of Message → Send (Notify) or Transactional (transactional.message.created)',
	},
	{
		name: 'Message Delivered',
		value: 'transactional.message.delivered',
		action: 'On message delivered',
		description: 'The carrier delivered a message (transactional.message.delivered)',
	},
	{
		name: 'Message Delivery Unknown',
		value: 'transactional.message.unknown',
		action: 'On message delivery unknown',
		description:
			'No delivery report came for a message; status and reason say more (transactional.message.unknown)',
	},
	{
		name: 'Message Failed',
		value: 'transactional.message.failed',
		action: 'On message failed',
		description:
			'A message failed or expired; reason says why, e.g. unknown_recipient (transactional.message.failed)',
	},
	{
		name: 'Message Pending Delivery',
		value: 'transactional.message.pending_delivery',
		action: 'On message pending delivery',
		description: 'A message waits for delivery (transactional.message.pending_delivery)',
	},
	{
		name: 'Message Submitted',
		value: 'transactional.message.submitted',
		action: 'On message submitted',
		description:
			'A message went to a carrier on a channel, e.g. SMS or WhatsApp (transactional.message.submitted)',
	},
	{
		name: 'Subscriber Disconnected by Carrier',
		value: 'marketing.subscription.carrier_disconnect',
		action: 'On subscriber disconnected by carrier',
		description:
			'A carrier reported a number disconnected, so Prelude unsubscribed it (marketing.subscription.carrier_disconnect)',
	},
	{
		name: 'Verification Created',
		value: 'verify.authentication',
		action: 'On verification created',
		description: 'A verification was created and billed (verify.authentication)',
	},
];

/** Ding v1's event types: Ding v1 signs nothing, so none of them passes a signature check. */
export const DING_V1_EVENTS = ['attempt', 'authentication', 'delivery_status'];

const eventsProperty: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	default: [],
	options: EVENTS,
	description:
		'The event types that start the workflow. Leave empty for all, including types added later.',
};

/**
 * The canvas subtitle: the chosen events by name, in order, a value without a name as it is; "All
 * events" when none is chosen. Plain string methods and no function, so that every expression
 * engine n8n has evaluates it (n8n 3's QuickJS too): the values, each between line breaks, are
 * swapped for their names one by one, then the line breaks become commas.
 */
const CHOSEN_EVENT_NAMES = EVENTS.reduce(
	(text, event) =>
		`${text}.split(${JSON.stringify(`\n${event.value}\n`)}).join(${JSON.stringify(`\n${event.name}\n`)})`,
	'("\\n" + $parameter["events"].join("\\n\\n") + "\\n")',
);
export const SUBTITLE = `={{ $parameter["events"].length ? ${CHOSEN_EVENT_NAMES}.slice(1, -1).split("\\n\\n").join(", ") : "All events" }}`;

const ignoreRepeatsOption: INodeProperties = {
	displayName: 'Ignore Repeated Events',
	name: 'ignoreRepeats',
	type: 'boolean',
	default: true,
	description:
		"Whether to start nothing for an event whose ID arrived in the last 14 days (the API re-sends an event until it gets an answer). The latest 1,000 IDs are kept in n8n's database, so every n8n process (queue mode too) knows them, across restarts.",
};

const publicKeyDescription =
	"Prelude's webhook public key (Prelude dashboard → Settings → Keys), as PEM or JWK. Only events whose X-Webhook-Signature (rsassa-pss-sha256) verifies with it start the workflow; others get HTTP 401.";

/**
 * Version 1 (saved before version 2) checks signatures only when its Webhook Public Key option is
 * set, and accepts anything otherwise, as it always did. Version 2 accepts nothing it cannot prove
 * came from the API unless the user picks "None" knowingly.
 */
const version1Properties: INodeProperties[] = [
	{
		displayName:
			'Copy this node’s webhook URL (the Test URL while you listen for a test event, the Production URL once the workflow is published) into the Ding node: Send → Verification Options → Callback URL (Prelude v2) or Additional Fields → Callback URL (Ding v1). The events of that code are then posted here.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName:
			'This is version 1 of the Ding Trigger: without a Webhook Public Key it starts the workflow for any event posted to its URL, forged ones included. Add a new Ding Trigger (version 2), which refuses unsigned events unless you choose otherwise.',
		name: 'legacyNotice',
		type: 'notice',
		default: '',
	},
	eventsProperty,
	optionsCollection([
		ignoreRepeatsOption,
		{
			displayName: 'Webhook Public Key (Prelude V2)',
			name: 'webhookPublicKey',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: 'e.g. -----BEGIN PUBLIC KEY----- ...',
			description: `${publicKeyDescription} Ding v1 events carry no signature and are then refused`,
		},
	]),
];

const version2Properties: INodeProperties[] = [
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		noDataExpression: true,
		default: 'preludeSignature',
		options: [
			{
				name: 'Prelude Signature',
				value: 'preludeSignature',
				description:
					'Prelude Verify v2 signs each event: only events that verify with your webhook public key start the workflow',
			},
			{
				name: 'Callback Secret (Ding V1)',
				value: 'urlSecret',
				description:
					'Ding v1 signs nothing: a secret you choose travels in the Callback URL, and only posts that carry it start the workflow',
			},
			{
				name: 'None (Insecure)',
				value: 'none',
				description:
					'Accept every post to the URL, forged ones included: anyone who learns the URL can start the workflow',
			},
		],
		description: 'How the trigger tells events from the API apart from forged ones',
	},
	{
		displayName: 'Webhook Public Key',
		name: 'webhookPublicKey',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. -----BEGIN PUBLIC KEY----- ...',
		description: `${publicKeyDescription} Signed events older than 14 days get HTTP 403`,
		displayOptions: { show: { authentication: ['preludeSignature'] } },
	},
	{
		displayName: 'Callback Secret',
		name: 'callbackSecret',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: `A random secret of at least ${MIN_SECRET_LENGTH} characters. Add it to the webhook URL as ?${SECRET_PARAMETER}=&lt;the secret&gt; and paste that into Send → Additional Fields → Callback URL; posts without it get HTTP 401.`,
		displayOptions: { show: { authentication: ['urlSecret'] } },
	},
	{
		displayName:
			'Copy this node’s webhook URL (the Test URL while you listen for a test event, the Production URL once the workflow is published) into the Ding node: Send → Verification Options → Callback URL. The events of that code are then posted here.',
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['preludeSignature'] } },
	},
	{
		displayName: `Copy this node’s webhook URL (Test URL while testing, Production URL once published), add ?${SECRET_PARAMETER}= and the Callback Secret, and paste it into the Ding node: Send → Additional Fields → Callback URL.`,
		name: 'secretNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['urlSecret'] } },
	},
	{
		displayName:
			'Insecure: this trigger starts the workflow for any post to its URL, and the URL is no secret (it is handed to the API with every code). Anyone can start it with forged events. Use it only for tests.',
		name: 'insecureNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'] } },
	},
	eventsProperty,
	{
		displayName:
			'Ding v1 events carry no signature, so under Prelude Signature they never start this workflow (they get HTTP 401). For Ding v1 choose Authentication → Callback Secret; for Prelude v2 pick the events without “Ding V1”.',
		name: 'dingV1EventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['preludeSignature'], events: DING_V1_EVENTS } },
	},
	optionsCollection([ignoreRepeatsOption]),
];

function versioned(properties: INodeProperties[], versions: unknown[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, '@version': versions },
		},
	})) as INodeProperties[];
}

/** Both versions' properties, each shown only for its version. */
export const properties: INodeProperties[] = [
	...versioned(version1Properties, [1]),
	...versioned(version2Properties, [{ _cnd: { gte: 2 } }]),
];
