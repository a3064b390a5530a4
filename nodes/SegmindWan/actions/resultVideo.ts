import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { storeVideo } from '../transport/media/download';
import type { CallScope } from '../transport/client/session';
import { segmindApiError } from '../transport/client/apiError';
import { findVideo } from '../transport/media/videoSource';
import { numberOrNull, reportedCost, videoFileName, videoOutputItem } from './outputItem';

/**
 * Turns a completed v2 result into the output item: downloads the video into binary
 * storage and reports Segmind's metrics next to it.
 */
export async function completedVideoItem(
	scope: CallScope,
	slug: string,
	requestId: string,
	result: IDataObject,
	options: {
		binaryPropertyName: string;
		run?: IDataObject;
		/** The seed the request asked for, reported when the result names none. */
		requestedSeed?: unknown;
	},
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
	const metrics = (
		result.metrics && typeof result.metrics === 'object' ? result.metrics : {}
	) as IDataObject;
	return videoOutputItem({
		itemIndex: scope.itemIndex,
		binaryPropertyName: options.binaryPropertyName,
		model: slug,
		requestId,
		report: {
			videoUrl: source.kind === 'url' ? source.url : null,
			seed: numberOrNull(result.seed) ?? numberOrNull(options.requestedSeed),
			...reportedCost(metrics),
			generationSeconds: numberOrNull(metrics.inference_time),
			metrics,
		},
		run: options.run,
		video,
		fileName,
	});
}
