import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { optionsCollection } from '../Ding/descriptions/common';
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
			'Starts the workflow when Ding posts an event (authentication created, message sent, delivery status) to the Callback URL of a Send',
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
					'Copy this node’s Production URL into Ding: Send → Additional Fields → Callback URL. Ding then posts the events of that code here.',
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
						name: 'Attempt',
						value: 'attempt',
						description: 'A message with the code was sent to the user',
					},
					{
						name: 'Authentication',
						value: 'authentication',
						description: 'An authentication was created (and billed)',
					},
					{
						name: 'Delivery Status',
						value: 'delivery_status',
						description: 'The carrier reported a delivery status for a message',
					},
				],
				description:
					'The event types that start the workflow. Leave empty for all, including types Ding adds later.',
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
			]),
		],
	};

	/**
	 * Ding v1 has no API to register a webhook: each Send names its Callback URL. What this node
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
