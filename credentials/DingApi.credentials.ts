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

import { dingV1 } from '../nodes/Ding/transport/apis/dingV1';
import { guardedForKey } from '../nodes/Ding/transport/destination';

/**
 * The credential test sends `POST /check` for an authentication that cannot exist (the nil UUID).
 * It texts nobody and costs nothing, and Ding's answer tells the three cases apart:
 * 400 `invalid_auth_uuid` when key and customer UUID are good, 400 `account_invalid` for a wrong
 * customer UUID, 401/403 for a refused key.
 *
 * n8n's credential tester reads `responseCode` rules only when the request threw, and
 * `responseSuccessBody` rules only when it did not. So every error status except 400 is left to
 * throw (and is matched by code), while a 400 comes back as a body whose `code` is matched.
 */
const ANSWERS_READ_AS_BODY = 400;
const ERROR_STATUSES_THAT_THROW = Array.from({ length: 200 }, (_, i) => 400 + i).filter(
	(status) => status !== ANSWERS_READ_AS_BODY,
);

const KEY_REFUSED = 'The API key was refused';

const testRules: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	{ type: 'responseCode', properties: { value: 401, message: KEY_REFUSED } },
	{ type: 'responseCode', properties: { value: 403, message: KEY_REFUSED } },
	{
		type: 'responseCode',
		properties: {
			value: 404,
			message:
				'No Ding API answered at this Base URL. Use https://api.ding.live/v1 unless you use a proxy',
		},
	},
	{
		type: 'responseCode',
		properties: { value: 429, message: 'Ding is rate-limiting this key. Try again in a minute' },
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'code',
			value: 'account_invalid',
			message: 'The Customer UUID is not valid for this key',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'code',
			value: 'suspended_account',
			message: 'The Ding account of this key is suspended. Contact Ding support',
		},
	},
	// Hosts that ignore `except` in ignoreHttpStatusErrors hand every status over as a body.
	{
		type: 'responseSuccessBody',
		properties: { key: 'message', value: 'Forbidden', message: KEY_REFUSED },
	},
	{
		type: 'responseSuccessBody',
		properties: { key: 'message', value: 'Unauthorized', message: KEY_REFUSED },
	},
];

export class DingApi implements ICredentialType {
	name = 'dingApi';

	// Ding v1 was retired (removal announced for April 2026): the name says so wherever it is listed.
	displayName = 'Legacy Ding V1 API';

	icon: Icon = { light: 'file:../nodes/Ding/ding.svg', dark: 'file:../nodes/Ding/ding.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-ding/n8n-nodes-ding#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'Ding v1 is retired: Ding announced its removal for April 2026, and that date has passed. For new workflows use a Prelude API credential (Prelude Verify v2).',
			name: 'retiredNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The API key from the Ding dashboard, under Settings → API Keys → Legacy Credentials. Sent as the x-api-key header.',
		},
		{
			displayName: 'Customer UUID',
			name: 'customerUuid',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 3e07d1f6-ac7c-43f1-a7aa-5c2d98369a07',
			description:
				'The customer UUID shown next to the API key in the Ding dashboard (Settings → API Keys → Legacy Credentials). Ding needs it in every request.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: dingV1.baseUrl,
			description:
				"Ding's API address. Change it only to go through a proxy or to reach a test server.",
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
		const guarded = guardedForKey(requestOptions, credentials, dingV1.credential, dingV1.baseUrl);
		const key = String(credentials.apiKey ?? '').trim();
		return { ...guarded, headers: { ...requestOptions.headers, 'x-api-key': key } };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '/check',
			method: 'POST',
			body: {
				customer_uuid: '={{$credentials.customerUuid.trim()}}',
				authentication_uuid: '00000000-0000-0000-0000-000000000000',
				check_code: '000000',
			},
			json: true,
			ignoreHttpStatusErrors: { ignore: true, except: ERROR_STATUSES_THAT_THROW },
		},
		// n8n checks each rule by its own `type`; its type allows only one kind per list.
		rules: testRules as ICredentialTestRequest['rules'],
	};
}
