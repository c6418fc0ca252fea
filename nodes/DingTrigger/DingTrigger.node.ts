import { constants, createHash, createPublicKey, timingSafeEqual, verify } from 'crypto';
import type { KeyObject } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, sleep } from 'n8n-workflow';

import { optionsCollection } from '../Ding/fields/options';
import { isJsonObject } from '../Ding/helpers/validation';

/** Prelude and Ding re-send an event for two weeks until they get a 200: remember IDs that long. */
const REPEAT_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
const MAX_REMEMBERED_IDS = 10_000;
/**
 * The part of the memory every n8n process shares (the node's static data, in n8n's database):
 * n8n saves it after each event, so it stays small.
 */
export const MAX_SHARED_IDS = 1_000;
/** How many of its latest IDs a process writes back with each new one (see isRepeat). */
export const RESAVED_IDS = 100;
/** A signed event older than the re-send window (plus clock skew), or from the future, is refused. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAX_EVENT_AGE_MS = REPEAT_WINDOW_MS + CLOCK_SKEW_MS;
/** Ding's and Prelude's events are a few hundred bytes: anything far larger is not one of them. */
export const MAX_BODY_BYTES = 64 * 1024;
const MAX_BODY_DEPTH = 16;

function isDingEvent(body: unknown): body is IDataObject & { type: string } {
	return isJsonObject(body) && typeof body.type === 'string' && body.type !== '';
}

/**
 * Event IDs seen lately, oldest first: a Map keeps insertion order, so the oldest entry is the
 * first one, and recording an ID costs the same with ten IDs as with ten thousand. Every ID,
 * `__proto__` and `constructor` included, is an ordinary key.
 */
export class EventMemory {
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly windowMs = REPEAT_WINDOW_MS,
		private readonly capacity = MAX_REMEMBERED_IDS,
	) {}

	get size(): number {
		return this.seen.size;
	}

	/**
	 * A memory holding what `stored` returned: the IDs and their times, oldest first, as two lists
	 * (n8n wraps every object in static data in a proxy when it loads it, so no list of pairs).
	 * Anything of another shape is skipped.
	 */
	static restore(stored: unknown, windowMs?: number, capacity?: number): EventMemory {
		const memory = new EventMemory(windowMs, capacity);
		if (!isJsonObject(stored) || !Array.isArray(stored.ids) || !Array.isArray(stored.times)) {
			return memory;
		}
		const { ids, times } = stored as { ids: unknown[]; times: unknown[] };
		const count = Math.min(ids.length, times.length);
		for (let i = Math.max(0, count - memory.capacity); i < count; i++) {
			const [id, at] = [ids[i], times[i]];
			if (typeof id === 'string' && typeof at === 'number' && Number.isFinite(at)) {
				memory.seen.set(id, at);
			}
		}
		return memory;
	}

	/** The IDs and their times, oldest first, as `restore` reads them. */
	stored(): { ids: string[]; times: number[] } {
		return { ids: [...this.seen.keys()], times: [...this.seen.values()] };
	}

	/** The latest `count` IDs and their times, oldest first. */
	latest(count: number): Array<[string, number]> {
		return [...this.seen].slice(-count);
	}

	/** Adds IDs it lacks, keeping the order by time and the capacity (the newest stay). */
	mergeIn(entries: Array<[string, number]>): void {
		const all = [...this.seen, ...entries.filter(([id]) => !this.seen.has(id))];
		all.sort((a, b) => a[1] - b[1]);
		this.seen.clear();
		for (const [id, at] of all.slice(-this.capacity)) this.seen.set(id, at);
	}

	/** Records an ID; true when it was already seen within the window. */
	remember(id: string, now: number): boolean {
		for (const [oldest, at] of this.seen) {
			if (now - at <= this.windowMs) break;
			this.seen.delete(oldest);
		}
		if (this.seen.has(id)) return true;
		this.seen.set(id, now);
		if (this.seen.size > this.capacity) {
			this.seen.delete(this.seen.keys().next().value as string);
		}
		return false;
	}
}

