// @ts-check
'use strict';

/** Routing a v2 request to its endpoint and checking it, field by field, against its model. */

const { v2Error } = require('./answers');
const { V2_MODELS } = require('./models');
const { FORMATS, FORMAT_NAMES } = require('./rules');
/** @typedef {import('../server').ScriptedAnswer} ScriptedAnswer */
/** @typedef {import('./rules').Rule} Rule */

/**
 * The routes of V2_MODELS as patterns, a `{name}` being one path segment. Where two match, the one
 * with more literal segments wins: GET …/phone-numbers/sandbox is not …/phone-numbers/{action}.
 */
const ROUTES = Object.keys(V2_MODELS).map((key) => {
	const [method, template] = key.split(' ');
	/** @type {string[]} */
	const names = [];
	const segments = template.split('/').map((segment) => {
		const name = /^\{(\w+)\}$/.exec(segment)?.[1];
		if (name === undefined) return segment;
		names.push(name);
		return '([^/]+)';
	});
	return {
		key,
		method,
		pattern: new RegExp(`^${segments.join('/')}$`),
		names,
		literals: segments.length - names.length,
	};
});

/**
 * The route of a request, with its raw path parameters; or the methods the path takes, when it
 * exists but not for this method.
 * @param {string} method @param {string} path
 * @returns {{ key: string, raw: Record<string, string> } | { allowed: string[] } | undefined}
 */
function matchRoute(method, path) {
	const matching = ROUTES.filter((route) => route.pattern.test(path));
	if (matching.length === 0) return undefined;
	const route = matching
		.filter((r) => r.method === method)
		.sort((a, b) => b.literals - a.literals)[0];
	if (!route) return { allowed: [...new Set(matching.map((r) => r.method))] };
	const values = /** @type {RegExpExecArray} */ (route.pattern.exec(path)).slice(1);
	return {
		key: route.key,
		raw: Object.fromEntries(route.names.map((name, i) => [name, values[i]])),
	};
}

/**
 * Adds every problem of a value against its rule to `problems`: a 400 invalid_request for a
 * malformed request, a 422 with the field's own code for a well-formed but invalid value.
 * @param {Rule} rule @param {any} value @param {string} path @param {ScriptedAnswer[]} problems
 */
function checkRule(rule, value, path, problems) {
	const malformed = (/** @type {string} */ what) =>
		problems.push(v2Error(400, 'invalid_request', `${path || 'body'} ${what}`, path || undefined));
	const invalid = (/** @type {string} */ what) =>
		problems.push(v2Error(422, rule.error ?? 'invalid_request', `${path} ${what}`, path));
	if (value === null) return malformed('is null');
	switch (rule.type) {
		case 'object': {
			if (typeof value !== 'object' || Array.isArray(value)) return malformed('must be an object');
			const before = problems.length;
			const fields = rule.fields ?? {};
			for (const name of Object.keys(value)) {
				if (!(name in fields)) malformed(`has an unknown field "${name}"`);
			}
			for (const [name, inner] of Object.entries(fields)) {
				const at = path ? `${path}.${name}` : name;
				if (!(name in value)) {
					if (inner.required) malformed(`is missing the required field "${name}"`);
					continue;
				}
				checkRule(inner, value[name], at, problems);
			}
			const problem = problems.length === before ? rule.check?.(value, path) : undefined;
			if (problem) problems.push(problem);
			return;
		}
		case 'array': {
			if (!Array.isArray(value)) return malformed('must be a list');
			if (rule.minItems !== undefined && value.length < rule.minItems)
				problems.push(
					v2Error(
						400,
						value.length === 0 ? 'empty_batch' : 'invalid_request',
						`${path} has fewer than ${rule.minItems} items`,
						path,
					),
				);
			if (rule.maxItems !== undefined && value.length > rule.maxItems)
				problems.push(
					v2Error(400, 'batch_size_exceeded', `${path} has more than ${rule.maxItems} items`, path),
				);
			for (let i = 0; i < value.length; i++)
				checkRule(/** @type {Rule} */ (rule.items), value[i], `${path}[${i}]`, problems);
			return;
		}
		case 'map': {
			if (typeof value !== 'object' || Array.isArray(value)) return malformed('must be an object');
			for (const [key, inner] of Object.entries(value)) {
				if (key.trim() === '' || typeof inner !== 'string')
					return invalid('must map names to text');
			}
			return;
		}
		case 'integer':
			if (typeof value !== 'number' || !Number.isInteger(value))
				return malformed('must be an integer');
			if (rule.min !== undefined && value < rule.min)
				return invalid(`must be at least ${rule.min}`);
			if (rule.max !== undefined && value > rule.max) return invalid(`must be at most ${rule.max}`);
			return;
		case 'boolean':
			if (typeof value !== 'boolean') malformed('must be a boolean');
			return;
		default: {
			if (typeof value !== 'string') return malformed('must be a string');
			if (value.trim() === '') return invalid('is empty');
			if (value !== value.trim()) return invalid('has surrounding spaces');
			if (rule.enum && !rule.enum.includes(value))
				return invalid(`must be one of ${rule.enum.join(', ')}`);
			if (rule.maxLength !== undefined && value.length > rule.maxLength)
				return invalid(`is longer than ${rule.maxLength} characters`);
			if (rule.format && !FORMATS[rule.format](value))
				return invalid(`is not a valid ${FORMAT_NAMES[rule.format] ?? rule.format}`);
			return;
		}
	}
}

