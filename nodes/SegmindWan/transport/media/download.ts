// Media layer: the finished video into n8n's binary storage (a public URL, no key; or inline
// bytes).
import type { IBinaryData } from 'n8n-workflow';

import type { VideoFactsResult } from '../../videoFacts/mp4/videoFacts';

import { cancelledError, failureError, segmindApiError } from '../client/apiError';
import { isCancelled } from '../client/pause';
import {
	backoffMs,
	IDEMPOTENT_RETRY,
	TRANSIENT_CODES,
	TRANSIENT_STATUSES,
} from '../client/retryPolicy';
import { waitOrCancel } from '../client/segmindClient';
import type { CallScope } from '../client/session';
import type { HttpResult } from '../http/httpCall';
import { header, httpCall } from '../http/httpCall';
import { discardStream, readPrefix } from '../http/readAll';
import { sanitiseFailure, TransportFailure } from '../http/transportFailure';
import type { BodyLimit } from './videoStream';
import {
	bodyMayBeDecoded,
	nonVideoContentType,
	NotAVideo,
	signatureMimeType,
	VideoCutShort,
	videoStream,
} from './videoStream';
import type { VideoSource } from './videoSource';
import { unstoredVideoError } from './mediaErrors';
import { refusedBy, sizeGuard, StoreRefused, tighter, VideoTooLarge } from './videoLimits';

const DOWNLOAD_ATTEMPTS = 4;
/**
 * Idle limit on the download socket, and the deadline for its headers and any error body; the
 * video itself is bounded by the stall rule (http/stallWatch.ts), since it may take minutes.
 */
const DOWNLOAD_TIMEOUT_MS = 120_000;

type BinaryInput = Parameters<CallScope['ctx']['helpers']['prepareBinaryData']>[0];

export interface StoredVideo {
	binary: IBinaryData;
	bytes: number;
	facts: VideoFactsResult;
}

/** Bytes n8n stored; `bytes` is set by n8n's binary data service in every mode we support. */
function storedBytes(binary: IBinaryData, fallback: number | undefined): number | undefined {
	return typeof binary.bytes === 'number' ? binary.bytes : fallback;
}

/**
 * Decoded bytes a compressed video body may reach per encoded byte (plus a MiB of slack): MP4
 * and WebM are compressed already and barely shrink under gzip, so a body that inflates far
 * more is not a video (a 1000:1 bomb would otherwise fill the binary store).
 */
export const MAX_INFLATION_RATIO = 10;
/** Most decoded bytes of a compressed body of unknown length: far above any Wan video. */
export const MAX_DECODED_VIDEO_BYTES = 2 * 1024 ** 3;

/**
 * The cap on a body that may be decoded (compressed); none for one known to be raw (its bytes
 * are the wire's). On n8n 2.x every body may be (bodyMayBeDecoded), so a raw one gets the cap
 * too: its Content-Length times the ratio, never reached, or, without one, more than any video.
 */
function decodedLimit(response: HttpResult): BodyLimit | undefined {
	if (!bodyMayBeDecoded(response)) return undefined;
	const encoded = Number(header(response, 'content-length'));
	if (Number.isFinite(encoded) && encoded > 0) {
		return {
			maxBytes: encoded * MAX_INFLATION_RATIO + 1024 * 1024,
			reason: `its ${encoded} compressed bytes inflate more than ${MAX_INFLATION_RATIO} times; real videos barely compress`,
		};
	}
	return {
		maxBytes: MAX_DECODED_VIDEO_BYTES,
		reason: `its body, without a Content-Length and perhaps compressed, passed ${MAX_DECODED_VIDEO_BYTES} bytes, more than any video`,
	};
}

/** Asked of every server sending a video: its Content-Length then counts the bytes we store. */
export const IDENTITY_ENCODING: Readonly<Record<string, string>> = Object.freeze({
	'accept-encoding': 'identity',
});

/**
 * Streams an HTTP video body through the checking stage (videoStream.ts) into n8n's binary
 * storage (no full copy in our memory), and rejects it if fewer bytes arrived than an
 * unencoded body's Content-Length promised. Throws NotAVideo for a page or document.
 */
export async function storeStream(
	scope: CallScope,
	response: HttpResult,
	fileName: string,
): Promise<StoredVideo> {
	const nonVideo = nonVideoContentType(response);
	if (nonVideo) {
		// A few KiB at most, then dropped: a refused page may be a gzip bomb or never end.
		await readPrefix(response.body);
		throw new NotAVideo(`its content type is ${nonVideo}`);
	}
	const expected = bodyMayBeDecoded(response)
		? Number.NaN
		: Number(header(response, 'content-length'));
	const maxBytes = scope.video?.maxBytes ?? null;
	// Refused before a byte is read; an unstated size is counted while streaming. A compressed
	// body's Content-Length counts encoded bytes, and a video inflates, never shrinks, much.
	const stated = Number(header(response, 'content-length'));
	if (maxBytes !== null && stated > maxBytes) {
		discardStream(response.body);
		throw new VideoTooLarge(stated, true, maxBytes);
	}
	const guard = maxBytes !== null ? sizeGuard(maxBytes) : undefined;
	// A large video may take minutes: from here the stall rule (videoStream) bounds it, not the
	// call's total deadline.
	response.endDeadline?.();
	const video = videoStream(response.body, tighter(decodedLimit(response), guard));
	let binary: IBinaryData;
	try {
		binary = await scope.ctx.helpers.prepareBinaryData(
			video.stream as BinaryInput,
			fileName,
			'video/mp4',
		);
	} catch (error) {
		discardStream(response.body);
		throw storageFailure(error, video.sourceFailed());
	}
	const bytes = storedBytes(binary, video.bytes());
	if (Number.isFinite(expected) && expected > 0 && bytes !== undefined && bytes !== expected) {
		throw new TransportFailure(
			`Video transfer was cut short (${bytes} of ${expected} bytes)`,
			'ERR_STREAM_PREMATURE_CLOSE',
			false,
		);
	}
	return { binary, bytes: bytes ?? 0, facts: video.facts() };
}

