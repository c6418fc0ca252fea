import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DeviceType } from './interfaces';

/**
 * Checks for values a user or an expression put into a field, run before anything is sent.
 * Each returns the value as it goes on the wire, or throws a NodeOperationError that names the
 * field, shows the value and the item, and says how to fix it.
 */

const SHOWN_VALUE_LENGTH = 60;

const E164 = /^\+[1-9]\d{1,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV4_SHAPE = /^\d{1,3}(\.\d{1,3}){3}$/;
/** An ISO 639 language (2 or 3 letters) first; Intl checks the rest of the tag. */
const LANGUAGE_FIRST = /^[a-z]{2,3}(-|$)/i;

export const DEVICE_TYPES: readonly DeviceType[] = ['ANDROID', 'IOS', 'WEB'];

/** A plain JSON object: not null, not a list. */
export function isJsonObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string): string {
	return text.length > SHOWN_VALUE_LENGTH ? `${text.slice(0, SHOWN_VALUE_LENGTH)}…` : text;
}

/** How a value is shown in an error message: quoted and escaped, shortened, with its type. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (typeof value === 'string') return JSON.stringify(truncate(value));
	if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)}`;
	if (typeof value === 'boolean') return `the boolean ${String(value)}`;
	let json: string;
	try {
		json = JSON.stringify(value) ?? String(value);
	} catch {
		json = String(value);
	}
	return Array.isArray(value) ? `a list ${truncate(json)}` : `an object ${truncate(json)}`;
}

/** A date and time without a zone: 2026-12-01, 2026-12-01T09:00 or 2026-12-01 09:00:00.000. */
const LOCAL_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/** How far `timeZone`'s wall clock is ahead of UTC at `time`, in milliseconds. */
function zoneOffsetMs(time: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(time));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return wall - (time - (((time % 1000) + 1000) % 1000));
}

/** A wall-clock date and time as if it were UTC, or NaN for one that does not exist. */
function wallTime(local: RegExpMatchArray): number {
	const [year, month, day, hour, minute, second] = local.slice(1, 7).map((p) => Number(p ?? 0));
	const ms = Number((local[7] ?? '').padEnd(3, '0'));
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	// Date.UTC (and Date.parse) roll 2026-02-30 over to March 2 and 09:75 over to 10:15.
	const read = new Date(wall).toISOString().slice(0, 19);
	const given = `${local[1]}-${local[2]}-${local[3]}T${local[4] ?? '00'}:${local[5] ?? '00'}:${local[6] ?? '00'}`;
	return read === given ? wall : Number.NaN;
}

/** Send Batch's To as entries (fields/message.ts, and the texting cap counts them): split at commas when it is text, blank entries left out. */
export function recipientList(value: unknown): unknown[] {
	const list = typeof value === 'string' ? value.split(',') : value;
	return Array.isArray(list) ? list.filter((n) => !(typeof n === 'string' && n.trim() === '')) : [];
}

/** The UTC time of a wall-clock date and time in `timeZone` (NaN for an unknown zone or date). */
function fromZonedTime(local: RegExpMatchArray, timeZone: string): number {
	const wall = wallTime(local);
	if (Number.isNaN(wall)) return Number.NaN;
	try {
		const before = zoneOffsetMs(wall, timeZone);
		const offset = zoneOffsetMs(wall - before, timeZone);
		const time = wall - offset;
		if (zoneOffsetMs(time, timeZone) === offset) return time;
		// A time the clocks skip (spring forward) is moved forward by the gap, as Luxon moves it.
		return wall - Math.min(before, offset);
	} catch {
		return Number.NaN;
	}
}

export class FieldChecker {
	constructor(
		private readonly node: INode,
		private readonly itemIndex: number,
		/** The workflow's time zone, for a date and time given without one. */
		private readonly timeZone = 'UTC',
	) {}

