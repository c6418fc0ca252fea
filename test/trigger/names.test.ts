import type { INodeParameters, INodePropertyOptions, INodeType, INodeTypes } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { DingTrigger } from '../../nodes/DingTrigger/DingTrigger.node';
import { PHONE, WEBHOOK_KEYS } from '../support/fixtures';
import { dingTrigger, triggerNode } from '../support/harness';

/**
 * What a user reads about the Ding Trigger's events: their names in n8n's node panel and on the
 * canvas, and the warning when a Ding v1 event is picked where no Ding v1 event can arrive.
 */

const trigger = new DingTrigger();
const { description } = trigger;
const events = description.properties.find((p) => p.name === 'events')!;
const eventOptions = events.options as INodePropertyOptions[];

const nodeWith = (parameters: INodeParameters) => triggerNode(parameters, 2);

/** The canvas subtitle as n8n's editor evaluates it (NodeHelpers.getNodeSubtitle). */
function subtitleFor(chosen: string[]): unknown {
	const node = nodeWith({ events: chosen });
	const nodeTypes: INodeTypes = {
		getByName: () => trigger as INodeType,
		getByNameAndVersion: () => trigger as INodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	return workflow.expression.getSimpleParameterValue(node, description.subtitle!, 'internal', {});
}

describe('the Ding Trigger’s event names', () => {
	test('n8n’s node panel lists each event as a sentence that keeps “Ding v1” as it is written', () => {
		// n8n lists a trigger's events as "On <name>" lower-cased, or as the option's action.
		expect(eventOptions.map((o) => [o.value, o.action])).toStrictEqual([
			['verify.attempt', 'On code sent'],
			['verify.delivery_status', 'On delivery status reported'],
			['attempt', 'On code sent (Ding v1)'],
			['delivery_status', 'On delivery status reported (Ding v1)'],
			['authentication', 'On verification created (Ding v1)'],
			['inbound.message.received', 'On inbound message received'],
			['transactional.message.created', 'On message created'],
			['transactional.message.delivered', 'On message delivered'],
			['transactional.message.unknown', 'On message delivery unknown'],
			['transactional.message.failed', 'On message failed'],
			['transactional.message.pending_delivery', 'On message pending delivery'],
			['transactional.message.submitted', 'On message submitted'],
			['marketing.subscription.carrier_disconnect', 'On subscriber disconnected by carrier'],
			['verify.authentication', 'On verification created'],
		]);
	});

	test.each([
		[[], 'All events'],
		[['verify.attempt'], 'Code Sent'],
		[['attempt', 'verify.attempt'], 'Ding V1 Code Sent, Code Sent'],
		[
			['verify.delivery_status', 'delivery_status', 'authentication', 'verify.authentication'],
			'Delivery Status Reported, Ding V1 Delivery Status Reported, Ding V1 Verification Created, Verification Created',
		],
		[['transactional.message.failed', 'a.type.added.later'], 'Message Failed, a.type.added.later'],
		[['attempt', 'attempt'], 'Ding V1 Code Sent, Ding V1 Code Sent'],
	])('the canvas subtitle of %j is “%s”', (chosen, shown) => {
		expect(subtitleFor(chosen)).toBe(shown);
	});

	test('the canvas subtitle names every event, and is a plain expression without a function', () => {
		for (const option of eventOptions) {
			expect(subtitleFor([String(option.value)])).toBe(option.name);
		}
		expect(description.subtitle).not.toMatch(/=>|function/);
	});
});

describe('a Ding v1 event under Prelude Signature', () => {
	const notice = description.properties.find((p) => p.name === 'dingV1EventsNotice')!;
	const shown = (parameters: INodeParameters) => {
		const node = nodeWith(parameters);
		const values = NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			node,
			description,
		)!;
		return NodeHelpers.displayParameter(values, notice, node, description);
	};

	test('the editor shows a notice for it, and only for it', () => {
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/Callback Secret/);
		expect(shown({ events: ['verify.attempt', 'attempt'] })).toBe(true);
		expect(shown({ events: ['delivery_status'] })).toBe(true);
		expect(shown({ events: ['verify.attempt', 'verify.delivery_status'] })).toBe(false);
		expect(shown({ events: [] })).toBe(false);
		expect(shown({ authentication: 'urlSecret', events: ['attempt'] })).toBe(false);
	});

	test('a trigger set to Ding v1 events only is not activated, and the error names the fix', async () => {
		const only = dingTrigger(
			{ events: ['attempt', 'delivery_status'], webhookPublicKey: WEBHOOK_KEYS.publicKeyPem },
			2,
		);
		await expect(only.lifecycle('create')).rejects.toThrow(
			'The Ding Trigger would never start: it checks Prelude signatures, and every event it is set to take is a Ding v1 event, which carries none',
		);
		// Its Prelude v2 events still can start it: saved workflows that mix them keep working.
		const mixed = dingTrigger(
			{ events: ['attempt', 'verify.attempt'], webhookPublicKey: WEBHOOK_KEYS.publicKeyPem },
			2,
		);
		expect(await mixed.lifecycle('create')).toBe(true);
		const secret = dingTrigger(
			{ events: ['attempt'], authentication: 'urlSecret', callbackSecret: 'x'.repeat(24) },
			2,
		);
		expect(await secret.lifecycle('create')).toBe(true);
	});

	test('a Ding v1 event posted to it is refused with a 401 that says why', async () => {
		const mixed = dingTrigger(
			{ events: ['attempt', 'verify.attempt'], webhookPublicKey: WEBHOOK_KEYS.publicKeyPem },
			2,
		);
		const { answer, result } = await mixed.post({
			id: '90c7e8b2-203a-4984-ba25-6cf93d8fdbac',
			type: 'attempt',
			recipient_phone_number: PHONE,
		});
		expect(answer.status).toBe(401);
		expect(String((answer.body as { error: string }).error)).toMatch(
			/Ding v1 events carry none\. For Ding v1 events use a Ding Trigger with Authentication → Callback Secret/,
		);
		expect(result.workflowData).toBeUndefined();
	});
});
