/**
 * Where an API key may be sent. Both the node's transport (before a request is built) and the
 * credentials' `authenticate` (the last step before n8n sends anything, for any node that uses
 * the credential, credential tests included) ask this, so a key reaches only the origin of its
 * credential's Base URL, that Base URL is https (or a loopback host, for sandboxes and tests) and
 * inside the credential's Allowed Domains, and the key never follows a redirect.
 */

/** The credential fields n8n 2.41+ adds to every credential ("Allowed HTTP Request Domains"). */
export interface DomainRestriction {
	allowedHttpRequestDomains?: unknown;
	allowedDomains?: unknown;
}

const IPV4_LOOPBACK = /^127(\.\d{1,3}){3}$/;

export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	return host === 'localhost' || host === '[::1]' || host === '::1' || IPV4_LOOPBACK.test(host);
}

/** The credential's allowed domains, when it restricts them; undefined when it does not. */
function allowedDomainsOf(credential: DomainRestriction): string[] | undefined {
	if (credential.allowedHttpRequestDomains !== 'domains') return undefined;
	return String(credential.allowedDomains ?? '')
		.split(',')
		.map((domain) => domain.trim().toLowerCase())
		.filter((domain) => domain !== '');
}

/** n8n's rule: "example.com" matches that host, "*.example.com" its subdomains only. */
function domainAllowed(hostname: string, allowed: readonly string[]): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	return allowed.some((domain) =>
		domain.startsWith('*.') ? host.endsWith(domain.slice(1)) : host === domain,
	);
}

/**
 * Why the key may not go to `url`, in words for the user; undefined when it may.
 * `credentialName` is the credential's display name, e.g. "Prelude API".
 */
export function keyDestinationRefusal(
	url: string,
	credential: DomainRestriction,
	credentialName: string,
): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return `The Base URL of the ${credentialName} credential is not a URL`;
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return `The Base URL of the ${credentialName} credential must start with https://`;
	}
	if (parsed.username !== '' || parsed.password !== '') {
		return `The Base URL of the ${credentialName} credential holds a user name or password (${parsed.protocol}//…@${parsed.host}): n8n would send it with every request. Remove the part before the @; the API key is the only secret the credential needs.`;
	}
	if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
		return `The Base URL of the ${credentialName} credential uses plain http (${parsed.host}): the API key would travel unencrypted. Use https://; plain http is allowed only for localhost, 127.0.0.1 and [::1].`;
	}
	const allowed = allowedDomainsOf(credential);
	if (allowed && !domainAllowed(parsed.hostname, allowed)) {
		return `The ${credentialName} credential allows requests only to ${allowed.length > 0 ? allowed.join(', ') : 'no domain'}, not to ${parsed.hostname}. Add the host to the credential's Allowed Domains, or correct its Base URL.`;
	}
	return undefined;
}

/**
 * The full URL of a request as n8n will send it: `url` (n8n's httpRequest helpers) or `uri` (the
 * legacy request helpers, which n8n's HTTP Request node uses), below `baseURL` when relative.
 * Undefined when there is none, or it is not a URL.
 */
function requestUrl(options: RequestTarget): URL | undefined {
	const target = options.url ?? options.uri;
	if (target === undefined || target === null || String(target) === '') return undefined;
	try {
		const base = options.baseURL === undefined ? undefined : String(options.baseURL);
		return new URL(String(target), base);
	} catch {
		return undefined;
	}
}

/** Where a request points, in any of the shapes n8n hands to a credential's `authenticate`. */
export interface RequestTarget {
	url?: unknown;
	uri?: unknown;
	baseURL?: unknown;
}

/** The credential fields the guard reads: its Base URL and n8n's Allowed Domains. */
export interface KeyedCredential extends DomainRestriction {
	baseUrl?: unknown;
}

/**
 * For a credential's `authenticate`, the last step before n8n sends anything, whichever node asks
 * (this package's, n8n's HTTP Request node or its AI tool, a credential test): the request, with
 * redirects turned off, if it goes to the origin (scheme, host and port) of the credential's own
 * Base URL, and that Base URL is one the key may go to; otherwise it throws, and nothing is sent.
 * `defaultBaseUrl` is the credential's default, for data saved without a Base URL.
 */
export function guardedForKey<T extends RequestTarget>(
	requestOptions: T,
	credential: KeyedCredential,
	credentialName: string,
	defaultBaseUrl: string,
): T & KeyRequestFlags {
	const baseUrl = String(credential.baseUrl ?? '').trim() || defaultBaseUrl;
	const refusal = keyDestinationRefusal(baseUrl, credential, credentialName);
	if (refusal) throw new Error(refusal);
	const origin = new URL(baseUrl).origin;
	const target = requestUrl(requestOptions);
	if (!target) {
		throw new Error(
			`The ${credentialName} credential sends its key only to ${origin}, its Base URL; this request has no URL it could check, so nothing was sent.`,
		);
	}
	if (target.username !== '' || target.password !== '') {
		throw new Error(
			`The ${credentialName} credential sends its key only to ${origin}, its Base URL; this request's URL holds a user name or password, so nothing was sent.`,
		);
	}
	if (target.origin !== origin) {
		throw new Error(
			`The ${credentialName} credential sends its key only to ${origin}, its Base URL, not to ${target.origin}; nothing was sent. To call another service, use a credential of its own; to reach a proxy, set it as this credential's Base URL.`,
		);
	}
	return { ...requestOptions, ...KEY_REQUEST_FLAGS };
}

/**
 * Redirects are never followed by a request that carries the key, in both request shapes n8n
 * sends: `disableFollowRedirect` (httpRequest), `followRedirect` and `followAllRedirects` (the
 * legacy request helpers, which otherwise follow a GET's redirect), and should a redirect be
 * followed anyway, no credentials go along to another origin.
 */
const KEY_REQUEST_FLAGS = {
	disableFollowRedirect: true,
	followRedirect: false,
	followAllRedirects: false,
	sendCredentialsOnCrossOriginRedirect: false,
} as const;

type KeyRequestFlags = typeof KEY_REQUEST_FLAGS;