	fail(message: string, description: string): NodeOperationError {
		return new NodeOperationError(this.node, `${message} [item ${this.itemIndex}]`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	/** A string, trimmed. Numbers, booleans, objects and null are refused: they lose meaning as text. */
	text(field: string, value: unknown, example: string): string {
		if (typeof value !== 'string') {
			throw this.fail(
				`${field} must be text, but got ${describeValue(value)}`,
				`Give ${field} as text, e.g. ${example}. If it comes from an expression, make the expression return a string, e.g. {{ String($json.value) }}.`,
			);
		}
		return value.trim();
	}

	requiredText(field: string, value: unknown, example: string): string {
		const text = this.text(field, value, example);
		if (text === '') {
			throw this.fail(`${field} is empty`, `${field} is required, e.g. ${example}.`);
		}
		return text;
	}

	/**
	 * E.164: a plus sign, a country code and the number, 2 to 15 digits. The usual ways of writing
	 * a number are undone first: a "(0)" trunk prefix is dropped (+44 (0)20 → +4420), then spaces,
	 * hyphens, dots and parentheses are removed. Nothing else is changed.
	 */
	phoneNumber(field: string, value: unknown): string {
		const example = '+14155550123';
		const number = this.requiredText(field, value, example)
			.replace(/\(0\)/g, '')
			.replace(/[\s\-.()]/g, '');
		if (!E164.test(number)) {
			throw this.fail(
				`${field} ${describeValue(value)} is not a phone number in E.164 format`,
				`E.164 is a plus sign, the country code and the number, digits only, at most 15 digits, e.g. ${example}. Spaces, hyphens, dots, parentheses and a "(0)" are removed; nothing else is.`,
			);
		}
		return number;
	}

	/** A UUID such as the authentication_uuid Ding returns, sent in lower case. */
	uuid(field: string, value: unknown, whereFrom: string): string {
		const example = 'e0e7b0e9-739d-424b-922f-1c2cb48ab077';
		const uuid = this.requiredText(field, value, example);
		if (!UUID.test(uuid)) {
			throw this.fail(
				`${field} ${describeValue(value)} is not a UUID`,
				`${field} has the form ${example}. ${whereFrom}`,
			);
		}
		return uuid.toLowerCase();
	}

	ipv4(field: string, value: unknown): string {
		const example = '203.0.113.7';
		const ip = this.requiredText(field, value, example);
		const octets = ip.split('.');
		if (octets.length !== 4 || !octets.every((octet) => IPV4_OCTET.test(octet))) {
			throw this.fail(
				`${field} ${describeValue(value)} is not an IPv4 address`,
				`Ding takes the IPv4 address of the user's device, four numbers from 0 to 255 separated by dots, e.g. ${example}.`,
			);
		}
		return ip;
	}

	httpUrl(field: string, value: unknown): string {
		const example = 'https://example.com/webhooks/ding';
		const text = this.requiredText(field, value, example);
		let url: URL | undefined;
		try {
			url = new URL(text);
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
			throw this.fail(
				`${field} ${describeValue(value)} is not an http(s) URL`,
				`Give a full address that starts with https:// or http://, e.g. ${example}.`,
			);
		}
		return text;
	}

	/** A BCP-47 language tag, sent in its canonical casing (en-us becomes en-US). */
	locale(field: string, value: unknown): string {
		const example = 'en-US';
		const tag = this.requiredText(field, value, example);
		let canonical: string[] = [];
		try {
			canonical = Intl.getCanonicalLocales(tag);
		} catch {
			canonical = [];
		}
		if (canonical.length !== 1 || tag.includes(',') || !LANGUAGE_FIRST.test(tag)) {
			throw this.fail(
				`${field} ${describeValue(value)} is not a BCP-47 language tag`,
				`Use a language tag such as ${example}, fr-FR or el-GR. Leave ${field} out to let the country of the phone number decide.`,
			);
		}
		return canonical[0];
	}

	boolean(field: string, value: unknown): boolean {
		if (typeof value !== 'boolean') {
			throw this.fail(
				`${field} must be true or false, but got ${describeValue(value)}`,
				`If ${field} comes from an expression, make it return a boolean, e.g. {{ $json.returning === true }}.`,
			);
		}
		return value;
	}

	/** One of a fixed list of values, as written (an expression may give any of them). */
	oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
		const text = this.requiredText(field, value, allowed[0]);
		const known = allowed.find((candidate) => candidate === text);
		if (!known) {
			throw this.fail(
				`${field} ${describeValue(value)} is not one of ${allowed.join(', ')}`,
				`Use one of ${allowed.join(', ')}.`,
			);
		}
		return known;
	}

	/** An IPv4 or IPv6 address (Prelude v2 takes both). */
	ipAddress(field: string, value: unknown): string {
		const example = '203.0.113.7';
		const ip = this.requiredText(field, value, example);
		const isV4 = IPV4_SHAPE.test(ip) && ip.split('.').every((octet) => IPV4_OCTET.test(octet));
		let isV6 = false;
		if (!isV4 && ip.includes(':') && /^[0-9a-f:.]+$/i.test(ip)) {
			try {
				isV6 = new URL(`http://[${ip}]/`).hostname !== '';
			} catch {
				isV6 = false;
			}
		}
		if (!isV4 && !isV6) {
			throw this.fail(
				`${field} ${describeValue(value)} is not an IP address`,
				`Give the public IPv4 or IPv6 address of the user's device, e.g. ${example} or 2001:db8::7.`,
			);
		}
		return ip;
	}

	/** An email address: something, an at sign, a domain with a dot; no spaces. */
	email(field: string, value: unknown): string {
		const example = 'jane@example.com';
		const address = this.requiredText(field, value, example);
		if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
			throw this.fail(
				`${field} ${describeValue(value)} is not an email address`,
				`Give one email address, e.g. ${example}.`,
			);
		}
		return address;
	}

