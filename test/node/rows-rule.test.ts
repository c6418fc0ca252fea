import type { INodeProperties } from 'n8n-workflow';

import * as dingV1 from '../../nodes/Ding/actions/dingV1';
import * as preludeV2 from '../../nodes/Ding/actions/preludeV2';
import * as common from '../../nodes/Ding/fields/common';
import * as list from '../../nodes/Ding/fields/list';
import * as lookup from '../../nodes/Ding/fields/lookup';
import * as message from '../../nodes/Ding/fields/message';
import * as options from '../../nodes/Ding/fields/options';
import * as rows from '../../nodes/Ding/fields/rows';
import * as signals from '../../nodes/Ding/fields/signals';
import * as target from '../../nodes/Ding/fields/target';
import * as templateVariables from '../../nodes/Ding/fields/templateVariables';
import * as tool from '../../nodes/Ding/fields/tool';
import * as verification from '../../nodes/Ding/fields/verification';

/**
 * The rule for optional rows (docs/development.md, "Where to add"): a row only one operation
 * sends lives in that operation's file; fields/ holds the rows several operations share. So every
 * row fields/ exports appears in the description of at least two operations.
 */
const FIELDS = {
	common,
	list,
	lookup,
	message,
	options,
	rows,
	signals,
	target,
	templateVariables,
	tool,
	verification,
};

interface Row {
	property: INodeProperties;
	wire: string[];
	read: unknown;
}

function isRow(value: unknown): value is Row {
	return typeof value === 'object' && value !== null && 'property' in value && 'wire' in value;
}

/** Every property object in a description, nested ones (collections' options) included. */
function propertiesIn(value: unknown, found = new Set<unknown>()): Set<unknown> {
	if (Array.isArray(value)) {
		for (const inner of value) propertiesIn(inner, found);
	} else if (typeof value === 'object' && value !== null) {
		found.add(value);
		const { options: inner, values } = value as { options?: unknown; values?: unknown };
		propertiesIn(inner, found);
		propertiesIn(values, found);
	}
	return found;
}

const operations = Object.entries({
	dingV1: dingV1.resources,
	preludeV2: preludeV2.resources,
}).flatMap(([api, resources]) =>
	Object.entries(resources).flatMap(([resource, ops]) =>
		Object.entries(ops as Record<string, { description: INodeProperties[] }>).map(
			([operation, { description }]) => ({
				name: `${api}.${resource}.${operation}`,
				properties: propertiesIn(description),
			}),
		),
	),
);

const exportedRows = Object.entries(FIELDS).flatMap(([module, exports]) =>
	Object.entries(exports as Record<string, unknown>).flatMap(([name, value]) => {
		const found = Array.isArray(value) ? value.filter(isRow) : isRow(value) ? [value] : [];
		return found.map((row) => ({ where: `fields/${module}.ts ${name}`, row }));
	}),
);

describe('where optional rows live', () => {
	it('finds the rows fields/ exports, and the operations', () => {
		expect(exportedRows.length).toBeGreaterThan(20);
		expect(operations.length).toBeGreaterThan(30);
	});

	it('holds in fields/ only rows that two operations or more send', () => {
		const ofOneOperation = exportedRows
			.map(({ where, row }) => ({
				where: `${where} → ${row.property.name}`,
				users: operations.filter((op) => op.properties.has(row.property)).map((op) => op.name),
			}))
			.filter(({ users }) => users.length < 2);
		expect(ofOneOperation).toEqual([]);
	});
});
