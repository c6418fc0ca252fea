import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as lookup from './lookup';
import * as otp from './otp';

/** Ding's original API (v1, legacy): its resources, shown when the node's API is Ding v1. */
export const resources = { lookup: lookup.operations, otp: otp.operations };

export const description: INodeProperties[] = updateDisplayOptions({ show: { api: ['dingV1'] } }, [
	...otp.description,
	...lookup.description,
]);
