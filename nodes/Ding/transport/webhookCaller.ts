import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { RequestSettings } from '../run/settings';

import { preludeV2 } from './apis';
import type { PreludeRequest } from './index';
import { sendToPrelude } from './index';
import type { Sender } from './sender';

/**
 * One request to Prelude's Verify API v2, sent as every request of the node is: retried where the
 * retry rule allows, failing with a NodeApiError that carries no key.
 */
export type PreludeCaller = <T extends IDataObject = IDataObject>(
	request: PreludeRequest,
) => Promise<T>;

/**
 * How a webhook of the node (Send and Wait for Code's page) asks Prelude: with the node's Prelude
 * credential, n8n's request helper as the webhook has it, and the request settings `settings`
 * reads (Options, checked when a request is due). A page request is one request: no adaptive
 * window, no run to cancel.
 */
export function webhookPreludeCaller(
	context: IWebhookFunctions,
	settings: () => RequestSettings,
): PreludeCaller {
	const node = context.getNode();
	const sender: Sender = {
		node,
		settings,
		send: async (credentials, options) =>
			// A webhook's context hands out no cancel signal, so n8n's helper keeps the attempt's own.
			(await context.helpers.httpRequestWithAuthentication.call(
				context,
				credentials.type,
				options,
				{ credentialsDecrypted: credentials },
			)) as IN8nHttpFullResponse,
	};
	return async <T extends IDataObject = IDataObject>(request: PreludeRequest) => {
		const type = preludeV2.credentialType;
		const details = node.credentials?.[type];
		const credential: ICredentialsDecrypted = {
			id: details?.id ?? type,
			name: details?.name ?? type,
			type,
			data: await context.getCredentials<ICredentialDataDecryptedObject>(type),
		};
		return await sendToPrelude<T>(sender, 0, credential, request);
	};
}
