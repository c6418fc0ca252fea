// @ts-check
'use strict';

/** How webhook events are signed: RSASSA-PSS SHA-256, under a key pair like the dashboard's. */

const crypto = require('node:crypto');

/**
 * The X-Webhook-Signature value of a body: RSASSA-PSS with SHA-256 over the raw bytes, base64url.
 * @param {string} raw @param {crypto.KeyObject | string} privateKey
 */
function sign(raw, privateKey) {
	const key = typeof privateKey === 'string' ? crypto.createPrivateKey(privateKey) : privateKey;
	const signature = crypto.sign('sha256', Buffer.from(raw), {
		key,
		padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
		saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
	});
	return `rsassa-pss-sha256=${signature.toString('base64url')}`;
}

/** A webhook signing key pair, as Prelude's dashboard gives one: the public half as PEM. */
function webhookKeyPair() {
	const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
	return {
		privateKey,
		publicKeyPem: /** @type {string} */ (publicKey.export({ type: 'spki', format: 'pem' })),
	};
}

module.exports = { sign, webhookKeyPair };
