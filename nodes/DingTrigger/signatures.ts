// Proof that an event came from Prelude: its RSASSA-PSS signature, and a signed event's own id
// and age.
import { constants, createPublicKey, verify } from 'crypto';
import type { KeyObject } from 'crypto';

import { isJsonObject } from '../Ding/helpers/validation';
import { REPEAT_WINDOW_MS } from './repeatMemory';

/** A signed event older than the re-send window (plus clock skew), or from the future, is refused. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAX_EVENT_AGE_MS = REPEAT_WINDOW_MS + CLOCK_SKEW_MS;

const SIGNATURE_PREFIX = 'rsassa-pss-sha256=';

/**
 * Prelude's webhook public key as pasted: PEM (public key or certificate), the base64 body of an
 * SPKI key without its PEM lines, or a JWK as JSON. Undefined when it cannot be read.
 */
export function readPublicKey(text: string): KeyObject | undefined {
	const key = text.trim();
	try {
		if (key.startsWith('{')) {
			return createPublicKey({ key: JSON.parse(key) as never, format: 'jwk' });
		}
		if (key.startsWith('-----BEGIN')) return createPublicKey(key);
		const body = key.replace(/\s+/g, '');
		const lines = body.match(/.{1,64}/g) ?? [];
		return createPublicKey(
			`-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`,
		);
	} catch {
		return undefined;
	}
}

/**
 * Whether an X-Webhook-Signature header holds an RSASSA-PSS SHA-256 signature of the raw body that
 * the key verifies. The header is `rsassa-pss-sha256=<base64url or base64>`; several signatures
 * (as during a key rotation) may be separated by commas or spaces, and one that verifies is enough.
 */
export function signatureVerifies(key: KeyObject, rawBody: Buffer, header: string): boolean {
	const signatures = header
		.split(/[\s,]+/)
		.filter((part) => part.startsWith(SIGNATURE_PREFIX))
		.map((part) => Buffer.from(part.slice(SIGNATURE_PREFIX.length), 'base64'));
	return signatures.some((signature) => {
		try {
			return verify(
				'sha256',
				rawBody,
				{
					key,
					padding: constants.RSA_PKCS1_PSS_PADDING,
					saltLength: constants.RSA_PSS_SALTLEN_AUTO,
				},
				signature,
			);
		} catch {
			return false;
		}
	});
}

/** An RFC 3339 time, as Prelude writes `created_at` (e.g. 2025-03-04T17:59:21.163921113Z). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Why a signed event cannot be accepted, with the status to answer; undefined when it can. A
 * signature proves who wrote the bytes, not when: only the event's `id` (for the repeat memory)
 * and its `created_at` (for the age check), both inside the signed body, tell a replay from a new
 * event, so a signed event must carry both. Every Prelude event does (an `evt_…` id and an
 * RFC 3339 `created_at`: docs.prelude.so, Verify and Notify webhooks).
 */
export function signedEventProblem(
	body: unknown,
	now: number,
): { status: number; reason: string } | undefined {
	if (!isJsonObject(body)) return undefined;
	if (typeof body.id !== 'string' || body.id === '') {
		return {
			status: 400,
			reason: 'it has no id (a non-empty string), so a replay could not be told from it',
		};
	}
	const createdAt = body.created_at;
	const at = typeof createdAt === 'string' && RFC3339.test(createdAt) ? Date.parse(createdAt) : NaN;
	if (Number.isNaN(at)) {
		return {
			status: 400,
			reason:
				'its created_at is not an RFC 3339 time (e.g. 2025-03-04T17:59:21Z), so its age cannot be checked',
		};
	}
	if (at > now + CLOCK_SKEW_MS) return { status: 403, reason: 'its created_at is in the future' };
	if (now - at > MAX_EVENT_AGE_MS) return { status: 403, reason: 'it is older than 14 days' };
	return undefined;
}