/** How deep a JSON value nests, counted up to `limit` (and no further). */
function depthOf(value: unknown, limit: number, depth = 0): number {
	if (depth >= limit || value === null || typeof value !== 'object') return depth;
	let deepest = depth + 1;
	for (const entry of Object.values(value)) {
		deepest = Math.max(deepest, depthOf(entry, limit, depth + 1));
		if (deepest >= limit) break;
	}
	return deepest;
}

const SIGNATURE_PREFIX = 'rsassa-pss-sha256=';

/**
 * Prelude's webhook public key as pasted: PEM (public key or certificate), the base64 body of an
 * SPKI key without its PEM lines, or a JWK as JSON. Undefined when it cannot be read.
 */
export function readPublicKey(text: string): KeyObject | undefined {
	const key = text.trim();
	try {
		if (key.startsWith('{')) {
			return createPublicKey({ key: JSON.parse(key) as never, format: 'jwk' });
		}
		if (key.startsWith('-----BEGIN')) return createPublicKey(key);
		const body = key.replace(/\s+/g, '');
		const lines = body.match(/.{1,64}/g) ?? [];
		return createPublicKey(
			`-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`,
		);
	} catch {
		return undefined;
	}
}

/**
 * Whether an X-Webhook-Signature header holds an RSASSA-PSS SHA-256 signature of the raw body that
 * the key verifies. The header is `rsassa-pss-sha256=<base64url or base64>`; several signatures
 * (as during a key rotation) may be separated by commas or spaces, and one that verifies is enough.
 */
export function signatureVerifies(key: KeyObject, rawBody: Buffer, header: string): boolean {
	const signatures = header
		.split(/[\s,]+/)
		.filter((part) => part.startsWith(SIGNATURE_PREFIX))
		.map((part) => Buffer.from(part.slice(SIGNATURE_PREFIX.length), 'base64'));
	return signatures.some((signature) => {
		try {
			return verify(
				'sha256',
				rawBody,
				{
					key,
					padding: constants.RSA_PKCS1_PSS_PADDING,
					saltLength: constants.RSA_PSS_SALTLEN_AUTO,
				},
				signature,
			);
		} catch {
			return false;
		}
	});
}

/**
 * The repeat memory of each trigger (workflow ID and node ID), in this n8n process: it answers a
 * repeat at once, even one that arrives while the first delivery's workflow is still starting.
 */
const memories = new Map<string, EventMemory>();

/** Where the shared part of the memory lives in the node's static data. */
const SHARED_MEMORY_KEY = 'recentEventIds';

/**
 * Whether an event ID arrived before, in this process or in any other one. The process memory
 * answers first; an ID new to it is looked up in, and added to, the node's static data, which
 * n8n loads from its database for each production webhook call and saves when the answer goes
 * out (LiveWebhooks in packages/cli), in every main or webhook process. So a repeat is caught
 * after a restart and when it reaches another webhook process in queue mode.
 *
 * n8n saves static data whole: two processes taking new events at the same moment can each save
 * a list without the other's ID. So each save also carries the process's latest IDs
 * (RESAVED_IDS), and an ID lost that way comes back with the next new event its process takes;
 * until then only its own process knows it. docs/trigger.md says so.
 */
function isRepeat(context: IWebhookFunctions, eventId: string, now: number): boolean {
	const id = memoryKeyOf(eventId);
	const key = triggerKey(context);
	let memory = memories.get(key);
	if (!memory) {
		memory = new EventMemory();
		memories.set(key, memory);
	}
	if (memory.remember(id, now)) return true;
	const state = context.getWorkflowStaticData('node');
	const shared = EventMemory.restore(state[SHARED_MEMORY_KEY], REPEAT_WINDOW_MS, MAX_SHARED_IDS);
	if (shared.remember(id, now)) return true;
	shared.mergeIn(memory.latest(RESAVED_IDS));
	state[SHARED_MEMORY_KEY] = shared.stored();
	return false;
}

