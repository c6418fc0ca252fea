import type { INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers, sleep } from 'n8n-workflow';

import { Ding } from '../../nodes/Ding/Ding.node';
import { API_KEY, CUSTOMER_UUID, PHONE, usePrelude } from '../support/fixtures';
import { runDing } from '../support/harness';

/**
 * Node versions (Ding.node.ts): a version 1 node, as workflows saved before v2 hold it, keeps Ding v1;
 * version 2 defaults to Prelude Verify v2 and can still choose Ding v1; version 3 starts Options →
 * Batching in Mode Adaptive, where version 2 nodes keep Fixed. The stand-in serves both APIs.
 */
const prelude = usePrelude();

describe('versions: old workflows keep Ding v1, and a version 2 node can still choose it', () => {
	test('a version 1 node saved without an API parameter runs Ding v1 with its Ding credential', async () => {
		const result = await runDing({
			parameters: { resource: 'otp', operation: 'send', phoneNumber: PHONE },
			typeVersion: 1,
			credentials: {
				apiKey: API_KEY,
				customerUuid: CUSTOMER_UUID,
				baseUrl: prelude.standIn.baseUrl,
			},
		});

		expect(prelude.standIn.requests.map((r) => r.url)).toStrictEqual(['/v1/authentication']);
		expect(result.output[0].json.status).toBe('pending');
	});

	test('a version 2 node with API Ding v1 uses the Ding credential and v1 fields', async () => {
		const result = await runDing({
			parameters: { api: 'dingV1', resource: 'otp', operation: 'send', phoneNumber: PHONE },
			typeVersion: 2,
			credentials: {
				apiKey: API_KEY,
				customerUuid: CUSTOMER_UUID,
				baseUrl: prelude.standIn.baseUrl,
			},
		});

		expect(prelude.standIn.requests[0].body).toStrictEqual({
			customer_uuid: CUSTOMER_UUID,
			phone_number: PHONE,
		});
		expect(result.output[0].json.status).toBe('pending');
	});

	test('a version 2 node without an API parameter runs Prelude v2', async () => {
		await prelude.run({ resource: 'otp', operation: 'send', phoneNumber: PHONE });

		expect(prelude.standIn.requests.map((r) => r.url)).toStrictEqual(['/v2/verification']);
	});
});

describe('versions: Options → Batching starts Adaptive in version 3 nodes, and stays Fixed in saved ones', () => {
	const description = new Ding().description;
	/** Batching added in the editor and left as it comes: what the workflow then holds. */
	const batchingAdded = (batch: INodeParameters = {}): INodeParameters => ({
		api: 'preludeV2',
		resource: 'lookup',
		operation: 'get',
		phoneNumber: '={{ $json.phone }}',
		options: { batching: { batch } },
	});
	/** The parameters n8n runs a saved node with: its own, with its version's defaults filled in. */
	const asLoaded = (parameters: INodeParameters, typeVersion: number) =>
		NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			{ typeVersion, parameters } as INode,
			description,
		) as { options: { batching: { batch: INodeParameters } } };
	/** Requests in flight at once, at most, with every answer 20 ms late. */
	const inFlight = () => {
		const flight = { now: 0, max: 0 };
		prelude.standIn.latency = () => {
			flight.now += 1;
			flight.max = Math.max(flight.max, flight.now);
			void sleep(20).then(() => (flight.now -= 1));
			return 20;
		};
		return flight;
	};
	const phones = Array.from({ length: 40 }, (_, i) => ({ phone: `+1415555${2000 + i}` }));

	test('the Mode a saved Batching without one is read with: Adaptive from version 3, Fixed before', () => {
		expect(asLoaded(batchingAdded(), 3).options.batching.batch.mode).toBe('adaptive');
		expect(asLoaded(batchingAdded(), 2).options.batching.batch.mode).toBe('fixed');
		expect(asLoaded(batchingAdded({ batchSize: 3 }), 2).options.batching.batch).toStrictEqual({
			mode: 'fixed',
			batchSize: 3,
			batchInterval: 0,
		});
		// The editor saves Batching added and left as it comes as it is, in either version.
		for (const typeVersion of [2, 3]) {
			const saved = NodeHelpers.getNodeParameters(
				description.properties,
				batchingAdded(),
				false,
				false,
				{ typeVersion, parameters: batchingAdded() } as INode,
				description,
			);
			expect(saved?.options).toStrictEqual({ batching: { batch: {} } });
		}
	});

	test('a new (version 3) node with Batching added and nothing else runs adaptive', async () => {
		const flight = inFlight();

		const result = await prelude.run(batchingAdded(), phones);

		expect(result.error).toBeUndefined();
		expect(prelude.standIn.requests).toHaveLength(40);
		expect(flight.max).toBeGreaterThan(1);
		expect(flight.max).toBeLessThanOrEqual(50);
	});

	test('a saved version 2 node keeps Fixed: Batching as added runs one at a time, Items per Batch 3 three', async () => {
		const flight = inFlight();
		await prelude.run(batchingAdded(), phones.slice(0, 6), { typeVersion: 2 });
		expect(prelude.standIn.requests).toHaveLength(6);
		expect(flight.max).toBe(1);

		const three = inFlight();
		await prelude.run(batchingAdded({ batchSize: 3 }), phones.slice(0, 9), { typeVersion: 2 });
		expect(three.max).toBe(3);
	});
});
