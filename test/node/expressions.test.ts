import type { IDataObject, INode, INodeParameters, INodeType, INodeTypes } from 'n8n-workflow';
import { Expression, NodeHelpers, Workflow } from 'n8n-workflow';

import { DingApi } from '../../credentials/DingApi.credentials';
import { PreludeApi } from '../../credentials/PreludeApi.credentials';
import { Ding } from '../../nodes/Ding/Ding.node';
import { DingTrigger } from '../../nodes/DingTrigger/DingTrigger.node';

/**
 * Every expression the package ships, evaluated by n8n-workflow's own engines: the legacy one
 * (n8n 1.x, and 2.x with N8N_EXPRESSION_ENGINE=legacy) and QuickJS, the sandbox n8n 3 evaluates
 * expressions with in the editor (N8N_EXPRESSION_ENGINE=quickjs selects it on the server too).
 * The expressions are collected from the node and credential objects themselves: a new one is
 * tested without being listed here. n8n 2.x's default server engine, `vm` (isolated-vm), needs
 * Node 22 or 24, so the e2e tier covers it in a real n8n 2.x, not this file (Node 20).
 */

type Source = 'Ding' | 'DingTrigger' | 'PreludeApi' | 'DingApi';

/** Every string that starts with "=" (n8n's mark of an expression), with where it was found. */
function expressionsIn(value: unknown, path: string, found: Array<[string, string]> = []) {
	if (typeof value === 'string') {
		if (value.startsWith('=')) found.push([path, value]);
	} else if (Array.isArray(value)) {
		value.forEach((entry, index) => expressionsIn(entry, `${path}[${index}]`, found));
	} else if (value !== null && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) {
			expressionsIn(entry, `${path}.${key}`, found);
		}
	}
	return found;
}

/** Each expression with where it is and whose it is; a credential is read whole (`test` too). */
const shipped: Array<[string, string, Source]> = (
	[
		['Ding', new Ding().description],
		['DingTrigger', new DingTrigger().description],
		['PreludeApi', { ...new PreludeApi() }],
		['DingApi', { ...new DingApi() }],
	] as Array<[Source, unknown]>
).flatMap(([source, value]) =>
	expressionsIn(value, source).map(([path, expression]): [string, string, Source] => [
		path,
		expression,
		source,
	]),
);

const nodeTypes: INodeTypes = {
	getByName: (type) => (type.endsWith('dingTrigger') ? new DingTrigger() : new Ding()),
	getByNameAndVersion: (type, version) =>
		NodeHelpers.getVersionedNodeType(
			type.endsWith('dingTrigger') ? new DingTrigger() : new Ding(),
			version,
		) as INodeType,
	getKnownTypes: () => ({}),
};

/** The node states each source's expressions are evaluated in: saved workflows, as n8n holds them. */
const STATES: Record<Source, Array<{ type: string; parameters: INodeParameters }>> = {
	Ding: [
		{ type: 'ding', parameters: { api: 'preludeV2', resource: 'otp', operation: 'send' } },
		{ type: 'ding', parameters: { api: 'preludeV2', resource: 'otp', operation: 'sendAndWait' } },
		{ type: 'ding', parameters: { api: 'dingV1', resource: 'lookup', operation: 'get' } },
	],
	DingTrigger: [
		{ type: 'dingTrigger', parameters: { events: [] } },
		{ type: 'dingTrigger', parameters: { events: ['verify.attempt', 'verify.unknown_event'] } },
	],
	PreludeApi: [{ type: 'ding', parameters: { api: 'preludeV2' } }],
	DingApi: [{ type: 'ding', parameters: { api: 'dingV1' } }],
};

/** Where n8n would resume a waiting execution (the editor's "waiting" panel shows it). */
const RESUME_URL = 'http://127.0.0.1:5678/webhook-waiting/1';

/** Credential data as a user pastes it: spaces and a trailing slash that the expressions remove. */
const CREDENTIALS: IDataObject = {
	apiKey: 'key',
	baseUrl: ' http://127.0.0.1:5801/ ',
	customerUuid: ' 3e07d1f6-ac7c-43f1-a7aa-5c2d98369a07\n',
};

