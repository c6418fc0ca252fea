import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RecordedRequest, ScriptedAnswer } from '../../sandbox';
import type { DingFixture } from '../support/fixtures';
import type { DingRunResult } from '../support/harness';

/**
 * What the tests of Prelude v2's operations share: the node's parameters for an operation, the
 * query of a recorded request, the check that bad input was refused before anything was sent, and
 * a Prelude that answers a list in pages of a fixed size, whatever it is asked for.
 */

/** The parameters of the node, version 2, for a Prelude v2 operation. */
export function v2(resource: string, operation: string, extra: IDataObject = {}): INodeParameters {
	return { api: 'preludeV2', resource, operation, ...extra } as INodeParameters;
}

/** A request's query string, decoded; a parameter given twice fails the test. */
export function queryOf(request: RecordedRequest): Record<string, string> {
	const search = new URL(request.url, 'http://127.0.0.1').searchParams;
	const keys = [...search.keys()];
	expect(keys).toStrictEqual([...new Set(keys)]);
	return Object.fromEntries(search);
}

/** "METHOD url" of every request the stand-in received, the path as sent ("+" raw). */
export function wireOf(fixture: DingFixture): string[] {
	return fixture.standIn.requests.map((r) => `${r.method} ${r.url}`);
}

/**
 * Asserts that the run stopped on a NodeOperationError for item `item`, with this message and a
 * description of how to fix it, before any request went out.
 */
export function expectRefused(
	fixture: DingFixture,
	result: DingRunResult,
	message: string,
	item = 0,
): void {
	expect(fixture.standIn.requests).toHaveLength(0);
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error?.message).toBe(`${message} [item ${item}]`);
	expect(result.error?.description).toBeTruthy();
	expect((result.error as { context?: IDataObject } | undefined)?.context?.itemIndex).toBe(item);
	expect(result.output).toStrictEqual([]);
}

/**
 * Makes the stand-in answer a cursor-paged list `size` elements a page, whatever limit the node
 * asks for (as a server that caps its pages would): each page is the stand-in's own answer for
 * `size`, with its real cursor, given to the request that carries the cursor before it.
 * Returns the pages, in order.
 */
export function pagesOf(
	fixture: DingFixture,
	route: string,
	size: number,
	input: { params?: Record<string, string>; query?: IDataObject } = {},
): IDataObject[] {
	const prelude = fixture.standIn.prelude!;
	const pages: Array<{ cursor?: string; answer: ScriptedAnswer }> = [];
	let cursor: string | undefined;
	do {
		const query = { ...input.query, limit: size, ...(cursor === undefined ? {} : { cursor }) };
		const answer = prelude.handlers[route]({ params: input.params ?? {}, query, body: undefined });
		expect(answer.status).toBe(200);
		pages.push({ cursor, answer });
		cursor = (answer.body as IDataObject).next_cursor as string | undefined;
	} while (cursor !== undefined);
	for (const page of pages) {
		fixture.standIn.answerNext(
			page.answer,
			(r) =>
				(new URL(r.url, 'http://127.0.0.1').searchParams.get('cursor') ?? undefined) ===
				page.cursor,
		);
	}
	return pages.map((page) => page.answer.body as IDataObject);
}

/** Distinct E.164 numbers, one per item, in order: +14155551000, +14155551001, ... */
export function phoneItems(count: number): Array<{ phone: string }> {
	return Array.from({ length: count }, (_, i) => ({ phone: `+1415555${String(1000 + i)}` }));
}

/**
 * Options → Batching for one request at a time, in input order: for setups whose requests must
 * arrive in order (the stand-in lists what it was given in the order it arrived). Without Batching
 * the node may have several requests in flight, which arrive in any order.
 */
export const ONE_AT_A_TIME = { batching: { batch: { mode: 'fixed', batchSize: 1 } } };

/** The one request `match` accepts (requests in flight together arrive in any order). */
export function requestWhere(
	fixture: DingFixture,
	match: (request: RecordedRequest) => boolean,
): RecordedRequest {
	const found = fixture.standIn.requests.filter(match);
	expect(found).toHaveLength(1);
	return found[0];
}

/** A list sorted, for comparing what arrived in any order. */
export function sorted<T>(list: T[]): T[] {
	return [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
