import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
} from 'n8n-workflow';

import type { FieldChecker } from '../helpers/validation';

import type { ApiDescriptor } from './apis';
import { keyDestinationRefusal } from './destination';

/**
 * The credential, fetched and decrypted once per run of the node, not once per item (as n8n's
 * HTTP Request node does; n8n's server reads it from its database and decrypts it on every fetch,
 * and the request helper would fetch it again, which is why the helper is handed the decrypted
 * credential) unless its fields depend on the item (see runCredentials). Per credential type: the
 * run's credential, or undefined when it differs from item to item.
 */
const runs = new WeakMap<object, Map<string, Promise<ICredentialsDecrypted | undefined>>>();

/**
 * The credential for an item. A credential's fields may be expressions, and n8n resolves them for
 * the item it is read for: one built from `$json` (a key per tenant) differs from item to item.
 * So the first read also reads it for an item that does not exist: a credential whose values do
 * not depend on the item comes back the same, and serves the whole run; one that does (or that
 * cannot be resolved without an item) is read for every item.
 */
export async function runCredentials(
	context: IExecuteFunctions,
	type: string,
	itemIndex: number,
): Promise<ICredentialsDecrypted> {
	const details = context.getNode().credentials?.[type];
	const read = async (index: number): Promise<ICredentialsDecrypted> => ({
		id: details?.id ?? type,
		name: details?.name ?? type,
		type,
		data: await context.getCredentials<ICredentialDataDecryptedObject>(type, index),
	});
	let known = runs.get(context);
	if (!known) {
		known = new Map();
		runs.set(context, known);
	}
	let ofRun = known.get(type);
	if (!ofRun) {
		ofRun = (async () => {
			const first = await read(0);
			const elsewhere = await read(context.getInputData().length).catch(() => undefined);
			const same = elsewhere && JSON.stringify(elsewhere.data) === JSON.stringify(first.data);
			return same ? first : undefined;
		})();
		known.set(type, ofRun);
	}
	return (await ofRun) ?? (await read(itemIndex));
}

/**
 * The base URL from a credential, checked, without a trailing slash: an http(s) URL where the key
 * may go (https, or loopback; inside the credential's Allowed Domains, see destination.ts).
 */
export function baseUrlOf(check: FieldChecker, api: ApiDescriptor, data: IDataObject): string {
	const field = `Base URL (${api.credential} credential)`;
	const baseUrl = check.httpUrl(field, data.baseUrl ?? api.baseUrl).replace(/\/+$/, '');
	const refusal = keyDestinationRefusal(baseUrl, data, api.credential);
	if (refusal) {
		throw check.fail(
			refusal,
			`Open the ${api.credential} credential and set its Base URL to ${api.baseUrl} (or a proxy of yours over https); nothing was sent.`,
		);
	}
	return baseUrl;
}
