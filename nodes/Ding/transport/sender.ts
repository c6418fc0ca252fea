import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
} from 'n8n-workflow';

import { cancelSignalOf } from '../run/cancellation';
import type { Pace } from '../run/pace';
import type { RequestSettings } from '../run/settings';
import { paceOf, runSettings } from '../run/state';

/**
 * What sending a request needs of whoever sends it, and nothing more. An execution hands out all
 * of it (executionSender); Send and Wait for Code's webhook builds its own (webhookCaller.ts),
 * with no window and no run to cancel.
 */
export interface Sender {
	/** The node, named in every error. */
	node: INode;
	/** The request settings (Options), read when the first attempt is due. */
	settings: () => RequestSettings;
	/** The execution's cancel signal, where there is one. */
	cancel?: AbortSignal;
	/** The run's adaptive window, where there is one. */
	pace?: Pace;
	/**
	 * One attempt through n8n's request helper with the credential's authentication; the attempt's
	 * deadline is `options.abortSignal`.
	 */
	send: (
		credentials: ICredentialsDecrypted,
		options: IHttpRequestOptions,
	) => Promise<IN8nHttpFullResponse>;
}

/** An execution's Sender: its node, its Options for the item, its cancel signal and window. */
export function executionSender(context: IExecuteFunctions, itemIndex: number): Sender {
	return {
		node: context.getNode(),
		settings: () => runSettings(context, itemIndex),
		cancel: cancelSignalOf(context),
		pace: paceOf(context),
		send: async (credentials, options) =>
			// n8n's helper puts the execution's cancel signal on the request, replacing ours: it reads
			// it from the context it is called on, so it is called on one that hands out both.
			(await context.helpers.httpRequestWithAuthentication.call(
				Object.create(context, {
					getExecutionCancelSignal: { value: () => options.abortSignal },
				}) as IExecuteFunctions,
				credentials.type,
				options,
				{ credentialsDecrypted: credentials },
			)) as IN8nHttpFullResponse,
	};
}
