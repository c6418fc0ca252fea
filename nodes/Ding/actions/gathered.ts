import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { runLimited } from '../run/batching';
import { cancelSignalOf } from '../run/cancellation';
import { RunHalted } from '../run/pace';
import type { Batching } from '../run/settings';

import type { Gathered } from './node.type';
import type { ItemOutcome, Prepared } from './outcome';
import { itemError, paired } from './outcome';

/**
 * Items whose API takes many entries per request (see Gathered), once prepared: up to `max`
 * entries go per request, under the same Batching as single requests, and a request's answer or
 * error is the outcome of each of its items.
 */
export async function runGathered(
	context: IExecuteFunctions,
	outcomes: Array<ItemOutcome | undefined>,
	ready: Array<Prepared<IDataObject>>,
	gathered: Gathered,
	batching: Batching,
	stopsRun: (outcome: ItemOutcome | undefined) => boolean,
): Promise<Array<ItemOutcome | undefined>> {
	const requests: Array<typeof ready> = [];
	for (let start = 0; start < ready.length; start += gathered.max) {
		requests.push(ready.slice(start, start + gathered.max));
	}
	const answers = await runLimited(
		requests.length,
		batching,
		async (request): Promise<ItemOutcome | undefined> => {
			const itemIndexes = requests[request].map((entry) => entry.itemIndex);
			const entries = requests[request].map((entry) => entry.value);
			try {
				const answer = await gathered.send.call(context, entries, itemIndexes);
				return { ok: true, data: [{ json: answer }] };
			} catch (caught) {
				if (caught instanceof RunHalted) return undefined;
				return { ok: false, error: itemError(context, caught, itemIndexes[0]) };
			}
		},
		stopsRun,
		cancelSignalOf(context),
	);
	for (const [request, answer] of answers.entries()) {
		if (answer === undefined) continue;
		for (const { itemIndex } of requests[request]) {
			// Each item its own copy of the answer: a later node that changes one changes only it.
			outcomes[itemIndex] = answer.ok
				? { ok: true, data: paired(context, { ...answer.data[0].json }, itemIndex) }
				: answer;
		}
	}
	return outcomes;
}
