import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ModelDeclaration } from '../models/types';
import { fetchResult, submitJob, waitForCompletion } from '../transport/asyncJob';
import { storeVideo } from '../transport/download';
import type { CallScope, SegmindEndpoints } from '../transport/segmindCalls';
import { segmindApiError } from '../transport/segmindError';
import { runSynchronously } from '../transport/syncRun';
import { findVideo } from '../transport/videoSource';

export type ExecutionMode = 'wait' | 'sync';

export interface GenerateOptions {
	mode: ExecutionMode;
	binaryPropertyName: string;
	maxWaitMs: number;
}

function numberOrNull(value: unknown): number | null {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

export function videoFileName(slug: string, requestId: string | undefined): string {
	return `${slug}-${requestId ?? Date.now()}.mp4`;
}

/** Generates one item's video and returns it as a binary item with the job's metadata. */
export async function generateVideo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoints: SegmindEndpoints,
	model: ModelDeclaration,
	body: IDataObject,
	options: GenerateOptions,
): Promise<INodeExecutionData> {
	const scope: CallScope = { ctx, itemIndex, endpoints };
	const startedAt = Date.now();
	const fileName = (requestId: string | undefined) => videoFileName(model.slug, requestId);

	if (options.mode === 'sync') {
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
			},
			binary: { [options.binaryPropertyName]: outcome.video.binary },
			pairedItem: { item: itemIndex },
		};
	}

	const job = await submitJob(scope, model.slug, body);
	scope.requestId = job.requestId;
	const wait = await waitForCompletion(scope, job.statusUrl, {
		typicalMs: model.typicalSeconds * 1000,
		maxWaitMs: options.maxWaitMs,
		submittedAt: startedAt,
	});
	const result = await fetchResult(scope, job.responseUrl);
	const source = findVideo(result);
	if (!source) {
		throw segmindApiError(ctx.getNode(), {
			message: 'The job completed but its result holds no video (no output URL or data)',
			itemIndex,
			requestId: job.requestId,
		});
	}
	const video = await storeVideo(scope, source, fileName(job.requestId));
	const metrics = (result.metrics && typeof result.metrics === 'object' ? result.metrics : {}) as IDataObject;
	return {
		json: {
			model: model.slug,
			requestId: job.requestId,
			status: 'COMPLETED',
			executionMode: 'wait',
			videoUrl: source.kind === 'url' ? source.url : null,
			seed: numberOrNull(result.seed) ?? numberOrNull(body.seed),
			cost: numberOrNull(metrics.cost),
			remainingCredits: numberOrNull(metrics.remaining_credits),
			generationSeconds: numberOrNull(metrics.inference_time),
			metrics,
			statusChecks: wait.statusChecks,
			waitedSeconds: wait.waitedMs / 1000,
			elapsedSeconds: (Date.now() - startedAt) / 1000,
			fileName: video.binary.fileName ?? fileName(job.requestId),
			fileSizeBytes: video.bytes,
		},
		binary: { [options.binaryPropertyName]: video.binary },
		pairedItem: { item: itemIndex },
	};
}
