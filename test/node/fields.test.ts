import type { IDataObject, INode, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { Ding } from '../../nodes/Ding/Ding.node';
import { IDENTITY_ROWS } from '../../nodes/Ding/actions/preludeV2/kyc/match.operation';
import { REPLY_ROWS } from '../../nodes/Ding/actions/preludeV2/notify/reply.operation';
import { FILTER_ROWS } from '../../nodes/Ding/actions/preludeV2/otp/getMany.operation';
import { NUMBER_FILTER_ROWS } from '../../nodes/Ding/actions/preludeV2/subscription/getManyNumbers.operation';
import { EVALUATE_ROWS } from '../../nodes/Ding/actions/preludeV2/watch/evaluate.operation';
import { PREDICT_ROWS } from '../../nodes/Ding/actions/preludeV2/watch/predict.operation';
import { SEND_ROWS } from '../../nodes/Ding/actions/dingV1/otp/send.operation';
import { TRANSACTIONAL_ROWS } from '../../nodes/Ding/actions/preludeV2/transactional/send.operation';
import { NOTIFY_ROWS } from '../../nodes/Ding/fields/message';
import { CHECK_ROWS } from '../../nodes/Ding/actions/preludeV2/otp/check.operation';
import { FEEDBACK_ROWS } from '../../nodes/Ding/actions/preludeV2/watch/sendFeedback.operation';
import { SIGNAL_ROWS } from '../../nodes/Ding/fields/signals';
import { VERIFICATION_OPTION_ROWS } from '../../nodes/Ding/fields/verification';
import type { FieldRow } from '../../nodes/Ding/fields/rows';
import { at, readRows } from '../../nodes/Ding/fields/rows';
import { FieldChecker } from '../../nodes/Ding/helpers/validation';

/**
 * Every optional field is one row: the UI property and the wire path come from the same object.
 * These tests hold the node panel and the rows together, so a collection option without a wire
 * mapping (or a row that no collection shows) fails here.
 */

const { properties } = new Ding().description;

/** The row lists, by the API, the (first) resource and the collection parameter that shows them. */
const ROWS: Record<string, readonly FieldRow[]> = {
	'dingV1.otp.additionalFields': SEND_ROWS,
	'preludeV2.otp.verificationOptions': VERIFICATION_OPTION_ROWS,
	'preludeV2.otp.signals': SIGNAL_ROWS,
	'preludeV2.otp.checkFields': CHECK_ROWS,
	'preludeV2.otp.feedbackFields': FEEDBACK_ROWS,
	'preludeV2.otp.filters': FILTER_ROWS,
	'preludeV2.watch.predictFields': PREDICT_ROWS,
	'preludeV2.watch.evaluateFields': EVALUATE_ROWS,
	'preludeV2.watch.signals': SIGNAL_ROWS,
	'preludeV2.notify.messageFields': NOTIFY_ROWS,
	'preludeV2.notify.replyFields': REPLY_ROWS,
	'preludeV2.transactional.messageFields': TRANSACTIONAL_ROWS,
	'preludeV2.subscription.filters': NUMBER_FILTER_ROWS,
	'preludeV2.kyc.identity': IDENTITY_ROWS,
};

/**
 * Every collection of optional API fields in the description ("Options" are node switches, and
 * Send and Wait's "Code Page" holds the texts of the page n8n serves: neither goes to the API).
 */
const NOT_API_FIELDS = ['options', 'codePage'];
const collections = properties
	.filter((p) => p.type === 'collection' && !NOT_API_FIELDS.includes(p.name))
	.map((p) => ({
		key: `${(p.displayOptions?.show?.api as string[])[0]}.${(p.displayOptions?.show?.resource as string[])[0]}.${p.name}`,
		operations: p.displayOptions?.show?.operation as string[],
		names: (p.options as INodeProperties[]).map((o) => o.name),
	}));

/** A valid value for a row's property, as the node panel would hold it. */
function sample(property: INodeProperties): IDataObject[string] {
	if (property.name === 'variables' || property.name === 'attributes') {
		return { variable: [{ name: 'app_name', value: 'Acme' }] };
	}
	if (property.name === 'psd2') {
		return { transaction: { amount: '49.90', currency: 'EUR', recipient: 'Acme Ltd' } };
	}
	const options = property.options as INodePropertyOptions[] | undefined;
	switch (property.type) {
		case 'options':
			return options![0].value as string;
		case 'multiOptions':
			return [options![0].value as string];
		case 'boolean':
			return true;
		case 'dateTime':
			return '2026-12-01T09:00:00';
		case 'number':
			return (property.typeOptions?.minValue ?? property.default) as number;
		case 'string':
			return property.placeholder?.replace(/^e\.g\. /, '') || 'sample';
		default:
			throw new Error(`no sample for ${property.name} (${property.type})`);
	}
}

const node = { name: 'Ding' } as INode;

describe('optional fields, one row each', () => {
	test('every collection of API fields in the node panel is built from a known row list', () => {
		expect(collections.length).toBeGreaterThan(0);
		for (const { key, names } of collections) {
			expect(ROWS[key]).toBeDefined();
			expect(names).toStrictEqual(
				ROWS[key]
					.map((row) => row.property)
					.sort((a, b) => a.displayName.localeCompare(b.displayName))
					.map((p) => p.name),
			);
		}
	});

	test('every row list is shown by some collection', () => {
		for (const key of Object.keys(ROWS)) {
			expect(collections.map((c) => c.key)).toContain(key);
		}
	});

	test.each(Object.entries(ROWS))('%s: names and wire paths are unique', (_key, rows) => {
		const names = rows.map((row) => row.property.name);
		const wires = rows.map((row) => row.wire.join('.'));
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(wires).size).toBe(wires.length);
	});

	const everyRow = Object.entries(ROWS).flatMap(([key, rows]) =>
		rows.map((row) => [`${key} → ${row.property.displayName}`, row] as const),
	);

	test.each(everyRow)('%s reaches the wire under its path, alone', (_name, row) => {
		const body: IDataObject = {};
		readRows(new FieldChecker(node, 0), { [row.property.name]: sample(row.property) }, [row], body);
		expect(at(body, row.wire)).not.toBeUndefined();
		// Nothing else is sent for it.
		expect(Object.keys(body)).toStrictEqual([row.wire[0]]);
	});

	test('a field added but left empty sends nothing', () => {
		for (const rows of Object.values(ROWS)) {
			const body: IDataObject = {};
			const empty = Object.fromEntries(
				rows.filter((row) => row.property.type === 'string').map((r) => [r.property.name, '  ']),
			);
			readRows(new FieldChecker(node, 0), empty, rows, body);
			expect(body).toStrictEqual({});
		}
	});

	test('a row’s errors name its field by the label the user sees', () => {
		const row = SEND_ROWS.find((r) => r.property.name === 'ip')!;
		expect(() => readRows(new FieldChecker(node, 3), { ip: 'not-an-ip' }, [row], {})).toThrow(
			/^IP .*\[item 3\]$/,
		);
	});
});
