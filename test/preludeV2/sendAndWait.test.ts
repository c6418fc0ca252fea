import type { IDataObject, INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { Ding } from '../../nodes/Ding/Ding.node';

import type { DingRunResult, WaitingExecution } from '../support/harness';
import { loggedLines } from '../support/harness';
import { expectNoKey, PHONE, PRELUDE_KEY, usePrelude } from '../support/fixtures';

const prelude = usePrelude();

const sendAndWait = (extra: IDataObject = {}) => ({
	api: 'preludeV2',
	resource: 'otp',
	operation: 'sendAndWait',
	phoneNumber: '={{ $json.phone }}',
	...extra,
});

const FORM_ITEM = { phone: PHONE, name: 'Ada' };
const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

async function waitingRun(
	extra: IDataObject = {},
): Promise<DingRunResult & { waiting: WaitingExecution }> {
	const result = await prelude.run(sendAndWait(extra), [FORM_ITEM]);
	expect(result.error).toBeUndefined();
	expect(result.waiting).toBeDefined();
	return result as DingRunResult & { waiting: WaitingExecution };
}

const codeOf = () => prelude.standIn.prelude!.codeFor(PHONE)!;
const wrongCodeFor = (code: string) => (code === '000000' ? '111111' : '000000');
const verificationOf = (json: IDataObject) => json.dingVerification as IDataObject;
const wire = () => prelude.standIn.requests.map((r) => `${r.method} ${r.path}`);

describe('Prelude v2 Send and Wait for Code: up to the wait', () => {
	test('sends the code as Send does, then waits for the wait limit, with the signed URL in the output', async () => {
		const before = Date.now();
		const { waiting, output, run } = await waitingRun({ options: { limitWaitTime: 5 } });

		expect(prelude.standIn.requests).toHaveLength(1);
		expect(prelude.standIn.requests[0].body).toEqual({
			target: { type: 'phone_number', value: PHONE },
		});
		// Five minutes from when the node ran: between five minutes after the run began and five
		// minutes after it ended, however long a busy machine took over it.
		const after = Date.now();
		expect(waiting.waitTill.getTime()).toBeGreaterThanOrEqual(before + 5 * 60_000);
		expect(waiting.waitTill.getTime()).toBeLessThanOrEqual(after + 5 * 60_000);

		expect(output).toHaveLength(1);
		const shown = verificationOf(output[0].json);
		expect(shown).toMatchObject({
			waiting: true,
			verified: false,
			id: expect.stringMatching(/^vrf_/),
			target: { type: 'phone_number', value: PHONE },
			sendStatus: 'success',
			method: 'message',
			channels: ['sms'],
		});
		expect(shown.status).toBeUndefined();
		expect(waiting.url).toMatch(
			/^http:\/\/127\.0\.0\.1:5678\/webhook-waiting\/test-execution\/ding\?wait=[0-9A-Za-z]{16}&signature=[0-9a-f]{64}$/,
		);
		expect(shown.codeUrl).toBe(waiting.url);
		// The input's own fields stay out of what a "When Last Node Finishes" webhook answers.
		expect(Object.keys(output[0].json)).toEqual(['dingVerification']);
		expect(JSON.stringify(run)).not.toContain(codeOf());
		expectNoKey({ ...(await waitingRun()), waiting: undefined });
	});

	test("the editor's waiting panel links the code page, as n8n's Wait node links its resume URL", async () => {
		const { task, waiting } = await waitingRun();
		// n8n's editor evaluates the node type's waitingNodeTooltip with $execution.resumeUrl taken
		// from the task's metadata (editor-ui executionUtils, n8n's Wait node sets it the same way).
		expect(task!.metadata?.resumeUrl).toBe(waiting.url);
		const ding = new Ding();
		const node: INode = {
			id: 'ding',
			name: 'Ding',
			type: 'n8n-nodes-ding.ding',
			typeVersion: 2,
			position: [0, 0],
			parameters: sendAndWait(),
		};
		const types = {
			getByName: () => ding,
			getByNameAndVersion: () => ding,
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: types,
		});
		const shown = workflow.expression.getSimpleParameterValue(
			node,
			ding.description.waitingNodeTooltip!,
			'internal',
			{
				$execution: {
					id: 'test-execution',
					mode: 'test',
					resumeUrl: waiting.url,
					resumeFormUrl: '',
				},
			},
		);
		expect(shown).toBe(
			`Waiting for the person to type the code on the code page: <a href="${waiting.url}" target="_blank">${waiting.url}</a> (also in this node's output, dingVerification.codeUrl)`,
		);
	});

	test('a Webhook request that sent JSON gets the code URL as JSON instead', async () => {
		const result = await prelude.run(sendAndWait({ phoneNumber: '={{ $json.body.phone }}' }), [
			{ headers: { 'content-type': 'application/json' }, body: { phone: PHONE } },
		]);
		expect(result.responses).toHaveLength(1);
		expect(result.responses[0]).toMatchObject({
			statusCode: 200,
			headers: { 'content-type': 'application/json' },
			body: { dingVerification: { waiting: true, codeUrl: result.waiting!.url } },
		});
		expect(result.responses[0].body).toStrictEqual(result.output[0].json);
	});

	test('a trigger waiting for a Respond to Webhook answer gets a page that leads to the code page', async () => {
		const { responses, waiting } = await waitingRun({ codePage: { title: 'Confirm it' } });
		expect(responses).toHaveLength(1);
		expect(responses[0]).toMatchObject({
			statusCode: 200,
			headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
		});
		const html = String(responses[0].body);
		const href = waiting.url.replaceAll('&', '&amp;');
		expect(html).toContain(`<a class="button" href="${href}" rel="noreferrer">`);
		expect(html).toContain(`<meta http-equiv="refresh" content="2;url=${href}">`);
		expect(html).toContain('<h1>Confirm it</h1>');
		expect(html).not.toContain(codeOf());
	});

	test('a wait that runs out passes the input on to Not Verified, marked timed_out', async () => {
		const { waiting } = await waitingRun();
		const out = waiting.timeoutOutput();
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({
			...FORM_ITEM,
			dingVerification: { verified: false, reason: 'timed_out', target: { value: PHONE } },
		});
		// Nothing Prelude answered decided a timeout: no `status` that an IF could read as success;
		// and nobody answered on the page.
		expect(verificationOf(out[0].json).status).toBeUndefined();
		expect(verificationOf(out[0].json).respondedAt).toBeUndefined();
	});

	test('a blocked send goes to Not Verified at once, without waiting', async () => {
		prelude.standIn.prelude!.blocked.add(PHONE);
		const result = await prelude.run(sendAndWait(), [FORM_ITEM]);
		expect(result.waiting).toBeUndefined();
		const [notVerified, verified] = result.task!.data!.main;
		expect(verified).toEqual([]);
		expect(notVerified![0].json).toMatchObject({
			...FORM_ITEM,
			dingVerification: {
				verified: false,
				reason: 'blocked',
				blockReason: 'in_block_list',
				riskFactors: ['fraud_database'],
			},
		});
	});

	test('a failed send stops the run, or with Continue On Fail goes to Not Verified as send_failed', async () => {
		const bad = { phone: '555-0123' };
		const stopped = await prelude.run(sendAndWait(), [bad]);
		expect(stopped.error?.message).toContain('is not a phone number in E.164 format');
		expect(prelude.standIn.requests).toHaveLength(0);

		const kept = await prelude.run(sendAndWait(), [bad], { onError: 'continueRegularOutput' });
		const [notVerified, verified] = kept.task!.data!.main;
		expect(verified).toEqual([]);
		expect(verificationOf(notVerified![0].json)).toMatchObject({
			verified: false,
			reason: 'send_failed',
			error: expect.stringContaining('E.164'),
		});
		expect(kept.waiting).toBeUndefined();
	});

	test('more than one item is refused before anything is sent', async () => {
		const result = await prelude.run(sendAndWait(), [FORM_ITEM, FORM_ITEM]);
		expect(result.error?.message).toBe(
			'Send and Wait for Code verifies one person per execution, but 2 items came in',
		);
		expect(prelude.standIn.requests).toHaveLength(0);
	});

	test('bad wait options are refused before anything is sent, naming the field and value', async () => {
		const result = await prelude.run(sendAndWait({ options: { maxAttempts: 0 } }), [FORM_ITEM]);
		expect(result.error?.message).toBe(
			'Max Code Attempts must be a number from 1 to 10, but got the number 0 [item 0]',
		);
		expect(prelude.standIn.requests).toHaveLength(0);
	});
});

