/**
 * Where an API key may be sent. Both the node's transport (before a request is built) and the
 * credentials' `authenticate` (the last step before n8n sends anything, credential tests included)
 * ask this, so a key reaches only its API's host over https, or a loopback host for sandboxes and
 * tests, and never a host outside the credential's Allowed Domains.
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
	if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
		return `The Base URL of the ${credentialName} credential uses plain http (${parsed.host}): the API key would travel unencrypted. Use https://; plain http is allowed only for localhost, 127.0.0.1 and [::1].`;
	}
	const allowed = allowedDomainsOf(credential);
	if (allowed && !domainAllowed(parsed.hostname, allowed)) {
		return `The ${credentialName} credential allows requests only to ${allowed.length > 0 ? allowed.join(', ') : 'no domain'}, not to ${parsed.hostname}. Add the host to the credential's Allowed Domains, or correct its Base URL.`;
	}
	return undefined;
}

/** The full URL of a request as n8n will send it (`url`, below `baseURL` when relative). */
function requestUrl(options: { url: string; baseURL?: string }): string {
	try {
		return new URL(options.url, options.baseURL).href;
	} catch {
		return options.url;
	}
}

/**
 * For a credential's `authenticate`, the last step before n8n sends anything (node runs and
 * credential tests alike): the request, with redirects turned off, if the key may go where it
 * points; otherwise it throws, and nothing is sent.
 */
export function guardedForKey<T extends { url: string; baseURL?: string }>(
	requestOptions: T,
	credential: DomainRestriction,
	credentialName: string,
): T & { disableFollowRedirect: true } {
	const refusal = keyDestinationRefusal(requestUrl(requestOptions), credential, credentialName);
	if (refusal) throw new Error(refusal);
	return { ...requestOptions, disableFollowRedirect: true };
}
