import type { IDataObject } from 'n8n-workflow';
import { getGlobalState, setGlobalState } from 'n8n-workflow';

import { jsonOf, pairingOf, PHONE, usePrelude } from '../support/fixtures';
import { expectRefused, ONE_AT_A_TIME, pagesOf, queryOf, v2, wireOf } from './helpers';

const prelude = usePrelude();

const HISTORY = '/v2/verification/phone/history';
const HISTORY_LIST = `GET ${HISTORY}`;

const get = (verificationId: string, options: IDataObject = {}) =>
	v2('otp', 'get', { verificationId, options });
const getMany = (extra: IDataObject = {}) => v2('otp', 'getMany', extra);

/**
 * Sends a code to each number through the node, one after the other (the history lists them in
 * the order they were made), and returns the verification IDs, in order.
 */
async function verify(...phones: string[]): Promise<string[]> {
	const sent = await prelude.run(
		v2('otp', 'send', { phoneNumber: '={{ $json.phone }}', options: ONE_AT_A_TIME }),
		phones.map((phone) => ({ phone })),
	);
	expect(sent.error).toBeUndefined();
	prelude.standIn.requests = [];
	return jsonOf(sent.output).map((o) => o.id as string);
}

const wrong = (code: string) => (code === '000000' ? '111111' : '000000');
const check = (code: string) => v2('otp', 'check', { phoneNumber: PHONE, checkCode: code });

describe('OTP → Get (GET /v2/verification/phone/history/{id})', () => {
	test("the verification's history comes out unchanged, paired; nothing is added without Simplify", async () => {
		const [id] = await verify(PHONE);

		const result = await prelude.run(get(id));

		expect(wireOf(prelude)).toStrictEqual([`GET ${HISTORY}/${id}`]);
		expect(prelude.standIn.requests[0].rawBody).toBe('');
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json).toStrictEqual(prelude.standIn.requests[0].answer);
		expect(result.output[0].json).toMatchObject({
			id,
			phone_number: PHONE,
			status: 'pending_check',
		});
		expect(result.output[0].pairedItem).toStrictEqual({ item: 0 });
	});

	test('one output item per input item, each its own verification', async () => {
		const ids = await verify(PHONE, '+447700900123');

		const result = await prelude.run(get('={{ $json.id }}'), [{ id: ids[1] }, { id: ids[0] }]);

		expect(jsonOf(result.output).map((o) => o.id)).toStrictEqual([ids[1], ids[0]]);
		expect(pairingOf(result.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
	});

	test('Simplify adds dingVerification: an open verification', async () => {
		const [id] = await verify(PHONE);

		const result = await prelude.run(get(id, { simplify: true }));

		const { dingVerification, ...answer } = result.output[0].json;
		expect(answer).toStrictEqual(prelude.standIn.requests[0].answer);
		expect(dingVerification).toStrictEqual({
			verified: false,
			status: 'pending_check',
			attempts: 1,
			checks: 0,
			latestDeliveryStatus: 'delivered',
		});
	});

	test('Simplify: a wrong code, a resend and the right code make a converted verification', async () => {
		const [id] = await verify(PHONE);
		const code = prelude.standIn.prelude!.codeFor(PHONE)!;
		await prelude.run(check(wrong(code)));
		await prelude.run(v2('otp', 'retry', { phoneNumber: PHONE }));
		await prelude.run(check(code));

		const result = await prelude.run(get(id, { simplify: true }));

		expect(result.output[0].json.dingVerification).toStrictEqual({
			verified: true,
			status: 'converted',
			attempts: 2,
			checks: 2,
			latestDeliveryStatus: 'delivered',
		});
	});

	test('Simplify: a verification refused by the block list', async () => {
		prelude.standIn.prelude!.blocked.add(PHONE);
		const [id] = await verify(PHONE);

		const result = await prelude.run(get(id, { simplify: true }));

		expect(result.output[0].json).toMatchObject({
			status: 'in_blocklist',
			block_reasons: ['fraud_database'],
		});
		expect(result.output[0].json.dingVerification).toStrictEqual({
			verified: false,
			status: 'in_blocklist',
			attempts: 0,
			checks: 0,
			latestDeliveryStatus: null,
		});
	});

	test('an ID with characters a path cannot hold is percent-encoded; an unknown one is a 404', async () => {
		const result = await prelude.run(get('vrf_a/b c'));

		expect(wireOf(prelude)).toStrictEqual([`GET ${HISTORY}/vrf_a%2Fb%20c`]);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe(
			'Prelude refused the request: no verification vrf_a/b c (not_found, field id)',
		);
	});

	test.each([
		['an empty Verification ID', '={{ "" }}', {}, 'Verification ID is empty'],
		[
			'a Verification ID that is not text',
			'={{ 42 }}',
			{},
			'Verification ID must be text, but got the number 42',
		],
		[
			'a Simplify that is not a boolean',
			'vrf_x',
			{ simplify: '={{ "yes" }}' },
			'Simplify must be true or false, but got "yes"',
		],
	])('%s is refused before anything is sent', async (_name, id, options, message) => {
		expectRefused(prelude, await prelude.run(get(id, options)), message);
	});

	test('Continue On Fail, in both modes: a refused item and an unknown ID, each in place', async () => {
		const [id] = await verify(PHONE);
		const items = [{ id }, { id: '' }, { id: 'vrf_unknown' }];

		const regular = await prelude.run(get('={{ $json.id }}'), items, {
			onError: 'continueRegularOutput',
		});
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(regular.output[0].json.id).toBe(id);
		expect(regular.output[1].json).toMatchObject({
			error: 'Verification ID is empty [item 1]',
			details: { itemIndex: 1 },
		});
		expect(regular.output[2].json).toMatchObject({
			details: { itemIndex: 2, httpCode: '404', code: 'not_found' },
		});

		const routed = await prelude.run(get('={{ $json.id }}'), items, {
			onError: 'continueErrorOutput',
		});
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }, { item: 2 }]);
	});
});