describe('Prelude v2 Send and Wait for Code: the code page', () => {
	test('GET shows a mobile-friendly page with a one-time-code field and no code in it', async () => {
		const { waiting } = await waitingRun({ codePage: { title: 'Hi {{ $json.name }}' } });
		const page = await waiting.request('GET');
		expect(page.status).toBe(200);
		expect(page.headers['content-type']).toBe('html');
		expect(page.headers['cache-control']).toBe('no-store');
		expect(page.headers['content-security-policy']).toContain("form-action 'self'");
		// Framed only by n8n's own pages (same origin), in CSP and for older browsers.
		expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self'");
		expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
		const html = String(page.body);
		expect(html).toContain('<meta name="viewport"');
		expect(html).toContain('autocomplete="one-time-code"');
		expect(html).toContain('inputmode="numeric"');
		expect(html).toContain('••• ••• 0123');
		expect(html).toContain('3 tries left');
		expect(html).not.toContain(codeOf());
		expect(page.result.workflowData).toBeUndefined();
	});

	test('page texts are expressions of the waiting item, escaped in the page', async () => {
		const { waiting } = await waitingRun({
			codePage: { title: '=Hi {{ $json.name }} <b>' },
		});
		const html = String((await waiting.request('GET')).body);
		expect(html).toContain('<h1>Hi Ada &lt;b&gt;</h1>');
	});

	test('a wrong code re-shows the page with the tries left and does not resume; the right code resumes on Verified', async () => {
		const { waiting } = await waitingRun();
		const code = codeOf();

		const wrong = await waiting.request('POST', { body: { code: wrongCodeFor(code) } });
		expect(wrong.status).toBe(422);
		expect(String(wrong.body)).toContain('That code is not right, 2 tries left.');
		expect(String(wrong.body)).not.toContain(wrongCodeFor(code));
		expect(wrong.result.workflowData).toBeUndefined();

		const right = await waiting.request('POST', { body: { code } });
		expect(right.status).toBe(200);
		expect(String(right.body)).toContain('Thank you, you are verified.');
		const [notVerified, verified] = right.result.workflowData!;
		expect(notVerified).toEqual([]);
		expect(verified).toHaveLength(1);
		expect(verified[0].pairedItem).toEqual({ item: 0 });
		expect(verified[0].json).toMatchObject({
			...FORM_ITEM,
			dingVerification: {
				verified: true,
				status: 'success',
				attempts: 2,
				newCodes: 0,
				target: { type: 'phone_number', value: PHONE },
				respondedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			},
		});
		const { sentAt, respondedAt } = verificationOf(verified[0].json);
		expect(Date.parse(String(respondedAt))).toBeGreaterThanOrEqual(Date.parse(String(sentAt)));
		expect(verificationOf(verified[0].json).reason).toBeUndefined();
		expect(JSON.stringify(right.result.workflowData)).not.toContain(code);
		expect(wire()).toEqual([
			'POST /v2/verification',
			'POST /v2/verification/check',
			'POST /v2/verification/check',
		]);
		expect(prelude.standIn.requests[2].body).toEqual({
			target: { type: 'phone_number', value: PHONE },
			code,
		});

		// Later requests (a reload, a late double click) get the same answer and check nothing.
		const again = await waiting.request('POST', { body: { code } });
		expect(String(again.body)).toContain('Thank you, you are verified.');
		expect(again.result.workflowData).toBeUndefined();
		expect(prelude.standIn.requests).toHaveLength(3);
		expect(loggedLines.join('\n')).not.toContain(code);
	});

	test('the last wrong code resumes on Not Verified with wrong_code_limit', async () => {
		const { waiting } = await waitingRun({ options: { maxAttempts: 2 } });
		const wrong = wrongCodeFor(codeOf());
		await waiting.request('POST', { body: { code: wrong } });
		const last = await waiting.request('POST', { body: { code: wrong } });
		expect(String(last.body)).toContain('This verification has ended.');
		const [notVerified, verified] = last.result.workflowData!;
		expect(verified).toEqual([]);
		expect(verificationOf(notVerified[0].json)).toMatchObject({
			verified: false,
			reason: 'wrong_code_limit',
			status: 'failure',
			attempts: 2,
		});
	});

	test('an expired verification resumes on Not Verified with expired', async () => {
		const { waiting } = await waitingRun();
		prelude.standIn.prelude!.verifications.clear();
		const answer = await waiting.request('POST', { body: { code: '123456' } });
		expect(verificationOf(answer.result.workflowData![0][0].json)).toMatchObject({
			verified: false,
			reason: 'expired',
			status: 'expired_or_not_found',
		});
	});

	test('a code that is not a code is refused without a check and without counting a try', async () => {
		const { waiting } = await waitingRun();
		const hostile = '<img src=x onerror=alert(1)>';
		const answer = await waiting.request('POST', { body: { code: hostile } });
		expect(answer.status).toBe(400);
		expect(String(answer.body)).toContain('3 tries left');
		expect(String(answer.body)).not.toContain('onerror');
		expect(prelude.standIn.requests).toHaveLength(1);
	});

	test('a double submit is checked once: the second waits for the first and gets its answer', async () => {
		const { waiting } = await waitingRun();
		const code = codeOf();
		const [first, second] = await Promise.all([
			waiting.request('POST', { body: { code } }),
			waiting.request('POST', { body: { code } }),
		]);
		expect(wire().filter((w) => w.endsWith('/check'))).toHaveLength(1);
		const resumed = [first, second].filter((a) => a.result.workflowData);
		expect(resumed).toHaveLength(1);
		expect(String(second.body)).toContain('Thank you, you are verified.');
	});

	test('Resend code sends a retry of the same request, not before New Code After, at most Max New Codes times', async () => {
		const { waiting } = await waitingRun({
			options: { resendAfter: 10, maxResends: 1 },
			verificationOptions: { locale: 'fr-fr' },
		});
		const early = await waiting.request('POST', { body: { action: 'resend' } });
		expect(early.status).toBe(429);
		expect(String(early.body)).toMatch(/You can ask for a new code in (9|10) seconds\./);
		expect(prelude.standIn.requests).toHaveLength(1);

		// As if the code had been sent 11 seconds ago.
		jest.useFakeTimers({
			now: Date.now() + 11_000,
			doNotFake: [
				'setTimeout',
				'setImmediate',
				'nextTick',
				'queueMicrotask',
				'setInterval',
				'clearTimeout',
				'clearInterval',
			],
		});
		try {
			const resent = await waiting.request('POST', { body: { action: 'resend' } });
			expect(resent.status).toBe(200);
			expect(String(resent.body)).toContain('We sent you a new code.');
			expect(prelude.standIn.requests[1].body).toEqual(prelude.standIn.requests[0].body);
			expect(prelude.standIn.requests[1].body).toMatchObject({ options: { locale: 'fr-FR' } });

			jest.setSystemTime(Date.now() + 11_000);
			const none = await waiting.request('POST', { body: { action: 'resend' } });
			expect(none.status).toBe(429);
			expect(String(none.body)).toContain('No more new codes can be sent.');
			expect(prelude.standIn.requests).toHaveLength(2);

			const right = await waiting.request('POST', { body: { code: codeOf() } });
			expect(verificationOf(right.result.workflowData![1][0].json)).toMatchObject({
				verified: true,
				newCodes: 1,
			});
		} finally {
			jest.useRealTimers();
		}
	});

	test('apps post JSON and get JSON: invalid with attempts_left, then verified', async () => {
		const { waiting } = await waitingRun();
		const status = await waiting.request('GET', { headers: { accept: 'application/json' } });
		expect(status.body).toEqual({
			status: 'waiting',
			attempts_left: 3,
			new_codes_left: 2,
			new_code_in_seconds: expect.any(Number),
			target: '••• ••• 0123',
		});
		const code = codeOf();
		const wrong = await waiting.request('POST', {
			headers: JSON_HEADERS,
			body: { code: wrongCodeFor(code) },
		});
		expect(wrong.status).toBe(422);
		expect(wrong.body).toMatchObject({ status: 'invalid', attempts_left: 2 });
		const right = await waiting.request('POST', { headers: JSON_HEADERS, body: { code } });
		expect(right.body).toEqual({ status: 'verified' });
		expect(right.result.workflowData![1]).toHaveLength(1);
	});

	test('unsigned or forged resume URLs are refused before the node sees them', async () => {
		const { waiting } = await waitingRun();
		const unsigned = new URL(waiting.url);
		unsigned.searchParams.delete('signature');
		const forged = new URL(waiting.url);
		forged.searchParams.set('signature', 'f'.repeat(64));
		const otherExecution = waiting.url.replace('/test-execution/', '/other-execution/');
		for (const url of [unsigned.toString(), forged.toString(), otherExecution]) {
			const answer = await waiting.request('POST', { url, body: { code: codeOf() } });
			expect(answer.status).toBe(401);
			expect(answer.result.workflowData).toBeUndefined();
		}
		expect(prelude.standIn.requests).toHaveLength(1);
	});

	test('a URL from an earlier wait of the node in the same execution opens nothing', async () => {
		const first = await waitingRun({ options: { maxAttempts: 1 } });
		await first.waiting.request('POST', { body: { code: wrongCodeFor(codeOf()) } });
		// The same execution comes back to the node (a loop), for the same number: a new wait.
		const second = await waitingRun();
		expect(second.waiting.url).not.toBe(first.waiting.url);
		const old = await second.waiting.request('POST', {
			url: first.waiting.url,
			body: { code: codeOf() },
		});
		expect(old.status).toBe(404);
		expect(old.result.workflowData).toBeUndefined();
		const page = await second.waiting.request('GET');
		expect(String(page.body)).toContain('3 tries left');
		const right = await second.waiting.request('POST', { body: { code: codeOf() } });
		expect(right.result.workflowData![1]).toHaveLength(1);
	});

	test('a code sent as a JSON number is taken as its digits; a missing code is a bad request', async () => {
		const { waiting } = await waitingRun();
		const missing = await waiting.request('POST', { headers: JSON_HEADERS, body: {} });
		expect(missing.status).toBe(400);
		expect(missing.body).toMatchObject({ status: 'bad_request', attempts_left: 3 });
		const code = codeOf();
		if (code.startsWith('0')) return; // A number cannot carry a leading zero.
		const right = await waiting.request('POST', {
			headers: JSON_HEADERS,
			body: { code: Number(code) },
		});
		expect(right.body).toStrictEqual({ status: 'verified' });
	});

	test('requests made while one is in flight get its answer', async () => {
		const { waiting } = await waitingRun();
		const wrong = wrongCodeFor(codeOf());
		const answers = await Promise.all([
			waiting.request('POST', { headers: JSON_HEADERS, body: { code: wrong } }),
			waiting.request('POST', { headers: JSON_HEADERS, body: { code: wrong } }),
		]);
		expect(answers.map((a) => a.status)).toStrictEqual([422, 422]);
		expect(answers.map((a) => (a.body as IDataObject).attempts_left)).toStrictEqual([2, 2]);
		expect(wire().filter((w) => w.endsWith('/check'))).toHaveLength(1);
	});

	const isCheck = (r: { path: string }) => r.path === '/v2/verification/check';

	test('a check Prelude fails is not counted: the page says so (503) and the log names the status, never the code or a key', async () => {
		const { waiting } = await waitingRun();
		const code = codeOf();
		const logged = loggedLines.length;
		prelude.standIn.answerNext(
			{ status: 500, body: { code: 'internal_error', message: `Could not check ${code}` } },
			isCheck,
		);
		const failed = await waiting.request('POST', { body: { code } });
		expect(failed.status).toBe(503);
		expect(String(failed.body)).toContain('The code could not be checked just now.');
		expect(String(failed.body)).toContain('3 tries left');
		expect(failed.result.workflowData).toBeUndefined();
		// A 500 may have been recorded: the check is not repeated.
		expect(wire().filter((w) => w.endsWith('/check'))).toHaveLength(1);
		const lines = loggedLines.slice(logged).filter((line) => line.includes('could not be asked'));
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('"httpCode":"500"');
		expect(lines[0]).toContain('"code":"internal_error"');
		expect(loggedLines.join('\n')).not.toContain(code);
		expect(loggedLines.join('\n')).not.toContain(PRELUDE_KEY);

		const right = await waiting.request('POST', { body: { code } });
		expect(verificationOf(right.result.workflowData![1][0].json)).toMatchObject({
			verified: true,
			attempts: 1,
		});
	});

	test("the page's requests follow the node's Options: a refused check is repeated, unless Max Retries is 0", async () => {
		const refused = {
			status: 429,
			headers: { 'retry-after': '0' },
			body: { code: 'too_many_requests', message: 'Too many requests' },
		};
		const { waiting } = await waitingRun();
		prelude.standIn.answerNext(refused, isCheck);
		const retried = await waiting.request('POST', { body: { code: codeOf() } });
		expect(retried.result.workflowData![1]).toHaveLength(1);
		expect(wire().filter((w) => w.endsWith('/check'))).toHaveLength(2);

		prelude.standIn.reset();
		const noRetries = await waitingRun({ options: { maxRetries: 0 } });
		prelude.standIn.answerNext(refused, isCheck);
		const once = await noRetries.waiting.request('POST', { body: { code: codeOf() } });
		expect(once.status).toBe(503);
		expect(once.result.workflowData).toBeUndefined();
		expect(wire().filter((w) => w.endsWith('/check'))).toHaveLength(1);
	});
});

