import { randomUUID } from 'node:crypto';

// Subpaths without ".js": the SDK's typesVersions (tsc), its exports map (the lint's resolver)
// and Jest's resolver all find these; with ".js" the lint's resolver does not.
import { Client } from '@modelcontextprotocol/sdk/client/index';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { currentLine } from '../../scripts/n8n/runtime';
import type { ChatRequest, ScriptedReply } from '../support/model-stand-in';
import { agentWorkflow, PRELUDE_KEY, useModel, useN8n } from './support/e2e';

/**
 * The node as an AI agent's tool in a real n8n 2.x: its tool variant (n8n-nodes-ding.dingTool)
 * under an AI Agent whose OpenAI Chat Model is a local, scripted stand-in
 * (test/support/model-stand-in.js), and under an MCP Server Trigger driven by the official MCP
 * client. What the model is told about the tool, what it sees when its input is wrong, how many
 * codes reach Prelude, and that the Prelude key never reaches the model or the MCP client.
 * n8n 1.x (N8N_LINE=1) is not covered: its agent and MCP nodes differ.
 */
const ON_1X = currentLine() === 1;

const SEND_TOOL = 'n8n-nodes-ding.dingTool';
const TOOL_NODE = 'Send code';
const BAD_NUMBER = '(415) 555-0123';
const GOOD_NUMBER = '+14155550123';
/** Words of the Send operation's own description (nodes/Ding/fields/tool.ts). */
const OWN_DESCRIPTION = ['E.164', 'call Check with the same phone number'];
/** What n8n would tell the model without the operation's own description. */
const GENERIC_DESCRIPTION = 'Send a verification code in Ding';

