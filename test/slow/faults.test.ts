import type { INodeParameters } from 'n8n-workflow';

import { retryAfterMs } from '../../nodes/Ding/transport/retry';
import type { DingStandIn } from '../../sandbox';
import { closedPort } from '../../sandbox';
import { expectNoKey, PHONE, useDing } from '../support/fixtures';

const ding = useDing();

/** Short waits so that the matrix runs quickly; the rules are the same at any size. */
/**
 * Max Retries 2 and a short wait budget; the Timeout stays at its default (30 s), so that a busy
 * machine never turns an ordinary answer into a timeout. Only the fault that is a timeout sets a
 * short one (see Fault.timeout).
 */
const OPTIONS = { maxRetries: 2, maxRetryWait: 10 };

interface Operation {
	name: string;
	parameters: (uuid: string) => INodeParameters;
	/** A read: repeating it is harmless. */
	repeatable: boolean;
	/** What a non-repeatable operation says may or may not have happened. */
	outcome?: string;
}

const OPERATIONS: Operation[] = [
	{
		name: 'Send',
		parameters: () => ({
			resource: 'otp',
			operation: 'send',
			phoneNumber: PHONE,
			options: OPTIONS,
		}),
		repeatable: false,
		outcome: 'the code may or may not have been sent',
	},
	{
		name: 'Retry',
		parameters: (uuid) => ({
			resource: 'otp',
			operation: 'retry',
			authenticationUuid: uuid,
			options: OPTIONS,
		}),
		repeatable: false,
		outcome: 'a new code may or may not have been sent',
	},
	{
		name: 'Check',
		parameters: (uuid) => ({
			resource: 'otp',
			operation: 'check',
			authenticationUuid: uuid,
			checkCode: '123456',
			options: OPTIONS,
		}),
		repeatable: false,
		outcome: 'the check may or may not have been recorded',
	},
	{
		name: 'Send Feedback',
		parameters: () => ({
			resource: 'otp',
			operation: 'sendFeedback',
			phoneNumber: PHONE,
			status: 'onboarded',
			options: OPTIONS,
		}),
		repeatable: false,
		outcome: 'the feedback may or may not have been recorded',
	},
	{
		name: 'Get Status',
		parameters: (uuid) => ({
			resource: 'otp',
			operation: 'getStatus',
			authenticationUuid: uuid,
			options: OPTIONS,
		}),
		repeatable: true,
	},
	{
		name: 'Lookup',
		parameters: () => ({
			resource: 'lookup',
			operation: 'get',
			phoneNumber: PHONE,
			options: OPTIONS,
		}),
		repeatable: true,
	},
];

interface Fault {
	name: string;
	inject: (standIn: DingStandIn) => void;
	/** The request provably was not processed, so any operation may repeat it. */
	notProcessed: boolean;
	message: RegExp;
	/** Options → Timeout for this fault, where it is the Timeout that ends the attempt. */
	timeout?: number;
}

const FAULTS: Fault[] = [
	{
		name: 'HTTP 429 without Retry-After',
		inject: (s) => s.answerNext({ status: 429, body: { message: 'Too Many Requests' } }),
		notProcessed: true,
		message: /HTTP 429/,
	},
	{
		name: 'HTTP 429 with Retry-After in seconds',
		inject: (s) => s.answerNext({ status: 429, body: {}, headers: { 'retry-after': '0' } }),
		notProcessed: true,
		message: /HTTP 429/,
	},
	{
		name: 'HTTP 429 with Retry-After as an HTTP date',
		inject: (s) =>
			s.answerNext({
				status: 429,
				body: {},
				headers: { 'retry-after': new Date(Date.now() - 1000).toUTCString() },
			}),
		notProcessed: true,
		message: /HTTP 429/,
	},
	{
		name: 'HTTP 500',
		inject: (s) => s.answerNext({ status: 500, body: { message: 'Internal' } }),
		notProcessed: false,
		message: /HTTP 500/,
	},
	{
		name: 'HTTP 502 with an HTML page',
		inject: (s) => s.answerNext({ status: 502, raw: '<html><h1>502 Bad Gateway</h1></html>' }),
		notProcessed: false,
		message: /HTTP 502/,
	},
	{
		name: 'HTTP 503',
		inject: (s) => s.answerNext({ status: 503, body: { message: 'Unavailable' } }),
		notProcessed: false,
		message: /HTTP 503/,
	},
	{
		name: 'HTTP 504',
		inject: (s) => s.answerNext({ status: 504, raw: 'Gateway Timeout' }),
		notProcessed: false,
		message: /HTTP 504/,
	},
	{
		name: 'a connection reset mid-request',
		inject: (s) => s.answerNext({ status: 0, fault: 'reset' }),
		notProcessed: false,
		message: /Could not reach Ding/,
	},
	{
		name: 'no answer within the timeout',
		inject: (s) => s.answerNext({ status: 0, fault: 'hang' }),
		notProcessed: false,
		message: /no answer came in time/,
		// Short enough to keep the matrix quick; the retry after it is an ordinary request, which
		// must be answered within it, so not so short that a busy machine misses it.
		timeout: 1500,
	},
	{
		name: 'a 200 whose body is not JSON',
		inject: (s) => s.answerNext({ status: 200, raw: 'OK' }),
		notProcessed: false,
		message: /without a JSON object/,
	},
];