describe('OTP → Get Many (GET /v2/verification/phone/history)', () => {
	const PHONES = ['+14155551001', '+14155551002', '+14155551003', '+14155551004', '+14155551005'];

	test('one output item per verification, newest first, each paired to the item that asked', async () => {
		const ids = await verify(...PHONES.slice(0, 3));

		const result = await prelude.run(getMany({ returnAll: true }), [{}, {}]);

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([
			{ limit: '100' },
			{ limit: '100' },
		]);
		const newestFirst = [...ids].reverse();
		expect(jsonOf(result.output).map((o) => o.id)).toStrictEqual([...newestFirst, ...newestFirst]);
		expect(pairingOf(result.output)).toStrictEqual([0, 0, 0, 1, 1, 1].map((item) => ({ item })));
		const page = prelude.standIn.requests[0].answer as { verifications: IDataObject[] };
		expect(jsonOf(result.output).slice(0, 3)).toStrictEqual(page.verifications);
	});

	test('Limit asks for no more than it wants; the default Limit is 50', async () => {
		await verify(...PHONES);

		const limited = await prelude.run(getMany({ limit: 2 }));
		const byDefault = await prelude.run(getMany());

		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([{ limit: '2' }, { limit: '50' }]);
		expect(limited.output).toHaveLength(2);
		expect(byDefault.output).toHaveLength(5);
	});

	test('Return All walks every page, each with the cursor before it and the same filters', async () => {
		await verify(...PHONES);
		const pages = pagesOf(prelude, HISTORY_LIST, 2, { query: { region: 'US' } });

		const result = await prelude.run(getMany({ returnAll: true, filters: { region: 'us' } }));

		expect(pages.map((p) => (p.verifications as unknown[]).length)).toStrictEqual([2, 2, 1]);
		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([
			{ region: 'US', limit: '100' },
			{ region: 'US', limit: '100', cursor: pages[0].next_cursor },
			{ region: 'US', limit: '100', cursor: pages[1].next_cursor },
		]);
		expect(jsonOf(result.output)).toStrictEqual(pages.flatMap((p) => p.verifications));
		expect(result.output).toHaveLength(5);
		expect(pairingOf(result.output)).toStrictEqual(PHONES.map(() => ({ item: 0 })));
	});

	test('Limit over pages of 2: each page asks for what is still wanted, and the walk stops there', async () => {
		await verify(...PHONES);
		const pages = pagesOf(prelude, HISTORY_LIST, 2);

		const three = await prelude.run(getMany({ limit: 3 }));

		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([
			{ limit: '3' },
			{ limit: '1', cursor: pages[0].next_cursor },
		]);
		expect(jsonOf(three.output).map((o) => o.id)).toStrictEqual([
			...(pages[0].verifications as IDataObject[]).map((v) => v.id),
			(pages[1].verifications as IDataObject[])[0].id,
		]);
	});

	test('Limit 2 over pages of 2: one request', async () => {
		await verify(...PHONES);
		const pages = pagesOf(prelude, HISTORY_LIST, 2);

		const two = await prelude.run(getMany({ limit: 2 }));

		expect(prelude.standIn.requests.map(queryOf)).toStrictEqual([{ limit: '2' }]);
		expect(jsonOf(two.output)).toStrictEqual(pages[0].verifications);
	});

	test('every Filter goes in the query under its wire name; channels comma-joined', async () => {
		await prelude.run(
			getMany({
				returnAll: true,
				filters: {
					channels: ['sms', 'whatsapp', 'voice'],
					from: '2026-11-01T00:00:00Z',
					to: '2026-11-30T12:00:00+01:00',
					devicePlatform: 'ios',
					maxAttempts: 3,
					minAttempts: 0,
					phoneNumber: '+1 415 555 0123',
					region: 'us',
					status: 'converted',
					templateId: 'template_01jc0t6fwwfgfsq1md24mhyztj',
				},
			}),
		);

		const [request] = prelude.standIn.requests;
		expect(request.path).toBe(HISTORY);
		expect(request.url).toContain('channels=sms%2Cwhatsapp%2Cvoice');
		expect(queryOf(request)).toStrictEqual({
			channels: 'sms,whatsapp,voice',
			from: '2026-11-01T00:00:00.000Z',
			to: '2026-11-30T11:00:00.000Z',
			device_platform: 'ios',
			max_attempts: '3',
			min_attempts: '0',
			phone_number: PHONE,
			region: 'US',
			status: 'converted',
			template_id: 'template_01jc0t6fwwfgfsq1md24mhyztj',
			limit: '100',
		});
		expect(request.status).toBe(200);
	});

	test('filters select the verifications: by status and by number', async () => {
		await verify(PHONES[0], PHONES[1]);
		const code = prelude.standIn.prelude!.codeFor(PHONES[1])!;
		await prelude.run(v2('otp', 'check', { phoneNumber: PHONES[1], checkCode: code }));

		const converted = await prelude.run(
			getMany({ returnAll: true, filters: { status: '={{ "CONVERTED" }}' } }),
		);
		const ofOne = await prelude.run(
			getMany({ returnAll: true, filters: { phoneNumber: PHONES[0] } }),
		);

		expect(jsonOf(converted.output).map((o) => o.phone_number)).toStrictEqual([PHONES[1]]);
		expect(jsonOf(ofOne.output).map((o) => o.phone_number)).toStrictEqual([PHONES[0]]);
	});

	test('Created After and Before without a zone are read in the workflow’s time zone', async () => {
		const before = getGlobalState();
		setGlobalState({ ...before, defaultTimezone: 'Asia/Tokyo' });
		try {
			await prelude.run(
				getMany({ filters: { from: '2026-11-01T00:00:00', to: '2026-11-30 23:59' } }),
			);
		} finally {
			setGlobalState(before);
		}

		expect(queryOf(prelude.standIn.requests[0])).toMatchObject({
			from: '2026-10-31T15:00:00.000Z',
			to: '2026-11-30T14:59:00.000Z',
		});
	});

	test.each([
		[
			'Created After without Created Before',
			{ from: '2026-11-01T00:00:00Z' },
			'Created After needs Created Before',
		],
		[
			'Created Before without Created After',
			{ to: '2026-11-01T00:00:00Z' },
			'Created Before needs Created After',
		],
		[
			'a Created After that is not a date',
			{ from: 'last week', to: '2026-11-01T00:00:00Z' },
			'Created After "last week" is not a date and time',
		],
		[
			'a channel from an expression that is not one',
			{ channels: '={{ "sms,fax" }}' },
			'Channels "fax" is not one of sms, rcs, whatsapp, viber, zalo, telegram, voice, silent',
		],
		[
			'a status that cannot be filtered on',
			{ status: '={{ "pending_check" }}' },
			'Status "pending_check" is not one of converted, not_converted, sent, challenged, suspected_fraud, in_blocklist, invalid_line, invalid_number, rate_limited, expired_signals, shadowed',
		],
		[
			'a device platform that is not one',
			{ devicePlatform: '={{ "symbian" }}' },
			'Device Platform "symbian" is not one of android, ios, ipados, tvos, web',
		],
		[
			'a region that is not one',
			{ region: 'USA' },
			'Region "USA" is not a two-letter country code',
		],
		[
			'a negative Min Attempts',
			{ minAttempts: -1 },
			'Min Attempts must be a whole number from 0 to 1000, but got the number -1',
		],
		[
			'a bad phone number',
			{ phoneNumber: '555 0123' },
			'Phone Number "555 0123" is not a phone number in E.164 format',
		],
	])('%s is refused before anything is sent', async (_name, filters, message) => {
		expectRefused(prelude, await prelude.run(getMany({ filters })), message);
	});

	test('Continue On Fail, in both modes: each item its own list or its error', async () => {
		await verify(PHONES[0]);
		const params = getMany({ returnAll: true, filters: { region: '={{ $json.region }}' } });
		const items = [{ region: 'US' }, { region: 'Texas' }, { region: 'GB' }];

		const regular = await prelude.run(params, items, { onError: 'continueRegularOutput' });
		// US: one verification; Texas: refused; GB: none, so no item.
		expect(pairingOf(regular.output)).toStrictEqual([{ item: 0 }, { item: 1 }]);
		expect(regular.output[0].json.phone_number).toBe(PHONES[0]);
		expect(regular.output[1].json.error).toBe(
			'Region "Texas" is not a two-letter country code [item 1]',
		);

		const routed = await prelude.run(params, items, { onError: 'continueErrorOutput' });
		expect(pairingOf(routed.output)).toStrictEqual([{ item: 0 }]);
		expect(pairingOf(routed.errorOutput)).toStrictEqual([{ item: 1 }]);
	});
});

