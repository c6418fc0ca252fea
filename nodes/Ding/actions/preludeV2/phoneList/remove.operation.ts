import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { phoneNumberField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';

import { changesList, listField } from './list';

const properties: INodeProperties[] = [
	listField,
	{ ...phoneNumberField, description: `The number to remove. ${phoneNumberField.description}` },
	optionsCollection(requestOptionFields),
];

const displayOptions = { show: { resource: ['phoneList'], operation: ['remove'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export const prepare = changesList('DELETE');
