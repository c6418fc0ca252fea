import type {
	IExecuteFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
	NodeTypeAndVersion,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendFailedPage } from './page';
import { notWaiting, setPageHeaders } from './respond';
import type { VerificationResult } from './result';

/**
 * How Send and Wait for Code moves a person from an n8n form to its code page, and when it cannot.
 *
 * n8n's form page (templates/form-trigger.handlebars in n8n's cli package) reads the answer to its
 * POST only when its trigger waits for a "Respond to Webhook" answer. Given `{ formWaitingUrl }`,
 * it polls `<formWaitingUrl path>/n8n-execution-status` and, once that answers `form-waiting`,
 * opens `formWaitingUrl` in place of the form: no click. n8n's own status answer (WaitingForms)
 * says `form-waiting` only for its Form and Wait nodes, so the node points the page at its own
 * waiting webhooks instead: `formWaitingUrl` is the execution's resume URL with n8n's resume token
 * (`$execution.resumeUrl`, which n8n checks before the node sees a request), the status path
 * answers `form-waiting` (n8n answers 409 until the execution is stored as waiting, so the page
 * never opens the code page too early), and the resume URL itself redirects to the signed code URL.
 *
 * A Form Trigger 2.2 or newer has no "Respond to Webhook" mode: it answers the form itself, before
 * any node runs, and its page then shows "Form Submitted" and polls nothing, whatever a node does.
 * The same holds for 2.1 set to answer otherwise, and for any form with n8n Form pages after it
 * (n8n then answers with its own waiting URL and waits for a Form node). There the node refuses
 * before anything is sent: a code the person can never type is a text sent for nothing.
 */

export const FORM_TRIGGER_TYPE = 'n8n-nodes-base.formTrigger';
const FORM_NODE_TYPE = 'n8n-nodes-base.form';
const WAIT_NODE_TYPE = 'n8n-nodes-base.wait';
const RESPOND_TO_WEBHOOK_TYPE = 'n8n-nodes-base.respondToWebhook';

/** The path n8n's form page polls under its `formWaitingUrl` (n8n-workflow's constant). */
export const FORM_STATUS_PATH = 'n8n-execution-status';
/** What the status path answers once the code page can open (WaitingForms' own word). */
export const FORM_READY = 'form-waiting';

/** The n8n Form Trigger that started this execution, when one did. */
export interface StartingForm {
	name: string;
	typeVersion: number;
	responseMode: string;
	/** n8n Form pages (or a Wait on a form) after the trigger: n8n then answers the form itself. */
	formPagesAfter: boolean;
	respondToWebhookAfter: boolean;
}

export function startingForm(context: IExecuteFunctions): StartingForm | undefined {
	const node = context.getNode();
	const parents = context
		.getParentNodes(node.name, { includeNodeParameters: true })
		.filter((parent) => parent.type === FORM_TRIGGER_TYPE && !parent.disabled);
	const proxy = context.getWorkflowDataProxy(0);
	const trigger = parents.find((parent) => {
		try {
			return proxy.$(parent.name).isExecuted === true;
		} catch {
			return false;
		}
	});
	if (!trigger) return undefined;
	const after = context.getChildNodes(trigger.name, { includeNodeParameters: true });
	const isFormPage = (child: NodeTypeAndVersion) =>
		!child.disabled &&
		(child.type === FORM_NODE_TYPE ||
			(child.type === WAIT_NODE_TYPE && child.parameters?.resume === 'form'));
	return {
		name: trigger.name,
		typeVersion: trigger.typeVersion,
		responseMode: String(trigger.parameters?.responseMode ?? 'onReceived'),
		formPagesAfter: after.some(isFormPage),
		respondToWebhookAfter: after.some(
			(child) => child.type === RESPOND_TO_WEBHOOK_TYPE && !child.disabled,
		),
	};
}

/** The trigger version that last had the "Using 'Respond to Webhook' Node" mode. */
const LAST_ANSWERABLE_VERSION = 2.1;

export const FORM_FIX =
	'Use an n8n Form Trigger of version 2.1 with Respond When set to Using \'Respond to Webhook\' Node, and a Respond to Webhook node on Not Verified (n8n requires one in that mode): import examples/form-send-and-wait-for-code.json, or paste its Form Trigger into your workflow (docs/send-and-wait.md, "From an n8n form"). Remove n8n Form pages after the trigger.';