/** An operation's parameters with the fault's own Timeout, where it has one. */
function withTimeoutOf(fault: Fault, parameters: INodeParameters): INodeParameters {
	if (fault.timeout === undefined) return parameters;
	return { ...parameters, options: { ...OPTIONS, timeout: fault.timeout } };
}

async function existingAuthentication(): Promise<string> {
	const sent = await ding.run({ resource: 'otp', operation: 'send', phoneNumber: PHONE });
	const uuid = sent.output[0].json.authentication_uuid as string;
	ding.standIn.requests = [];
	return uuid;
}

describe.each(OPERATIONS)('$name', (operation) => {
	test.each(FAULTS)('a passing $name: retried only if that is safe', async (fault) => {
		const uuid = await existingAuthentication();
		fault.inject(ding.standIn);

		const result = await ding.run(withTimeoutOf(fault, operation.parameters(uuid)));

		const safe = operation.repeatable || fault.notProcessed;
		if (safe) {
			expect(result.error).toBeUndefined();
			expect(ding.standIn.requests).toHaveLength(2);
			expect(result.output).toHaveLength(1);
		} else {
			expect(ding.standIn.requests).toHaveLength(1);
			expect(result.error?.name).toBe('NodeApiError');
			expect(result.error?.message).toMatch(fault.message);
			expect(result.error?.message).toContain(`: ${operation.outcome}`);
			expect(result.error?.description).toBeTruthy();
		}
		expectNoKey(result);
	});

	test.each(FAULTS.filter((fault) => operation.repeatable || fault.notProcessed))(
		'a lasting $name: gives up after Max Retries and says so',
		async (fault) => {
			const uuid = await existingAuthentication();
			for (let i = 0; i < 3; i++) fault.inject(ding.standIn);

			const result = await ding.run(withTimeoutOf(fault, operation.parameters(uuid)));

			expect(ding.standIn.requests).toHaveLength(3);
			expect(result.error?.message).toMatch(fault.message);
			expect(result.error?.description).toContain('Tried 3 times.');
			expectNoKey(result);
		},
	);

	test('a refused connection (nothing sent) is retried, then reported', async () => {
		const uuid = await existingAuthentication();
		const port = await closedPort();

		const result = await ding.run(operation.parameters(uuid), [{}], {
			credentials: { baseUrl: `http://127.0.0.1:${port}/v1` },
		});

		expect(result.error?.message).toBe(
			'Could not reach Ding: the connection was refused (ECONNREFUSED)',
		);
		expect(result.error?.description).toContain('Tried 3 times.');
		expectNoKey(result);
	});
});

describe('retry timing', () => {
	test('Retry-After is honoured before the next attempt', async () => {
		ding.standIn.answerNext({ status: 429, body: {}, headers: { 'retry-after': '1' } });
		const started = Date.now();

		const result = await ding.run({
			resource: 'lookup',
			operation: 'get',
			phoneNumber: PHONE,
			options: OPTIONS,
		});

		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	test('a Retry-After longer than the wait budget ends the retries at once', async () => {
		// Were it waited for, the two minutes would outlast the test's own time limit.
		ding.standIn.answerNext({ status: 429, body: {}, headers: { 'retry-after': '120' } });

		const result = await ding.run({
			resource: 'lookup',
			operation: 'get',
			phoneNumber: PHONE,
			options: OPTIONS,
		});

		expect(result.error?.message).toBe('Ding is rate-limiting requests (HTTP 429)');
		expect(ding.standIn.requests).toHaveLength(1);
	});

	test('Max Retries 0 never repeats', async () => {
		ding.standIn.answerNext({ status: 503, body: {} });

		const result = await ding.run({
			resource: 'lookup',
			operation: 'get',
			phoneNumber: PHONE,
			options: { ...OPTIONS, maxRetries: 0 },
		});

		expect(result.error?.message).toBe('Ding failed to process the request (HTTP 503)');
		expect(ding.standIn.requests).toHaveLength(1);
	});

	test.each([
		['5', 5000],
		['0', 0],
		['1.5', 1500],
		['soon', undefined],
		['', undefined],
	])('Retry-After "%s" is %s ms', (value, expected) => {
		expect(retryAfterMs(value)).toBe(expected);
	});

	test('Retry-After as an HTTP date is the time until then', () => {
		const now = Date.parse('2026-11-25T12:00:00Z');
		expect(retryAfterMs('Wed, 25 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
		expect(retryAfterMs('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
	});
});

describe('Options are checked like any other field', () => {
	test('a Timeout that is not a number is named, with the item, before sending', async () => {
		const result = await ding.run({
			resource: 'lookup',
			operation: 'get',
			phoneNumber: PHONE,
			options: { timeout: '={{ "fast" }}' },
		});

		expect(result.error?.message).toBe(
			'Timeout (Ms) must be a number from 100 to 300000, but got "fast" [item 0]',
		);
		expect(ding.standIn.requests).toHaveLength(0);
	});
});
