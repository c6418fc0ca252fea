import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FieldChecker, isJsonObject, recipientList } from '../helpers/validation';

import { phoneNumberField } from './common';
import { optionsCollection, requestOptionFields } from './options';
import { TEMPLATE_VARIABLES_ROW } from './templateVariables';
import type { FieldRow } from './rows';
import { at, callbackUrlRow, collectionOf, correlationIdRow, readRows } from './rows';

/**
 * The templated messages of Prelude's Notify API (Send, Send Batch) and of its deprecated
 * predecessor Transactional: the template and recipient fields, and the optional fields as rows
 * (python-sdk 0.13.0's notify_send_params, notify_send_batch_params, transactional_send_params).
 */

const MESSAGE_CHANNELS = ['sms', 'rcs', 'whatsapp'] as const;

export const templateIdField: INodeProperties = {
	displayName: 'Template ID',
	name: 'templateId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. template_01jd1xq0cffycayqtdkdbv4d61',
	description:
		'The ID of the message template, as Prelude set it up for your account (Prelude dashboard → Notify → Templates)',
};

export const recipientField: INodeProperties = {
	...phoneNumberField,
	displayName: 'To',
	name: 'to',
	description:
		'The recipient\'s phone number in E.164 format: a plus sign, the country code and the number, digits only (spaces, hyphens, dots, parentheses and a "(0)" are removed)',
};

export const recipientsField: INodeProperties = {
	displayName: 'To',
	name: 'to',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. +14155550123, +33612345678',
	description:
		"The recipients' phone numbers in E.164 format, separated by commas, or a list from an expression. Each gets the same message.",
};

const DOCUMENT_URL_ROW: FieldRow = {
	property: {
		displayName: 'Document URL',
		name: 'documentUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/invoice-8841.pdf',
		description:
			'An https address of a file for the header of a WhatsApp template registered with a media header: a PDF for DOCUMENT, .png/.jpg/.jpeg/.webp for IMAGE, .mp4/.3gp for VIDEO',
	},
	wire: ['document', 'url'],
	read: (c, l, v) => c.httpUrl(l, v),
};

const DOCUMENT_FILENAME_ROW: FieldRow = {
	property: {
		displayName: 'Document Filename',
		name: 'documentFilename',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice-8841.pdf',
		description:
			'The file name the recipient sees; needed for a DOCUMENT header, ignored for IMAGE and VIDEO. Needs Document URL.',
	},
	wire: ['document', 'filename'],
	read: (c, l, v) => c.requiredText(l, v, 'invoice-8841.pdf'),
};

