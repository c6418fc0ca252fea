import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { optionsCollection, requestOptionFields } from '../../../fields/options';
import { FieldChecker, isJsonObject } from '../../../helpers/validation';
import { preludeApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	{
		displayName: 'Verification ID',
		name: 'verificationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. vrf_01jc0t6fwwfgfsq1md24mhyztj',
		description:
			'The verification ID that Send returned, or the verification_id of a Ding Trigger event; map it from there with an expression',
	},
	optionsCollection([
		...requestOptionFields,
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: false,
			description:
				'Whether to add dingVerification (verified, status, attempts, checks, latestDeliveryStatus) to the output, read from the timeline, so an IF node can branch on it',
		},
	]),
];

const displayOptions = { show: { resource: ['otp'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The timeline's events of one type, in Prelude's (chronological) order. */
function eventsOf(answer: IDataObject, type: string): IDataObject[] {
	const lifecycle = isJsonObject(answer.lifecycle) ? answer.lifecycle : {};
	const events = Array.isArray(lifecycle.events) ? lifecycle.events : [];
	return events.filter((event): event is IDataObject => isJsonObject(event) && event.type === type);
}

/** Simplify's summary, under a key of the node's own so it cannot collide with Prelude's fields. */
export function summarize(answer: IDataObject): IDataObject {
	const attempts = eventsOf(answer, 'attempt').map((event) => event.attempt);
	const latest = [...attempts]
		.reverse()
		.find((a) => isJsonObject(a) && typeof a.delivery_status === 'string');
	return {
		verified: answer.status === 'converted',
		status: answer.status ?? null,
		attempts: attempts.length,
		checks: eventsOf(answer, 'check').length,
		latestDeliveryStatus: isJsonObject(latest) ? latest.delivery_status : null,
	};
}

/**
 * `GET /v2/verification/phone/history/{id}`: the verification's outcome, the context it was made
 * in and its timeline (attempts with delivery events, checks, signals); the v2 counterpart of
 * Ding v1's Get Status. The code is masked while the verification is open.
 */
export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const id = check.requiredText(
		'Verification ID',
		this.getNodeParameter('verificationId', itemIndex),
		'vrf_01jc0t6fwwfgfsq1md24mhyztj',
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify =
		options.simplify === undefined ? false : check.boolean('Simplify', options.simplify);
	return async () => {
		const answer = await preludeApiRequest(this, itemIndex, {
			method: 'GET',
			endpoint: `/v2/verification/phone/history/${encodeURIComponent(id)}`,
		});
		return simplify ? { ...answer, dingVerification: summarize(answer) } : answer;
	};
}
