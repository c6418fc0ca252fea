import type { INode, INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Ding } from '../../nodes/Ding/Ding.node';
import { resourceOptions } from '../../nodes/Ding/actions/preludeV2';
import { PHONE, usePrelude } from '../support/fixtures';

/**
 * The node as an AI agent's tool: what n8n tells the model (n8n-workflow's own
 * getToolDescriptionForNode over the tool variant's parameters, defaults filled in as n8n fills
 * them), the error a model gets, and the cap on texts per run.
 */
const prelude = usePrelude();
const { description } = new Ding();
/** The tool variant n8n derives from the node: the same description under the name …Tool. */
const PRELUDE_RESOURCES = resourceOptions.map((option) => option.value);
const toolType = { description: { ...description, name: 'dingTool' } } as INodeType;

function operationsOf(api: string, resource: string): string[] {
	const list = description.properties.find(
		(p) =>
			p.name === 'operation' &&
			p.displayOptions?.show?.api?.includes(api) &&
			p.displayOptions?.show?.resource?.includes(resource),
	);
	return ((list?.options ?? []) as INodePropertyOptions[]).map((o) => String(o.value));
}

function toolDescriptionFor(parameters: INode['parameters'], typeVersion: number): string {
	const node: INode = {
		id: 'tool',
		name: 'Ding',
		type: 'n8n-nodes-ding.dingTool',
		typeVersion,
		position: [0, 0],
		parameters,
	};
	const withDefaults = NodeHelpers.getNodeParameters(
		toolType.description.properties,
		parameters,
		true,
		false,
		node,
		toolType.description,
	);
	return NodeHelpers.getToolDescriptionForNode({ ...node, parameters: withDefaults! }, toolType);
}

describe('the node as an AI tool', () => {
	const every = [
		...PRELUDE_RESOURCES.flatMap((resource) =>
			operationsOf('preludeV2', resource).map((operation) => ({
				api: 'preludeV2',
				resource,
				operation,
				typeVersion: 2,
			})),
		),
		...['otp', 'lookup'].flatMap((resource) =>
			operationsOf('dingV1', resource).map((operation) => ({
				api: 'dingV1',
				resource,
				operation,
				typeVersion: 1,
			})),
		),
	];

	test('every operation of both APIs tells the model its own description, not "<action> in Ding"', () => {
		// Prelude: 30 operations in 10 resources (Send Feedback under OTP and Watch); Ding v1: 6.
		expect(every).toHaveLength(36);
		const texts = every.map(({ typeVersion, ...parameters }) =>
			toolDescriptionFor(parameters, typeVersion),
		);
		// One operation shows under two resources (Send Feedback: OTP and Watch) with one text.
		expect(new Set(texts).size).toBe(every.length - 1);
		for (const text of texts) {
			expect(text).not.toMatch(/ in Ding$/);
			expect(text.length).toBeGreaterThan(60);
		}
		const sendV2 =
			texts[
				every.findIndex(
					(o) => o.api === 'preludeV2' && o.resource === 'otp' && o.operation === 'send',
				)
			];
		expect(sendV2).toContain('E.164');
		expect(sendV2).toContain('call Check with the same phone number');
		const getStatus = texts[every.findIndex((o) => o.operation === 'getStatus')];
		expect(getStatus).toContain('authentication_uuid');
	});

	test('the tool fields show in the tool variant only', () => {
		const toolOnly = description.properties.filter((p: INodeProperties) =>
			['toolDescription', 'maxCodesPerRun'].includes(p.name),
		);
		expect(toolOnly.length).toBe(37);
		for (const property of toolOnly) {
			expect(property.displayOptions?.show?.['@tool']).toStrictEqual([true]);
		}
	});

	test('an input error reaches the model with its fix in the message, without "[item 0]"', async () => {
		const result = await prelude.run(
			{ api: 'preludeV2', resource: 'otp', operation: 'send', phoneNumber: '(415) 555-0123' },
			[{}],
			{ asTool: true },
		);
		const message = result.error?.message ?? '';
		expect(message).toContain(
			'Phone Number "(415) 555-0123" is not a phone number in E.164 format',
		);
		expect(message).toContain('e.g. +14155550123');
		expect(message).not.toContain('[item 0]');
		expect(prelude.standIn.requests).toHaveLength(0);
	});

	test('Max Codes per Run counts each number of a Send Batch: a call that would pass it sends nothing', async () => {
		const result = await prelude.run(
			{
				api: 'preludeV2',
				resource: 'notify',
				operation: 'sendBatch',
				templateId: 'template_01jd1xq0cffycayqtdkdbv4d61',
				to: '+14155550101, +14155550102, +14155550103',
				maxCodesPerRun: 2,
			},
			[{}],
			{ asTool: true },
		);
		expect(result.error?.message).toContain(
			'Max Codes per Run reached: this run already texted 0 codes (this call would text 3 numbers), and nothing more was sent',
		);
		expect(prelude.standIn.requests).toHaveLength(0);
	});

	test('Max Codes per Run stops a tool that texts again and again, with the way out in the message', async () => {
		const send = {
			api: 'preludeV2',
			resource: 'otp',
			operation: 'send',
			phoneNumber: PHONE,
			maxCodesPerRun: 2,
		};
		// One run of the tool with three calls (items): two texts, then the refusal.
		const result = await prelude.run(send, [{}, {}, {}], {
			asTool: true,
			onError: 'continueRegularOutput',
		});
		expect(prelude.standIn.requests).toHaveLength(2);
		expect(result.output.map((item) => item.json.error ?? item.json.status)).toStrictEqual([
			'success',
			'retry',
			'Max Codes per Run reached: this run already texted 2 codes, and nothing more was sent',
		]);

		// A call refused for its input texts nobody, and counts nothing.
		prelude.standIn.reset();
		const corrected = await prelude.run(
			{ ...send, maxCodesPerRun: 1, phoneNumber: '={{ $json.phone }}' },
			[{ phone: '(415) 555-0123' }, { phone: PHONE }],
			{ asTool: true, onError: 'continueRegularOutput' },
		);
		expect(prelude.standIn.requests).toHaveLength(1);
		expect(corrected.output[1].json.status).toBe('success');

		// Outside a tool the node sends what it is given.
		const plain = await prelude.run(send, [{}, {}, {}]);
		expect(plain.output).toHaveLength(3);
	});
});
