import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as kyc from './kyc';
import * as lookup from './lookup';
import * as notify from './notify';
import * as otp from './otp';
import * as phoneList from './phoneList';
import * as senderId from './senderId';
import * as subscription from './subscription';
import * as testNumber from './testNumber';
import * as transactional from './transactional';
import * as watch from './watch';

/** Prelude's API v2: its resources, shown when the node's API is Prelude Verify v2. */
export const resources = {
	kyc: kyc.operations,
	lookup: lookup.operations,
	notify: notify.operations,
	otp: otp.operations,
	phoneList: phoneList.operations,
	senderId: senderId.operations,
	subscription: subscription.operations,
	testNumber: testNumber.operations,
	transactional: transactional.operations,
	watch: watch.operations,
};

/** The resources as the Resource selector lists them, A-Z; the values are what workflows save. */
export const resourceOptions = [
	{
		name: 'Allow / Block List',
		value: 'phoneList',
		description: 'Numbers Prelude always verifies, or never sends to',
	},
	{
		name: 'Fraud Watch',
		value: 'watch',
		description: 'Fraud prediction before sending, and the events and feedback that train it',
	},
	{
		name: 'Identity Match (KYC)',
		value: 'kyc',
		description: "A person's details checked against their mobile operator's records",
	},
	{
		name: 'Lookup',
		value: 'lookup',
		description: 'Carrier and line information about a phone number',
	},
	{
		name: 'Message',
		value: 'notify',
		description: 'Messages from templates (Prelude Notify): order updates, reminders, marketing',
	},
	{
		name: 'OTP',
		value: 'otp',
		description: 'One-time verification codes: send, check, resend, and the history of each',
	},
	{
		name: 'Sender ID',
		value: 'senderId',
		description: 'The names verification messages come from',
	},
	{
		name: 'Subscription',
		value: 'subscription',
		description: 'Who opted in or out of your messages (e.g. by replying STOP)',
	},
	{
		name: 'Test Number',
		value: 'testNumber',
		description: 'Numbers with a fixed code for app-store reviewers and QA: no message is sent',
	},
	{
		name: 'Transactional (Deprecated)',
		value: 'transactional',
		description: "Prelude's former templated messages; use Message for new workflows",
	},
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { api: ['preludeV2'] } },
	[
		...otp.description,
		...lookup.description,
		...watch.description,
		...notify.description,
		...subscription.description,
		...phoneList.description,
		...testNumber.description,
		...senderId.description,
		...transactional.description,
		...kyc.description,
	],
);