/**
 * What a failed store means: not a video or above the size limit (no retry helps), cut short
 * by its own boxes (a broken transfer, retried like one), the body's own failure (the socket),
 * or else n8n's store refusing or failing to write (StoreRefused, never "request failed").
 */
function storageFailure(error: unknown, sourceFailed: boolean): unknown {
	const reason = [error, (error as { cause?: unknown })?.cause].find(
		(candidate) =>
			candidate instanceof NotAVideo ||
			candidate instanceof VideoCutShort ||
			candidate instanceof VideoTooLarge,
	);
	if (reason instanceof VideoCutShort)
		return new TransportFailure(reason.message, 'ERR_STREAM_PREMATURE_CLOSE', false);
	return reason ?? (sourceFailed ? error : new StoreRefused(error));
}

/** "The file at <url> is not a video": no retry helps, and an item would be a lie. */
export function notAVideoError(scope: CallScope, reason: NotAVideo, where: string) {
	return segmindApiError(scope.ctx.getNode(), {
		message: `${where} is not a video (${reason.message})`,
		hint: 'Segmind (or something between) sent a page or document instead of the video; no item was made from it.',
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
		recoverable: !scope.synchronous,
		finished: scope.jobFinished,
	});
}

export async function storeInline(
	scope: CallScope,
	data: Buffer,
	fileName: string,
	mimeType: string,
): Promise<StoredVideo> {
	const checked = videoStream(data);
	const maxBytes = scope.video?.maxBytes ?? null;
	if (maxBytes !== null && data.length > maxBytes)
		throw new VideoTooLarge(data.length, true, maxBytes);
	let binary: IBinaryData;
	try {
		// The checked signature names the type, whatever the answer's label said (data:text/html…).
		binary = await scope.ctx.helpers.prepareBinaryData(
			checked.stream as Buffer,
			fileName,
			signatureMimeType(data) ?? mimeType,
		);
	} catch (error) {
		throw refusedBy(error);
	}
	return { binary, bytes: storedBytes(binary, data.length) ?? data.length, facts: checked.facts() };
}

/**
 * Fetches the finished video from its public URL, without the API key. A broken or short
 * transfer is retried from the start (bounded); a truncated file is never emitted.
 */
export async function downloadVideo(
	scope: CallScope,
	url: string,
	fileName: string,
): Promise<StoredVideo> {
	let lastFailure: unknown;
	for (let attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
		if (isCancelled(scope.ctx)) throw cancelledError(scope);
		if (attempt > 1) await waitOrCancel(scope, backoffMs(IDEMPOTENT_RETRY, attempt - 1));
		let response: HttpResult;
		try {
			response = await httpCall(scope.ctx, {
				method: 'GET',
				url,
				stream: true,
				headers: IDENTITY_ENCODING,
				timeoutMs: DOWNLOAD_TIMEOUT_MS,
				authenticated: false,
			});
		} catch (failure) {
			if (isCancelled(scope.ctx)) throw cancelledError(scope, failure);
			lastFailure = failure;
			if (failure instanceof TransportFailure && TRANSIENT_CODES.has(failure.code)) continue;
			break;
		}
		if (response.statusCode !== 200) {
			// A few KiB for the error text: an error body may be a gzip bomb or never end.
			const body = await readPrefix(response.body);
			if (TRANSIENT_STATUSES.has(response.statusCode) && attempt < DOWNLOAD_ATTEMPTS) continue;
			throw segmindApiError(scope.ctx.getNode(), {
				statusCode: response.statusCode,
				body: body.toString('utf8'),
				message: 'Could not download the video',
				hint: `Downloading ${url} failed. Output files are kept for a limited time.`,
				itemIndex: scope.itemIndex,
				requestId: scope.requestId,
				recoverable: !scope.synchronous,
				finished: scope.jobFinished,
			});
		}
		try {
			return await storeStream(scope, response, fileName);
		} catch (failure) {
			if (failure instanceof NotAVideo) throw notAVideoError(scope, failure, `The file at ${url}`);
			// Above the limit or refused by n8n's store: the download is not the problem, no retry.
			const unstored = unstoredVideoError(scope, failure, url);
			if (unstored) throw unstored;
			if (isCancelled(scope.ctx)) throw cancelledError(scope, sanitiseFailure(failure, url));
			// A stream error is raw (no cause in our words); name its code, keep nothing else.
			lastFailure = failure instanceof TransportFailure ? failure : sanitiseFailure(failure, url);
		}
	}
	throw failureError(scope, lastFailure, ` while downloading the video from ${url}`);
}

export async function storeVideo(
	scope: CallScope,
	source: VideoSource,
	fileName: string,
): Promise<StoredVideo> {
	if (source.kind === 'url') return await downloadVideo(scope, source.url, fileName);
	try {
		return await storeInline(scope, source.data, fileName, source.mimeType);
	} catch (failure) {
		throw failure instanceof NotAVideo
			? notAVideoError(scope, failure, "The inline data in Segmind's answer")
			: (unstoredVideoError(scope, failure) ?? failure);
	}
}
