import { constants, createPublicKey, verify } from 'crypto';
import type { KeyObject } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { optionsCollection } from '../Ding/fields/options';
import { isJsonObject } from '../Ding/helpers/validation';

/** Ding re-sends an event for two weeks until it gets a 200: remember IDs that long. */
const REPEAT_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
const MAX_REMEMBERED_IDS = 10_000;

type SeenIds = Record<string, number>;

function isDingEvent(body: unknown): body is IDataObject & { type: string } {
	return isJsonObject(body) && typeof body.type === 'string' && body.type !== '';
}

/**
 * Records an event ID and says whether it was already seen within the window. Returns a new
 * store, bounded: IDs older than the window go, and past the cap the oldest go first.
 */
export function rememberEvent(
	known: SeenIds,
	id: string,
	now: number,
): { repeat: boolean; seen: SeenIds } {
	const seen: SeenIds = {};
	for (const [knownId, at] of Object.entries(known)) {
		if (now - at <= REPEAT_WINDOW_MS) seen[knownId] = at;
	}
	if (id in seen) return { repeat: true, seen };
	seen[id] = now;
	const ids = Object.keys(seen);
	if (ids.length > MAX_REMEMBERED_IDS) {
		ids
			.sort((a, b) => seen[a] - seen[b])
			.slice(0, ids.length - MAX_REMEMBERED_IDS)
			.forEach((oldest) => delete seen[oldest]);
	}
	return { repeat: false, seen };
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

/** The Webhook Public Key option as set, trimmed; empty when unset. */
function publicKeyOption(context: IHookFunctions | IWebhookFunctions): string {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return typeof options.webhookPublicKey === 'string' ? options.webhookPublicKey.trim() : '';
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
 * Event IDs seen by each trigger (workflow ID and node ID) in this n8n process. The same IDs go
 * to the workflow's static data too, but n8n 2.x does not keep static data that a webhook
 * changes when the webhook starts an execution, so the process keeps its own copy.
 */
const recentEvents = new Map<string, SeenIds>();

function triggerKey(context: IHookFunctions | IWebhookFunctions): string {
	return `${String(context.getWorkflow().id)}:${context.getNode().id}`;
}

export class DingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ding Trigger',
		name: 'dingTrigger',
		icon: { light: 'file:../Ding/ding.svg', dark: 'file:../Ding/ding.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].length ? $parameter["events"].join(", ") : "all events"}}',
		description:
			'Starts the workflow when Ding (Prelude Verify v2 or Ding v1) posts an event (verification created, message sent, delivery status) to the Callback URL of a Send',
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
			{
				displayName:
					'Copy this node’s Production URL into the Ding node: Send → Verification Options → Callback URL (Prelude v2) or Additional Fields → Callback URL (Ding v1). The events of that code are then posted here.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: [],
				options: [
					{
						name: 'Attempt (Ding V1)',
						value: 'attempt',
						description: 'A message with the code was sent to the user',
					},
					{
						name: 'Attempt (Prelude V2)',
						value: 'verify.attempt',
						description: 'A message with the code was sent to the user (verify.attempt)',
					},
					{
						name: 'Authentication (Ding V1)',
						value: 'authentication',
						description: 'An authentication was created (and billed)',
					},
					{
						name: 'Authentication (Prelude V2)',
						value: 'verify.authentication',
						description: 'A verification was created and billed (verify.authentication)',
					},
					{
						name: 'Delivery Status (Ding V1)',
						value: 'delivery_status',
						description: 'The carrier reported a delivery status for a message',
					},
					{
						name: 'Delivery Status (Prelude V2)',
						value: 'verify.delivery_status',
						description: 'The carrier reported a delivery status (verify.delivery_status)',
					},
				],
				description:
					'The event types that start the workflow. Leave empty for all, including types added later.',
			},
			optionsCollection([
				{
					displayName: 'Ignore Repeated Events',
					name: 'ignoreRepeats',
					type: 'boolean',
					default: true,
					description:
						'Whether to start nothing for an event whose ID arrived in the last 14 days (Ding re-sends an event until it gets an answer). Works on the production URL of an active workflow.',
				},
				{
					displayName: 'Webhook Public Key (Prelude V2)',
					name: 'webhookPublicKey',
					type: 'string',
					typeOptions: { rows: 4 },
					default: '',
					placeholder: 'e.g. -----BEGIN PUBLIC KEY----- ...',
					description:
						"Prelude's webhook public key (Prelude dashboard → Settings → Keys), as PEM or JWK. When set, only events whose X-Webhook-Signature (rsassa-pss-sha256) verifies with it start the workflow; others get HTTP 401. Ding v1 events carry no signature and are then refused.",
				},
			]),
		],
	};

	/**
	 * Neither Ding v1 nor Prelude v2 has an API to register a webhook: each Send names its Callback URL. What this node
	 * sets up and tears down is its own state for that URL, the memory of event IDs it has seen,
	 * which starts empty when the workflow is activated and is dropped when it is deactivated.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node');
				return state.webhookUrl === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const publicKey = publicKeyOption(this);
				if (publicKey !== '' && !readPublicKey(publicKey)) {
					throw new NodeOperationError(
						this.getNode(),
						'The Webhook Public Key cannot be read as a public key',
						{
							description:
								'Paste the webhook public key from the Prelude dashboard (Settings → Keys) as it is shown: a PEM block that starts with -----BEGIN PUBLIC KEY-----, or a JWK.',
						},
					);
				}
				const state = this.getWorkflowStaticData('node');
				state.webhookUrl = this.getNodeWebhookUrl('default');
				state.seenEventIds = {};
				recentEvents.delete(triggerKey(this));
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node');
				delete state.webhookUrl;
				delete state.seenEventIds;
				recentEvents.delete(triggerKey(this));
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const body = this.getBodyData();
		const response = this.getResponseObject();

		if (!isDingEvent(body)) {
			response.status(400).json({
				error: 'Not a Ding event: expected a JSON object with a "type" field',
			});
			return { noWebhookResponse: true };
		}

		const publicKeyText = publicKeyOption(this);
		if (publicKeyText !== '') {
			const key = readPublicKey(publicKeyText);
			if (!key) {
				response.status(500).json({ error: 'The trigger cannot read its webhook public key' });
				return { noWebhookResponse: true };
			}
			const header = this.getHeaderData()['x-webhook-signature'];
			const signature = Array.isArray(header) ? header.join(',') : (header ?? '');
			const request = this.getRequestObject() as { rawBody?: Buffer };
			const raw = request.rawBody ?? Buffer.from(JSON.stringify(body));
			if (!signatureVerifies(key, raw, String(signature))) {
				response.status(401).json({
					error:
						signature === ''
							? 'No X-Webhook-Signature: this trigger accepts only signed events'
							: 'The X-Webhook-Signature does not verify with the webhook public key',
				});
				return { noWebhookResponse: true };
			}
		}

		const events = this.getNodeParameter('events', []) as string[];
		if (events.length > 0 && !events.includes(body.type)) {
			response
				.status(200)
				.json({ received: true, started: false, reason: 'event type not selected' });
			return { noWebhookResponse: true };
		}

		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (options.ignoreRepeats === true && typeof body.id === 'string' && body.id !== '') {
			const state = this.getWorkflowStaticData('node');
			const key = triggerKey(this);
			const known = { ...((state.seenEventIds ?? {}) as SeenIds), ...recentEvents.get(key) };
			const { repeat, seen } = rememberEvent(known, body.id, Date.now());
			recentEvents.set(key, seen);
			state.seenEventIds = seen;
			if (repeat) {
				response.status(200).json({ received: true, started: false, reason: 'repeated event' });
				return { noWebhookResponse: true };
			}
		}

		return { workflowData: [this.helpers.returnJsonArray(body)] };
	}
}
