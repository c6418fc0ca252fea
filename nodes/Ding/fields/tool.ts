import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The node as an AI agent's tool. n8n makes a tool variant of the node (type `…dingTool`) and
 * tells the model the value of its `toolDescription` parameter; without one it would build
 * "<action> in Ding" (n8n-workflow getToolDescriptionForNode). So every operation has its own,
 * written for a model: the input formats, what the answer holds for the next call, what the
 * statuses mean. They show only in the tool variant ('@tool'), where the user can edit them.
 */

type ApiName = 'dingV1' | 'preludeV2';

const E164 =
	'E.164 format: a plus sign, the country code and the number, digits only, e.g. +14155550123';

const TOOL_DESCRIPTIONS: Record<ApiName, Record<string, Record<string, string>>> = {
	preludeV2: {
		otp: {
			send: `Send a one-time verification code by text message to a phone number (Prelude Verify v2). Phone Number: ${E164}. Each call texts the person: call it once, and again only when they ask for a new code. The answer has id and status: "success" (a code was sent), "retry" (the code was sent again inside the open verification), "blocked" (nothing sent; reason says why). Next: ask the person for the code and call Check with the same phone number.`,
			check: `Check the code a person typed (Prelude Verify v2). Phone Number: the same number the code was sent to, ${E164}. Check Code: the code as text, e.g. "123456". The answer's status: "success" (verified), "failure" (wrong code; the person may try again), "expired_or_not_found" (no open verification: send a new code).`,
			retry: `Send the code again to a phone number whose verification is still open, when the person did not get it (Prelude Verify v2). Phone Number: ${E164}. Texts the person. The answer's status is "retry" (same verification, same id) or "success" (the old one had ended: a new code).`,
			sendAndWait:
				'Not for AI agents: it waits for a person to type the code on a web page. Use Send, then Check with the code the person gives.',
			sendFeedback: `Tell Prelude that a person's verification started or completed, which helps its fraud detection (Prelude Watch). Phone Number: ${E164}. Feedback Type: "verification.started" or "verification.completed". The answer's status is "success".`,
		},
		lookup: {
			get: `Look up a phone number (Prelude): line type (mobile, fixed line, VoIP, …), the network, and flags such as "ported" and "temporary". Phone Number: ${E164}. Sends no message.`,
		},
	},
	dingV1: {
		otp: {
			send: `Send a one-time code by text message with Ding v1 (legacy). Phone Number: ${E164}. Each call texts the person. The answer's authentication_uuid is what Check and Retry need; status "pending" means the code is being sent.`,
			check: `Check a code with Ding v1 (legacy). Authentication UUID: the authentication_uuid from Send. Check Code: the code as text. The answer's status: "valid" (verified), "invalid" (wrong code), "expired_auth", "already_validated", "rate_limited".`,
			retry:
				'Send the code again with Ding v1 (legacy). Authentication UUID: the authentication_uuid from Send. Texts the person. The answer\'s status is "approved" (sent) or "denied".',
			getStatus:
				'Get the state of a Ding v1 (legacy) authentication and its events. Authentication UUID: the authentication_uuid from Send.',
			sendFeedback: `Tell Ding v1 (legacy) whether a verified person finished onboarding. Phone Number: ${E164}.`,
		},
		lookup: {
			get: `Look up a phone number with Ding v1 (legacy): carrier, line type, ported and temporary flags. Phone Number: ${E164}. Sends no message.`,
		},
	},
};

/** Operations that text someone: counted against Max Codes per Run when run as a tool. */
const TEXTING = new Set([
	'preludeV2.otp.send',
	'preludeV2.otp.retry',
	'dingV1.otp.send',
	'dingV1.otp.retry',
]);

const DEFAULT_MAX_CODES_PER_RUN = 3;

/** The tool variant's own fields: each operation's description for the model, and the cap. */
export const toolProperties: INodeProperties[] = [
	...Object.entries(TOOL_DESCRIPTIONS).flatMap(([api, resources]) =>
		Object.entries(resources).flatMap(([resource, operations]) =>
			Object.entries(operations).map(
				([operation, text]): INodeProperties => ({
					displayName: 'Tool Description',
					name: 'toolDescription',
					type: 'string',
					typeOptions: { rows: 4 },
					default: text,
					description:
						'What the AI model is told about this tool: when to call it, what to give it, what it answers',
					displayOptions: {
						show: { '@tool': [true], api: [api], resource: [resource], operation: [operation] },
					},
				}),
			),
		),
	),
	{
		displayName: 'Max Codes per Run',
		name: 'maxCodesPerRun',
		type: 'number',
		default: DEFAULT_MAX_CODES_PER_RUN,
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		description:
			'How many codes this tool may text in one run of the workflow (one turn of an AI Agent), so an agent that loops cannot text someone again and again. Calls refused for their input count nothing. Under an MCP Server Trigger every tool call is a run of its own, so there it caps nothing.',
		displayOptions: {
			show: { '@tool': [true], resource: ['otp'], operation: ['send', 'retry'] },
		},
	},
];

/** Whether the node runs as an AI agent's tool (its tool variant, or a tool call). */
export function isToolRun(context: IExecuteFunctions): boolean {
	if (context.getNode().type.endsWith('Tool')) return true;
	return typeof context.isToolExecution === 'function' && context.isToolExecution();
}

/**
 * Max Codes per Run, for a tool call about to text someone: refuses it when the run has texted
 * its maximum already, and otherwise hands back what to call once the request went out (or may
 * have), so that a call refused for its input counts nothing. The count is the execution's own
 * (n8n's per-execution node context), so every call of the tool in one run adds to it. (Under
 * n8n's MCP Server Trigger each tool call is a run of its own: the cap does not span a session.)
 */
export function toolCodeGate(
	context: IExecuteFunctions,
	operation: string,
	itemIndex: number,
): (() => void) | undefined {
	if (!TEXTING.has(operation) || !isToolRun(context)) return undefined;
	const max = context.getNodeParameter(
		'maxCodesPerRun',
		itemIndex,
		DEFAULT_MAX_CODES_PER_RUN,
	) as number;
	const state = context.getContext('node') as IDataObject;
	const sentSoFar = () => (typeof state.dingCodesSent === 'number' ? state.dingCodesSent : 0);
	const sent = sentSoFar();
	if (sent >= max) {
		throw new NodeOperationError(
			context.getNode(),
			`Max Codes per Run reached: this run already texted ${sent} code${sent === 1 ? '' : 's'}, and nothing more was sent`,
			{
				itemIndex,
				description:
					'Ask the person to type the code they received and call Check with it. To allow more codes per run, raise the tool\'s "Max Codes per Run".',
			},
		);
	}
	return () => {
		state.dingCodesSent = sentSoFar() + 1;
	};
}

/**
 * An error as a model should read it: n8n's AI Agent passes on only an error's message, so the
 * fix (the description) goes into the message, and the "[item 0]" that helps a person reading an
 * execution is left out.
 */
export function forModel<E extends Error & { description?: string | null }>(error: E): E {
	const message = error.message.replace(/ \[item \d+\]$/, '');
	const fix = error.description ? ` ${error.description}` : '';
	error.message = `${message}.${fix}`.replace(/\.\.( |$)/g, '.$1');
	return error;
}
