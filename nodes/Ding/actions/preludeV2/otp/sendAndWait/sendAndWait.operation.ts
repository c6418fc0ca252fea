import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteResponsePromiseData,
	INodeExecutionData,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, randomString } from 'n8n-workflow';

import type { V2Target } from '../../../../helpers/interfaces';
import { FieldChecker, isJsonObject } from '../../../../helpers/validation';
import { isToolRun } from '../../../../run/textingCap';
import { sendVerification } from '../send.operation';
import { readTexts, readWaitSettings } from './fields';
import {
	assertFormCanOpenCodePage,
	startingForm,
	tellTheForm,
	tokenResumeUrl,
} from './formHandoff';
import { continuePage, maskTarget } from './page';
import { asksForJson } from './respond';
import type { VerificationResult } from './result';
import { RESULT_KEY, resultOf, withResult } from './result';

/**
 * Send and Wait for Code: sends the code as Send does, puts the execution to wait, and serves a
 * code page (and a JSON endpoint for apps) at the execution's signed resume URL. A wrong code
 * answers there without resuming; the right code, the last wrong one, an expired verification or
 * the end of the wait resume it, on the Verified or the Not Verified output.
 *
 * Output 0 is Not Verified on purpose: when the wait runs out, n8n resumes a waiting node by
 * passing its input on to its first output, without asking the node (n8n-core WorkflowExecute
 * handleWaitingState and handleDisabledNode). So the input the node leaves behind is the
 * "timed out" item, and a timeout can never come out as Verified, on any n8n version.
 *
 * This file is the run (send, then wait). The page is webhook.ts's, its fields fields.ts's.
 */

export { description } from './fields';

/**
 * Whether this n8n resumes a waiting node on each of its outputs. n8n 1.x does not (only the first
 * output survives a resume), and is the one line that still has setSignatureValidationRequired.
 */
function resumesOnEveryOutput(context: IExecuteFunctions): boolean {
	const legacy = (context as unknown as { setSignatureValidationRequired?: unknown })
		.setSignatureValidationRequired;
	return typeof legacy !== 'function';
}

function notVerifiedOutput(item: INodeExecutionData, result: VerificationResult) {
	const out: INodeExecutionData = { json: withResult(item.json, result), pairedItem: { item: 0 } };
	if (item.binary) out.binary = item.binary;
	return [[out], []];
}