/** The optional fields of a templated message, one row each (Transactional lacks Schedule At). */
export function messageRows(kind: 'notify' | 'transactional'): FieldRow[] {
	const rows: FieldRow[] = [
		callbackUrlRow(
			['callback_url'],
			'An http(s) address Prelude posts the delivery events of this message to, e.g. the Production URL of a Ding Trigger node',
		),
		correlationIdRow(
			'order-8841',
			'Your own identifier for this message, e.g. an order ID; Prelude echoes it in the answer and in webhook events',
		),
		DOCUMENT_FILENAME_ROW,
		DOCUMENT_URL_ROW,
		{
			property: {
				displayName: 'Expires At',
				name: 'expiresAt',
				type: 'dateTime',
				default: '',
				description:
					'When the message is no longer worth sending: it is not sent after this time (a date and time without a zone is in the workflow’s time zone)',
			},
			wire: ['expires_at'],
			read: (c, l, v) => c.dateTime(l, v),
		},
		{
			property: {
				displayName: 'From (Sender ID)',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: 'e.g. Acme',
				description: 'The sender the message comes from; it must be approved for your account',
			},
			wire: ['from'],
			read: (c, l, v) => c.requiredText(l, v, 'Acme'),
		},
		{
			property: {
				displayName: 'Locale',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'e.g. fr-FR',
				description:
					"The language of the message as a BCP-47 tag; without it the country of the number decides, and a language the template lacks falls back to the template's default",
			},
			wire: ['locale'],
			read: (c, l, v) => c.locale(l, v),
		},
		{
			property: {
				displayName: 'Max Auto Retries',
				name: 'maxAutoRetries',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
				description:
					"How many more delivery attempts Prelude may make on other channels after the first (2 allows 3 in all); without it the account's default applies",
			},
			wire: ['max_auto_retries'],
			read: (c, l, v) => c.integer(l, v, 0, 10),
		},
		{
			property: {
				displayName: 'Preferred Channel',
				name: 'preferredChannel',
				type: 'options',
				default: 'sms',
				options: [
					{ name: 'RCS', value: 'rcs' },
					{ name: 'SMS', value: 'sms' },
					{ name: 'WhatsApp', value: 'whatsapp' },
				],
				description:
					'The channel to try first; Prelude falls back to the others the template is set up for',
			},
			wire: ['preferred_channel'],
			read: (c, l, v) => c.enumValue(l, v, MESSAGE_CHANNELS),
		},
		{ ...TEMPLATE_VARIABLES_ROW, wire: ['variables'] },
	];
	if (kind === 'transactional') return rows;
	return [
		...rows,
		{
			property: {
				displayName: 'Schedule At',
				name: 'scheduleAt',
				type: 'dateTime',
				default: '',
				description:
					'Send the message later, at this time (marketing messages up to 90 days ahead, moved into the local hours the law allows)',
			},
			wire: ['schedule_at'],
			read: (c, l, v) => c.dateTime(l, v),
		},
	];
}

/** The Additional Fields collection of a message (Send, Send Batch, Transactional Send). */
const MESSAGE_FIELDS = 'messageFields';

export const NOTIFY_ROWS = messageRows('notify');

/** The properties of a templated message: template, recipient(s), Additional Fields, Options. */
export function messageProperties(
	recipient: INodeProperties,
	rows: readonly FieldRow[],
): INodeProperties[] {
	return [
		templateIdField,
		recipient,
		collectionOf(
			{ displayName: 'Additional Fields', name: MESSAGE_FIELDS, placeholder: 'Add Field' },
			rows,
		),
		optionsCollection(requestOptionFields),
	];
}

/** A checker that reads dates without a zone in the workflow's time zone. */
export function messageChecker(context: IExecuteFunctions, itemIndex: number): FieldChecker {
	return new FieldChecker(context.getNode(), itemIndex, context.getTimezone());
}

/** The body of a templated message: `template_id`, `to` as the recipient reads it, the rows. */
export function readMessage(
	context: IExecuteFunctions,
	check: FieldChecker,
	itemIndex: number,
	to: string | string[],
	rows: readonly FieldRow[],
): IDataObject {
	const body: IDataObject = {
		template_id: check.requiredText(
			'Template ID',
			context.getNodeParameter('templateId', itemIndex),
			'template_01jd1xq0cffycayqtdkdbv4d61',
		),
		to,
	};
	readRows(
		check,
		context.getNodeParameter(MESSAGE_FIELDS, itemIndex, {}) as IDataObject,
		rows,
		body,
	);
	const document = at(body, ['document']);
	if (isJsonObject(document) && document.url === undefined) {
		throw check.fail(
			'Document Filename needs a Document URL',
			'Add Additional Fields → Document URL (the file), or remove Document Filename.',
		);
	}
	return body;
}

/** To of Send Batch: numbers separated by commas, or a list from an expression. */
export function readRecipients(check: FieldChecker, value: unknown): string[] {
	const numbers = recipientList(value);
	if (numbers.length === 0) {
		throw check.fail(
			'To has no phone numbers',
			'Give the recipients in E.164 format separated by commas, e.g. +14155550123, +33612345678, or a list from an expression.',
		);
	}
	return numbers.map((number, position) =>
		check.phoneNumber(`To (number ${position + 1})`, number),
	);
}