let ids = 0;
const nodeId = () => `a6e00000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

(ON_1X ? describe.skip : describe)('Ding as an AI tool in a real n8n 2.x', () => {
	const n8n = useN8n('agent');
	const stand = useModel(n8n);

	/** The requests that reached the Prelude stand-in (Verify v2), from `from` on. */
	const preludeRequests = (from = 0) =>
		n8n.standIn.requests.slice(from).filter((r) => r.path.startsWith('/v2/'));

	/** The Ding node's tool variant: Prelude Verify v2, Send, the number from the model. */
	function sendTool(parameters: IDataObject = {}) {
		const credential = n8n.instance.preludeCredential!;
		return {
			id: nodeId(),
			name: TOOL_NODE,
			type: SEND_TOOL,
			typeVersion: 2,
			position: [400, 200],
			parameters: {
				api: 'preludeV2',
				resource: 'otp',
				operation: 'send',
				phoneNumber: "={{ $fromAI('phoneNumber', 'E.164 phone number', 'string') }}",
				...parameters,
			},
			credentials: { preludeApi: { id: credential.id, name: credential.name } },
		};
	}

	/** Webhook → AI Agent, with the model stand-in and the tool. */
	async function agentWorkflowWith(path: string, toolParameters: IDataObject = {}) {
		return await n8n.instance.client.createWorkflow(
			agentWorkflow(`e2e agent ${path}`, path, stand.openAi, sendTool(toolParameters)),
			{ activate: true },
		);
	}

	const sendTo = (phoneNumber: string): ScriptedReply => ({
		toolCalls: [{ arguments: { phoneNumber } }],
	});

	/** What the model was shown as the results of its tool calls, in order. */
	function toolResults(requests: ChatRequest[]): string[] {
		const last = requests.at(-1)!;
		return last.messages
			.filter((message) => message.role === 'tool')
			.map((message) =>
				typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
			);
	}

	test('an AI Agent reads the operation’s own description, fixes a bad number from the error, and texts once', async () => {
		await agentWorkflowWith('agent/verify');
		stand.model.scriptReplies(sendTo(BAD_NUMBER), sendTo(GOOD_NUMBER), {
			text: 'I texted a code to +14155550123. What is it?',
		});
		const before = n8n.standIn.requests.length;

		const answer = await n8n.instance.client.callWebhook('agent/verify', {
			message: `Please verify my phone number ${BAD_NUMBER}`,
		});

		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ output: 'I texted a code to +14155550123. What is it?' });
		const chats = stand.model.chatRequests.map((r) => r.body!);
		expect(chats).toHaveLength(3);

		// (a) The tool the model is offered: the Send operation's own description and the one input.
		const tools = chats[0].tools ?? [];
		expect(tools).toHaveLength(1);
		const tool = tools[0].function;
		expect(tool.name).toBe('Send_code');
		for (const words of OWN_DESCRIPTION) expect(tool.description).toContain(words);
		expect(tool.description).not.toContain(GENERIC_DESCRIPTION);
		expect(tool.parameters).toMatchObject({
			type: 'object',
			properties: { phoneNumber: { type: 'string', description: 'E.164 phone number' } },
			required: ['phoneNumber'],
		});

		// (b) The error after the bad number carries the fix, without "[item 0]".
		const [afterBad, afterGood] = [toolResults(chats.slice(0, 2)), toolResults(chats)];
		expect(afterBad).toHaveLength(1);
		expect(afterBad[0]).toContain('is not a phone number in E.164 format');
		expect(afterBad[0]).toContain('e.g. +14155550123');
		expect(afterBad[0]).not.toContain('[item 0]');
		expect(afterGood).toHaveLength(2);
		expect(JSON.parse(afterGood[1])).toEqual([
			expect.objectContaining({ status: 'success', id: expect.any(String) }),
		]);

		// (c) One code reached Prelude, to the corrected number.
		const sent = preludeRequests(before);
		expect(sent.map((r) => r.path)).toStrictEqual(['/v2/verification']);
		expect(JSON.parse(sent[0].rawBody).target).toStrictEqual({
			type: 'phone_number',
			value: GOOD_NUMBER,
		});
		expect(n8n.standIn.prelude!.codeFor(GOOD_NUMBER)).toMatch(/^\d+$/);

		// (d) The Prelude key never reached the model.
		expect(stand.model.requests.length).toBeGreaterThan(0);
		for (const request of stand.model.requests) {
			expect(request.rawBody).not.toContain(PRELUDE_KEY);
			expect(JSON.stringify(request.headers)).not.toContain(PRELUDE_KEY);
		}
	});

	test('Max Codes per Run stops an agent that keeps calling Send', async () => {
		await agentWorkflowWith('agent/loop', { maxCodesPerRun: 2 });
		const numbers = ['+14155550131', '+14155550132', '+14155550133', '+14155550134'];
		stand.model.scriptReplies(...numbers.map(sendTo), { text: 'Done.' });
		const before = n8n.standIn.requests.length;

		const answer = await n8n.instance.client.callWebhook('agent/loop', {
			message: 'Text a code to four numbers',
		});

		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ output: 'Done.' });
		const sent = preludeRequests(before);
		expect(sent.map((r) => JSON.parse(r.rawBody).target.value)).toStrictEqual(numbers.slice(0, 2));

		const results = toolResults(stand.model.chatRequests.map((r) => r.body!));
		expect(results).toHaveLength(4);
		expect(results.slice(0, 2).map((r) => JSON.parse(r)[0].status)).toStrictEqual([
			'success',
			'success',
		]);
		for (const refused of results.slice(2)) {
			expect(refused).toContain('Max Codes per Run reached');
			expect(refused).toContain('call Check');
			expect(refused).not.toContain('[item 0]');
		}
		for (const request of stand.model.requests) expect(request.rawBody).not.toContain(PRELUDE_KEY);
	});

	describe('under an MCP Server Trigger', () => {
		const PATH = 'ding-mcp';
		let client: Client | undefined;

		afterAll(async () => {
			await client?.close();
		});

		/** Connects the MCP client; retries while n8n is still registering the trigger's webhook. */
		async function connect() {
			const url = new URL(`${n8n.instance.n8n.url}/mcp/${PATH}`);
			let lastError: unknown;
			for (let attempt = 0; attempt < 400; attempt++) {
				const candidate = new Client({ name: 'n8n-nodes-ding-e2e', version: '1.0.0' });
				try {
					await candidate.connect(new StreamableHTTPClientTransport(url));
					return candidate;
				} catch (error) {
					lastError = error;
					await candidate.close().catch(() => undefined);
					await sleep(250);
				}
			}
			throw new Error(`could not connect to the MCP Server Trigger: ${String(lastError)}`);
		}

		const textOf = (result: unknown) =>
			((result as { content?: Array<{ type: string; text?: string }> }).content ?? [])
				.map((part) => part.text ?? '')
				.join('\n');

		test('lists the tool with the operation’s own description, refuses a bad number with the fix, sends for a good one', async () => {
			await n8n.instance.client.createWorkflow(
				{
					name: 'e2e mcp',
					nodes: [
						{
							id: nodeId(),
							name: 'MCP Server Trigger',
							type: '@n8n/n8n-nodes-langchain.mcpTrigger',
							typeVersion: 2,
							position: [0, 0],
							webhookId: randomUUID(),
							parameters: { authentication: 'none', path: PATH },
						},
						sendTool(),
					],
					connections: {
						[TOOL_NODE]: { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] },
					},
					settings: { executionOrder: 'v1' },
				},
				{ activate: true },
			);
			client = await connect();

			const { tools } = await client.listTools();
			expect(tools.map((t) => t.name)).toStrictEqual(['Send_code']);
			const [tool] = tools;
			for (const words of OWN_DESCRIPTION) expect(tool.description).toContain(words);
			expect(tool.description).not.toContain(GENERIC_DESCRIPTION);
			expect(tool.inputSchema).toMatchObject({
				type: 'object',
				properties: { phoneNumber: { type: 'string' } },
			});
			expect(JSON.stringify(tools)).not.toContain(PRELUDE_KEY);

			const before = n8n.standIn.requests.length;
			const refused = await client.callTool({
				name: tool.name,
				arguments: { phoneNumber: BAD_NUMBER },
			});
			expect(refused.isError).toBe(true);
			expect(textOf(refused)).toContain('is not a phone number in E.164 format');
			expect(textOf(refused)).toContain('e.g. +14155550123');
			expect(textOf(refused)).not.toContain('[item 0]');
			expect(preludeRequests(before)).toHaveLength(0);

			const sent = await client.callTool({
				name: tool.name,
				arguments: { phoneNumber: '+14155550141' },
			});
			expect(sent.isError).toBeFalsy();
			expect(JSON.parse(textOf(sent))).toEqual([
				expect.objectContaining({ status: 'success', id: expect.any(String) }),
			]);
			const requests = preludeRequests(before);
			expect(requests.map((r) => r.path)).toStrictEqual(['/v2/verification']);
			expect(JSON.parse(requests[0].rawBody).target.value).toBe('+14155550141');

			for (const result of [refused, sent]) {
				expect(JSON.stringify(result)).not.toContain(PRELUDE_KEY);
			}
		});
	});
});
