import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { recipientList } from '../helpers/validation';

import { RunHalted } from './pace';

/**
 * The node as an AI agent's tool, in a run: Max Codes per Run (its property is in fields/tool.ts),
 * and errors worded for the model.
 */

/** Operations that text someone: counted against Max Codes per Run when run as a tool. */
const TEXTING = new Set([
	'preludeV2.otp.send',
	'preludeV2.otp.retry',
	'preludeV2.notify.send',
	'preludeV2.notify.sendBatch',
	'preludeV2.notify.reply',
	'preludeV2.transactional.send',
	'dingV1.otp.send',
	'dingV1.otp.retry',
]);

export const DEFAULT_MAX_CODES_PER_RUN = 3;

/** Whether the node runs as an AI agent's tool (its tool variant, or a tool call). */
export function isToolRun(context: IExecuteFunctions): boolean {
	if (context.getNode().type.endsWith('Tool')) return true;
	return typeof context.isToolExecution === 'function' && context.isToolExecution();
}

/**
 * Max Codes per Run, for a tool call about to text someone: refuses it when the run has used up
 * its maximum, and otherwise takes one of the run's texts before the request goes out, so calls
 * running at the same time (Batching) cannot all pass the check; it hands back what to call with
 * the call's failure, which gives the text back when nothing was sent: the call was refused for
 * its input, or held back by a failure that stopped the run. Anything else may have texted someone. The count
 * is the execution's own (n8n's per-execution node context), so every call of the tool in one run
 * adds to it. (Under n8n's MCP Server Trigger each tool call is a run of its own: the cap does not
 * span a session.)
 */
export function toolCodeGate(
	context: IExecuteFunctions,
	operation: string,
	itemIndex: number,
): ((failure: unknown) => void) | undefined {
	if (!TEXTING.has(operation) || !isToolRun(context)) return undefined;
	const max = context.getNodeParameter(
		'maxCodesPerRun',
		itemIndex,
		DEFAULT_MAX_CODES_PER_RUN,
	) as number;
	const state = context.getContext('node') as IDataObject;
	const sentSoFar = () => (typeof state.dingCodesSent === 'number' ? state.dingCodesSent : 0);
	const sent = sentSoFar();
	const texts = operation.endsWith('.sendBatch')
		? Math.max(1, recipientList(context.getNodeParameter('to', itemIndex, '')).length)
		: 1;
	if (sent + texts > max) {
		const asked = texts === 1 ? '' : ` (this call would text ${texts} numbers)`;
		throw new NodeOperationError(
			context.getNode(),
			`Max Codes per Run reached: this run already texted ${sent} code${sent === 1 ? '' : 's'}${asked}, and nothing more was sent`,
			{
				itemIndex,
				description:
					'Ask the person to type the code they received and call Check with it. To allow more codes per run, raise the tool\'s "Max Codes per Run".',
			},
		);
	}
	state.dingCodesSent = sent + texts;
	return (failure) => {
		if (failure instanceof NodeOperationError || failure instanceof RunHalted) {
			state.dingCodesSent = sentSoFar() - texts;
		}
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
