import type { IDataObject } from 'n8n-workflow';

import { jsonOf, pairingOf, usePrelude } from '../support/fixtures';
import { SUBSCRIPTION_CONFIG_ID } from '../../sandbox/prelude';
import { expectRefused, pagesOf, queryOf, requestWhere, v2, wireOf } from './helpers';

const prelude = usePrelude();

const BASE = '/v2/notify/management/subscriptions';
const CONFIG = `${BASE}/${SUBSCRIPTION_CONFIG_ID}`;
/** The seeded configuration's seven numbers, in the order the API lists them. */
const NUMBERS = [1, 2, 3, 4, 5, 6, 7].map((n) => `+3361234560${n}`);
/** The seeded number with five events: SUB, STOP, START, STOP, SUB. */
const BUSY_NUMBER = NUMBERS[0];

const ROUTES = {
	configs: `GET ${BASE}`,
	numbers: `GET ${BASE}/{config_id}/phone_numbers`,
	events: `GET ${BASE}/{config_id}/phone_numbers/{phone_number}/events`,
};

const subscription = (operation: string, extra: IDataObject = {}) =>
	v2('subscription', operation, { configId: SUBSCRIPTION_CONFIG_ID, ...extra });
const getNumber = (phoneNumber: string) => subscription('getNumber', { phoneNumber });

describe('Subscription → Get Config, Get Number', () => {
	test('Get Config: the configuration comes out unchanged, paired', async () => {
		const result = await prelude.run(subscription('get'));

		expect(wireOf(prelude)).toStrictEqual([`GET ${CONFIG}`]);
		expect(prelude.standIn.requests[0].rawBody).toBe('');
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toStrictEqual(prelude.standIn.requests[0].answer);
		expect(result.output[0].json).toMatchObject({
			id: SUBSCRIPTION_CONFIG_ID,
			name: 'Marketing Campaign',
		});
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('Get Number: the number in the path with its "+" raw; its state as Prelude gives it', async () => {
		const result = await prelude.run(
			subscription('getNumber', { phoneNumber: '={{ $json.phone }}' }),
			[{ phone: '+33 6 12 34 56 02' }, { phone: NUMBERS[2] }],
		);

		const asked = (n: string) =>
			requestWhere(prelude, (r) => r.url === `${CONFIG}/phone_numbers/${n}`);
		expect(prelude.standIn.requests).toHaveLength(2);
		expect(asked(NUMBERS[1]).method).toBe('GET');
		expect(jsonOf(result.output)).toStrictEqual([
			asked(NUMBERS[1]).answer,
			asked(NUMBERS[2]).answer,
		]);
		expect(result.output[0].json).toMatchObject({
			phone_number: NUMBERS[1],
			state: 'UNSUB',
			source: 'MO_KEYWORD',
			reason: 'STOP',
		});
		expect(result.output[1].json).toMatchObject({ state: 'SUB', source: 'API' });
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
	});

	test('a configuration ID with characters a path cannot hold is percent-encoded', async () => {
		const result = await prelude.run(subscription('get', { configId: 'sub/1 2' }));

		expect(wireOf(prelude)).toStrictEqual([`GET ${BASE}/sub%2F1%202`]);
		expect(result.error?.message).toBe(
			'Prelude refused the request: no subscription configuration sub/1 2 (not_found, field config_id)',
		);
	});

	test.each([
		[
			'get',
			'an empty Subscription Config ID',
			{ configId: '={{ "" }}' },
			'Subscription Config ID is empty',
		],
		[
			'getNumber',
			'a bad phone number',
			{ phoneNumber: '06 12 34 56 02' },
			'Phone Number "06 12 34 56 02" is not a phone number in E.164 format',
		],
		[
			'getNumberEvents',
			'a bad phone number',
			{ phoneNumber: '0033612345601' },
			'Phone Number "0033612345601" is not a phone number in E.164 format',
		],
		[
			'getManyNumbers',
			'a State from an expression that is not one',
			{ filters: { state: '={{ "gone" }}' } },
			'State "gone" is not one of SUB, UNSUB',
		],
		[
			'getMany',
			'a Limit that is not a whole number',
			{ limit: 2.5 },
			'Limit must be a whole number from 1 to 1000000, but got the number 2.5',
		],
		[
			'getMany',
			'a Return All that is not a boolean',
			{ returnAll: '={{ "all" }}' },
			'Return All must be true or false, but got "all"',
		],
	])('%s: %s is refused before anything is sent', async (operation, _name, extra, message) => {
		expectRefused(prelude, await prelude.run(subscription(operation, extra)), message);
	});

	test('Continue On Fail, in both modes: a refused item and an unknown number, each in place', async () => {
		const items = [{ phone: NUMBERS[0] }, { phone: 'x' }, { phone: '+33699999999' }];
		const params = subscription('getNumber', { phoneNumber: '={{ $json.phone }}' });

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(regular.output[0].json.state).toBe('SUB');
		expect(regular.output[1].json).toMatchObject({
			error: 'Phone Number "x" is not a phone number in E.164 format [item 1]',
			details: { itemIndex: 1 },
		});
		expect(regular.output[2].json).toMatchObject({
			details: { itemIndex: 2, httpCode: '404', code: 'not_found' },
		});

		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }, { item: 2 }]);
	});
});