	/** A whole number from min to max; a numeric string from an expression is read as a number. */
	integer(field: string, value: unknown, min: number, max: number): number {
		const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
		if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
			throw this.fail(
				`${field} must be a whole number from ${min} to ${max}, but got ${describeValue(value)}`,
				`Set ${field} to a whole number from ${min} to ${max}, or remove it.`,
			);
		}
		return number;
	}

	/** Text of at most `max` characters. */
	shortText(field: string, value: unknown, example: string, max: number): string {
		const text = this.text(field, value, example);
		if (text.length > max) {
			throw this.fail(
				`${field} has ${text.length} characters, more than the ${max} allowed`,
				`Shorten ${field} to at most ${max} characters, e.g. ${example}.`,
			);
		}
		return text;
	}

	/**
	 * A value of one of the API's closed lists (a channel, a method, a platform), in any case (an
	 * expression may give "SMS"), sent in lower case. The official clients type these as closed
	 * lists, so a typo is refused here, naming the value and the list, instead of reaching the API.
	 */
	enumValue(field: string, value: unknown, known: readonly string[]): string {
		const text = this.requiredText(field, value, known[0]).toLowerCase();
		if (!known.includes(text)) {
			throw this.fail(
				`${field} ${describeValue(value)} is not one of ${known.join(', ')}`,
				`Use one of ${known.join(', ')} (in any case).`,
			);
		}
		return text;
	}

	/**
	 * A point in time, sent as RFC 3339 in UTC (e.g. 2026-12-01T09:00:00.000Z). A date and time
	 * written without a zone, as n8n's date picker gives it, is read in the workflow's time zone;
	 * one with a zone or Z as it says; a date object from an expression ($now.plus(...)) as it is.
	 */
	dateTime(field: string, value: unknown): string {
		const example = '2026-12-01T09:00:00Z';
		const fromObject = (v: object) => {
			const toISO = (v as { toISO?: unknown }).toISO;
			if (typeof toISO === 'function') return String(toISO.call(v));
			// An invalid Date (new Date('garbage') from an expression) has no ISO form: toISOString throws.
			if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
			return undefined;
		};
		const text =
			typeof value === 'object' && value !== null
				? fromObject(value)
				: this.requiredText(field, value, example);
		const zone = text?.match(/(Z|[+-]\d{2}:?\d{2})$/i)?.[0];
		const local = text?.slice(0, text.length - (zone?.length ?? 0)).match(LOCAL_DATE_TIME);
		let time = Number.NaN;
		if (text !== undefined && zone) {
			// Date.parse takes 2026-02-30T09:00Z as March 2: the date and time must exist as written.
			time = local && Number.isNaN(wallTime(local)) ? Number.NaN : Date.parse(text);
		} else if (local) time = fromZonedTime(local, this.timeZone);
		if (Number.isNaN(time)) {
			// A date object is shown as its text ("Invalid Date"), not as its JSON (null).
			const shown = typeof value === 'object' && text !== undefined ? text : value;
			throw this.fail(
				`${field} ${describeValue(shown)} is not a date and time`,
				`Give an RFC 3339 date and time, e.g. ${example}, pick one in the date picker, or use an expression such as {{ $now.plus(1, 'hour') }}.`,
			);
		}
		return new Date(time).toISOString();
	}

	/** IOS, ANDROID or WEB, in any case (an expression may give "ios"); sent in upper case. */
	deviceType(field: string, value: unknown): DeviceType {
		return this.oneOf(
			field,
			this.requiredText(field, value, 'ANDROID').toUpperCase(),
			DEVICE_TYPES,
		);
	}
}
