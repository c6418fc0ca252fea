import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { deepCopy, SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import type { ItemParameters } from '../../../../fields/target';
import { readRequestSettings } from '../../../../run/settings';
import { FieldChecker, isJsonObject } from '../../../../helpers/validation';
import { webhookPreludeCaller } from '../../../../transport/webhookCaller';
import { readTexts, readWaitSettings } from './fields';
import { answerFormHandoff, webhookRoute } from './formHandoff';
import { asksForJson, notWaiting, respond } from './respond';
import type { VerificationResult } from './result';
import { RESULT_KEY, withResult } from './result';
import type { FinalOutcome } from './sessions';
import { codeSessions } from './sessions';
import type { PageContext, Reply } from './submissions';
import { submission } from './submissions';

/**
 * The node's webhook while an execution waits for its code: the code page and its JSON endpoint at
 * the signed code URL, and the two steps of an n8n form's way there (formHandoff.ts). A wrong code
 * answers without resuming; the outcome that ends the wait resumes the execution with the item.
 */

/** The item that resumes the execution, on Verified (output 1) or Not Verified (output 0). */
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

/**
 * The node's parameters for the waiting item: n8n gives a resumed webhook the waiting node's input
 * as `$json`, so they resolve as they did when the code was sent.
 */
function parametersOf(context: IWebhookFunctions): ItemParameters {
	return {
		getNodeParameter: (name, _itemIndex, fallback) => context.getNodeParameter(name, fallback),
	};
}

/** GET shows the page; POST checks a code (action=check) or sends a new one (action=resend). */
export async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const json = asksForJson(this.getHeaderData());
	const operation = this.getNodeParameter('operation', '') as string;
	const waiting: unknown = this.evaluateExpression('{{ $json }}', 0);
	if (
		operation !== SEND_AND_WAIT_OPERATION ||
		!isJsonObject(waiting) ||
		!isJsonObject(waiting[RESULT_KEY])
	) {
		return notWaiting(this, json);
	}
	const item = deepCopy(waiting) as IDataObject;
	const result = item[RESULT_KEY] as unknown as VerificationResult;
	if (typeof result.id !== 'string' || !isJsonObject(result.target)) return notWaiting(this, json);
	const route = webhookRoute(this);
	if (route !== 'page') return answerFormHandoff(this, route, result);
	if ((this.getQueryData() as IDataObject).wait !== result.waitId) return notWaiting(this, json);
	delete item[RESULT_KEY];

	const check = new FieldChecker(this.getNode(), 0);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const settings = readWaitSettings(check, options);
	const texts = readTexts(check, this.getNodeParameter('codePage', {}) as IDataObject);
	const now = Date.now();
	const key = `${this.getExecutionId()}:${this.getNode().id}:${String(result.waitId)}`;
	const session = codeSessions.open(key, now, () => ({
		attempts: 0,
		resends: 0,
		lastSentAt: Date.parse(result.sentAt) || now,
		verificationId: result.id,
	}));
	const page: PageContext = {
		context: this,
		settings,
		texts,
		session,
		result,
		item,
		parameters: parametersOf(this),
		// Options → Timeout, Max Retries and Max Retry Wait, read when Prelude is asked.
		prelude: webhookPreludeCaller(this, () => readRequestSettings(check, options)),
	};

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

	// The outcome is recorded before anyone waiting on this request hears of it.
	const settled = submission(page, this.getBodyData(), now).then((reply) => {
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