describe('Subscription → Get Many Configs, Get Many Numbers, Get Number History: one item per element', () => {
	test('Get Many Configs: Return All gives the three configurations, each paired to the item that asked', async () => {
		const result = await prelude.run(subscription('getMany', { returnAll: true }), [{}, {}]);

		expect(wireOf(prelude)).toStrictEqual([`GET ${BASE}?limit=100`, `GET ${BASE}?limit=100`]);
		const { configs } = prelude.standIn.requests[0].answer as { configs: IDataObject[] };
		expect(jsonOf(result.output)).toStrictEqual([...configs, ...configs]);
		expect(configs).toHaveLength(3);
		expect(pairingOf(result.output)).toStrictEqual([0, 0, 0, 1, 1, 1].map((item) => ({ item })));
	});

	test('Get Many Numbers: Return All gives the seven numbers and their states', async () => {
		const result = await prelude.run(subscription('getManyNumbers', { returnAll: true }));

		expect(wireOf(prelude)).toStrictEqual([`GET ${CONFIG}/phone_numbers?limit=100`]);
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual(NUMBERS);
		expect(jsonOf(result.output).map((o) => o.state)).toStrictEqual([
			'SUB',
			'UNSUB',
			'SUB',
			'SUB',
			'UNSUB',
			'SUB',
			'SUB',
		]);
		expect(pairingOf(result.output)).toStrictEqual(NUMBERS.map(() => ({ item: 0 })));
	});

	test('Get Many Numbers with the State filter, in any case: state in the query, only those numbers', async () => {
		const result = await prelude.run(
			subscription('getManyNumbers', { returnAll: true, filters: { state: '={{ "unsub" }}' } }),
		);

		expect(queryOf(prelude.standIn.requests[0])).toStrictEqual({ state: 'UNSUB', limit: '100' });
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual([
			NUMBERS[1],
			NUMBERS[4],
		]);
	});

	test('Get Number History: the events of a number, newest first', async () => {
		const result = await prelude.run(
			subscription('getNumberEvents', { phoneNumber: BUSY_NUMBER, returnAll: true }),
		);

		expect(wireOf(prelude)).toStrictEqual([
			`GET ${CONFIG}/phone_numbers/${BUSY_NUMBER}/events?limit=100`,
		]);
		expect(jsonOf(result.output).map((o) => [o.state, o.reason])).toStrictEqual([
			['SUB', undefined],
			['UNSUB', 'STOP'],
			['SUB', 'START'],
			['UNSUB', 'STOP'],
			['SUB', undefined],
		]);
		expect(pairingOf(result.output)).toStrictEqual([0, 0, 0, 0, 0].map((item) => ({ item })));
	});

	test('a configuration without numbers gives no item, and no error', async () => {
		const result = await prelude.run(
			subscription('getManyNumbers', {
				configId: 'subcfg_01k8ap3c9e5f6g7h8j9k0m1n2p',
				returnAll: true,
			}),
		);

		expect(result.error).toBeUndefined();
		expect(result.output).toStrictEqual([]);
	});
});

