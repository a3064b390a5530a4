import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { platformFits } from '../videoFacts/platformFit';
import { videoFactsJson } from '../videoFacts/videoFactsJson';
import type { StoredVideo } from '../transport/media/download';
import type { RemoteVideo } from '../transport/media/remoteVideo';
import type { UrlExpiry } from '../transport/media/urlExpiry';

export function numberOrNull(value: unknown): number | null {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/**
 * `cost` and `remainingCredits` from a v2 `metrics` object (result, status or submit answer),
 * null where Segmind did not report them.
 */
export function reportedCost(metrics: unknown): {
	cost: number | null;
	remainingCredits: number | null;
} {
	const record = (metrics && typeof metrics === 'object' ? metrics : {}) as IDataObject;
	return {
		cost: numberOrNull(record.cost),
		remainingCredits: numberOrNull(record.remaining_credits),
	};
}

export function videoFileName(slug: string, requestId: string | undefined): string {
	return `${slug}-${requestId ?? Date.now()}.mp4`;
}

/** What Segmind said about a finished generation: the synchronous answer's headers, or the v2 result. */
export interface SegmindReport {
	videoUrl: string | null;
	seed: number | null;
	cost: number | null;
	remainingCredits: number | null;
	generationSeconds: number | null;
	/** The v2 result's metrics as Segmind sent them (submitted jobs only). */
	metrics?: IDataObject;
}

export interface VideoOutput {
	itemIndex: number;
	binaryPropertyName: string;
	model: string;
	requestId: string | null;
	report: SegmindReport;
	/** How Generate Video ran the job: executionMode, then e.g. statusChecks and elapsedSeconds. */
	run?: IDataObject;
	video: StoredVideo;
	/** The file name to report when n8n stored the binary without one. */
	fileName: string;
	/** Why the video is binary although Video Output is "URL Only" (Segmind sent no URL). */
	note?: string;
}

/**
 * The output item of a finished video, the same for Generate Video (both modes) and Get
 * Result: the job, Segmind's report, how it ran, then the stored file and its video facts.
 */
export function videoOutputItem(output: VideoOutput): INodeExecutionData {
	const { video } = output;
	return {
		json: {
			...reportJson(output),
			fileName: video.binary.fileName ?? output.fileName,
			fileSizeBytes: video.bytes,
			...videoFactsJson(video.facts),
			platforms: platformFits(video.facts, video.bytes),
			...(output.note ? { videoOutput: 'binary', videoOutputNote: output.note } : {}),
		},
		binary: { [output.binaryPropertyName]: video.binary },
		pairedItem: { item: output.itemIndex },
	};
}

export type UrlVideoOutput = Omit<VideoOutput, 'video' | 'binaryPropertyName' | 'note'> & {
	remote: RemoteVideo;
	expiry: UrlExpiry;
};

/**
 * Video Output "URL Only": the same head as a stored video's item, then Segmind's URL to hand on,
 * its size and facts as far as byte ranges told them, and its expiry as far as the URL states
 * one. No binary: nothing was downloaded.
 */
export function urlVideoOutputItem(output: UrlVideoOutput): INodeExecutionData {
	const { remote, expiry } = output;
	return {
		json: {
			...reportJson(output),
			videoOutput: 'url',
			fileName: output.fileName,
			fileSizeBytes: remote.bytes,
			videoUrlExpiresAt: expiry.expiresAt,
			videoUrlExpiry: expiry.basis,
			...videoFactsJson(remote.facts),
			platforms: platformFits(remote.facts, remote.bytes),
		},
		pairedItem: { item: output.itemIndex },
	};
}

/** Said on a binary item when Video Output is "URL Only" but Segmind sent the video itself. */
export const NO_URL_NOTE =
	'Video Output is "URL Only", but Segmind sent the video itself (no URL), so it was stored as binary.';

/** The job, Segmind's report and how it ran: the head of every finished video's item. */
function reportJson(
	output: Pick<VideoOutput, 'model' | 'requestId' | 'report' | 'run'>,
): IDataObject {
	const { report, run } = output;
	return {
		model: output.model,
		requestId: output.requestId,
		status: 'COMPLETED',
		// A synchronous run names its mode before Segmind's report: the key order as released.
		...(run?.executionMode === 'sync' ? { executionMode: run.executionMode } : {}),
		videoUrl: report.videoUrl,
		seed: report.seed,
		cost: report.cost,
		remainingCredits: report.remainingCredits,
		generationSeconds: report.generationSeconds,
		...(report.metrics ? { metrics: report.metrics } : {}),
		...run,
	};
}
