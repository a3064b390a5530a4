// What a node can see of when n8n will end its run: the workflow's own "Timeout Workflow"
// setting and when the execution started. n8n's instance-wide EXECUTIONS_TIMEOUT (and a Cloud
// plan's cap) is not exposed to nodes: a run without the workflow setting has no known deadline.
import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError, nothingSent } from './inputErrors';

export interface RunDeadline {
	/** The workflow setting "Timeout Workflow" (`executionTimeout`), in seconds. */
	timeoutSeconds: number;
	/** When n8n cancels the run, ms since epoch. */
	at: number;
	/**
	 * False when n8n did not say when the execution started (n8n before getExecutionContext):
	 * then `at` counts from this node's start, and time spent by earlier nodes is not seen.
	 */
	startKnown: boolean;
}

/** The run's deadline from the workflow setting, or undefined when the workflow sets none. */
export function readRunDeadline(
	ctx: IExecuteFunctions,
	nodeStartedAt: number,
): RunDeadline | undefined {
	const timeoutSeconds = Number(ask(() => ctx.getWorkflowSettings?.()?.executionTimeout));
	// -1 (or no value) is n8n's "no timeout of this workflow's own".
	if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) return undefined;
	// n8n marks the execution's start once (kept across Wait nodes), just after it starts the
	// timeout's clock: a few milliseconds late at most, well inside the margin below.
	const established = ask(() => ctx.getExecutionContext?.()?.establishedAt);
	const startKnown =
		typeof established === 'number' && Number.isFinite(established) && established <= nodeStartedAt;
	const start = startKnown ? established : nodeStartedAt;
	return { timeoutSeconds, at: start + timeoutSeconds * 1000, startKnown };
}

/** A context that cannot answer (an older or partial one, e.g. a tool's) is one without the fact. */
function ask(question: () => unknown): unknown {
	try {
		return question();
	} catch {
		return undefined;
	}
}

/**
 * Kept free before the deadline for the result fetch and the video download, and for the
 * error item to come out: a tenth of the timeout, at least 5 s and at most 30 s.
 */
export function finishMarginMs(deadline: RunDeadline): number {
	return Math.min(30_000, Math.max(5_000, deadline.timeoutSeconds * 100));
}

/** When a wait must give up so that the node's own error still comes out: deadline less margin. */
export function stopWaitingAt(deadline: RunDeadline): number {
	return deadline.at - finishMarginMs(deadline);
}

const secs = (ms: number) => Math.max(0, Math.round(ms / 1000));

/**
 * Before a new paid job: if the model's typical time cannot fit in what is left of the run,
 * n8n would cancel the run while Segmind works on a job already paid. Refused, nothing sent.
 */
export function refuseJobPastDeadline(
	ctx: IExecuteFunctions,
	itemIndex: number,
	model: { slug: string; typicalSeconds: number },
	deadline: RunDeadline | undefined,
	now = Date.now(),
): void {
	if (!deadline) return;
	const left = stopWaitingAt(deadline) - now;
	if (model.typicalSeconds * 1000 <= left) return;
	const counted = deadline.startKnown
		? 'since the execution started'
		: 'counted from when this node started (n8n did not say when the execution started)';
	throw inputError(
		ctx.getNode(),
		itemIndex,
		`Item ${itemIndex}: ${model.slug} typically takes ${Math.round(model.typicalSeconds)} s, more than this workflow's timeout leaves: ${deadline.timeoutSeconds} s (workflow setting "Timeout Workflow"), ${secs(deadline.at - now)} s left ${counted}, less ${secs(finishMarginMs(deadline))} s kept for the download`,
		nothingSent(
			'n8n would cancel the run while Segmind works on the paid job. Use Submit now and Get Result in a later execution (e.g. Submit → Data Table, then a Schedule Trigger → Get Result; see the README "Long jobs under an execution cap"), or raise the workflow\'s timeout.',
		),
	);
}
