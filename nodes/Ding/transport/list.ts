import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isJsonObject } from '../helpers/validation';

import { preludeApiRequest } from './index';

/**
 * Prelude's lists, for the "Get Many" operations (their Return All / Limit are in fields/list.ts):
 * a whole list in one answer, or cursor pagination (`cursor` and `limit` in the query,
 * `next_cursor` in the answer) followed page by page.
 */

/** The most elements one page asks for; Limit asks for fewer when fewer are left. */
export const PAGE_SIZE = 100;

/** The list under `key` in an answer; an answer without one is not what the API sends. */
function listIn(context: IExecuteFunctions, answer: IDataObject, key: string, itemIndex: number) {
	const list = answer[key];
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list) || !list.every(isJsonObject)) {
		throw new NodeOperationError(
			context.getNode(),
			`Prelude's answer has no list of objects under "${key}"`,
			{
				itemIndex,
				description:
					'The Base URL in the Prelude API credential may point to something other than the Prelude API: it should be https://api.prelude.dev.',
			},
		);
	}
	return list as IDataObject[];
}

/**
 * The elements of a list that Prelude answers in one piece (allow and block lists, sender IDs,
 * test numbers), up to `limit`.
 */
export async function getWholeList(
	context: IExecuteFunctions,
	itemIndex: number,
	request: { endpoint: string; key: string; limit: number | undefined },
): Promise<IDataObject[]> {
	const answer = await preludeApiRequest(context, itemIndex, {
		method: 'GET',
		endpoint: request.endpoint,
	});
	const list = listIn(context, answer, request.key, itemIndex);
	return request.limit === undefined ? list : list.slice(0, request.limit);
}

/**
 * The elements of a paginated list, page after page until `limit` (or the last page): each page
 * asks for at most what is still wanted, and for the next cursor Prelude gave. A cursor Prelude
 * hands back twice ends the walk rather than looping.
 */
export async function getPages(
	context: IExecuteFunctions,
	itemIndex: number,
	request: { endpoint: string; key: string; limit: number | undefined; qs?: IDataObject },
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	do {
		const wanted = request.limit === undefined ? PAGE_SIZE : request.limit - results.length;
		const qs: IDataObject = { ...request.qs, limit: Math.min(wanted, PAGE_SIZE) };
		if (cursor !== undefined) qs.cursor = cursor;
		const page = await preludeApiRequest(context, itemIndex, {
			method: 'GET',
			endpoint: request.endpoint,
			qs,
		});
		results.push(...listIn(context, page, request.key, itemIndex));
		const next = page.next_cursor;
		cursor = typeof next === 'string' && next !== '' && !seen.has(next) ? next : undefined;
		if (cursor !== undefined) seen.add(cursor);
	} while (cursor !== undefined && (request.limit === undefined || results.length < request.limit));
	return request.limit === undefined ? results : results.slice(0, request.limit);
}
