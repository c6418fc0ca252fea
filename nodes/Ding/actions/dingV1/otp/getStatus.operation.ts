import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { AUTHENTICATION_UUID_SOURCE, authenticationUuidField } from '../../../fields/common';
import { optionsCollection, requestOptionFields } from '../../../fields/options';
import type {
	AuthenticationEvent,
	AuthenticationStatusResponse,
	AuthenticationStatusSummary,
} from '../../../helpers/interfaces';
import { FieldChecker } from '../../../helpers/validation';
import { dingApiRequest } from '../../../transport';
import type { SendItem } from '../../node.type';

const properties: INodeProperties[] = [
	authenticationUuidField,
	optionsCollection([
		...requestOptionFields,
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: false,
			description:
				'Whether to add latest_delivery_status, latest_check_status, attempts and verified at the top of the output, read from the events timeline, so an IF node can branch on them',
		},
	]),
];

const displayOptions = {
	show: {
		resource: ['otp'],
		operation: ['getStatus'],
	},
};

export const description = updateDisplayOptions(displayOptions, properties);

/** The events of one type, oldest first (Ding's order where times are equal or missing). */
function eventsOfType(events: AuthenticationEvent[], type: string): AuthenticationEvent[] {
	return events
		.map((event, index) => ({ event, index }))
		.filter(({ event }) => event?.type === type)
		.sort((a, b) => {
			const at = Date.parse(String(a.event.created_at ?? ''));
			const bt = Date.parse(String(b.event.created_at ?? ''));
			if (Number.isNaN(at) || Number.isNaN(bt) || at === bt) return a.index - b.index;
			return at - bt;
		})
		.map(({ event }) => event);
}

export function summarize(response: AuthenticationStatusResponse): AuthenticationStatusSummary {
	const events = Array.isArray(response.events) ? response.events : [];
	const latestStatus = (type: string) => {
		const ofType = eventsOfType(events, type);
		const status = ofType[ofType.length - 1]?.status;
		return typeof status === 'string' ? status : null;
	};
	return {
		latest_delivery_status: latestStatus('delivery_status'),
		latest_check_status: latestStatus('check'),
		attempts: eventsOfType(events, 'attempt').length,
		verified: eventsOfType(events, 'check').some((event) => event.status === 'valid'),
	};
}

export function prepare(this: IExecuteFunctions, itemIndex: number): SendItem {
	const check = new FieldChecker(this.getNode(), itemIndex);
	const authenticationUuid = check.uuid(
		'Authentication UUID',
		this.getNodeParameter('authenticationUuid', itemIndex),
		AUTHENTICATION_UUID_SOURCE,
	);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const simplify =
		options.simplify === undefined ? false : check.boolean('Simplify', options.simplify);

	return async () => {
		const response = await dingApiRequest<AuthenticationStatusResponse>(this, itemIndex, {
			method: 'GET',
			endpoint: `/authentication/${encodeURIComponent(authenticationUuid)}`,
		});
		const output: IDataObject = simplify ? { ...response, ...summarize(response) } : response;
		return output;
	};
}
