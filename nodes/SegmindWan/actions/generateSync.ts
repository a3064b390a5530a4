import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { storeVideo } from '../transport/media/download';
import type { StoredVideo } from '../transport/media/download';
import { runSynchronously } from '../transport/jobs/syncRun';
import { uploadInputs } from './mediaInputs';
import {
	NO_URL_NOTE,
	numberOrNull,
	urlVideoOutputItem,
	videoFileName,
	videoOutputItem,
} from './outputItem';
import { readRemoteVideo } from '../transport/media/remoteVideo';
import type { RemoteVideo } from '../transport/media/remoteVideo';
import { urlExpiry } from '../transport/media/urlExpiry';
import { identifyJob, rememberSyncAnswer, syncAnswerOfRunItem } from './paidJobs';
import type { PreparedJob } from './prepareItem';

/**
 * Generate Video in Synchronous mode: one open connection until the video arrives
 * (`POST /v1/{slug}`). A v1 request cannot be looked up later, so a Retry On Fail re-run can
 * avoid paying again only when the answer named the video's URL (JSON): that URL is
 * downloaded again. An answer that was the video itself, or a failure before the answer, is
 * paid again by a retry (README, "Money").
 */
export async function generateSynchronously(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	job: PreparedJob,
): Promise<INodeExecutionData> {
	const { model, options, itemIndex } = job;
	const { runItemKey } = identifyJob(ctx, session.endpoints.apiUrl, job);
	const fileName = (requestId: string | undefined) => videoFileName(model.slug, requestId);
	const earlier = syncAnswerOfRunItem(runItemKey);
	if (earlier) {
		const scope = itemScope(ctx, session, itemIndex, options.maxWaitMs, earlier.requestId);
		scope.synchronous = true;
		scope.video = options.video;
		const startedAt = Date.now();
		const source = { kind: 'url' as const, url: earlier.videoUrl };
		const video =
			options.video.output === 'url'
				? await readRemoteVideo(scope, earlier.videoUrl)
				: await storeVideo(scope, source, fileName(earlier.requestId));
		return syncItem(job, earlier, video, startedAt, true);
	}
	const body = await uploadInputs(ctx, session, job);
	const startedAt = Date.now();
	const scope = itemScope(ctx, session, itemIndex, options.maxWaitMs);
	scope.video = options.video;
	const outcome = await runSynchronously(scope, model.slug, body, {
		maxWaitMs: options.maxWaitMs,
		fileName,
		onVideoUrl: (answer) =>
			rememberSyncAnswer(runItemKey, {
				requestId: scope.requestId,
				videoUrl: answer.videoUrl,
				headers: answer.headers,
				answeredAt: Date.now(),
			}),
	});
	const video = outcome.video ?? (await readRemoteVideo(scope, outcome.videoUrl ?? '')); // URL Only
	return syncItem(
		job,
		{ requestId: scope.requestId, videoUrl: outcome.videoUrl, headers: outcome.headers },
		video,
		startedAt,
		false,
		body.seed,
	);
}

function syncItem(
	job: PreparedJob,
	answer: { requestId?: string; videoUrl?: string; headers: Record<string, string | undefined> },
	video: StoredVideo | RemoteVideo,
	startedAt: number,
	resumed: boolean,
	requestedSeed: IDataObject[string] = job.prepared.body.seed,
): INodeExecutionData {
	const { model, options } = job;
	const { headers } = answer;
	const head = {
		itemIndex: job.itemIndex,
		model: model.slug,
		requestId: answer.requestId ?? null,
		report: {
			videoUrl: answer.videoUrl ?? null,
			seed: numberOrNull(headers['x-seed-value']) ?? numberOrNull(requestedSeed),
			cost: numberOrNull(headers['x-cost']),
			remainingCredits: numberOrNull(headers['x-remaining-credits']),
			generationSeconds: numberOrNull(headers['x-generation-time']),
		},
		run: {
			executionMode: 'sync',
			elapsedSeconds: (Date.now() - startedAt) / 1000,
			...(resumed ? { resumedJob: 'retry' } : {}),
		},
		fileName: videoFileName(model.slug, answer.requestId),
	};
	if (!('binary' in video)) {
		const expiry = urlExpiry(answer.videoUrl ?? '');
		return urlVideoOutputItem({ ...head, remote: video, expiry });
	}
	return videoOutputItem({
		...head,
		binaryPropertyName: options.binaryPropertyName,
		video,
		note: options.video.output === 'url' ? NO_URL_NOTE : undefined,
	});
}
