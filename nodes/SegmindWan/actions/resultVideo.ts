import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { storeVideo } from '../transport/media/download';
import type { CallScope } from '../transport/client/session';
import { segmindApiError } from '../transport/client/apiError';
import { readRemoteVideo } from '../transport/media/remoteVideo';
import { urlExpiry } from '../transport/media/urlExpiry';
import { findVideo } from '../transport/media/videoSource';
import type { SegmindReport } from './outputItem';
import {
	NO_URL_NOTE,
	numberOrNull,
	reportedCost,
	urlVideoOutputItem,
	videoFileName,
	videoOutputItem,
} from './outputItem';

/**
 * Turns a completed v2 result into the output item: downloads the video into binary
 * storage (or, with Video Output "URL Only", reads only its first bytes) and reports Segmind's
 * metrics next to it.
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
	// From here on the job is done and paid: errors say how to fetch it again.
	scope.jobFinished = true;
	const source = findVideo(result);
	if (!source) {
		throw segmindApiError(scope.ctx.getNode(), {
			message: 'The job completed but its result holds no video (no output URL or data)',
			itemIndex: scope.itemIndex,
			requestId,
		});
	}
	const fileName = videoFileName(slug, requestId);
	const metrics = (
		result.metrics && typeof result.metrics === 'object' ? result.metrics : {}
	) as IDataObject;
	const report: SegmindReport = {
		videoUrl: source.kind === 'url' ? source.url : null,
		seed: numberOrNull(result.seed) ?? numberOrNull(options.requestedSeed),
		...reportedCost(metrics),
		generationSeconds: numberOrNull(metrics.inference_time),
		metrics,
	};
	const head = { itemIndex: scope.itemIndex, model: slug, requestId, report, run: options.run };
	const urlOnly = scope.video?.output === 'url';
	if (urlOnly && source.kind === 'url') {
		const remote = await readRemoteVideo(scope, source.url);
		return urlVideoOutputItem({ ...head, fileName, remote, expiry: urlExpiry(source.url) });
	}
	const video = await storeVideo(scope, source, fileName);
	return videoOutputItem({
		...head,
		binaryPropertyName: options.binaryPropertyName,
		video,
		fileName,
		note: urlOnly ? NO_URL_NOTE : undefined,
	});
}
