import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { videoFactsJson } from '../media/videoFactsJson';
import { storeVideo } from '../transport/media/download';
import type { CallScope } from '../transport/client/session';
import { segmindApiError } from '../transport/client/apiError';
import { findVideo } from '../transport/media/videoSource';

export function numberOrNull(value: unknown): number | null {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

export function videoFileName(slug: string, requestId: string | undefined): string {
	return `${slug}-${requestId ?? Date.now()}.mp4`;
}

/**
 * Turns a completed v2 result into the output item: downloads the video into binary
 * storage and reports Segmind's metrics next to it.
 */
export async function completedVideoItem(
	scope: CallScope,
	slug: string,
	requestId: string,
	result: IDataObject,
	extra: { binaryPropertyName: string; json: IDataObject },
): Promise<INodeExecutionData> {
	const source = findVideo(result);
	if (!source) {
		throw segmindApiError(scope.ctx.getNode(), {
			message: 'The job completed but its result holds no video (no output URL or data)',
			itemIndex: scope.itemIndex,
			requestId,
		});
	}
	const fileName = videoFileName(slug, requestId);
	const video = await storeVideo(scope, source, fileName);
	const metrics = (result.metrics && typeof result.metrics === 'object' ? result.metrics : {}) as IDataObject;
	return {
		json: {
			model: slug,
			requestId,
			status: 'COMPLETED',
			videoUrl: source.kind === 'url' ? source.url : null,
			seed: numberOrNull(result.seed),
			cost: numberOrNull(metrics.cost),
			remainingCredits: numberOrNull(metrics.remaining_credits),
			generationSeconds: numberOrNull(metrics.inference_time),
			metrics,
			...extra.json,
			fileName: video.binary.fileName ?? fileName,
			fileSizeBytes: video.bytes,
			...videoFactsJson(video.facts),
		},
		binary: { [extra.binaryPropertyName]: video.binary },
		pairedItem: { item: scope.itemIndex },
	};
}
