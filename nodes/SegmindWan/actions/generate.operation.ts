import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fetchResult, submitJob, waitForCompletion } from '../transport/jobs/asyncJob';
import type { CallScope, SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { runSynchronously } from '../transport/jobs/syncRun';
import { uploadInputs } from './mediaInputs';
import { numberOrNull, videoFileName, videoOutputItem } from './outputItem';
import type { PreparedJob } from './prepareItem';
import { completedVideoItem } from './resultVideo';

/** One open connection until the video arrives (`POST /v1/{slug}`). */
async function generateSynchronously(
	scope: CallScope,
	job: PreparedJob,
	body: IDataObject,
	startedAt: number,
): Promise<INodeExecutionData> {
	const { model, options } = job;
	const fileName = (requestId: string | undefined) => videoFileName(model.slug, requestId);
	const outcome = await runSynchronously(scope, model.slug, body, {
		maxWaitMs: options.maxWaitMs,
		fileName,
	});
	const { headers } = outcome;
	return videoOutputItem({
		itemIndex: scope.itemIndex,
		binaryPropertyName: options.binaryPropertyName,
		model: model.slug,
		requestId: scope.requestId ?? null,
		report: {
			videoUrl: outcome.videoUrl ?? null,
			seed: numberOrNull(headers['x-seed-value']) ?? numberOrNull(body.seed),
			cost: numberOrNull(headers['x-cost']),
			remainingCredits: numberOrNull(headers['x-remaining-credits']),
			generationSeconds: numberOrNull(headers['x-generation-time']),
		},
		run: { executionMode: 'sync', elapsedSeconds: (Date.now() - startedAt) / 1000 },
		video: outcome.video,
		fileName: fileName(scope.requestId),
	});
}

/** Submits the job, checks its status on a schedule until it completes, then downloads the video. */
async function submitAndWait(
	scope: CallScope,
	job: PreparedJob,
	body: IDataObject,
	startedAt: number,
): Promise<INodeExecutionData> {
	const { model, options } = job;
	const submitted = await submitJob(scope, model.slug, body);
	scope.requestId = submitted.requestId;
	// The schedule counts from acceptance: time spent waiting out a 429 on submit is not job time.
	const submittedAt = Date.now();
	scope.deadline = submittedAt + options.maxWaitMs;
	const wait = await waitForCompletion(scope, submitted.statusUrl, {
		typicalMs: model.typicalSeconds * 1000,
		maxWaitMs: options.maxWaitMs,
		submittedAt,
	});
	const result = await fetchResult(scope, submitted.responseUrl);
	return await completedVideoItem(scope, model.slug, submitted.requestId, result, {
		binaryPropertyName: options.binaryPropertyName,
		run: {
			executionMode: 'wait',
			statusChecks: wait.statusChecks,
			waitedSeconds: wait.waitedMs / 1000,
			elapsedSeconds: (Date.now() - startedAt) / 1000,
		},
		requestedSeed: body.seed,
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
	const body = await uploadInputs(ctx, session, job);
	const startedAt = Date.now();
	// Waits Segmind asks for (429) end by Max Wait: counted from now for the submit, then from
	// acceptance.
	const scope = itemScope(ctx, session, job.itemIndex, job.options.maxWaitMs);
	return job.options.mode === 'sync'
		? await generateSynchronously(scope, job, body, startedAt)
		: await submitAndWait(scope, job, body, startedAt);
}
