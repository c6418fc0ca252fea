import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { dingHttpError, dingMalformedAnswerError, dingNetworkError } from '../helpers/errors';
import { FieldChecker } from '../helpers/validation';

export const DING_CREDENTIAL_TYPE = 'dingApi';
export const DING_DEFAULT_BASE_URL = 'https://api.ding.live/v1';

/** Long enough for a slow carrier hand-off, short enough not to stall a workflow. */
const REQUEST_TIMEOUT_MS = 30_000;

interface DingCredentials {
	customerUuid?: unknown;
	baseUrl?: unknown;
}

export interface DingRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with a slash, e.g. `/check`. */
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
	headers?: IDataObject;
	/** Where Ding wants the credential's customer UUID: in the JSON body, or as a header. */
	customerUuidIn?: 'body' | 'header';
}

/**
 * The one function that talks to Ding. The API key is added by the credential's `authenticate`
 * through n8n's request helper; the customer UUID and base URL come from the same credential.
 * Any answer other than 2xx with a JSON object becomes one NodeApiError built from Ding's answer,
 * so no request option (and so no key) travels with an error.
 */
export async function dingApiRequest<T extends IDataObject = IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	request: DingRequest,
): Promise<T> {
	const node = context.getNode();
	const credentials = await context.getCredentials<DingCredentials>(
		DING_CREDENTIAL_TYPE,
		itemIndex,
	);
	const check = new FieldChecker(node, itemIndex);
	const customerUuid = check.uuid(
		'Customer UUID (Ding API credential)',
		credentials.customerUuid,
		'Copy it from the Ding dashboard under Settings → API Keys → Legacy Credentials.',
	);
	const baseUrl = check
		.httpUrl('Base URL (Ding API credential)', credentials.baseUrl ?? DING_DEFAULT_BASE_URL)
		.replace(/\/+$/, '');

	const headers: IDataObject = { accept: 'application/json', ...request.headers };
	let body = request.body;
	if (request.customerUuidIn === 'body') body = { customer_uuid: customerUuid, ...body };
	if (request.customerUuidIn === 'header') headers['customer-uuid'] = customerUuid;

	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.endpoint}`,
		headers,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	if (body !== undefined) options.body = body;
	if (request.qs !== undefined) options.qs = request.qs;

	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			DING_CREDENTIAL_TYPE,
			options,
		)) as IN8nHttpFullResponse;
	} catch (error) {
		throw dingNetworkError(node, error, itemIndex);
	}

	const { statusCode, body: answer } = response;
	if (statusCode < 200 || statusCode > 299) {
		throw dingHttpError(node, statusCode, answer, itemIndex);
	}
	if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
		throw dingMalformedAnswerError(node, statusCode, itemIndex);
	}
	return answer as T;
}
