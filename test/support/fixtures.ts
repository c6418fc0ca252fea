import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { DingStandIn } from '../../sandbox';
import { startDingStandIn } from '../../sandbox';
import { webhookKeyPair } from '../../sandbox/prelude';
import type { DingRunResult, OnError, RunDingOptions } from './harness';
import { loggedLines, loggedLinesContaining, runDing } from './harness';

/** A key distinctive enough that finding it anywhere in a run proves a leak. */
export const API_KEY = 'k9-leak-canary';
export const CUSTOMER_UUID = '3e07d1f6-ac7c-43f1-a7aa-5c2d98369a07';
export const PHONE = '+14155550123';
/** The Prelude v2 key: as distinctive as the v1 one. */
export const PRELUDE_KEY = 'p7-leak-canary';
/** The webhook signing key pair of the stand-in; the trigger gets the public half. */
export const WEBHOOK_KEYS = webhookKeyPair();

export interface DingFixture {
	standIn: DingStandIn;
	run(
		parameters: INodeParameters,
		items?: IDataObject[],
		options?: {
			onError?: OnError;
			credentials?: IDataObject;
			cancelWhen?: Promise<unknown>;
			asTool?: boolean;
			nodeType?: RunDingOptions['nodeType'];
			/** The node's version as saved, when not the fixture's. */
			typeVersion?: number;
			start?: RunDingOptions['start'];
			after?: RunDingOptions['after'];
		},
	): Promise<DingRunResult>;
}

function startStandIn() {
	return startDingStandIn({
		apiKey: API_KEY,
		customerUuid: CUSTOMER_UUID,
		preludeApiKey: PRELUDE_KEY,
		webhookSigningKey: WEBHOOK_KEYS.privateKey,
	});
}

/** Starts the stand-in for the file's tests, and runs the node against it as `node` says. */
function useStandIn(
	node: (
		standIn: DingStandIn,
	) => Pick<RunDingOptions, 'typeVersion' | 'credentialType' | 'credentials'>,
): DingFixture {
	const fixture = {} as DingFixture;
	beforeAll(async () => {
		fixture.standIn = await startStandIn();
	});
	afterAll(async () => {
		await fixture.standIn.stop();
	});
	beforeEach(() => fixture.standIn.reset());
	fixture.run = async (parameters, items, options = {}) => {
		const { credentials, ...version } = node(fixture.standIn);
		return await runDing({
			parameters,
			items,
			onError: options.onError,
			cancelWhen: options.cancelWhen,
			asTool: options.asTool,
			nodeType: options.nodeType,
			start: options.start,
			after: options.after,
			...version,
			...(options.typeVersion === undefined ? {} : { typeVersion: options.typeVersion }),
			credentials: { ...credentials, ...options.credentials } as RunDingOptions['credentials'],
		});
	};
	return fixture;
}

/** The node as workflows saved before v2 hold it: version 1, Ding v1, a Ding API credential. */
export function useDing(): DingFixture {
	return useStandIn((standIn) => ({
		credentials: { apiKey: API_KEY, customerUuid: CUSTOMER_UUID, baseUrl: standIn.baseUrl },
	}));
}

/**
 * The node as it is added today: version 3, API Prelude Verify v2, a Prelude API credential.
 * The stand-in serves v2 under /v2 on the same port.
 */
export function usePrelude(): DingFixture {
	return useStandIn((standIn) => ({
		typeVersion: 3,
		credentialType: 'preludeApi',
		credentials: { apiKey: PRELUDE_KEY, baseUrl: standIn.preludeBaseUrl },
	}));
}

export function jsonOf(items: INodeExecutionData[]): IDataObject[] {
	return items.map((item) => item.json);
}

export function pairingOf(items: INodeExecutionData[]): unknown[] {
	return items.map((item) => item.pairedItem);
}

/** Asserts the API key is in no part of a run: output, errors, the stored run data, the logs. */
export function expectNoKey(result: DingRunResult): void {
	const serialized = JSON.stringify(result.run);
	for (const key of [API_KEY, PRELUDE_KEY]) {
		expect(serialized).not.toContain(key);
		for (const item of [...result.output, ...result.errorOutput]) {
			expect(JSON.stringify(item)).not.toContain(key);
		}
		if (result.error) {
			expect(result.error.message).not.toContain(key);
			expect(String(result.error.description ?? '')).not.toContain(key);
			expect(JSON.stringify(result.error)).not.toContain(key);
		}
		expect(loggedLinesContaining(key)).toStrictEqual([]);
	}
	expect(loggedLines.length).toBeGreaterThan(0);
}
