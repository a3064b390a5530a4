import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fetchResult, readJob, submitJob, waitForCompletion } from '../transport/jobs/asyncJob';
import type { WaitOutcome } from '../transport/jobs/asyncJob';
import type { CallScope, SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { uploadInputs } from './mediaInputs';
import { generateSynchronously } from './generateSync';
import type { PreparedJob } from './prepareItem';
import type { FoundBy, PaidJob } from './paidJobs';
import { findPaidJob, identifyJob, noteJobError, recordPaidJob } from './paidJobs';
import { completedVideoItem } from './resultVideo';

/**
 * Checks the job's status on a schedule until it completes, then downloads the video. A
 * resumed job (found by the paid-jobs record) is checked at once: it may be long finished.
 */
async function waitAndDeliver(
	scope: CallScope,
	job: PreparedJob,
	paid: PaidJob,
	startedAt: number,
	requestedSeed: unknown,
	resumedJob?: FoundBy,
): Promise<INodeExecutionData> {
	const { model, options } = job;
	scope.requestId = paid.requestId;
	scope.video = options.video;
	// Max Wait counts from acceptance; a resumed job gets a fresh Max Wait from now.
	const maxWaitMs = resumedJob
		? Date.now() - paid.submittedAt + options.maxWaitMs
		: options.maxWaitMs;
	scope.deadline = paid.submittedAt + maxWaitMs;
	let wait: WaitOutcome = { statusChecks: 0, waitedMs: 0 };
	const done = resumedJob && (await readJob(scope, paid.statusUrl)).state === 'COMPLETED';
	if (!done) {
		wait = await waitForCompletion(scope, paid.statusUrl, {
			typicalMs: model.typicalSeconds * 1000,
			maxWaitMs,
			submittedAt: paid.submittedAt,
		});
	}
	// COMPLETED from here: an error fetching the result says how to fetch it again.
	scope.jobFinished = true;
	const result = await fetchResult(scope, paid.responseUrl);
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
	// Before uploading: an earlier attempt's job (Retry On Fail, Retry execution) or, with the
	// reuse option, an identical job is resumed instead of paying for a new one.
	const { apiUrl } = session.endpoints;
	const identity = identifyJob(ctx, apiUrl, job);
	const found = findPaidJob(ctx, apiUrl, identity, job.options.reuseIdenticalJob);
	const deliver = async () => {
		if (found) {
			const scope = itemScope(ctx, session, job.itemIndex, job.options.maxWaitMs);
			return await waitAndDeliver(scope, job, found.job, Date.now(), requestedSeed, found.foundBy);
		}
		const body = await uploadInputs(ctx, session, job);
		const startedAt = Date.now();
		// Waits Segmind asks for (429) end by Max Wait: counted from now for the submit, then from
		// acceptance.
		const scope = itemScope(ctx, session, job.itemIndex, job.options.maxWaitMs);
		const submitted = await submitJob(scope, job.model.slug, body);
		const paid = recordPaidJob(ctx, identity, job.model.slug, submitted);
		return await waitAndDeliver(scope, job, paid, startedAt, requestedSeed);
	};
	// The error passes unchanged; a FAILED job is only taken out of the reuse index.
	return await deliver().catch(async (error: unknown) => {
		noteJobError(identity, error);
		return await Promise.reject(error);
	});
}
