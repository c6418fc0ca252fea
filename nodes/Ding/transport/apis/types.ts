/** What an error code means (when the API's own message is missing) and how to fix it. */
export type ErrorCodeHelp = { meaning: string; fix: string };

/**
 * One API the node talks to, as the transport and its errors know it. Error codes are open: one
 * not listed still shows the API's message and code.
 */
export interface ApiDescriptor {
	/** The service as the user knows it, e.g. "Prelude". */
	name: string;
	/** The credential's display name, e.g. "Prelude API". */
	credential: string;
	/** The credential's type name, e.g. "preludeApi". */
	credentialType: string;
	/** The base URL the credential should hold. */
	baseUrl: string;
	/** Where the key comes from, for "paste the API key from ...". */
	keySource: string;
	codes: Record<string, ErrorCodeHelp>;
	/**
	 * Set for a run against a server on this machine (npm start's sandbox, a stand-in): its base
	 * URL, so that hints speak of it rather than of the public API's address.
	 */
	localBaseUrl?: string;
}
