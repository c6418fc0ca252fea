import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as dingV1 from './dingV1';
import * as preludeV2 from './preludeV2';

/** The resources Ding v1 has (OTP and Lookup); every other one is Prelude Verify v2's. */
export const dingV1ResourceValues: string[] = Object.keys(dingV1.resources);

/**
 * The Resource list, one for both APIs, with each resource Ding v1 lacks shown only to Prelude
 * Verify v2 (an option's own displayOptions): a node on Ding v1 lists OTP and Lookup only.
 *
 * Why not a second Resource list for Ding v1: n8n's node panel lists the actions of every option
 * of every parameter named "resource", whatever its displayOptions, so OTP's and Lookup's actions
 * would show twice (38 instead of 30). The panel reads no option's displayOptions, so it lists
 * the 30 actions once. The values stay as saved workflows hold them. n8n's editor filters options
 * by their displayOptions since autumn 2025 (n8n-io/n8n#20184: 1.123 and 2.x); an older editor
 * lists all ten, and the notice under Resource says which ones Ding v1 has.
 */
export const resourceOptions: INodePropertyOptions[] = preludeV2.resourceOptions.map((option) =>
	dingV1ResourceValues.includes(option.value)
		? option
		: { ...option, displayOptions: { show: { api: ['preludeV2'] } } },
);

const optionsOf = (property: INodeProperties) => property.options as INodePropertyOptions[];

/**
 * "Resource → Operation" for each saved resource and operation value, by the names the editor
 * shows (e.g. "lookup.get" → "Lookup → Get"); both APIs' operations, which name the same value
 * the same way.
 */
export function operationNames(): Record<string, string> {
	const resourceName = new Map(resourceOptions.map((option) => [option.value, option.name]));
	const names: Record<string, string> = {};
	for (const selector of [...preludeV2.description, ...dingV1.description]) {
		if (selector.name !== 'operation') continue;
		for (const resource of selector.displayOptions!.show!.resource as string[]) {
			for (const operation of optionsOf(selector)) {
				const key = `${resource}.${String(operation.value)}`;
				const name = `${resourceName.get(resource)!} → ${operation.name}`;
				if (names[key] !== undefined && names[key] !== name) {
					// The subtitle cannot tell the APIs apart: one value, one name.
					throw new Error(`${key} is named both "${names[key]}" and "${name}"`);
				}
				names[key] = name;
			}
		}
	}
	return names;
}

/**
 * The canvas subtitle: "Lookup → Get" where n8n's usual
 * `$parameter["operation"] + ": " + $parameter["resource"]` shows the saved values ("get: lookup").
 * n8n evaluates a subtitle as an expression over the node's parameters and offers no helper for
 * an option's name, so the names are written into the expression as one table, looked up by
 * "resource.operation". Without an operation it knows (a Ding v1 node left on a Prelude resource
 * has none shown) it names the resource; a value it does not know shows raw. A plain expression, an object literal and an index, with no arrow function and no
 * nested braces: every expression engine n8n uses evaluates it (1.x's, 2.x's, QuickJS in n8n 3).
 */
export const subtitle = `={{ (${JSON.stringify(operationNames())})[$parameter["resource"] + "." + $parameter["operation"]] || (${JSON.stringify(Object.fromEntries(resourceOptions.map((option) => [option.value, option.name])))})[$parameter["resource"]] || $parameter["resource"] }}`;
