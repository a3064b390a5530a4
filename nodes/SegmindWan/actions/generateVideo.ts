import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { videoFactsJson } from '../media/videoFactsJson';
import type { ModelDeclaration } from '../models/types';
import { fetchResult, submitJob, waitForCompletion } from '../transport/jobs/asyncJob';
import type { CallScope, SegmindSession } from '../transport/client/session';
import { runSynchronously } from '../transport/jobs/syncRun';
import { completedVideoItem, numberOrNull, videoFileName } from './videoItem';

export type ExecutionMode = 'wait' | 'sync';

export interface GenerateOptions {
	mode: ExecutionMode;
	binaryPropertyName: string;
	maxWaitMs: number;
	/** Items in flight at once (the first item's setting applies to the whole run). */
	concurrency: number;
}

async function generateSynchronously(
	scope: CallScope,
	model: ModelDeclaration,
	body: IDataObject,
	options: GenerateOptions,
	startedAt: number,
): Promise<INodeExecutionData> {
	const fileName = (requestId: string | undefined) => videoFileName(model.slug, requestId);
	const outcome = await runSynchronously(scope, model.slug, body, { maxWaitMs: options.maxWaitMs, fileName });
	const { headers } = outcome;
	return {
		json: {
			model: model.slug,
			requestId: scope.requestId ?? null,
			status: 'COMPLETED',
			executionMode: 'sync',
			videoUrl: outcome.videoUrl ?? null,
			seed: numberOrNull(headers['x-seed-value']) ?? numberOrNull(body.seed),
			cost: numberOrNull(headers['x-cost']),
			remainingCredits: numberOrNull(headers['x-remaining-credits']),
			generationSeconds: numberOrNull(headers['x-generation-time']),
			elapsedSeconds: (Date.now() - startedAt) / 1000,
			fileName: outcome.video.binary.fileName ?? fileName(scope.requestId),
			fileSizeBytes: outcome.video.bytes,
			...videoFactsJson(outcome.video.facts),
		},
		binary: { [options.binaryPropertyName]: outcome.video.binary },
		pairedItem: { item: scope.itemIndex },
	};
}

/** Generates one item's video (sync, or submit and wait) as a binary item with the job's metadata. */
export async function generateVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	session: SegmindSession,
	model: ModelDeclaration,
	body: IDataObject,
	options: GenerateOptions,
): Promise<INodeExecutionData> {
	const startedAt = Date.now();
	// Waits Segmind asks for (429) end by Max Wait: counted from now for the submit, then from acceptance.
	const scope: CallScope = { ctx, itemIndex, ...session, deadline: startedAt + options.maxWaitMs };
	if (options.mode === 'sync') return await generateSynchronously(scope, model, body, options, startedAt);

	const job = await submitJob(scope, model.slug, body);
	scope.requestId = job.requestId;
	// The schedule counts from acceptance: time spent waiting out a 429 on submit is not job time.
	const submittedAt = Date.now();
	scope.deadline = submittedAt + options.maxWaitMs;
	const wait = await waitForCompletion(scope, job.statusUrl, {
		typicalMs: model.typicalSeconds * 1000,
		maxWaitMs: options.maxWaitMs,
		submittedAt,
	});
	const result = await fetchResult(scope, job.responseUrl);
	const item = await completedVideoItem(scope, model.slug, job.requestId, result, {
		binaryPropertyName: options.binaryPropertyName,
		json: {
			executionMode: 'wait',
			statusChecks: wait.statusChecks,
			waitedSeconds: wait.waitedMs / 1000,
			elapsedSeconds: (Date.now() - startedAt) / 1000,
		},
	});
	item.json.seed ??= numberOrNull(body.seed);
	return item;
}
