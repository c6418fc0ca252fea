import type { Uncertainty } from '../../../transport/errors';

/** A message that may have gone out is never sent again by a retry. */
export const MESSAGE_NOT_REPEATABLE: Uncertainty = {
	outcome: 'the message may or may not have been sent',
	howToCheck:
		'Look the message up in the Prelude dashboard (Notify → Logs) before running this item again, or the recipient may get it twice.',
};
