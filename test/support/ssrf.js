// @ts-check
'use strict';

/**
 * n8n's SSRF protection, set as an n8n process reads it at start: the N8N_SSRF_* environment
 * variables, read by @n8n/config's SsrfProtectionConfig, which @n8n/backend-network's
 * SsrfProtectionService and OutboundHttp (the layer under every request helper of n8n-core) are
 * built from. The modules are n8n-core's own copies, the ones its request helpers use. In plain
 * JavaScript because n8n's lint rules allow neither these imports nor `process` in TypeScript.
 */

const path = require('node:path');

const fromCore = (/** @type {string} */ name) =>
	require(require.resolve(name, { paths: [path.dirname(require.resolve('n8n-core'))] }));

const { Container } = fromCore('@n8n/di');
const { SsrfProtectionConfig } = fromCore('@n8n/config');
const { OutboundHttp, SsrfProtectionService } = fromCore('@n8n/backend-network');

/**
 * Sets the N8N_SSRF_* variables to `env` (the others unset) and has n8n-core read them again, as
 * a restarted n8n would.
 * @param {Record<string, string>} env
 */
function setSsrfEnvironment(env) {
	for (const name of Object.keys(process.env)) {
		if (name.startsWith('N8N_SSRF_')) delete process.env[name];
	}
	Object.assign(process.env, env);
	for (const type of [SsrfProtectionConfig, SsrfProtectionService, OutboundHttp]) {
		Container.set(type, undefined);
	}
}

/** The SSRF settings n8n-core is running with now. */
function ssrfSettings() {
	return Container.get(SsrfProtectionConfig);
}

module.exports = { setSsrfEnvironment, ssrfSettings };
