import type {
	IDataObject,
	IExecuteFunctions,
	IExecuteResponsePromiseData,
	INodeExecutionData,
	INodeProperties,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';
import {
	deepCopy,
	NodeApiError,
	NodeOperationError,
	randomString,
	updateDisplayOptions,
} from 'n8n-workflow';

import {
	optionsCollection,
	readNumberOption,
	requestOptionFields,
} from '../../../../fields/options';
import { isToolRun } from '../../../../fields/tool';
import {
	signalsCollection,
	targetProperties,
	verificationOptionsCollection,
} from '../../../../fields/preludeV2';
import type { CodePageTexts } from './page';
import {
	codeEntryPage,
	codeResultPage,
	continuePage,
	maskTarget,
	PAGE_CSP,
	PAGE_FRAME_OPTIONS,
	sendFailedPage,
} from './page';
import type { StartingForm } from './formHandoff';
import {
	assertFormCanOpenCodePage,
	carriesResumeToken,
	FORM_READY,
	startingForm,
	tokenResumeUrl,
	webhookRoute,
} from './formHandoff';
import type { CodeSession, FinalOutcome } from './sessions';
import { codeSessions } from './sessions';
import type {
	V2CheckResponse,
	V2CreateVerificationResponse,
	V2Target,
} from '../../../../helpers/interfaces';
import { FieldChecker, isJsonObject } from '../../../../helpers/validation';
import { preludeApiRequest } from '../../../../transport';
import { sendVerification } from '../send.operation';

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
 */

export const OPERATION = 'sendAndWait';

/** The key the node adds to the item: everything about the verification, under one name. */
export const RESULT_KEY = 'dingVerification';

const codePageFields: INodeProperties[] = [
	{
		displayName: 'Button Label',
		name: 'buttonLabel',
		type: 'string',
		default: 'Verify',
		description: 'The label of the button that submits the code',
	},
	{
		displayName: 'Failure Message',
		name: 'failureMessage',
		type: 'string',
		default: 'This verification has ended. Start again to get a new code.',
		description:
			'Shown when the verification ends without success (too many wrong codes, or the code expired)',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		placeholder: 'e.g. We sent a code to your phone. Type it below.',
		description:
			'The text under the title. Empty shows "We sent a code to ••• ••• 0123. Type it below." with the end of the number.',
	},
	{
		displayName: 'Resend Label',
		name: 'resendLabel',
		type: 'string',
		default: 'Send a new code',
		description: 'The label of the button that asks for a new code',
	},
	{
		displayName: 'Success Message',
		name: 'successMessage',
		type: 'string',
		default: 'Thank you, you are verified. You can close this page.',
		description: 'Shown after the right code',
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: 'Enter your code',
		description: 'The heading of the code page',
	},
];

/** The page's texts when none is set: the fields' own defaults, defined once above. */
const DEFAULT_TEXTS = Object.fromEntries(
	codePageFields.map((field) => [field.name, field.default]),
) as unknown as CodePageTexts;

const waitOptionFields: INodeProperties[] = [
	{
		displayName: 'Limit Wait Time (Minutes)',
		name: 'limitWaitTime',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1, maxValue: 10080 },
		description:
			'How long to wait for the code. When the time runs out the item goes to Not Verified with reason timed_out. The default matches the 10 minutes a Prelude code stays valid.',
	},
	{
		displayName: 'Max Code Attempts',
		name: 'maxAttempts',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
		description:
			'How many codes the user may submit. After the last wrong one the item goes to Not Verified with reason wrong_code_limit.',
	},
	{
		displayName: 'Max New Codes',
		name: 'maxResends',
		type: 'number',
		default: 2,
		typeOptions: { minValue: 0, maxValue: 5, numberPrecision: 0 },
		description:
			'How often the user may ask for a new code from the page (0 hides the button). Each new code is a Prelude retry of the same verification, billed as Prelude bills retries.',
	},
	{
		displayName: 'New Code After (Seconds)',
		name: 'resendAfter',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 10, maxValue: 600, numberPrecision: 0 },
		description: 'How long after a code was sent the user may ask for a new one',
	},
];

