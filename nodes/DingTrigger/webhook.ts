// What the trigger does with a post to its URL (size, authentication, event type, repeats), and
// the checks it makes when its workflow is activated.
import { timingSafeEqual } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { isJsonObject } from '../Ding/helpers/validation';
import { DING_V1_EVENTS, MIN_SECRET_LENGTH, SECRET_PARAMETER } from './description';
import type { Authentication } from './description';
import { forgetTrigger, isRepeat } from './repeatMemory';
import { readPublicKey, signatureVerifies, signedEventProblem } from './signatures';

/** Ding's and Prelude's events are a few hundred bytes: anything far larger is not one of them. */
export const MAX_BODY_BYTES = 64 * 1024;
const MAX_BODY_DEPTH = 16;

function isDingEvent(body: unknown): body is IDataObject & { type: string } {
	return isJsonObject(body) && typeof body.type === 'string' && body.type !== '';
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

/**
 * Neither Ding v1 nor Prelude v2 has an API to register a webhook: each Send names its Callback
 * URL. What this node sets up and tears down is its own state for that URL: it checks at
 * activation that it can prove events authentic, and its memory of event IDs starts empty.
 */
export const callbackUrlMethods = {
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
		forgetTrigger(this);
		return true;
	},
};

/** Answers an event posted to the URL, and starts the workflow for one it accepts. */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const body = this.getBodyData();
	const response = this.getResponseObject();
	const refuse = (status: number, error: string): IWebhookResponseData => {
		response.status(status).json({ error });
		return { noWebhookResponse: true };
	};
	const request = this.getRequestObject() as { rawBody?: Buffer; query?: IDataObject };
	const raw = Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;

	if (raw && raw.length > MAX_BODY_BYTES) {
		return refuse(413, `The body has ${raw.length} bytes; an event has at most ${MAX_BODY_BYTES}`);
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
