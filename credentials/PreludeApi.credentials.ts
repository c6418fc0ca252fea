import type {
	IAuthenticate,
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { preludeV2 } from '../nodes/Ding/transport/apis/preludeV2';
import { guardedForKey } from '../nodes/Ding/transport/destination';

/**
 * The credential test checks a code for a number that has no verification: `POST
 * /v2/verification/check` with a fictional number (555-01xx is reserved for fiction in the North
 * American plan). It texts nobody and costs nothing, since Prelude bills verifications, not checks,
 * and with no verification open it changes nothing. A good key gets 200 `expired_or_not_found`; a
 * refused key 401.
 *
 * Prelude has no "who am I" endpoint; Lookup would prove the key too but is billed, and the Watch
 * API may not be enabled for the account, so Check is the one call every v2 key can make for free.
 *
 * n8n's credential tester reads `responseCode` rules only when the request threw, and
 * `responseSuccessBody` rules only when it did not. A 400 or 422 means the key was accepted and
 * only the body was questioned, so those come back as bodies; the code of an auth error that
 * comes back that way is matched too.
 */
const ANSWERS_READ_AS_BODY = [400, 422];
const ERROR_STATUSES_THAT_THROW = Array.from({ length: 200 }, (_, i) => 400 + i).filter(
	(status) => !ANSWERS_READ_AS_BODY.includes(status),
);

const KEY_REFUSED =
	'The API key was refused. Use a v2 API key from Prelude (a Ding v1 key does not work)';

const testRules: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	{ type: 'responseCode', properties: { value: 401, message: KEY_REFUSED } },
	{
		type: 'responseCode',
		properties: {
			value: 403,
			message:
				'The API key may not use the Verify API. Check its permissions in the Prelude dashboard',
		},
	},
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message:
				'No Prelude API answered at this Base URL. Use https://api.prelude.dev unless you use a proxy',
		},
	},
	{
		type: 'responseCode',
		properties: { value: 429, message: 'Prelude is rate-limiting this key. Try again in a minute' },
	},
	...['invalid_api_key', 'invalid_bearer_token', 'missing_api_token', 'invalid_api_token'].map(
		(code): IAuthenticateRuleResponseSuccessBody => ({
			type: 'responseSuccessBody',
			properties: { key: 'code', value: code, message: KEY_REFUSED },
		}),
	),
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'code',
			value: 'suspended_account',
			message: 'The Prelude account of this key is suspended. Contact Prelude support',
		},
	},
];

export class PreludeApi implements ICredentialType {
	name = 'preludeApi';

	displayName = 'Prelude API';

	icon: Icon = { light: 'file:../nodes/Ding/ding.svg', dark: 'file:../nodes/Ding/ding.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-ding/n8n-nodes-ding#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A v2 API key from the Prelude dashboard, under Settings → API Keys. Sent as a Bearer token in the Authorization header.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: preludeV2.baseUrl,
			description:
				"Prelude's API address, without /v2. Change it only to go through a proxy or to reach a test server.",
		},
	];

	/**
	 * A function, not a declarative expression: n8n evaluates a credential expression for every
	 * request (in n8n 2.x inside its expression sandbox), which cost more than the request itself
	 * when a run sends thousands. The key is trimmed, since pasted keys often carry a line break.
	 */
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		// The key goes only to the origin of this credential's Base URL (https, or loopback; inside
		// the Allowed Domains), whichever node sends the request, and never follows a redirect.
		const guarded = guardedForKey(
			requestOptions,
			credentials,
			preludeV2.credential,
			preludeV2.baseUrl,
		);
		const key = String(credentials.apiKey ?? '').trim();
		return { ...guarded, headers: { ...requestOptions.headers, Authorization: `Bearer ${key}` } };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '/v2/verification/check',
			method: 'POST',
			body: {
				target: { type: 'phone_number', value: '+12025550100' },
				code: '000000',
			},
			json: true,
			ignoreHttpStatusErrors: { ignore: true, except: ERROR_STATUSES_THAT_THROW },
		},
		// n8n checks each rule by its own `type`; its type allows only one kind per list.
		rules: testRules as ICredentialTestRequest['rules'],
	};
}
