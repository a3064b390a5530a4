// Client layer (leaf): sleeping in slices that notice a cancelled execution.
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** Longest single sleep, so a cancelled execution is noticed within about half a second. */
const SLICE_MS = 500;

export function isCancelled(ctx: IExecuteFunctions): boolean {
	return ctx.getExecutionCancelSignal?.()?.aborted === true;
}

/** Sleeps `ms` (n8n's own `sleep`, in slices); resolves early and returns false if cancelled. */
export async function pause(ctx: IExecuteFunctions, ms: number): Promise<boolean> {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (isCancelled(ctx)) return false;
		await sleep(Math.min(SLICE_MS, until - Date.now()));
	}
	return !isCancelled(ctx);
}
