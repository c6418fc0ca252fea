import { DingApi } from '../../credentials/DingApi.credentials';
import { PreludeApi } from '../../credentials/PreludeApi.credentials';
import { Ding } from '../../nodes/Ding/Ding.node';
import { DingTrigger } from '../../nodes/DingTrigger/DingTrigger.node';

/**
 * What n8n reads of the package, as sorted JSON, against the committed snapshot
 * (__snapshots__/description-unchanged.test.ts.snap): a change of layout must leave every
 * description, parameter, option value and default exactly as it was. A change meant to alter
 * what users see updates the snapshot on purpose (`npx jest -u test/node/description-unchanged`),
 * and the diff shows what changed.
 */
function sortedJson(value: unknown): string {
	return JSON.stringify(
		value,
		(_key, inner: unknown) =>
			inner && typeof inner === 'object' && !Array.isArray(inner)
				? Object.fromEntries(
						Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
					)
				: inner,
		1,
	);
}

test.each([
	['the Ding node', () => new Ding().description],
	['the Ding Trigger', () => new DingTrigger().description],
	['the Prelude API credential', () => new PreludeApi()],
	['the Ding API credential', () => new DingApi()],
])('%s is described as before', (_what, describe) => {
	expect(sortedJson(describe())).toMatchSnapshot();
});
