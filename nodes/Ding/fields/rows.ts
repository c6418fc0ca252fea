import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { FieldChecker } from '../helpers/validation';
import { isJsonObject } from '../helpers/validation';

/** Where a value goes in the request body, e.g. ['options', 'locale']. */
export type WirePath = readonly [string, ...string[]];

/**
 * One optional field, defined once: the property the user fills in, where its value goes on the
 * wire, and how it is read and checked (the label in its errors is the property's display name).
 * A collection in the node panel and the request body are both built from the same rows, so a
 * field can be neither shown but dropped nor sent under another name.
 */
export interface FieldRow {
	property: INodeProperties;
	wire: WirePath;
	/** The value as it goes on the wire, or undefined to send nothing (e.g. an empty list). */
	read: (check: FieldChecker, label: string, value: unknown) => unknown;
}

/** A collection (e.g. "Additional Fields") whose options are the rows' properties, A-Z. */
export function collectionOf(
	collection: Pick<INodeProperties, 'displayName' | 'name' | 'placeholder' | 'description'>,
	rows: readonly FieldRow[],
): INodeProperties {
	return {
		...collection,
		type: 'collection',
		default: {},
		options: rows
			.map((row) => row.property)
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** Whether a collection value counts as set: added and not left empty. */
function isSet(value: unknown): boolean {
	if (value === undefined) return false;
	if (typeof value === 'string') return value.trim() !== '';
	if (Array.isArray(value)) return value.length > 0;
	return true;
}

/** Puts `value` at `path` in `body`, creating the objects on the way. */
function put(body: IDataObject, path: WirePath, value: unknown): void {
	let target = body;
	for (const key of path.slice(0, -1)) {
		if (!isJsonObject(target[key])) target[key] = {};
		target = target[key] as IDataObject;
	}
	target[path[path.length - 1]] = value as IDataObject[string];
}

/** The value at `path` in `body`, if any. */
export function at(body: IDataObject, path: WirePath): unknown {
	let value: unknown = body;
	for (const key of path) value = isJsonObject(value) ? value[key] : undefined;
	return value;
}

/** Puts each set field of a collection under its wire path, checked. */
export function readRows(
	check: FieldChecker,
	collection: IDataObject,
	rows: readonly FieldRow[],
	body: IDataObject,
): void {
	for (const { property, wire, read } of rows) {
		const value = collection[property.name];
		if (!isSet(value)) continue;
		const wireValue = read(check, property.displayName, value);
		if (wireValue !== undefined) put(body, wire, wireValue);
	}
}

/** Callback URL: where the API posts the events of what this request starts, checked as http(s). */
export function callbackUrlRow(wire: WirePath, description: string, host = 'prelude'): FieldRow {
	return {
		property: {
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: `e.g. https://example.com/webhooks/${host}`,
			description,
		},
		wire,
		read: (c, l, v) => c.httpUrl(l, v),
	};
}

/** Correlation ID at the top of the body: the caller's own identifier, echoed by the API. */
export function correlationIdRow(example: string, description: string): FieldRow {
	return {
		property: {
			displayName: 'Correlation ID',
			name: 'correlationId',
			type: 'string',
			default: '',
			placeholder: `e.g. ${example}`,
			description,
		},
		wire: ['correlation_id'],
		read: (c, l, v) => c.requiredText(l, v, example),
	};
}
