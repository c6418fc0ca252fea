/** The most feedbacks or events Prelude's Watch API takes in one request. */
export const WATCH_BATCH_LIMIT = 100;

/** "item 3" or "items 0 to 99": the items one gathered request carried, for its errors. */
export function describeItems(itemIndexes: number[]): string {
	if (itemIndexes.length === 1) return `item ${itemIndexes[0]}`;
	const first = itemIndexes[0];
	const last = itemIndexes[itemIndexes.length - 1];
	const contiguous = last - first === itemIndexes.length - 1;
	return contiguous
		? `items ${first} to ${last}`
		: `items ${itemIndexes.slice(0, 5).join(', ')}${itemIndexes.length > 5 ? ` and ${itemIndexes.length - 5} more` : ''}`;
}
