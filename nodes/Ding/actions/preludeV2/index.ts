import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as lookup from './lookup';
import * as otp from './otp';

/** Prelude's Verify API v2: its resources, shown when the node's API is Prelude Verify v2. */
export const resources = { lookup: lookup.operations, otp: otp.operations };

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { api: ['preludeV2'] } },
	[...otp.description, ...lookup.description],
);