/**
 * The answer to a request with problems: a malformed part (400) before an invalid value (422), as
 * a server parses a request whole before it judges its values.
 * @param {ScriptedAnswer[]} problems
 */
function firstProblem(problems) {
	return problems.find((p) => p.status === 400) ?? problems[0];
}

/**
 * The query string as a value for the endpoint's query rule, decoded as a form is ("+" is a
 * space; the official clients write a "+" as %2B). A parameter appears once, its value as the
 * official clients write it: an integer in decimal digits, a boolean as true or false. A list is
 * its values joined by commas, as both official clients send it (array format "comma"), or the
 * parameter repeated, as Prelude's API reference writes it. Unknown parameters are refused.
 * @param {Rule} rule @param {string} url
 * @returns {{ value: Record<string, unknown> } | { problem: ScriptedAnswer }}
 */
function readQuery(rule, url) {
	const search = new URL(url, 'http://127.0.0.1').searchParams;
	const fields = rule.fields ?? {};
	/** @type {Record<string, unknown>} */
	const value = {};
	for (const key of new Set(search.keys())) {
		const inner = fields[key];
		if (!inner)
			return { problem: v2Error(400, 'invalid_request', `unknown query parameter "${key}"`, key) };
		const texts = search.getAll(key);
		if (inner.type === 'array') {
			value[key] = texts.flatMap((text) => text.split(','));
			continue;
		}
		if (texts.length > 1)
			return {
				problem: v2Error(400, 'invalid_request', `query parameter "${key}" is given twice`, key),
			};
		const [text] = texts;
		if (inner.type === 'integer') value[key] = /^-?\d+$/.test(text) ? Number(text) : text;
		else if (inner.type === 'boolean')
			value[key] = text === 'true' ? true : text === 'false' ? false : text;
		else value[key] = text;
	}
	return { value };
}

/**
 * A path parameter as the official clients write it (Stainless's encodeURIPath, which Prelude's
 * TypeScript SDK uses, and python-sdk's path_template; Ding's SDKs do the same for a number):
 * characters a path segment may hold (RFC 3986 pchar) stay as they are, "+" included, and
 * everything else is percent-encoded.
 * @param {string} value
 */
function officialPathEncoding(value) {
	return value.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]+/g, encodeURIComponent);
}

module.exports = { ROUTES, matchRoute, checkRule, firstProblem, readQuery, officialPathEncoding };