/**
 * Refuses, before anything is sent, a run whose form can never open the code page; says why and
 * what to change. Nothing to refuse when no Form Trigger started the run.
 */
export function assertFormCanOpenCodePage(context: IExecuteFunctions, form: StartingForm): void {
	let why: string | undefined;
	if (form.formPagesAfter) {
		why = `the form "${form.name}" has n8n Form pages after it, so n8n answers the form itself and waits for a Form page, never for this node`;
	} else if (form.typeVersion > LAST_ANSWERABLE_VERSION) {
		why = `the n8n Form Trigger "${form.name}" is version ${form.typeVersion}: from 2.2 on it answers the form itself before any node runs, so its page shows "Form Submitted" and never moves on`;
	} else if (form.responseMode !== 'responseNode') {
		why = `the n8n Form Trigger "${form.name}" answers the form when it is submitted or when the workflow finishes, not through a node, so its page never moves on`;
	}
	if (!why) return;
	throw new NodeOperationError(
		context.getNode(),
		'Send and Wait for Code cannot open its code page from this form: nothing was sent',
		{ description: `The person would never see the code page: ${why}. ${FORM_FIX}` },
	);
}

/**
 * A form whose number got no code hears it from here, in place of the code page: what happened and
 * a way back to the form (n8n's form page shows the answer instead of the form). The Form Trigger
 * waits for this answer; without it the page would show n8n's raw "Error in workflow".
 */
export async function tellTheForm(
	context: IExecuteFunctions,
	form: StartingForm,
	number: string,
	why: 'failed' | 'blocked',
): Promise<void> {
	if (form.responseMode !== 'responseNode') return;
	const message =
		why === 'blocked'
			? `We cannot send a code to ${number || 'this number'}. Use another number.`
			: `We could not send a code to ${number || 'the number you typed'}. Check the number and try again.`;
	await context.sendResponse({
		statusCode: 200,
		headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
		body: sendFailedPage('Check your number', message),
	});
}

/** The execution's resume URL with n8n's resume token, when this n8n has one (2.x). */
export function tokenResumeUrl(context: IExecuteFunctions): string | undefined {
	const url = context.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof url !== 'string') return undefined;
	try {
		return new URL(url).searchParams.get('signature') ? url : undefined;
	} catch {
		return undefined;
	}
}

/** Which of the node's waiting webhooks a request reached, by the last segment of its path. */
export function webhookRoute(context: IWebhookFunctions): 'page' | 'status' | 'handoff' {
	const path = String(context.getRequestObject().path ?? '');
	const last = path.split('/').filter(Boolean).pop() ?? '';
	if (last === FORM_STATUS_PATH) return 'status';
	if (last === context.getNode().id) return 'page';
	return 'handoff';
}

/**
 * Whether a request to the resume URL carries this execution's resume token. n8n checks it before
 * the node runs; the node checks again, so that an n8n without the token opens nothing here.
 */
export function carriesResumeToken(context: IWebhookFunctions): boolean {
	const expected = context.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof expected !== 'string') return false;
	let token: string | null;
	try {
		token = new URL(expected).searchParams.get('signature');
	} catch {
		return false;
	}
	const given = (context.getQueryData() as { signature?: unknown }).signature;
	return Boolean(token) && typeof given === 'string' && given === token;
}

/**
 * The two steps of an n8n form's way to the code page: the form page's
 * status poll hears that the code page is ready (n8n reaches the node only once the execution is
 * stored as waiting), then the resume URL it opens redirects to the signed code URL. Both carry
 * the execution's resume token, which n8n checks and the node checks again.
 */
export function answerFormHandoff(
	context: IWebhookFunctions,
	route: 'status' | 'handoff',
	result: VerificationResult,
): IWebhookResponseData {
	const res = context.getResponseObject();
	setPageHeaders(res);
	if (!carriesResumeToken(context) || typeof result.waitId !== 'string') {
		return notWaiting(context, route === 'status');
	}
	if (route === 'status') {
		res.status(200).type('text').send(FORM_READY);
	} else {
		res.redirect(303, context.getSignedResumeUrl({ wait: result.waitId }));
	}
	return { noWebhookResponse: true };
}
