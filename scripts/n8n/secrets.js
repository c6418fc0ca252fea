// @ts-check
'use strict';

/**
 * The local secrets of `npm start`, the end-to-end tests and the queue tier: n8n's encryption key,
 * the PostgreSQL and Redis passwords. Each is drawn from `crypto`, written 0600 into a folder only
 * its owner can enter (0700).
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/**
 * The encryption key every n8n of this repository used to share, written in the source. A user
 * folder that still holds it gets a key of its own (rotateLegacyKey).
 */
const LEGACY_ENCRYPTION_KEY = 'n8n-nodes-ding-local-encryption-key';

/** A random secret: `bytes` bytes from crypto, base64url. @param {number} [bytes] */
function randomSecret(bytes = 32) {
	return crypto.randomBytes(bytes).toString('base64url');
}

/** Makes a folder (and its parents) and lets only its owner in. @param {string} folder */
function privateFolder(folder) {
	fs.mkdirSync(folder, { recursive: true });
	fs.chmodSync(folder, 0o700);
	return folder;
}

/** Writes a file only its owner can read, in a private folder. @param {string} file @param {string} text */
function writeSecret(file, text) {
	privateFolder(path.dirname(file));
	fs.writeFileSync(file, text, { mode: 0o600 });
	// The mode above applies only to a new file.
	fs.chmodSync(file, 0o600);
}

/** n8n's settings file in a user folder, which holds its encryption key. @param {string} userFolder */
const settingsFile = (userFolder) => path.join(userFolder, '.n8n', 'config');

/** The encryption key n8n keeps in a user folder, if any. @param {string} userFolder */
function encryptionKeyOf(userFolder) {
	const file = settingsFile(userFolder);
	if (!fs.existsSync(file)) return undefined;
	const key = JSON.parse(fs.readFileSync(file, 'utf8')).encryptionKey;
	return typeof key === 'string' && key !== '' ? key : undefined;
}

/**
 * Gives a user folder an encryption key of its own, as n8n reads it (`.n8n/config`, 0600, in
 * folders only the owner can enter) and keeps the key a folder already has: n8n encrypted its
 * credentials with it. Returns whether that key is the legacy shared one.
 * @param {string} userFolder
 */
function ensureEncryptionKey(userFolder) {
	privateFolder(userFolder);
	privateFolder(path.dirname(settingsFile(userFolder)));
	const existing = encryptionKeyOf(userFolder);
	if (existing) {
		fs.chmodSync(settingsFile(userFolder), 0o600);
		return { legacy: existing === LEGACY_ENCRYPTION_KEY };
	}
	writeSecret(
		settingsFile(userFolder),
		JSON.stringify({ encryptionKey: randomSecret(24) }, null, '\t'),
	);
	return { legacy: false };
}

/**
 * @typedef {(args: string[]) => Promise<{ status: number | null, stdout: string, stderr: string }>} Cli
 */

/**
 * Moves a user folder made with the legacy shared key to a random key of its own, keeping every
 * credential (same id, same data): n8n exports them decrypted with the old key, the settings file
 * gets the new key, and n8n imports them again, encrypting them with it. The database and the
 * settings file are copied first and put back if any step fails; the decrypted export lives in a
 * private folder and is removed at the end. n8n must not be running on the folder.
 * @param {string} userFolder @param {Cli} cli runs the n8n CLI on this folder
 */
async function rotateLegacyKey(userFolder, cli) {
	const n8nFolder = path.dirname(settingsFile(userFolder));
	const work = privateFolder(path.join(userFolder, `.key-rotation-${randomSecret(6)}`));
	const database = path.join(n8nFolder, 'database.sqlite');
	const backups = [settingsFile(userFolder), database]
		.filter((file) => fs.existsSync(file))
		.map((file) => ({ file, copy: path.join(work, path.basename(file)) }));
	const exported = path.join(work, 'credentials.json');
	/** @param {string[]} args @param {string} what @param {RegExp} [fine] output that is no failure */
	const step = async (args, what, fine) => {
		const result = await cli(args);
		const output = result.stdout + result.stderr;
		if (fine?.test(output)) return;
		if (result.status !== 0 || /An error occurred|Error:/.test(output)) {
			throw new Error(`${what} failed:\n${output.slice(-2000)}`);
		}
	};
	try {
		for (const { file, copy } of backups) fs.copyFileSync(file, copy);
		await step(
			['export:credentials', '--all', '--decrypted', `--output=${exported}`],
			'exporting the credentials',
			/No credentials found/,
		);
		const credentials = fs.existsSync(exported)
			? JSON.parse(fs.readFileSync(exported, 'utf8'))
			: [];
		fs.rmSync(settingsFile(userFolder));
		ensureEncryptionKey(userFolder);
		if (credentials.length > 0) {
			await step(['import:credentials', `--input=${exported}`], 'importing the credentials');
		}
		return { credentials: credentials.length };
	} catch (error) {
		for (const { file, copy } of backups) fs.copyFileSync(copy, file);
		throw error;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = {
	LEGACY_ENCRYPTION_KEY,
	randomSecret,
	privateFolder,
	writeSecret,
	encryptionKeyOf,
	ensureEncryptionKey,
	rotateLegacyKey,
};