describe('OTP → Get and Get Many are reads: a failed request is retried', () => {
	test.each([
		['Get', 'a 500', { status: 500, body: {} }],
		['Get Many', 'a lost connection', { status: 0, fault: 'reset' as const }],
	])('%s after %s', async (name, _kind, fault) => {
		const [id] = await verify(PHONE);
		prelude.standIn.answerNext(fault);

		const result = await prelude.run(name === 'Get' ? get(id) : getMany({ limit: 5 }));

		expect(prelude.standIn.requests).toHaveLength(2);
		expect(prelude.standIn.requests[1].url).toBe(prelude.standIn.requests[0].url);
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.id).toBe(id);
	});

	test('a page that fails is asked for again with the same cursor', async () => {
		await verify(PHONE, '+14155551001', '+14155551002');
		const pages = pagesOf(prelude, HISTORY_LIST, 2);
		prelude.standIn.scripted.unshift({
			match: (r) => r.url.includes('cursor='),
			answer: { status: 503, body: {}, headers: { 'retry-after': '0' } },
		});

		const result = await prelude.run(getMany({ returnAll: true }));

		const cursors = prelude.standIn.requests.map((r) => queryOf(r).cursor);
		expect(cursors).toStrictEqual([undefined, pages[0].next_cursor, pages[0].next_cursor]);
		expect(result.output).toHaveLength(3);
	});
});
