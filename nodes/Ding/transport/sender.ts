import type {
	ICredentialsDecrypted,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
} from 'n8n-workflow';

import type { Pace } from '../helpers/pace';
import type { RequestSettings } from './retry';

/**
 * What sending a request needs of whoever sends it, and nothing more. An execution hands out all
 * of it (index.ts, executionSender); Send and Wait for Code's webhook builds its own
 * (webhookCaller.ts), with no window and no run to cancel.
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