async function evaluate(
	expression: string,
	state: { type: string; parameters: INodeParameters },
): Promise<unknown> {
	const node: INode = {
		id: 'b0c2d3e4-0000-4000-8000-00000000d1e6',
		name: 'Node',
		type: `n8n-nodes-ding.${state.type}`,
		typeVersion: 2,
		position: [0, 0],
		parameters: state.parameters,
	};
	const workflow = new Workflow({
		id: 'wf',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	return workflow.expression.getParameterValue(
		expression,
		null,
		0,
		0,
		node.name,
		[{ json: {} }],
		'internal',
		{
			$credentials: CREDENTIALS,
			$execution: { id: '1', mode: 'test', resumeUrl: RESUME_URL, resumeFormUrl: RESUME_URL },
		},
	);
}

type Engine = 'legacy' | 'quickjs';

async function evaluateWith(engine: Engine, expression: string, source: Source) {
	Expression.setExpressionEngine(engine);
	const results: unknown[] = [];
	for (const state of STATES[source]) results.push(await evaluate(expression, state));
	return results;
}

/**
 * As n8n's editor starts it: one QuickJS sandbox that every evaluation shares (`sharedCaller`);
 * n8n's server (N8N_EXPRESSION_ENGINE=quickjs) gives each execution its own, the same runtime.
 * jest.config.js says how its modules load here.
 */
beforeAll(async () => {
	await Expression.initExpressionEngine({
		engine: 'quickjs',
		bridgeTimeout: 5000,
		bridgeMemoryLimit: 128,
		poolSize: 1,
		maxCodeCacheSize: 64,
		sharedCaller: true,
	});
});

afterAll(async () => {
	Expression.setExpressionEngine('legacy');
	await Expression.disposeExpressionEngine();
});

test('the expressions are found: the node’s subtitle, outputs, code page path and waiting tooltip, the trigger’s subtitle, both credential tests', () => {
	expect(shipped.map(([path]) => path)).toStrictEqual([
		'Ding.subtitle',
		'Ding.outputs',
		'Ding.webhooks[0].path',
		'Ding.webhooks[1].path',
		'Ding.waitingNodeTooltip',
		'DingTrigger.subtitle',
		'PreludeApi.test.request.baseURL',
		'DingApi.test.request.baseURL',
		'DingApi.test.request.body.customer_uuid',
	]);
});

test('QuickJS is the engine that runs when selected (not a fallback to the legacy one)', async () => {
	Expression.setExpressionEngine('quickjs');
	expect(Expression.getActiveImplementation()).toBe('quickjs');
	// Only the sandboxed engines refuse a global the legacy engine hands out.
	await expect(evaluate('={{ typeof process.exit }}', STATES.Ding[0])).resolves.toBe('undefined');
	Expression.setExpressionEngine('legacy');
	expect(Expression.getActiveImplementation()).toBe('legacy');
});

describe.each(shipped)('%s', (_path, expression, source) => {
	test('evaluates under QuickJS to what the legacy engine gives, in every node state', async () => {
		const legacy = await evaluateWith('legacy', expression, source);
		const quickjs = await evaluateWith('quickjs', expression, source);
		expect(quickjs).toStrictEqual(legacy);
		for (const value of quickjs) {
			expect(value).not.toBeUndefined();
			expect(value).not.toBeNull();
			expect(value).not.toBe('');
		}
	});
});

describe('what the expressions give under QuickJS', () => {
	const under = async (source: Source, path: string) => {
		const found = shipped.find(([p]) => p === path);
		if (!found) throw new Error(`no expression at ${path}`);
		return await evaluateWith('quickjs', found[1], source);
	};

	test('the node’s canvas subtitle names operation and resource', async () => {
		expect(await under('Ding', 'Ding.subtitle')).toStrictEqual([
			'OTP → Send',
			'OTP → Send and Wait for Code',
			'Lookup → Get',
		]);
	});

	test('Send and Wait for Code has two outputs, every other operation one', async () => {
		expect(await under('Ding', 'Ding.outputs')).toStrictEqual([
			['main'],
			[
				{ type: 'main', displayName: 'Not Verified' },
				{ type: 'main', displayName: 'Verified' },
			],
			['main'],
		]);
	});

	test('the code page’s path is the node’s id', async () => {
		expect(await under('Ding', 'Ding.webhooks[0].path')).toStrictEqual(
			Array(3).fill('b0c2d3e4-0000-4000-8000-00000000d1e6'),
		);
	});

	test('the trigger’s subtitle names the chosen events, or all of them', async () => {
		expect(await under('DingTrigger', 'DingTrigger.subtitle')).toStrictEqual([
			'All events',
			'Code Sent, verify.unknown_event',
		]);
	});

	test('the credential tests trim the Base URL and the Customer UUID', async () => {
		expect(await under('PreludeApi', 'PreludeApi.test.request.baseURL')).toStrictEqual([
			'http://127.0.0.1:5801',
		]);
		expect(await under('DingApi', 'DingApi.test.request.body.customer_uuid')).toStrictEqual([
			'3e07d1f6-ac7c-43f1-a7aa-5c2d98369a07',
		]);
	});
});