/** Event IDs are short (evt_…, a UUID); a longer one is remembered by its hash, so what n8n stores stays small. */
const MAX_KEPT_ID_LENGTH = 64;

function memoryKeyOf(eventId: string): string {
	if (eventId.length <= MAX_KEPT_ID_LENGTH) return eventId;
	return `sha256:${createHash('sha256').update(eventId).digest('base64url')}`;
}

/** The process memory of one trigger: its workflow and node, with test events kept apart. */
function triggerKey(
	context: IHookFunctions | IWebhookFunctions,
	mode = context.getMode() === 'manual' ? 'test' : 'production',
): string {
	return `${String(context.getWorkflow().id)}:${context.getNode().id}:${mode}`;
}

/** How a trigger proves that an event came from the API. */
type Authentication = 'preludeSignature' | 'urlSecret' | 'none';

/** The query parameter that carries the Callback Secret in a Callback URL. */
const SECRET_PARAMETER = 'secret';
const MIN_SECRET_LENGTH = 16;

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
const DING_V1_EVENTS = ['attempt', 'authentication', 'delivery_status'];

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

interface TriggerSettings {
	authentication: Authentication;
	publicKey: string;
	secret: string;
	ignoreRepeats: boolean;
	events: string[];
}

/** The trigger's parameters, by version. */
function settingsOf(context: IHookFunctions | IWebhookFunctions): TriggerSettings {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const events = context.getNodeParameter('events', []) as string[];
	const ignoreRepeats = options.ignoreRepeats !== false;
	if (context.getNode().typeVersion < 2) {
		const publicKey =
			typeof options.webhookPublicKey === 'string' ? options.webhookPublicKey.trim() : '';
		return {
			authentication: publicKey === '' ? 'none' : 'preludeSignature',
			publicKey,
			secret: '',
			ignoreRepeats,
			events,
		};
	}
	const authentication = context.getNodeParameter(
		'authentication',
		'preludeSignature',
	) as Authentication;
	const read = (name: string) => String(context.getNodeParameter(name, '') ?? '').trim();
	return {
		authentication,
		publicKey: authentication === 'preludeSignature' ? read('webhookPublicKey') : '',
		secret: authentication === 'urlSecret' ? read('callbackSecret') : '',
		ignoreRepeats,
		events,
	};
}

