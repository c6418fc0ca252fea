import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FieldChecker } from '../helpers/validation';

import { phoneNumberField } from './common';
import { optionsCollection, requestOptionFields } from './options';

/** Lookup Get's fields, the same in Ding v1 and Prelude v2: the number, and the caller name switch. */
export function lookupProperties(callerNameNote: string): INodeProperties[] {
	return [
		{
			...phoneNumberField,
			description:
				'The phone number to look up, in E.164 format: a plus sign, the country code and the number, digits only (spaces, hyphens, dots, parentheses and a "(0)" are removed)',
		},
		optionsCollection([
			...requestOptionFields,
			{
				displayName: 'Include Caller Name',
				name: 'callerName',
				type: 'boolean',
				default: false,
				description: `Whether to ask for the caller name (CNAM) too. ${callerNameNote} It is returned as caller_name.`,
			},
		]),
	];
}

/**
 * A Lookup Get item: the number as its path segment, and the query. The number goes as it is,
 * "+" included, as Prelude's and Ding's official clients send it (a "+" is allowed in a path;
 * E.164 has nothing else that would need encoding).
 */
export function readLookup(
	context: IExecuteFunctions,
	check: FieldChecker,
	itemIndex: number,
): { pathSegment: string; qs: IDataObject | undefined } {
	const phoneNumber = check.phoneNumber(
		'Phone Number',
		context.getNodeParameter('phoneNumber', itemIndex),
	);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const callerName =
		options.callerName === undefined
			? false
			: check.boolean('Include Caller Name', options.callerName);
	return {
		pathSegment: phoneNumber,
		qs: callerName ? { type: 'cnam' } : undefined,
	};
}
