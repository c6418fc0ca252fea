import type { IExecuteFunctions } from 'n8n-workflow';

/** The execution's cancel signal, where the running n8n has one (n8n 1.x has it too). */
export function cancelSignalOf(context: IExecuteFunctions): AbortSignal | undefined {
	return typeof context.getExecutionCancelSignal === 'function'
		? context.getExecutionCancelSignal()
		: undefined;
}

/**
 * The longest delay Node.js keeps for a timer (2^31 - 1 ms, about 24.8 days): a longer one is
 * replaced by 1 ms, so a huge Retry-After or Timeout would turn a wait into a busy loop.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` as a timer can take it: whole milliseconds, at least `min`, at most MAX_TIMER_MS. */
export function timerMs(ms: number, min = 0): number {
	return Math.min(MAX_TIMER_MS, Math.max(min, Math.ceil(ms)));
}

/**
 * Waits `ms` (at most MAX_TIMER_MS), or less when `cancel` fires meanwhile: a cancelled run never
 * sits out a wait.
 */
export async function pause(ms: number, cancel: AbortSignal | undefined): Promise<void> {
	const timer = AbortSignal.timeout(timerMs(ms));
	const signal = cancel ? AbortSignal.any([timer, cancel]) : timer;
	if (signal.aborted) return;
	await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
}