function secretMatches(expected: string, given: unknown): boolean {
	const value = Array.isArray(given) ? given[0] : given;
	if (typeof value !== 'string') return false;
	const a = Buffer.from(expected);
	const b = Buffer.from(value);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** An RFC 3339 time, as Prelude writes `created_at` (e.g. 2025-03-04T17:59:21.163921113Z). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Why a signed event cannot be accepted, with the status to answer; undefined when it can. A
 * signature proves who wrote the bytes, not when: only the event's `id` (for the repeat memory)
 * and its `created_at` (for the age check), both inside the signed body, tell a replay from a new
 * event, so a signed event must carry both. Every Prelude event does (an `evt_…` id and an
 * RFC 3339 `created_at`: docs.prelude.so, Verify and Notify webhooks).
 */
function signedEventProblem(
	body: unknown,
	now: number,
): { status: number; reason: string } | undefined {
	if (!isJsonObject(body)) return undefined;
	if (typeof body.id !== 'string' || body.id === '') {
		return {
			status: 400,
			reason: 'it has no id (a non-empty string), so a replay could not be told from it',
		};
	}
	const createdAt = body.created_at;
	const at = typeof createdAt === 'string' && RFC3339.test(createdAt) ? Date.parse(createdAt) : NaN;
	if (Number.isNaN(at)) {
		return {
			status: 400,
			reason:
				'its created_at is not an RFC 3339 time (e.g. 2025-03-04T17:59:21Z), so its age cannot be checked',
		};
	}
	if (at > now + CLOCK_SKEW_MS) return { status: 403, reason: 'its created_at is in the future' };
	if (now - at > MAX_EVENT_AGE_MS) return { status: 403, reason: 'it is older than 14 days' };
	return undefined;
}

export class DingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ding Trigger',
		name: 'dingTrigger',
		icon: { light: 'file:../Ding/ding.svg', dark: 'file:../Ding/ding.dark.svg' },
		group: ['trigger'],
		version: [1, 2],
		defaultVersion: 2,
		subtitle: SUBTITLE,
		// n8n's node panel lists this trigger and the Ding node as one entry "Ding" and shows this
		// description for it (n8n-editor-ui generateMergedNodesAndActions), so it speaks for both.
		description:
			'Verify phone numbers with one-time codes from Ding (Prelude Verify v2): send and check codes, look up numbers, and start workflows on verification events',
		documentationUrl: 'https://github.com/n8n-nodes-ding/n8n-nodes-ding#ding-trigger',
		defaults: {
			name: 'Ding Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			...versioned(version1Properties, [1]),
			...versioned(version2Properties, [{ _cnd: { gte: 2 } }]),
		],
	};

	/**
	 * Neither Ding v1 nor Prelude v2 has an API to register a webhook: each Send names its Callback
	 * URL. What this node sets up and tears down is its own state for that URL: it checks at
	 * activation that it can prove events authentic, and its memory of event IDs starts empty.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node');
				return state.webhookUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const settings = settingsOf(this);
				if (settings.authentication === 'preludeSignature' && !readPublicKey(settings.publicKey)) {
					throw new NodeOperationError(
						this.getNode(),
						settings.publicKey === ''
							? 'The Ding Trigger needs the Webhook Public Key to check that events come from Prelude'
							: 'The Webhook Public Key cannot be read as a public key',
						{
							description:
								'Paste the webhook public key from the Prelude dashboard (Settings → Keys) as it is shown: a PEM block that starts with -----BEGIN PUBLIC KEY-----, or a JWK. For Ding v1 events choose Authentication → Callback Secret.',
						},
					);
				}
				if (
					settings.authentication === 'preludeSignature' &&
					settings.events.length > 0 &&
					settings.events.every((event) => DING_V1_EVENTS.includes(event))
				) {
					throw new NodeOperationError(
						this.getNode(),
						'The Ding Trigger would never start: it checks Prelude signatures, and every event it is set to take is a Ding v1 event, which carries none',
						{
							description:
								'For Ding v1 events choose Authentication → Callback Secret. For Prelude v2 pick its events in Events (those without “Ding V1”).',
						},
					);
				}
				if (settings.authentication === 'urlSecret' && settings.secret.length < MIN_SECRET_LENGTH) {
					throw new NodeOperationError(
						this.getNode(),
						`The Callback Secret must have at least ${MIN_SECRET_LENGTH} characters`,
						{
							description:
								'Choose a long random secret, e.g. from a password manager, and add it to the Callback URL of your Sends as ?secret=…',
						},
					);
				}
				const state = this.getWorkflowStaticData('node');
				state.webhookUrl = this.getNodeWebhookUrl('default');
				// Event IDs as earlier versions kept them in static data (an object, slow when full).
				delete state.seenEventIds;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node');
				delete state.webhookUrl;
				delete state.seenEventIds;
				// The shared memory stays: Prelude goes on re-sending while a workflow is inactive. n8n
				// tears test webhooks down the same way as production ones, so both go from the process.
				memories.delete(triggerKey(this, 'production'));
				memories.delete(triggerKey(this, 'test'));
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData();
		const response = this.getResponseObject();
		const refuse = (status: number, error: string): IWebhookResponseData => {
			response.status(status).json({ error });
			return { noWebhookResponse: true };
		};
		const request = this.getRequestObject() as { rawBody?: Buffer; query?: IDataObject };
		const raw = Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;

		if (raw && raw.length > MAX_BODY_BYTES) {
			return refuse(
				413,
				`The body has ${raw.length} bytes; an event has at most ${MAX_BODY_BYTES}`,
			);
		}
		// Before anything walks the body as a whole: the depth walk itself stops at the limit.
		if (depthOf(body, MAX_BODY_DEPTH + 1) > MAX_BODY_DEPTH) {
			return refuse(400, `The body nests deeper than ${MAX_BODY_DEPTH} levels; no event does`);
		}
		const size = raw?.length ?? Buffer.byteLength(JSON.stringify(body) ?? '');
		if (size > MAX_BODY_BYTES) {
			return refuse(413, `The body has ${size} bytes; an event has at most ${MAX_BODY_BYTES}`);
		}

		const settings = settingsOf(this);
		if (settings.authentication === 'preludeSignature') {
			const key = readPublicKey(settings.publicKey);
			if (!key) return refuse(500, 'The trigger cannot read its webhook public key');
			const header = this.getHeaderData()['x-webhook-signature'];
			const signature = Array.isArray(header) ? header.join(',') : String(header ?? '');
			if (signature === '') {
				const dingV1 = isDingEvent(body) && DING_V1_EVENTS.includes(body.type);
				return refuse(
					401,
					dingV1
						? 'No X-Webhook-Signature: this trigger accepts only signed events, and Ding v1 events carry none. For Ding v1 events use a Ding Trigger with Authentication → Callback Secret'
						: 'No X-Webhook-Signature: this trigger accepts only signed events',
				);
			}
			if (!raw || !signatureVerifies(key, raw, signature)) {
				return refuse(401, 'The X-Webhook-Signature does not verify with the webhook public key');
			}
			const problem = signedEventProblem(body, Date.now());
			if (problem) {
				return refuse(
					problem.status,
					`The event is signed, but ${problem.reason}: it is not accepted`,
				);
			}
		}
		if (
			settings.authentication === 'urlSecret' &&
			!secretMatches(settings.secret, request.query?.[SECRET_PARAMETER])
		) {
			return refuse(401, `The Callback URL's ${SECRET_PARAMETER} is missing or wrong`);
		}

		if (!isDingEvent(body)) {
			return refuse(400, 'Not a Ding event: expected a JSON object with a "type" field');
		}

		if (settings.events.length > 0 && !settings.events.includes(body.type)) {
			response
				.status(200)
				.json({ received: true, started: false, reason: 'event type not selected' });
			return { noWebhookResponse: true };
		}

		if (settings.ignoreRepeats && typeof body.id === 'string' && body.id !== '') {
			if (isRepeat(this, body.id, Date.now())) {
				response.status(200).json({ received: true, started: false, reason: 'repeated event' });
				return { noWebhookResponse: true };
			}
		}

		// The trigger answers itself. n8n (2.40) saves the node's static data (the shared repeat
		// memory) when a node that answers itself returns, before it starts the run; for a node that
		// leaves an "immediately" answer to n8n it answers after starting the run, and starting it
		// builds the workflow anew from the same data, which clears its "changed" mark, so nothing
		// would be saved. The answer waits until n8n has begun that save, so that the API's next
		// event rarely finds the database without this one. The price: the answer goes out before
		// n8n queues the run, so if n8n cannot (its database or, in queue mode, Redis down), the API
		// does not re-send the event (docs/trigger.md). n8n 1.x answers before the run anyway.
		void sleep(0)
			.then(() => {
				if (!response.headersSent) response.status(200).json({ received: true, started: true });
			})
			.catch(() => undefined);
		return { workflowData: [this.helpers.returnJsonArray(body)], noWebhookResponse: true };
	}
}
