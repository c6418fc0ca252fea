import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { DingStandIn } from './ding-stand-in';
import { startDingStandIn } from './ding-stand-in';
import type { DingRunResult, OnError } from './harness';
import { loggedLines, runDing } from './harness';

/** A key distinctive enough that finding it anywhere in a run proves a leak. */
export const API_KEY = 'k9-leak-canary';
export const CUSTOMER_UUID = '3e07d1f6-ac7c-43f1-a7aa-5c2d98369a07';
export const PHONE = '+14155550123';

export interface DingFixture {
	standIn: DingStandIn;
	run(
		parameters: INodeParameters,
		items?: IDataObject[],
		options?: { onError?: OnError; credentials?: IDataObject },
	): Promise<DingRunResult>;
}

/** Starts a strict Ding stand-in for the file's tests and runs the node against it. */
export function useDing(): DingFixture {
	const fixture = {} as DingFixture;
	beforeAll(async () => {
		fixture.standIn = await startDingStandIn({ apiKey: API_KEY, customerUuid: CUSTOMER_UUID });
	});
	afterAll(async () => {
		await fixture.standIn.stop();
	});
	beforeEach(() => fixture.standIn.reset());
	fixture.run = async (parameters, items, options = {}) =>
		await runDing({
			parameters,
			items,
			onError: options.onError,
			credentials: {
				apiKey: API_KEY,
				customerUuid: CUSTOMER_UUID,
				baseUrl: fixture.standIn.baseUrl,
				...options.credentials,
			},
		});
	return fixture;
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
	expect(serialized).not.toContain(API_KEY);
	for (const item of [...result.output, ...result.errorOutput]) {
		expect(JSON.stringify(item)).not.toContain(API_KEY);
	}
	if (result.error) {
		expect(result.error.message).not.toContain(API_KEY);
		expect(String(result.error.description ?? '')).not.toContain(API_KEY);
		expect(JSON.stringify(result.error)).not.toContain(API_KEY);
	}
	expect(loggedLines.length).toBeGreaterThan(0);
	expect(loggedLines.join('\n')).not.toContain(API_KEY);
}
