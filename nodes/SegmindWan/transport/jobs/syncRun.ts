// Jobs layer (on the client and media/): the synchronous run, one paid POST answered with the
// video.
import type { IDataObject } from 'n8n-workflow';

import { readAnswer } from '../client/answer';
import { answerError, cancelledError, failureError, segmindApiError } from '../client/apiError';
import { paidErrorHint } from '../client/errorHints';
import { isCancelled } from '../client/pause';
import { postPaidStream } from '../client/segmindClient';
import type { CallScope } from '../client/session';
import { joinUrl } from '../client/session';
import { header } from '../http/httpCall';
import { sanitiseFailure, TransportFailure } from '../http/transportFailure';
import type { StoredVideo } from '../media/download';
import { IDENTITY_ENCODING, notAVideoError, storeStream, storeVideo } from '../media/download';
import { findVideo } from '../media/videoSource';
import { NotAVideo } from '../media/videoStream';
import { unstoredVideoError } from '../media/mediaErrors';
import { logSubmittedJob } from './jobLog';

export interface SyncOutcome {
	/** Absent when Video Output is "URL Only" and Segmind answered with a URL (not downloaded). */
	video?: StoredVideo;
	videoUrl?: string;
	headers: Record<string, string | undefined>;
	body: IDataObject;
}

const REPORTED_HEADERS = [
	'x-request-id',
	'x-cost',
	'x-remaining-credits',
	'x-generation-time',
	'x-seed-value',
];

/**
 * `POST /v1/{slug}`: the connection stays open for the whole generation. The answer is either
 * the video itself (`video/*`), or JSON holding a URL or base64; the Content-Type decides.
 */
export async function runSynchronously(
	scope: CallScope,
	slug: string,
	body: IDataObject,
	options: {
		maxWaitMs: number;
		fileName: (requestId: string | undefined) => string;
		/**
		 * Told the video's URL (a JSON answer) before it is downloaded: a retry can download it
		 * again instead of paying for a new generation.
		 */
		onVideoUrl?: (outcome: Omit<SyncOutcome, 'video'> & { videoUrl: string }) => void;
	},
): Promise<SyncOutcome> {
	const url = joinUrl(scope.endpoints.apiUrl, `/v1/${slug}`);
	const response = await postPaidStream(scope, {
		url,
		body,
		timeoutMs: options.maxWaitMs,
		headers: IDENTITY_ENCODING,
	});
	const headers: Record<string, string | undefined> = {};
	for (const name of REPORTED_HEADERS) headers[name] = header(response, name);
	scope.requestId = headers['x-request-id'];
	logSubmittedJob(scope, slug, scope.requestId);
	scope.synchronous = true;

	const contentType = (header(response, 'content-type') ?? '').toLowerCase();
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	// The answer is read from a stream: a broken transfer must not escape as a raw stream error,
	// which can carry the request config (and its x-api-key). A resend would be paid again.
	const receive = async <T>(read: () => Promise<T>): Promise<T> => {
		try {
			return await read();
		} catch (failure) {
			if (failure instanceof NotAVideo)
				throw notAVideoError(scope, failure, `Segmind's answer from ${url}`);
			const unstored = unstoredVideoError(scope, failure);
			if (unstored) throw unstored;
			if (isCancelled(scope.ctx)) throw cancelledError(scope, sanitiseFailure(failure, url));
			const cause = failure instanceof TransportFailure ? failure : sanitiseFailure(failure, url);
			const extra = ok
				? ' while receiving the video. The generation ran (and was billed) but its answer arrived incomplete; it was not resent, to avoid paying twice.'
				: ` while reading Segmind's HTTP ${response.statusCode} answer`;
			throw failureError(scope, cause, extra, false);
		}
	};
	if (
		ok &&
		(contentType.startsWith('video/') || contentType.startsWith('application/octet-stream'))
	) {
		const video = await receive(
			async () => await storeStream(scope, response, options.fileName(scope.requestId)),
		);
		return { video, headers, body: {} };
	}

	const answer = await receive(async () => await readAnswer(response));
	const { json } = answer;
	scope.requestId ??= typeof json.request_id === 'string' ? json.request_id : undefined;
	if (!ok)
		throw answerError(scope, answer, {
			hint: paidErrorHint(response.statusCode),
			recoverable: false,
		});
	const source = findVideo(json);
	if (!source) {
		throw segmindApiError(scope.ctx.getNode(), {
			message: 'Segmind answered without a video (no URL, file or base64 in the response)',
			hint: 'The generation may have been billed.',
			itemIndex: scope.itemIndex,
			requestId: scope.requestId,
			recoverable: false,
		});
	}
	if (source.kind === 'url') options.onVideoUrl?.({ videoUrl: source.url, headers, body: json });
	if (source.kind === 'url' && scope.video?.output === 'url')
		return { videoUrl: source.url, headers, body: json };
	const video = await storeVideo(scope, source, options.fileName(scope.requestId));
	return { video, videoUrl: source.kind === 'url' ? source.url : undefined, headers, body: json };
}
