import type { ICredentialsDecrypted, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FieldChecker } from '../helpers/validation';

import { dingV1, preludeV2 } from './apis';
import { baseUrlOf, runCredentials } from './credentials';
import type { ApiRequest } from './send';
import { sendWithRetries } from './send';
import type { Sender } from './sender';
import { executionSender } from './sender';

/**
 * The one way to HTTP: a request to Ding v1 or to Prelude's Verify API v2, with the credential
 * read once per run (credentials.ts), sent and retried by send.ts under the retry rule (retry.ts).
 */

export interface DingRequest extends ApiRequest {
	/** Where Ding wants the credential's customer UUID: in the JSON body, or as a header. */
	customerUuidIn?: 'body' | 'header';
}

/** A request to Prelude's Verify API v2; the endpoint starts with /v2. */
export type PreludeRequest = ApiRequest;

/**
 * A request to Ding v1. The API key is added by the credential's `authenticate` through n8n's
 * request helper; the customer UUID and base URL come from the same credential.
 */
export async function dingApiRequest<T extends IDataObject = IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	request: DingRequest,
): Promise<T> {
	const credential = await runCredentials(context, dingV1.credentialType, itemIndex);
	const data = credential.data ?? {};
	const check = new FieldChecker(context.getNode(), itemIndex);
	const customerUuid = check.uuid(
		'Customer UUID (Ding API credential)',
		data.customerUuid,
		'Copy it from the Ding dashboard under Settings → API Keys → Legacy Credentials.',
	);
	const baseUrl = baseUrlOf(check, dingV1, data);

	const headers: IDataObject = { accept: 'application/json' };
	let body = request.body;
	if (request.customerUuidIn === 'body') body = { customer_uuid: customerUuid, ...body };
	if (request.customerUuidIn === 'header') headers['customer-uuid'] = customerUuid;

	return await sendWithRetries<T>(
		executionSender(context, itemIndex),
		itemIndex,
		dingV1,
		credential,
		{
			...request,
			url: `${baseUrl}${request.endpoint}`,
			baseUrl,
			headers,
			body,
		},
	);
}

/**
 * A request to Prelude's Verify API v2. The API key goes as a Bearer token through the
 * credential's `authenticate`; the base URL comes from the same credential.
 */
export async function preludeApiRequest<T extends IDataObject = IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	request: PreludeRequest,
): Promise<T> {
	const credential = await runCredentials(context, preludeV2.credentialType, itemIndex);
	return await sendToPrelude<T>(
		executionSender(context, itemIndex),
		itemIndex,
		credential,
		request,
	);
}

/** A request to Prelude's Verify API v2 with a credential already read, by any Sender. */
export async function sendToPrelude<T extends IDataObject = IDataObject>(
	sender: Sender,
	itemIndex: number,
	credential: ICredentialsDecrypted,
	request: PreludeRequest,
): Promise<T> {
	const check = new FieldChecker(sender.node, itemIndex);
	const baseUrl = baseUrlOf(check, preludeV2, credential.data ?? {});
	return await sendWithRetries<T>(sender, itemIndex, preludeV2, credential, {
		...request,
		url: `${baseUrl}${request.endpoint}`,
		baseUrl,
		headers: { accept: 'application/json' },
	});
}