const properties: INodeProperties[] = [
	{
		displayName:
			'From an n8n form, the code page opens by itself right after the form only with an n8n Form Trigger of version 2.1 set to Respond When: Using \'Respond to Webhook\' Node, plus a Respond to Webhook node on Not Verified (n8n requires one). A Form Trigger added today is newer and answers the form itself: this node then refuses before texting anyone. <a href="https://github.com/n8n-nodes-ding/n8n-nodes-ding/blob/main/docs/send-and-wait.md#from-an-n8n-form" target="_blank">Get the trigger that works</a>.',
		name: 'sendAndWaitFormNotice',
		type: 'notice',
		default: '',
	},
	...targetProperties,
	verificationOptionsCollection,
	signalsCollection,
	{
		displayName: 'Code Page',
		name: 'codePage',
		type: 'collection',
		placeholder: 'Add Page Text',
		default: {},
		description: 'The texts of the page where the user types the code',
		options: codePageFields,
	},
	optionsCollection([
		...waitOptionFields,
		...requestOptionFields.filter((field) => field.name !== 'batching'),
	]),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: [OPERATION],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

interface WaitSettings {
	limitWaitMs: number;
	maxAttempts: number;
	maxResends: number;
	resendAfterMs: number;
}

/** The wait options, checked against their own fields' label, default and range. */
function readWaitSettings(check: FieldChecker, options: IDataObject): WaitSettings {
	const number = (name: string) => {
		const field = waitOptionFields.find((candidate) => candidate.name === name)!;
		const { minValue, maxValue } = field.typeOptions as { minValue: number; maxValue: number };
		return readNumberOption(check, options, field.displayName, name, field.default as number, [
			minValue,
			maxValue,
		]);
	};
	return {
		limitWaitMs: number('limitWaitTime') * 60_000,
		maxAttempts: Math.floor(number('maxAttempts')),
		maxResends: Math.floor(number('maxResends')),
		resendAfterMs: number('resendAfter') * 1000,
	};
}

function readTexts(check: FieldChecker, page: IDataObject): CodePageTexts {
	const texts = { ...DEFAULT_TEXTS };
	for (const key of Object.keys(DEFAULT_TEXTS) as Array<keyof CodePageTexts>) {
		const value = page[key];
		if (value === undefined) continue;
		const label = codePageFields.find((field) => field.name === key)?.displayName ?? key;
		const text = check.text(`Code Page → ${label}`, value, DEFAULT_TEXTS[key] || 'a sentence');
		if (text.length > 1000) {
			throw check.fail(
				`Code Page → ${label} is ${text.length} characters long`,
				'Keep page texts under 1,000 characters.',
			);
		}
		if (text !== '' || key === 'message') texts[key] = text;
	}
	return texts;
}

/** What the node knows about the verification, as it goes out under RESULT_KEY. */
interface VerificationResult extends IDataObject {
	verified: boolean;
	reason?: string;
	id: string;
	target: V2Target & IDataObject;
	status?: string;
	sendStatus?: string;
	method?: string;
	channels?: string[];
	attempts?: number;
	newCodes?: number;
	sentAt: string;
	/** When the person's answer on the code page resumed the execution (as n8n's send-and-wait nodes). */
	respondedAt?: string;
	/** Which wait of the node this is: the code URL carries it, and only this wait's opens. */
	waitId?: string;
}

function withResult(json: IDataObject, result: VerificationResult): IDataObject {
	return { ...json, [RESULT_KEY]: result };
}

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
	// that) gets one from here: a form, where to wait for the code page (helpers/formHandoff.ts);
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

/** Whether a request's headers say it sent JSON or asks for it. */
function asksForJson(headers: { accept?: unknown; 'content-type'?: unknown }): boolean {
	const accept = String(headers.accept ?? '');
	const type = String(headers['content-type'] ?? '');
	return accept.includes('application/json') || type.includes('application/json');
}

/**
 * A form whose number got no code hears it from here, in place of the code page: what happened and
 * a way back to the form (n8n's form page shows the answer instead of the form). The Form Trigger
 * waits for this answer; without it the page would show n8n's raw "Error in workflow".
 */
async function tellTheForm(
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

function readTargetOf(context: IExecuteFunctions): V2Target & IDataObject {
	const type = context.getNodeParameter('targetType', 0, 'phone_number') as string;
	const value = context.getNodeParameter(
		type === 'email_address' ? 'emailAddress' : 'phoneNumber',
		0,
		'',
	);
	return { type, value: typeof value === 'string' ? value : '' };
}

function resultOf(target: V2Target, answer: V2CreateVerificationResponse): VerificationResult {
	const result: VerificationResult = {
		verified: false,
		id: typeof answer.id === 'string' ? answer.id : '',
		target: { ...target },
		sentAt: new Date().toISOString(),
	};
	if (answer.status !== undefined) result.sendStatus = answer.status;
	if (answer.method !== undefined) result.method = answer.method;
	if (answer.channels !== undefined) result.channels = answer.channels;
	return result;
}

// ---------------------------------------------------------------------------------------------
// The code page and JSON endpoint (the node's webhook while the execution waits)
// ---------------------------------------------------------------------------------------------

/**
 * The webhook function run with what the transport and the field readers read from an execution:
 * parameters resolve against the waiting item (n8n gives a resumed webhook the waiting node's
 * input as `$json`), the credential is the node's, and there is one item.
 */
function asExecution(context: IWebhookFunctions, item: IDataObject): IExecuteFunctions {
	return Object.create(context, {
		getNodeParameter: {
			value: (name: string, _itemIndex: number, fallback?: unknown) =>
				context.getNodeParameter(name, fallback),
		},
		getCredentials: { value: async (type: string) => await context.getCredentials(type) },
		getInputData: { value: () => [{ json: item }] },
		continueOnFail: { value: () => false },
		getExecutionCancelSignal: { value: () => undefined },
	}) as IExecuteFunctions;
}

type Reply =
	| { kind: 'page'; notice?: { kind: 'error' | 'info'; text: string }; status?: number }
	| { kind: 'final'; outcome: FinalOutcome };

interface PageContext {
	context: IWebhookFunctions;
	settings: WaitSettings;
	texts: CodePageTexts;
	session: CodeSession;
	result: VerificationResult;
	item: IDataObject;
}

const CODE = /^[0-9A-Za-z]{3,12}$/;

/** The JSON answer's `status` for each HTTP status a page reply has (200: still waiting). */
const JSON_STATUS: Record<number, string> = {
	400: 'bad_request',
	422: 'invalid',
	429: 'refused',
	503: 'unavailable',
};

function secondsUntilResend(page: PageContext, now: number): number {
	return Math.max(
		0,
		Math.ceil((page.session.lastSentAt + page.settings.resendAfterMs - now) / 1000),
	);
}

/**
 * Prelude could not be asked (a fault, a timeout, an error answer): the page says so in words for
 * the person at the phone, counts nothing, and the execution keeps waiting.
 */
function unavailable(page: PageContext, error: unknown, text: string): Reply {
	// For whoever runs n8n: what went wrong (the error text carries no key, see transport/errors).
	// Status and Prelude's error code only: an API's message may repeat what was sent (the code).
	const failure = error as NodeApiError;
	page.context.logger.warn('Ding Send and Wait for Code: Prelude could not be asked', {
		node: page.context.getNode().name,
		httpCode: failure.httpCode ?? undefined,
		code: typeof failure.errorResponse?.code === 'string' ? failure.errorResponse.code : undefined,
	});
	return { kind: 'page', status: 503, notice: { kind: 'error', text } };
}

async function checkCode(page: PageContext, code: string): Promise<Reply> {
	const execution = asExecution(page.context, page.item);
	let answer: V2CheckResponse;
	try {
		answer = await preludeApiRequest<V2CheckResponse>(execution, 0, {
			method: 'POST',
			endpoint: '/v2/verification/check',
			body: { target: page.result.target, code },
			notRepeatable: {
				outcome: 'the check may or may not have been recorded',
				howToCheck: 'Type the code again.',
			},
		});
	} catch (error) {
		return unavailable(
			page,
			error,
			'The code could not be checked just now. Please try again in a moment.',
		);
	}
	page.session.attempts += 1;
	const status = String(answer.status ?? '');
	if (status === 'success') return { kind: 'final', outcome: { verified: true, status } };
	if (status === 'expired_or_not_found') {
		return { kind: 'final', outcome: { verified: false, reason: 'expired', status } };
	}
	const left = page.settings.maxAttempts - page.session.attempts;
	if (left <= 0) {
		return { kind: 'final', outcome: { verified: false, reason: 'wrong_code_limit', status } };
	}
	return {
		kind: 'page',
		status: 422,
		notice: {
			kind: 'error',
			text: `That code is not right, ${left} ${left === 1 ? 'try' : 'tries'} left.`,
		},
	};
}

async function sendNewCode(page: PageContext, now: number): Promise<Reply> {
	const { session, settings } = page;
	if (session.resends >= settings.maxResends) {
		return {
			kind: 'page',
			status: 429,
			notice: { kind: 'error', text: 'No more new codes can be sent. Use the last code you got.' },
		};
	}
	const wait = secondsUntilResend(page, now);
	if (wait > 0) {
		return {
			kind: 'page',
			status: 429,
			notice: { kind: 'error', text: `You can ask for a new code in ${wait} seconds.` },
		};
	}
	let answer: V2CreateVerificationResponse;
	try {
		const execution = asExecution(page.context, page.item);
		answer = (await sendVerification(execution, 0, 'a new code may or may not have been sent'))
			.answer;
	} catch (error) {
		return unavailable(
			page,
			error,
			'A new code could not be sent just now. If one arrives, use it; otherwise try again in a moment.',
		);
	}
	if (answer.status === 'blocked') {
		return {
			kind: 'final',
			outcome: { verified: false, reason: 'blocked', status: answer.status },
		};
	}
	session.resends += 1;
	session.lastSentAt = Date.now();
	if (typeof answer.id === 'string') session.verificationId = answer.id;
	return { kind: 'page', notice: { kind: 'info', text: 'We sent you a new code.' } };
}

function finalItems(page: PageContext, outcome: FinalOutcome): INodeExecutionData[][] {
	const { session, result } = page;
	const verification: VerificationResult = {
		...result,
		id: session.verificationId,
		verified: outcome.verified,
		status: outcome.status,
		attempts: session.attempts,
		newCodes: session.resends,
		respondedAt: new Date().toISOString(),
	};
	delete verification.reason;
	delete verification.waitId;
	if (outcome.reason) verification.reason = outcome.reason;
	const out: INodeExecutionData = {
		json: withResult(page.item, verification),
		pairedItem: { item: 0 },
	};
	return outcome.verified ? [[], [out]] : [[out], []];
}

function respond(
	page: PageContext,
	reply: Reply,
	json: boolean,
	now: number,
): IWebhookResponseData['noWebhookResponse'] {
	const res = page.context.getResponseObject();
	const { session, settings, texts, result } = page;
	setPageHeaders(res);
	const attemptsLeft = Math.max(0, settings.maxAttempts - session.attempts);
	const resendsLeft = Math.max(0, settings.maxResends - session.resends);
	const resendIn = secondsUntilResend(page, now);

	if (reply.kind === 'final') {
		const { verified, reason } = reply.outcome;
		if (json) {
			res.status(200).json(verified ? { status: 'verified' } : { status: 'not_verified', reason });
		} else {
			res
				.status(200)
				.type('html')
				.send(
					codeResultPage(
						verified,
						verified ? 'Verified' : 'Not verified',
						verified ? texts.successMessage : texts.failureMessage,
					),
				);
		}
		return true;
	}

	if (json) {
		res.status(reply.status ?? 200).json({
			status: JSON_STATUS[reply.status ?? 200] ?? 'waiting',
			...(reply.notice ? { message: reply.notice.text } : {}),
			attempts_left: attemptsLeft,
			new_codes_left: resendsLeft,
			new_code_in_seconds: resendIn,
			target: maskTarget(result.target.type, result.target.value),
		});
		return true;
	}
	res
		.status(reply.status ?? 200)
		.type('html')
		.send(
			codeEntryPage(texts, {
				maskedTarget: maskTarget(result.target.type, result.target.value),
				attemptsLeft,
				resendsLeft,
				resendInSeconds: resendIn,
				notice: reply.notice,
				triesInNotice: reply.status === 422,
			}),
		);
	return true;
}

function setPageHeaders(res: ReturnType<IWebhookFunctions['getResponseObject']>): void {
	res.setHeader('Cache-Control', 'no-store');
	res.setHeader('X-Robots-Tag', 'noindex');
	res.setHeader('Content-Security-Policy', PAGE_CSP);
	res.setHeader('X-Frame-Options', PAGE_FRAME_OPTIONS);
}

function notWaiting(context: IWebhookFunctions, json: boolean): IWebhookResponseData {
	const res = context.getResponseObject();
	setPageHeaders(res);
	if (json) {
		res.status(404).json({ status: 'not_waiting' });
	} else {
		res
			.status(404)
			.type('html')
			.send(
				codeResultPage(false, 'Nothing to verify here', 'This page is not waiting for a code.'),
			);
	}
	return { noWebhookResponse: true };
}

/**
 * The two steps of an n8n form's way to the code page (helpers/formHandoff.ts): the form page's
 * status poll hears that the code page is ready (n8n reaches the node only once the execution is
 * stored as waiting), then the resume URL it opens redirects to the signed code URL. Both carry
 * the execution's resume token, which n8n checks and the node checks again.
 */
function formHandoff(
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

/** GET shows the page; POST checks a code (action=check) or sends a new one (action=resend). */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const json = asksForJson(this.getHeaderData());
	const operation = this.getNodeParameter('operation', '') as string;
	const waiting: unknown = this.evaluateExpression('{{ $json }}', 0);
	if (operation !== OPERATION || !isJsonObject(waiting) || !isJsonObject(waiting[RESULT_KEY])) {
		return notWaiting(this, json);
	}
	const item = deepCopy(waiting) as IDataObject;
	const result = item[RESULT_KEY] as unknown as VerificationResult;
	if (typeof result.id !== 'string' || !isJsonObject(result.target)) return notWaiting(this, json);
	const route = webhookRoute(this);
	if (route !== 'page') return formHandoff(this, route, result);
	if ((this.getQueryData() as IDataObject).wait !== result.waitId) return notWaiting(this, json);
	delete item[RESULT_KEY];

	const check = new FieldChecker(this.getNode(), 0);
	const settings = readWaitSettings(check, this.getNodeParameter('options', {}) as IDataObject);
	const texts = readTexts(check, this.getNodeParameter('codePage', {}) as IDataObject);
	const now = Date.now();
	const key = `${this.getExecutionId()}:${this.getNode().id}:${String(result.waitId)}`;
	const session = codeSessions.open(key, now, () => ({
		attempts: 0,
		resends: 0,
		lastSentAt: Date.parse(result.sentAt) || now,
		verificationId: result.id,
	}));
	const page: PageContext = { context: this, settings, texts, session, result, item };

	if (session.final) {
		const reply: Reply = { kind: 'final', outcome: session.final };
		return { noWebhookResponse: respond(page, reply, json, now) };
	}
	const request = this.getRequestObject();
	if (request.method !== 'POST') {
		return { noWebhookResponse: respond(page, { kind: 'page' }, json, now) };
	}

	// One request at a time per waiting execution: a second submission (a double click, a retry
	// by the app) gets the answer of the first instead of a check of its own.
	if (session.inFlight) {
		const first = (await session.inFlight) as Reply;
		return { noWebhookResponse: respond(page, first, json, Date.now()) };
	}

	const body = this.getBodyData();
	let running: Promise<Reply>;
	if (body.action === 'resend') {
		running = sendNewCode(page, now);
	} else {
		// A JSON number is taken as its digits (send codes as strings: a number loses leading zeros).
		const given = Number.isSafeInteger(body.code) ? String(body.code) : body.code;
		const code = typeof given === 'string' ? given.replace(/[\s-]/g, '') : '';
		running = CODE.test(code)
			? checkCode(page, code)
			: Promise.resolve<Reply>({
					kind: 'page',
					status: 400,
					notice: {
						kind: 'error',
						text: 'Type the code from the message: letters and digits only.',
					},
				});
	}
	// The outcome is recorded before anyone waiting on this request hears of it.
	const settled = running.then((reply) => {
		if (reply.kind === 'final') session.final = reply.outcome;
		session.inFlight = undefined;
		return reply;
	});
	session.inFlight = settled;
	const reply = await settled;

	if (reply.kind === 'page') {
		return { noWebhookResponse: respond(page, reply, json, Date.now()) };
	}
	const workflowData = finalItems(page, reply.outcome);
	respond(page, reply, json, Date.now());
	return { noWebhookResponse: true, workflowData };
}