const FORM_TRIGGER = 'n8n-nodes-base.formTrigger';
/** A Form Trigger as the editor adds it today, and the last that can wait for a node's answer. */
const TODAYS_FORM = { type: FORM_TRIGGER, typeVersion: 2.6, parameters: {} };
const ANSWERABLE_FORM = {
	type: FORM_TRIGGER,
	typeVersion: 2.1,
	parameters: { responseMode: 'responseNode' },
};
const RESPOND = [{ type: 'n8n-nodes-base.respondToWebhook' }];

describe('Prelude v2 Send and Wait for Code: from an n8n form', () => {
	test.each([
		['a Form Trigger as the editor adds it today (2.6)', TODAYS_FORM, [], 'is version 2.6'],
		[
			'a Form Trigger 2.1 that answers when the form is submitted',
			{ ...ANSWERABLE_FORM, parameters: { responseMode: 'onReceived' } },
			[],
			'answers the form when it is submitted',
		],
		[
			'a form with n8n Form pages after it',
			ANSWERABLE_FORM,
			[...RESPOND, { type: 'n8n-nodes-base.form' }],
			'has n8n Form pages after it',
		],
	])('%s is refused before anyone is texted, naming the fix', async (_, start, after, why) => {
		const result = await prelude.run(sendAndWait(), [FORM_ITEM], { start, after });
		expect(result.error?.message).toBe(
			'Send and Wait for Code cannot open its code page from this form: nothing was sent',
		);
		const description = String((result.error as { description?: string }).description);
		expect(description).toContain(why);
		expect(description).toContain(
			"Form Trigger of version 2.1 with Respond When set to Using 'Respond to Webhook' Node",
		);
		expect(description).toContain('examples/form-send-and-wait-for-code.json');
		expect(prelude.standIn.requests).toHaveLength(0);
		expect(result.responses).toHaveLength(0);
	});

	test("the node's panel says which Form Trigger works, that n8n needs a Respond to Webhook node, and links the fix", () => {
		const notice = new Ding().description.properties.find(
			(property) => property.name === 'sendAndWaitFormNotice',
		)!;
		expect(notice.type).toBe('notice');
		expect(notice.displayOptions?.show).toMatchObject({ operation: ['sendAndWait'] });
		expect(notice.displayName).toContain(
			"n8n Form Trigger of version 2.1 set to Respond When: Using 'Respond to Webhook' Node, plus a Respond to Webhook node on Not Verified (n8n requires one)",
		);
		expect(notice.displayName).toContain('refuses before texting anyone');
		expect(notice.displayName).toContain('docs/send-and-wait.md#from-an-n8n-form');
	});

	test('a form that waits for the node moves on to the code page by itself, once the execution waits', async () => {
		const { responses, waiting, run } = (await prelude.run(sendAndWait(), [FORM_ITEM], {
			start: ANSWERABLE_FORM,
			after: RESPOND,
		})) as DingRunResult & { waiting: WaitingExecution };
		expect(waiting).toBeDefined();
		// n8n's form page polls <formWaitingUrl>/n8n-execution-status, then opens formWaitingUrl.
		expect(responses).toHaveLength(1);
		const { formWaitingUrl } = responses[0].body as { formWaitingUrl: string };
		expect(formWaitingUrl).toBe(
			`http://127.0.0.1:5678/webhook-waiting/test-execution?signature=${run.data.resumeToken}`,
		);
		const poll = new URL(formWaitingUrl);
		poll.pathname += '/n8n-execution-status';
		const status = await waiting.request('GET', { url: poll.toString() });
		expect(status.status).toBe(200);
		expect(status.body).toBe('form-waiting');

		const opened = await waiting.request('GET', { url: formWaitingUrl });
		expect(opened.status).toBe(303);
		expect(opened.headers.location).toBe(waiting.url);
		expect(opened.result.workflowData).toBeUndefined();
		const page = await waiting.request('GET', { url: opened.headers.location });
		expect(String(page.body)).toContain('autocomplete="one-time-code"');

		// Without the execution's resume token n8n opens nothing (and the node sends nothing).
		const forged = new URL(formWaitingUrl);
		forged.searchParams.set('signature', 'x'.repeat(String(run.data.resumeToken).length));
		expect((await waiting.request('GET', { url: forged.toString() })).status).toBe(401);
	});

	test('a bad number takes the person back to the form with the message, and the run still fails', async () => {
		const result = await prelude.run(sendAndWait(), [{ phone: '555-0123' }], {
			start: ANSWERABLE_FORM,
			after: RESPOND,
		});
		expect(result.error?.message).toContain('E.164');
		expect(prelude.standIn.requests).toHaveLength(0);
		expect(result.responses).toHaveLength(1);
		expect(result.responses[0].headers).toMatchObject({
			'content-type': 'text/html; charset=utf-8',
		});
		const html = String(result.responses[0].body);
		expect(html).toContain('We could not send a code to 555-0123. Check the number and try again.');
		expect(html).toContain('<a class="button" href="" id="back">Try again</a>');
		expect(html).not.toContain('Error in workflow');
	});

	test('a blocked number tells the person too, and goes to Not Verified', async () => {
		prelude.standIn.prelude!.blocked.add(PHONE);
		const result = await prelude.run(sendAndWait(), [FORM_ITEM], {
			start: ANSWERABLE_FORM,
			after: RESPOND,
		});
		expect(String(result.responses[0].body)).toContain(
			`We cannot send a code to ${PHONE}. Use another number.`,
		);
		expect(verificationOf(result.task!.data!.main[0]![0].json).reason).toBe('blocked');
	});
});