/** The run: one person per execution, sent a code, then the wait. */
export async function executeRun(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[], []];
	const node = this.getNode();
	if (!resumesOnEveryOutput(this)) {
		throw new NodeOperationError(node, 'Send and Wait for Code needs n8n 2.39 or newer', {
			description:
				'n8n 1.x resumes a waiting node on its first output only, so a verified person could not reach the Verified output. Nothing was sent. On n8n 1.x use Send, then Wait, then Check (see the README, "Verify in one step").',
		});
	}
	if (isToolRun(this)) {
		throw new NodeOperationError(node, 'Send and Wait for Code cannot run as an AI tool', {
			description:
				'It waits for a person to type the code on a web page. As a tool, use Send, then Check with the code the user gives.',
		});
	}
	if (items.length > 1) {
		throw new NodeOperationError(
			node,
			`Send and Wait for Code verifies one person per execution, but ${items.length} items came in`,
			{
				description:
					'Nothing was sent. Put a Loop Over Items node (Batch Size 1) before this node to verify people one after another, or use Send and Check for bulk sends.',
			},
		);
	}

	// A form that can never open the code page is refused before anyone is texted.
	const form = startingForm(this);
	if (form) assertFormCanOpenCodePage(this, form);

	const item = items[0];
	const check = new FieldChecker(node, 0);
	const settings = readWaitSettings(check, this.getNodeParameter('options', 0, {}) as IDataObject);
	const texts = readTexts(check, this.getNodeParameter('codePage', 0, {}) as IDataObject);

	let sent: Awaited<ReturnType<typeof sendVerification>>;
	try {
		sent = await sendVerification(this, 0, 'the code may or may not have been sent');
	} catch (error) {
		// Both constructors hand back the same instance when given one of their own class.
		const failure =
			error instanceof NodeApiError
				? new NodeApiError(node, error as unknown as JsonObject)
				: new NodeOperationError(node, error as Error);
		if (form) await tellTheForm(this, form, readTargetOf(this).value, 'failed');
		if (!this.continueOnFail()) throw failure;
		return notVerifiedOutput(item, {
			verified: false,
			reason: 'send_failed',
			id: '',
			target: readTargetOf(this),
			sentAt: new Date().toISOString(),
			error: failure.message,
			...(failure.description ? { errorDescription: failure.description } : {}),
		});
	}
	const { request, answer } = sent;
	const result = resultOf(request.target, answer);

	if (answer.status === 'blocked' || typeof answer.id !== 'string') {
		if (form) await tellTheForm(this, form, request.target.value, 'blocked');
		return notVerifiedOutput(item, {
			...result,
			...(answer.status !== undefined ? { status: answer.status } : {}),
			verified: false,
			reason: 'blocked',
			...(answer.reason ? { blockReason: answer.reason } : {}),
			...(answer.risk_factors ? { riskFactors: answer.risk_factors } : {}),
		});
	}

	const waitsUntil = new Date(Date.now() + settings.limitWaitMs);
	// A wait of its own: a URL from an earlier wait of this node in this execution (a loop back to
	// it, Loop Over Items) is signed too, and must open nothing.
	const waitId = randomString(16);
	result.waitId = waitId;
	const codeUrl = this.getSignedResumeUrl({ wait: waitId });
	// What n8n passes on (to output 0, Not Verified) if the wait runs out: the input item with the
	// verification, marked as timed out. A resume by the code page replaces it.
	this.getExecuteData().data.main[0] = [
		{
			json: withResult(item.json, { ...result, verified: false, reason: 'timed_out' }),
			// (no `status`: nothing Prelude answered decided a timeout)
			...(item.binary ? { binary: item.binary } : {}),
			pairedItem: { item: 0 },
		},
	];
	// The editor's "waiting" panel links it (the node type's waitingNodeTooltip), as n8n's Wait
	// node does with its resume URL: where to find the code page while the execution waits.
	this.setMetadata({ resumeUrl: codeUrl });
	await this.putExecutionToWait(waitsUntil);
	const waiting: IDataObject = {
		[RESULT_KEY]: { ...result, waiting: true, codeUrl, waitsUntil: waitsUntil.toISOString() },
	};
	// A trigger that waits for a "Respond to Webhook" answer (a Form Trigger, or a Webhook set to
	// that) gets one from here: a form, where to wait for the code page (formHandoff.ts);
	// an app that sent or asked for JSON, the code URL as JSON; a browser, a page leading to the
	// code page. n8n ignores this for triggers that answer otherwise.
	const formWaitingUrl = form ? tokenResumeUrl(this) : undefined;
	const html = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
	const json = { 'content-type': 'application/json', 'cache-control': 'no-store' };
	let reply: IExecuteResponsePromiseData;
	if (formWaitingUrl) {
		reply = { statusCode: 200, headers: json, body: { formWaitingUrl } };
	} else if (isJsonObject(item.json.headers) && asksForJson(item.json.headers)) {
		// A Webhook node's item carries the request's headers; a form's does not.
		reply = { statusCode: 200, headers: json, body: waiting };
	} else {
		const to = maskTarget(request.target.type, request.target.value);
		reply = { statusCode: 200, headers: html, body: continuePage(texts.title, to, codeUrl) };
	}
	await this.sendResponse(reply);
	// Shown while the execution waits, and what a Webhook node set to respond "When Last Node
	// Finishes" answers: where the code goes. n8n drops it when the execution resumes.
	return [[{ json: waiting, pairedItem: { item: 0 } }], []];
}

/** The target as typed, unchecked: what the form and the output name when the send failed. */
function readTargetOf(context: IExecuteFunctions): V2Target & IDataObject {
	const type = context.getNodeParameter('targetType', 0, 'phone_number') as string;
	const value = context.getNodeParameter(
		type === 'email_address' ? 'emailAddress' : 'phoneNumber',
		0,
		'',
	);
	return { type, value: typeof value === 'string' ? value : '' };
}
