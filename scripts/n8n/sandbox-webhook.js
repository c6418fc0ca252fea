// @ts-check
'use strict';

/**
 * The sandbox's webhook signing key. `npm start`'s Prelude stand-in signs the events it posts to
 * each Send's Callback URL with it, as Prelude signs with the key of its dashboard (Settings →
 * Keys), and the Ding Trigger example holds its public half, so the trigger can be tried with no
 * account. The key is kept in the state folder (0600), so a trigger a user built with the public
 * key keeps working across starts.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { webhookKeyPair } = require('../../sandbox/prelude');

const KEY_FILE = 'sandbox-webhook-key.pem';
/** What an example holds as its Webhook Public Key until the sandbox's key is put in. */
const PUBLIC_KEY_PLACEHOLDER = 'SANDBOX_WEBHOOK_PUBLIC_KEY';

/** @type {Map<string, { privateKey: crypto.KeyObject, publicKeyPem: string }>} */
const loaded = new Map();

/**
 * The key pair kept in `folder`, made there on first use (or when the file cannot be read).
 * @param {string} folder
 */
function sandboxWebhookKeys(folder) {
	const known = loaded.get(folder);
	if (known) return known;
	const file = path.join(folder, KEY_FILE);
	let keys;
	try {
		const privateKey = crypto.createPrivateKey(fs.readFileSync(file, 'utf8'));
		const publicKeyPem = /** @type {string} */ (
			crypto.createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })
		);
		keys = { privateKey, publicKeyPem };
	} catch {
		keys = webhookKeyPair();
		fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
		fs.writeFileSync(file, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
			mode: 0o600,
		});
	}
	loaded.set(folder, keys);
	return keys;
}

/**
 * An example workflow with the sandbox's public key as the Webhook Public Key of each node that
 * holds the placeholder.
 * @template {{ nodes: Array<{ parameters?: Record<string, unknown> }> }} Example
 * @param {Example} example @param {string} publicKeyPem @returns {Example}
 */
function withSandboxKey(example, publicKeyPem) {
	for (const node of example.nodes) {
		if (node.parameters?.webhookPublicKey === PUBLIC_KEY_PLACEHOLDER) {
			node.parameters.webhookPublicKey = publicKeyPem;
		}
	}
	return example;
}

module.exports = { sandboxWebhookKeys, withSandboxKey, PUBLIC_KEY_PLACEHOLDER };
