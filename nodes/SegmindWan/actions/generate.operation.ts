import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	fetchResult,
	isForgotten,
	readJob,
	submitJob,
	waitForCompletion,
} from '../transport/jobs/asyncJob';
import type { WaitLimit, WaitOutcome } from '../transport/jobs/asyncJob';
import type { CallScope, SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { segmindApiError } from '../transport/client/apiError';
import { uploadInputs } from './mediaInputs';
import { generateSynchronously } from './generateSync';
import { resultFromHistory } from './historyResult';
import type { PreparedJob } from './prepareItem';
import type { FoundBy, PaidJob } from './paidJobs';
import { findPaidJob, identifyJob, noteJobError, recordPaidJob } from './paidJobs';
import { completedVideoItem } from './resultVideo';
import type { RunDeadline } from './runDeadline';
import { readRunDeadline, refuseJobPastDeadline, stopWaitingAt } from './runDeadline';

/**
 * Max Wait, shortened when the run's deadline comes first: the wait then ends early enough for
 * the node's own error (with the request ID) to come out before n8n cancels the run.
 */
function waitBudget(
	maxWaitMs: number,
	submittedAt: number,
	deadline: RunDeadline | undefined,
): { maxWaitMs: number; limit: WaitLimit } {
	if (!deadline) return { maxWaitMs, limit: {} };
	const untilStop = stopWaitingAt(deadline) - submittedAt;
	return untilStop < maxWaitMs
		? { maxWaitMs: untilStop, limit: { runTimeoutSeconds: deadline.timeoutSeconds } }
		: { maxWaitMs, limit: {} };
}

/**
 * Checks the job's status on a schedule until it completes, then downloads the video. A
 * resumed job (found by the paid-jobs record) is checked at once: it may be long finished.
 * A job /v2/requests has forgotten (its hour) is read from the account history.
 */
async function waitAndDeliver(
	scope: CallScope,
	job: PreparedJob,
	paid: PaidJob,
	startedAt: number,
	requestedSeed: unknown,
	deadline: RunDeadline | undefined,
	resumedJob?: FoundBy,
): Promise<INodeExecutionData> {
	const { model, options } = job;
	scope.requestId = paid.requestId;
	scope.video = options.video;
	// Max Wait counts from acceptance; a resumed job gets a fresh Max Wait from now.
	const budget = waitBudget(
		resumedJob ? Date.now() - paid.submittedAt + options.maxWaitMs : options.maxWaitMs,
		paid.submittedAt,
		deadline,
	);
	scope.deadline = paid.submittedAt + budget.maxWaitMs;
	let wait: WaitOutcome = { statusChecks: 0, waitedMs: 0 };
	const first = resumedJob && (await readJob(scope, paid.statusUrl).catch(forgottenAsNull));
	// A forgotten job (null) is followed through the history by the wait below.
	if (!first || first.state !== 'COMPLETED') {
		wait = await waitForCompletion(scope, paid.statusUrl, {
			typicalMs: model.typicalSeconds * 1000,
			maxWaitMs: budget.maxWaitMs,
			submittedAt: paid.submittedAt,
			limit: budget.limit,
		});
	}
	// COMPLETED from here (unless forgotten and followed through the history): an error fetching
	// the result says how to fetch it again.
	if (!wait.forgotten) scope.jobFinished = true;
	const result = wait.forgotten
		? null
		: await fetchResult(scope, paid.responseUrl).catch(forgottenAsNull);
	if (!result) return await videoFromHistory(scope, paid.requestId, options.binaryPropertyName);
	return await completedVideoItem(scope, model.slug, paid.requestId, result, {
		binaryPropertyName: options.binaryPropertyName,
		run: {
			executionMode: 'wait',
			statusChecks: wait.statusChecks + (resumedJob ? 1 : 0),
			waitedSeconds: wait.waitedMs / 1000,
			elapsedSeconds: (Date.now() - startedAt) / 1000,
			...(resumedJob ? { resumedJob } : {}),
		},
		requestedSeed,
	});
}

/** The video of a job /v2/requests no longer knows, once it ended: the history's record of it. */
async function videoFromHistory(scope: CallScope, requestId: string, binaryPropertyName: string) {
	const item = await resultFromHistory(scope, requestId, binaryPropertyName);
	if (item.json.done === true) return item;
	// /v2/requests said it ended, its history record says it runs: no video to hand on.
	throw segmindApiError(scope.ctx.getNode(), {
		message: `Segmind's history says ${String(item.json.status)} for a job reported finished`,
		itemIndex: scope.itemIndex,
		requestId,
	});
}

function forgottenAsNull(error: unknown): null {
	if (isForgotten(error)) return null;
	throw error;
}

/**
 * Operation "Generate Video": uploads the item's binary inputs, generates its video (sync, or
 * submit and wait) and outputs it as a binary item with the job's metadata.
 */
export async function execute(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	job: PreparedJob,
): Promise<INodeExecutionData> {
	const requestedSeed = job.prepared.body.seed;
	if (job.options.mode === 'sync') return await generateSynchronously(ctx, session, job);
	const deadline = readRunDeadline(ctx, session.startedAt ?? Date.now());
	// Before uploading: an earlier attempt's job (Retry On Fail, Retry execution) or, with the
	// reuse option, an identical job is resumed instead of paying for a new one.
	const { apiUrl } = session.endpoints;
	const identity = identifyJob(ctx, apiUrl, job);
	const found = findPaidJob(ctx, apiUrl, identity, job.options.reuseIdenticalJob);
	const deliver = async () => {
		if (found) {
			const scope = itemScope(ctx, session, job.itemIndex, job.options.maxWaitMs);
			const { foundBy } = found;
			return await waitAndDeliver(
				scope,
				job,
				found.job,
				Date.now(),
				requestedSeed,
				deadline,
				foundBy,
			);
		}
		// A job the run's timeout would cut is refused before the upload, and again before the
		// submit (an upload takes time).
		refuseJobPastDeadline(ctx, job.itemIndex, job.model, deadline);
		const body = await uploadInputs(ctx, session, job);
		refuseJobPastDeadline(ctx, job.itemIndex, job.model, deadline);
		const startedAt = Date.now();
		// Waits Segmind asks for (429) end by Max Wait: counted from now for the submit, then from
		// acceptance.
		const scope = itemScope(ctx, session, job.itemIndex, job.options.maxWaitMs);
		const submitted = await submitJob(scope, job.model.slug, body);
		const paid = recordPaidJob(ctx, identity, job.model.slug, submitted);
		return await waitAndDeliver(scope, job, paid, startedAt, requestedSeed, deadline);
	};
	// The error passes unchanged; a FAILED job is only taken out of the reuse index.
	return await deliver().catch(async (error: unknown) => {
		noteJobError(identity, error);
		return await Promise.reject(error);
	});
}