describe('Subscription lists: Return All and Limit over Prelude’s cursors', () => {
	test('Return All walks every page of 2, each with the cursor before it', async () => {
		const pages = pagesOf(prelude, ROUTES.numbers, 2, {
			params: { config_id: SUBSCRIPTION_CONFIG_ID },
		});

		const result = await prelude.run(subscription('getManyNumbers', { returnAll: true }));

		expect(pages.map((p) => (p.phone_numbers as unknown[]).length)).toStrictEqual([2, 2, 2, 1]);
		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([
			{ limit: '100' },
			{ limit: '100', cursor: pages[0].next_cursor },
			{ limit: '100', cursor: pages[1].next_cursor },
			{ limit: '100', cursor: pages[2].next_cursor },
		]);
		expect(jsonOf(result.output)).toStrictEqual(pages.flatMap((p) => p.phone_numbers));
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual(NUMBERS);
		expect(pairingOf(result.output)).toStrictEqual(NUMBERS.map(() => ({ item: 0 })));
	});

	test('Return All keeps the filter on every page', async () => {
		const pages = pagesOf(prelude, ROUTES.numbers, 1, {
			params: { config_id: SUBSCRIPTION_CONFIG_ID },
			query: { state: 'UNSUB' },
		});

		const result = await prelude.run(
			subscription('getManyNumbers', { returnAll: true, filters: { state: 'UNSUB' } }),
		);

		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([
			{ state: 'UNSUB', limit: '100' },
			{ state: 'UNSUB', limit: '100', cursor: pages[0].next_cursor },
		]);
		expect(result.output).toHaveLength(2);
	});

	test('Limit 5 over pages of 2 asks for 5, then 3, then 1, and stops at 5', async () => {
		const pages = pagesOf(prelude, ROUTES.numbers, 2, {
			params: { config_id: SUBSCRIPTION_CONFIG_ID },
		});

		const result = await prelude.run(subscription('getManyNumbers', { limit: 5 }));

		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([
			{ limit: '5' },
			{ limit: '3', cursor: pages[0].next_cursor },
			{ limit: '1', cursor: pages[1].next_cursor },
		]);
		expect(jsonOf(result.output).map((o) => o.phone_number)).toStrictEqual(NUMBERS.slice(0, 5));
	});

	test('Limit 2 over pages of 2: one request, two items', async () => {
		const pages = pagesOf(prelude, ROUTES.events, 2, {
			params: { config_id: SUBSCRIPTION_CONFIG_ID, phone_number: BUSY_NUMBER },
		});

		const result = await prelude.run(
			subscription('getNumberEvents', { phoneNumber: BUSY_NUMBER, limit: 2 }),
		);

		expect(pages).toHaveLength(3);
		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([{ limit: '2' }]);
		expect(jsonOf(result.output)).toStrictEqual(pages[0].events);
	});

	test('the stand-in’s own pages: Limit asks for exactly what it wants and takes one page', async () => {
		const configs = await prelude.run(subscription('getMany', { limit: 2 }));
		const numbers = await prelude.run(subscription('getManyNumbers', { limit: 6 }));

		expect(wireOf(prelude)).toStrictEqual([
			`GET ${BASE}?limit=2`,
			`GET ${CONFIG}/phone_numbers?limit=6`,
		]);
		expect(configs.output).toHaveLength(2);
		expect(jsonOf(numbers.output).map((o) => o.phone_number)).toStrictEqual(NUMBERS.slice(0, 6));
	});

	test('a Limit above a page’s 100 asks for 100 a page', async () => {
		const pages = pagesOf(prelude, ROUTES.configs, 2);

		const result = await prelude.run(subscription('getMany', { limit: 250 }));

		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([
			{ limit: '100' },
			{ limit: '100', cursor: pages[0].next_cursor },
		]);
		expect(result.output).toHaveLength(3);
	});

	test('a cursor Prelude hands back twice ends the walk instead of looping', async () => {
		const page = (name: string) => ({
			status: 200,
			body: { configs: [{ id: name }], next_cursor: 'same-cursor' },
		});
		prelude.standIn.answerNext(page('first'));
		prelude.standIn.answerNext(page('second'));
		prelude.standIn.answerNext(page('third'));

		const result = await prelude.run(subscription('getMany', { returnAll: true }));

		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([
			{ limit: '100' },
			{ limit: '100', cursor: 'same-cursor' },
		]);
		expect(jsonOf(result.output)).toStrictEqual([{ id: 'first' }, { id: 'second' }]);
	});

	test('an answer without the list is refused, naming the key and the item', async () => {
		prelude.standIn.answerNext({ status: 200, body: { configs: 'none' } });

		const result = await prelude.run(subscription('getMany', { returnAll: true }), [{}]);

		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('Prelude\'s answer has no list of objects under "configs"');
		expect((result.error as { context?: IDataObject }).context?.itemIndex).toBe(0);
	});

	test('a page that fails is asked for again, with its cursor', async () => {
		const pages = pagesOf(prelude, ROUTES.numbers, 4, {
			params: { config_id: SUBSCRIPTION_CONFIG_ID },
		});
		prelude.standIn.scripted.unshift({
			match: (r) => r.url.includes('cursor='),
			answer: { status: 500, body: {} },
		});

		const result = await prelude.run(subscription('getManyNumbers', { returnAll: true }));

		expect(prelude.standIn.requests.map((r) => queryOf(r).cursor)).toStrictEqual([
			undefined,
			pages[0].next_cursor,
			pages[0].next_cursor,
		]);
		expect(result.output).toHaveLength(7);
	});
});

describe('Subscription operations are reads: a failed request is retried', () => {
	test.each([
		['Get Config', subscription('get')],
		['Get Many Configs', subscription('getMany')],
		['Get Number', getNumber(NUMBERS[0])],
		['Get Many Numbers', subscription('getManyNumbers')],
		['Get Number History', subscription('getNumberEvents', { phoneNumber: NUMBERS[0] })],
	])('%s after a 503', async (_name, params) => {
		prelude.standIn.answerNext({ status: 503, body: {}, headers: { 'retry-after': '0' } });

		const result = await prelude.run(params);

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(prelude.standIn.requests[1].url).toBe(prelude.standIn.requests[0].url);
		expect(result.error).toBeUndefined();
		expect(result.output.length).toBeGreaterThan(0);
	});
});
