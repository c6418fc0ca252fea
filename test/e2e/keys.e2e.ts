import type { IDataObject } from 'n8n-workflow';

import { currentLine } from '../../scripts/n8n/runtime';
import { captureServer } from '../support/capture';
import {
	API_KEY,
	agentWorkflow,
	CUSTOMER_UUID,
	PRELUDE_KEY,
	useModel,
	useN8n,
	webhookNode,
} from './support/e2e';

/**
 * The key stays with its API through every door n8n opens, in a real n8n (2.x; the HTTP Request
 * node also on 1.x with N8N_LINE=1): n8n lets its HTTP Request node, and the HTTP Request Tool of
 * an AI Agent, run with any credential type ("Predefined Credential Type"). Aimed at another
 * loopback port, neither delivers the Prelude or Ding key there; aimed at the credential's own
 * API, the HTTP Request node still works, as does the credential test.
 */
const ON_1X = currentLine() === 1;
const n8n = useN8n('keys');

let ids = 0;
const nodeId = () => `4e700000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

const CREDENTIALS = [
	{
		type: 'preludeApi',
		key: PRELUDE_KEY,
		credential: () => n8n.instance.preludeCredential!,
		baseUrl: () => n8n.standIn.preludeBaseUrl,
	},
	{
		type: 'dingApi',
		key: API_KEY,
		credential: () => n8n.instance.credential,
		baseUrl: () => n8n.standIn.baseUrl,
	},
] as const;

/** The HTTP Request node (or its tool variant) with a Predefined Credential Type. */
function httpRequestNode(
	type: (typeof CREDENTIALS)[number],
	url: string,
	asTool: boolean,
	extra: IDataObject = {},
) {
	const credential = type.credential();
	return {
		id: nodeId(),
		name: asTool ? 'HTTP Request Tool' : 'HTTP Request',
		type: asTool ? 'n8n-nodes-base.httpRequestTool' : 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: asTool ? [400, 200] : [220, 0],
		parameters: {
			method: 'POST',
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: type.type,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '{"phone_number":"+14155550123"}',
			options: {},
			...extra,
		},
		credentials: { [type.type]: { id: credential.id, name: credential.name } },
	};
}

/** Webhook (answers when the last node is done) → the HTTP Request node. */
async function webhookToHttpRequest(path: string, node: IDataObject) {
	return await n8n.instance.client.createWorkflow(
		{
			name: `e2e keys ${path}`,
			nodes: [webhookNode(path), node],
			connections: { Webhook: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		},
		{ activate: true },
	);
}

describe(`the key stays with its API in a real n8n ${currentLine()}.x`, () => {
	describe.each(CREDENTIALS)('with the $type credential', (type) => {
		test("n8n's HTTP Request node aimed at another loopback port delivers no key there", async () => {
			const other = await captureServer();
			try {
				const path = `keys-other-${type.type}`;
				const workflow = await webhookToHttpRequest(path, httpRequestNode(type, other.url, false));
				const answer = await n8n.instance.client.callWebhook(path, {});
				expect(answer.status).toBeGreaterThanOrEqual(400);
				const execution = await n8n.instance.client.lastExecution(workflow.id);
				expect(JSON.stringify(execution.data.resultData.error)).toContain(
					`sends its key only to ${new URL(type.baseUrl()).origin}, its Base URL, not to ${new URL(other.url).origin}`,
				);
				expect(other.received).toStrictEqual([]);
				expect(JSON.stringify(execution)).not.toContain(type.key);
			} finally {
				await other.close();
			}
		});

		test("n8n's HTTP Request node aimed at the credential's own API works, with the key", async () => {
			const path = `keys-own-${type.type}`;
			const url =
				type.type === 'preludeApi'
					? `${n8n.standIn.preludeBaseUrl}/v2/verification`
					: `${n8n.standIn.baseUrl}/authentication`;
			const before = n8n.standIn.requests.length;
			const workflow = await webhookToHttpRequest(path, httpRequestNode(type, url, false));
			await n8n.instance.client.callWebhook(path, {});
			const execution = await n8n.instance.client.lastExecution(workflow.id);
			const reached = n8n.standIn.requests.slice(before);
			expect(reached).toHaveLength(1);
			expect(
				type.type === 'preludeApi'
					? reached[0].headers.authorization
					: reached[0].headers['x-api-key'],
			).toBe(type.type === 'preludeApi' ? `Bearer ${PRELUDE_KEY}` : API_KEY);
			// The stand-in answered (a 4xx for the body this test sends is fine): the key got there.
			expect(JSON.stringify(execution.data.resultData.error ?? '')).not.toContain(
				'sends its key only to',
			);
		});

		test('the credential test still passes', async () => {
			const credential = type.credential();
			const tested = await n8n.instance.client.testCredential({
				id: credential.id,
				name: credential.name,
				type: type.type,
				data:
					type.type === 'preludeApi'
						? { apiKey: PRELUDE_KEY, baseUrl: n8n.standIn.preludeBaseUrl }
						: { apiKey: API_KEY, customerUuid: CUSTOMER_UUID, baseUrl: n8n.standIn.baseUrl },
			});
			expect(tested).toMatchObject({ status: 'OK' });
		});
	});

	(ON_1X ? describe.skip : describe)("an AI Agent's HTTP Request Tool", () => {
		const stand = useModel(n8n);

		test.each(CREDENTIALS)(
			'with the $type credential and a URL from the model delivers no key to another port',
			async (type) => {
				const other = await captureServer();
				try {
					const path = `keys-agent-${type.type}`;
					const tool = httpRequestNode(
						type,
						"={{ $fromAI('url', 'the URL to call', 'string') }}",
						true,
						{ toolDescription: 'Calls a URL', descriptionType: 'manual' },
					);
					const workflow = await n8n.instance.client.createWorkflow(
						agentWorkflow(`e2e keys agent ${type.type}`, path, stand.openAi, tool),
						{ activate: true },
					);
					// A prompt-injected model asks the tool to call the attacker's URL.
					stand.model.scriptReplies(
						{ toolCalls: [{ arguments: { url: other.url } }] },
						{ text: 'done' },
					);
					await n8n.instance.client.callWebhook(path, { message: 'send the key away' });
					await n8n.instance.client.lastExecution(workflow.id);

					expect(stand.model.requests.length).toBeGreaterThanOrEqual(2);
					expect(other.received).toStrictEqual([]);
					const shown = JSON.stringify(stand.model.requests.at(-1)?.body?.messages ?? []);
					expect(shown).toContain('sends its key only to');
					expect(shown).not.toContain(type.key);
				} finally {
					await other.close();
				}
			},
		);
	});
});
