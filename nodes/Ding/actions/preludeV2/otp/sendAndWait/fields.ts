import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION, updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../../fields/options';
import { signalsCollection } from '../../../../fields/signals';
import { targetProperties } from '../../../../fields/target';
import { verificationOptionsCollection } from '../../../../fields/verification';
import { readNumberOption } from '../../../../run/settings';
import type { FieldChecker } from '../../../../helpers/validation';
import type { CodePageTexts } from './page';

/**
 * Send and Wait for Code's own fields, and their readers: the code page's texts and the wait's
 * options. The run (sendAndWait.operation.ts) reads them before it sends, the page (webhook.ts)
 * again for each request while the execution waits.
 */

const codePageFields: INodeProperties[] = [
	{
		displayName: 'Button Label',
		name: 'buttonLabel',
		type: 'string',
		default: 'Verify',
		description: 'The label of the button that submits the code',
	},
	{
		displayName: 'Failure Message',
		name: 'failureMessage',
		type: 'string',
		default: 'This verification has ended. Start again to get a new code.',
		description:
			'Shown when the verification ends without success (too many wrong codes, or the code expired)',
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		placeholder: 'e.g. We sent a code to your phone. Type it below.',
		description:
			'The text under the title. Empty shows "We sent a code to ••• ••• 0123. Type it below." with the end of the number.',
	},
	{
		displayName: 'Resend Label',
		name: 'resendLabel',
		type: 'string',
		default: 'Send a new code',
		description: 'The label of the button that asks for a new code',
	},
	{
		displayName: 'Success Message',
		name: 'successMessage',
		type: 'string',
		default: 'Thank you, you are verified. You can close this page.',
		description: 'Shown after the right code',
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: 'Enter your code',
		description: 'The heading of the code page',
	},
];

/** The page's texts when none is set: the fields' own defaults, defined once above. */
const DEFAULT_TEXTS = Object.fromEntries(
	codePageFields.map((field) => [field.name, field.default]),
) as unknown as CodePageTexts;

const waitOptionFields: INodeProperties[] = [
	{
		displayName: 'Limit Wait Time (Minutes)',
		name: 'limitWaitTime',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1, maxValue: 10080 },
		description:
			'How long to wait for the code. When the time runs out the item goes to Not Verified with reason timed_out. The default matches the 10 minutes a Prelude code stays valid.',
	},
	{
		displayName: 'Max Code Attempts',
		name: 'maxAttempts',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
		description:
			'How many codes the user may submit. After the last wrong one the item goes to Not Verified with reason wrong_code_limit.',
	},
	{
		displayName: 'Max New Codes',
		name: 'maxResends',
		type: 'number',
		default: 2,
		typeOptions: { minValue: 0, maxValue: 5, numberPrecision: 0 },
		description:
			'How often the user may ask for a new code from the page (0 hides the button). Each new code is a Prelude retry of the same verification, billed as Prelude bills retries.',
	},
	{
		displayName: 'New Code After (Seconds)',
		name: 'resendAfter',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 10, maxValue: 600, numberPrecision: 0 },
		description: 'How long after a code was sent the user may ask for a new one',
	},
];

const properties: INodeProperties[] = [
	{
		displayName:
			'From an n8n form, the code page opens by itself right after the form only with an n8n Form Trigger of version 2.1 set to Respond When: Using \'Respond to Webhook\' Node, plus a Respond to Webhook node on Not Verified (n8n requires one). A Form Trigger added today is newer and answers the form itself: this node then refuses before texting anyone. <a href="https://github.com/n8n-nodes-ding/n8n-nodes-ding/blob/main/docs/send-and-wait.md#from-an-n8n-form" target="_blank">Get the trigger that works</a>.',
		name: 'sendAndWaitFormNotice',
		type: 'notice',
		default: '',
	},
	...targetProperties,
	verificationOptionsCollection,
	signalsCollection,
	{
		displayName: 'Code Page',
		name: 'codePage',
		type: 'collection',
		placeholder: 'Add Page Text',
		default: {},
		description: 'The texts of the page where the user types the code',
		options: codePageFields,
	},
	optionsCollection([
		...waitOptionFields,
		...requestOptionFields.filter((field) => field.name !== 'batching'),
	]),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: [SEND_AND_WAIT_OPERATION],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

export interface WaitSettings {
	limitWaitMs: number;
	maxAttempts: number;
	maxResends: number;
	resendAfterMs: number;
}

/** The wait options, checked against their own fields' label, default and range. */
export function readWaitSettings(check: FieldChecker, options: IDataObject): WaitSettings {
	const number = (name: string) => {
		const field = waitOptionFields.find((candidate) => candidate.name === name)!;
		const { minValue, maxValue } = field.typeOptions as { minValue: number; maxValue: number };
		return readNumberOption(check, options, field.displayName, name, field.default as number, [
			minValue,
			maxValue,
		]);
	};
	return {
		limitWaitMs: number('limitWaitTime') * 60_000,
		maxAttempts: Math.floor(number('maxAttempts')),
		maxResends: Math.floor(number('maxResends')),
		resendAfterMs: number('resendAfter') * 1000,
	};
}

export function readTexts(check: FieldChecker, page: IDataObject): CodePageTexts {
	const texts = { ...DEFAULT_TEXTS };
	for (const key of Object.keys(DEFAULT_TEXTS) as Array<keyof CodePageTexts>) {
		const value = page[key];
		if (value === undefined) continue;
		const label = codePageFields.find((field) => field.name === key)?.displayName ?? key;
		const text = check.text(`Code Page → ${label}`, value, DEFAULT_TEXTS[key] || 'a sentence');
		if (text.length > 1000) {
			throw check.fail(
				`Code Page → ${label} is ${text.length} characters long`,
				'Keep page texts under 1,000 characters.',
			);
		}
		if (text !== '' || key === 'message') texts[key] = text;
	}
	return texts;
}
