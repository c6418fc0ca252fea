import type { FieldChecker } from '../helpers/validation';
import { describeValue, isJsonObject } from '../helpers/validation';

import type { FieldRow } from './rows';

/** A template variable's name: a plain identifier, as templates write them ({{app_name}}). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names n8n's request layer drops from a body (prototype pollution guards): never sent. */
const UNSENDABLE_NAMES = ['__proto__', 'constructor', 'prototype'];

/**
 * The variables of Template Variables as the wire's name → value map, built from entries so that
 * no name can reach an object's prototype.
 */
export function readVariables(
	check: FieldChecker,
	label: string,
	value: unknown,
): Record<string, string> | undefined {
	const rows = isJsonObject(value) && Array.isArray(value.variable) ? value.variable : [];
	const entries: Array<[string, string]> = [];
	for (const row of rows) {
		const entry = isJsonObject(row) ? row : {};
		const name = check.requiredText(`${label} → Name`, entry.name, 'app_name');
		if (!VARIABLE_NAME.test(name)) {
			throw check.fail(
				`${label} → Name ${describeValue(name)} is not a variable name`,
				'A template variable is named with letters, digits and underscores, not starting with a digit, e.g. app_name: the name inside {{ }} in the template.',
			);
		}
		if (UNSENDABLE_NAMES.includes(name)) {
			throw check.fail(
				`${label} → Name ${describeValue(name)} cannot be sent`,
				`n8n removes keys named ${UNSENDABLE_NAMES.join(', ')} from every request body, so Prelude would never receive it. Rename the variable in the template, e.g. to app_${name.replace(/_/g, '')}.`,
			);
		}
		entries.push([
			name,
			check.text(
				`${label} → ${name}`,
				typeof entry.value === 'number' ? String(entry.value) : (entry.value ?? ''),
				'Acme',
			),
		]);
	}
	return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Template Variables: the name → value map a template's {{variables}} are filled from. */
export const TEMPLATE_VARIABLES_ROW: FieldRow = {
	property: {
		displayName: 'Template Variables',
		name: 'variables',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Variable',
		typeOptions: { multipleValues: true },
		description: 'Values for the variables of the template',
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. app_name',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. Acme',
					},
				],
			},
		],
	},
	wire: ['options', 'variables'],
	read: readVariables,
};
