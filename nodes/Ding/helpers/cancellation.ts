import type { IExecuteFunctions } from 'n8n-workflow';

/** The execution's cancel signal, where the running n8n has one (n8n 1.x has it too). */
export function cancelSignalOf(context: IExecuteFunctions): AbortSignal | undefined {
	return typeof context.getExecutionCancelSignal === 'function'
		? context.getExecutionCancelSignal()
		: undefined;
}

/** Waits `ms`, or less when `cancel` fires meanwhile: a cancelled run never sits out a wait. */
export async function pause(ms: number, cancel: AbortSignal | undefined): Promise<void> {
	const timer = AbortSignal.timeout(Math.max(0, Math.ceil(ms)));
	const signal = cancel ? AbortSignal.any([timer, cancel]) : timer;
	if (signal.aborted) return;
	await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
}
