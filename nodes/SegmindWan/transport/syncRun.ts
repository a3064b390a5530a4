import type { IDataObject } from 'n8n-workflow';

import type { StoredVideo } from './download';
import { storeStream, storeVideo } from './download';
import { header } from './httpCall';
import { jsonBody } from './jsonBody';
import type { CallScope } from './segmindCalls';
import { joinUrl, postPaid } from './segmindCalls';
import { segmindApiError } from './segmindError';
import { findVideo } from './videoSource';

export interface SyncOutcome {
	video: StoredVideo;
	videoUrl?: string;
	headers: Record<string, string | undefined>;
	body: IDataObject;
}

const REPORTED_HEADERS = ['x-request-id', 'x-cost', 'x-remaining-credits', 'x-generation-time', 'x-seed-value'];

/**
 * `POST /v1/{slug}`: the connection stays open for the whole generation. The answer is either
 * the video itself (`video/*`), or JSON holding a URL or base64; the Content-Type decides.
 */
export async function runSynchronously(
	scope: CallScope,
	slug: string,
	body: IDataObject,
	options: { maxWaitMs: number; fileName: (requestId: string | undefined) => string },
): Promise<SyncOutcome> {
	const response = await postPaid(scope, joinUrl(scope.endpoints.apiUrl, `/v1/${slug}`), body, {
		timeoutMs: options.maxWaitMs,
		stream: true,
	});
	const headers: Record<string, string | undefined> = {};
	for (const name of REPORTED_HEADERS) headers[name] = header(response, name);
	scope.requestId = headers['x-request-id'];

	const contentType = (header(response, 'content-type') ?? '').toLowerCase();
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (ok && (contentType.startsWith('video/') || contentType.startsWith('application/octet-stream'))) {
		const video = await storeStream(scope, response, options.fileName(scope.requestId));
		return { video, headers, body: {} };
	}

	const { json, raw } = await jsonBody(response);
	scope.requestId ??= typeof json.request_id === 'string' ? json.request_id : undefined;
	if (!ok) {
		throw segmindApiError(scope.ctx.getNode(), {
			statusCode: response.statusCode,
			body: raw,
			itemIndex: scope.itemIndex,
			requestId: scope.requestId,
		});
	}
	const source = findVideo(json);
	if (!source) {
		throw segmindApiError(scope.ctx.getNode(), {
			message: 'Segmind answered without a video (no URL, file or base64 in the response)',
			hint: 'The generation may have been billed.',
			itemIndex: scope.itemIndex,
			requestId: scope.requestId,
		});
	}
	const video = await storeVideo(scope, source, options.fileName(scope.requestId));
	return { video, videoUrl: source.kind === 'url' ? source.url : undefined, headers, body: json };
}
