import type { IDataObject } from 'n8n-workflow';

import type { DingStandIn } from '../../../sandbox';
import { startDingStandIn } from '../../../sandbox';
import { webhookKeyPair } from '../../../sandbox/prelude';
import { startInstance } from '../../../scripts/n8n/instance';
import type { ModelStandIn } from '../../support/model-stand-in';
import { startModelStandIn } from '../../support/model-stand-in';
import { makeTempFolder, readText } from '../../support/files';

export const API_KEY = 'k9-e2e-canary';
export const CUSTOMER_UUID = '5b0c7c1e-3d4f-4e2a-9b1c-7d8e9f0a1b2c';
export const DING_NODE = 'n8n-nodes-ding.ding';
export const PRELUDE_KEY = 'p7-e2e-canary';
/** The stand-in signs its v2 webhook events with this pair; Ding Triggers get the public half. */
export const WEBHOOK_KEYS = webhookKeyPair();

export type Instance = Awaited<ReturnType<typeof startInstance>>;

export interface E2eContext {
	standIn: DingStandIn;
	instance: Instance;
	logFile: string;
}

/** The stand-in for both APIs with the end-to-end keys, signing its v2 events. */
export async function startE2eStandIn(): Promise<DingStandIn> {
	return await startDingStandIn({
		apiKey: API_KEY,
		customerUuid: CUSTOMER_UUID,
		preludeApiKey: PRELUDE_KEY,
		webhookSigningKey: WEBHOOK_KEYS.privateKey,
	});
}

/** Starts the Ding stand-in and a real n8n with the packed package, for one test file. */
export function useN8n(label: string): E2eContext {
	const context = {} as E2eContext;
	beforeAll(async () => {
		context.standIn = await startE2eStandIn();
		const userFolder = makeTempFolder(`n8n-nodes-ding-${label}-`);
		context.logFile = `${userFolder}/n8n.log`;
		context.instance = await startInstance({
			userFolder,
			logFile: context.logFile,
			logLevel: 'debug',
			ding: { baseUrl: context.standIn.baseUrl, apiKey: API_KEY, customerUuid: CUSTOMER_UUID },
			prelude: { baseUrl: context.standIn.preludeBaseUrl, apiKey: PRELUDE_KEY },
		});
	}, 15 * 60_000);
	afterAll(async () => {
		await context.instance?.stop();
		await context.standIn?.stop();
	}, 60_000);
	return context;
}

let nodeId = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++nodeId).padStart(12, '0')}`;

/** Webhook (POST, answers with the last node's items) → Ding, as a workflow to create. */
export function webhookToDing(
	context: E2eContext,
	path: string,
	parameters: IDataObject,
	settings: IDataObject = {},
) {
	return {
		name: `e2e ${path}`,
		nodes: [
			webhookNode(path, { responseData: 'allEntries' }),
			{
				id: nextId(),
				name: 'Ding',
				type: DING_NODE,
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: {
					dingApi: { id: context.instance.credential.id, name: context.instance.credential.name },
				},
				...settings,
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Ding', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Webhook → Ding as a node added today: version 2, Prelude Verify v2, the Prelude credential. */
export function webhookToPrelude(context: E2eContext, path: string, parameters: IDataObject) {
	const workflow = webhookToDing(context, path, parameters);
	const credential = context.instance.preludeCredential!;
	Object.assign(workflow.nodes[1], {
		typeVersion: 2,
		credentials: { preludeApi: { id: credential.id, name: credential.name } },
	});
	return workflow;
}

/** Manual Trigger → Ding, for `n8n execute`. */
export function manualToDing(context: E2eContext, parameters: IDataObject) {
	const workflow = webhookToDing(context, 'unused', parameters);
	workflow.name = 'e2e manual';
	workflow.nodes[0] = {
		id: nextId(),
		name: 'Webhook',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	} as (typeof workflow.nodes)[0];
	return workflow;
}

export function n8nLog(context: E2eContext): string {
	return readText(context.logFile);
}

/**
 * Webhook (answers when the agent is done) → AI Agent, whose OpenAI Chat Model is the model
 * stand-in behind `openAi`, with `tool` on its tool input: as a workflow to create.
 */
export function agentWorkflow(
	name: string,
	path: string,
	openAi: { id: string; name: string },
	tool: IDataObject & { name: string },
) {
	return {
		name,
		nodes: [
			webhookNode(path),
			{
				id: nextId(),
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [220, 0],
				parameters: {
					promptType: 'define',
					text: '={{ $json.body.message }}',
					options: { enableStreaming: false, maxIterations: 10 },
				},
			},
			{
				id: nextId(),
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.3,
				position: [200, 200],
				parameters: {
					model: { __rl: true, mode: 'id', value: 'gpt-stand-in' },
					responsesApiEnabled: false,
					options: { maxRetries: 0 },
				},
				credentials: { openAiApi: { id: openAi.id, name: openAi.name } },
			},
			tool,
		],
		connections: {
			Webhook: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			[tool.name]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * A Webhook node (POST, answers when the last node is done: with its first item, or as
 * `parameters` say, e.g. `responseData: 'allEntries'`) at `path`.
 */
export function webhookNode(path: string, parameters: IDataObject = {}) {
	return {
		id: nextId(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: nextId(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', ...parameters, options: {} },
	};
}

/**
 * For the tests of a describe block: the scripted model stand-in, and an OpenAI credential in
 * the n8n of `context` that points at it (read both once the block's beforeAll has run).
 */
export function useModel(context: E2eContext): {
	model: ModelStandIn;
	openAi: { id: string; name: string };
} {
	const used = {} as { model: ModelStandIn; openAi: { id: string; name: string } };
	beforeAll(async () => {
		used.model = await startModelStandIn();
		used.openAi = await context.instance.client.createCredential({
			name: 'OpenAI stand-in',
			type: 'openAiApi',
			data: { apiKey: 'sk-model-stand-in', url: used.model.baseUrl, header: false },
		});
	}, 60_000);
	afterAll(async () => {
		await used.model?.stop();
	});
	return used;
}
