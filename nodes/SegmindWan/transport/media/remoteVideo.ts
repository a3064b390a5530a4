// Media layer: "URL only": what can be said about the finished video without downloading it,
// from at most a few byte ranges of its first bytes (and of its moov, wherever it sits).
import { locateMoov } from '../../videoFacts/mp4/moovLocator';
import { readMp4Facts } from '../../videoFacts/mp4/mp4FactsReader';
import type { VideoFactsResult } from '../../videoFacts/mp4/videoFacts';
import { unreadable } from '../../videoFacts/mp4/videoFacts';
import { cancelledError, failureError, segmindApiError } from '../client/apiError';
import { isCancelled } from '../client/pause';
import type { CallScope } from '../client/session';
import type { HttpResult } from '../http/httpCall';
import { header, httpCall } from '../http/httpCall';
import { discardStream, readPrefix } from '../http/readAll';
import { IDENTITY_ENCODING, notAVideoError } from './download';
import { looksLikeVideo, nonVideoContentType, NotAVideo } from './videoStream';

/** The first read: the ftyp and, in a "fast start" file, the whole moov of a Wan clip. */
const HEAD_BYTES = 64 * 1024;
/** Asked for where the box after the media data starts: a moov at the end is usually smaller. */
const READ_AHEAD_BYTES = 1024 * 1024;
/** Range reads at most: the head, the box after the media data, a moov larger than read ahead. */
const MAX_READS = 3;
const RANGE_TIMEOUT_MS = 30_000;

export interface RemoteVideo {
	/** The file's size as the file host states it; null when it does not. */
	bytes: number | null;
	facts: VideoFactsResult;
}

type RangeAnswer =
	{ kind: 'bytes'; bytes: Buffer; total: number | null } | { kind: 'whole'; total: number | null };

/** Content-Length of an unencoded answer (identity was asked for). */
function statedLength(response: HttpResult): number | null {
	const encoding = (header(response, 'content-encoding') ?? 'identity').toLowerCase();
	const length = Number(header(response, 'content-length'));
	return encoding === 'identity' && Number.isInteger(length) && length >= 0 ? length : null;
}

/** One `Range` GET, without the API key (public URL, as the download). */
async function readRange(
	scope: CallScope,
	url: string,
	offset: number,
	length: number,
): Promise<RangeAnswer> {
	let response: HttpResult;
	try {
		response = await httpCall(scope.ctx, {
			method: 'GET',
			url,
			stream: true,
			headers: { ...IDENTITY_ENCODING, range: `bytes=${offset}-${offset + length - 1}` },
			timeoutMs: RANGE_TIMEOUT_MS,
			authenticated: false,
		});
	} catch (failure) {
		if (isCancelled(scope.ctx)) throw cancelledError(scope, failure);
		throw failureError(scope, failure, ` while reading the first bytes of the video at ${url}`);
	}
	const nonVideo = nonVideoContentType(response);
	if (response.statusCode === 206 && !nonVideo) {
		const total = Number(/\/(\d+)\s*$/.exec(header(response, 'content-range') ?? '')?.[1]);
		const bytes = await readPrefix(response.body, length);
		return { kind: 'bytes', bytes, total: Number.isInteger(total) ? total : null };
	}
	if (response.statusCode === 200 && !nonVideo) {
		// The host ignored the range: the whole file would follow, so the connection is dropped.
		discardStream(response.body);
		return { kind: 'whole', total: statedLength(response) };
	}
	const body = await readPrefix(response.body);
	if (nonVideo)
		throw notAVideoError(
			scope,
			new NotAVideo(`its content type is ${nonVideo}`),
			`The file at ${url}`,
		);
	throw segmindApiError(scope.ctx.getNode(), {
		statusCode: response.statusCode,
		body: body.toString('utf8'),
		message: 'The video file is not available',
		hint: `Reading the first bytes of ${url} failed. Output files are kept for a limited time.`,
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
		recoverable: !scope.synchronous,
		finished: scope.jobFinished,
	});
}

/** The facts of the moov box found, with the file's stated size. */
function factsOf(box: Uint8Array, total: number | null): VideoFactsResult {
	if (total === null) return unreadable("the file host did not state the file's size");
	const result = readMp4Facts(box);
	return result.facts ? { facts: { ...result.facts, fileSizeBytes: total }, reason: null } : result;
}

/**
 * Checks the URL answers with a video and reads its size and facts from byte ranges (at most
 * MAX_READS, each bounded), never the whole file. A host without range support gives the size
 * only, with the reason the facts are missing.
 */
export async function readRemoteVideo(scope: CallScope, url: string): Promise<RemoteVideo> {
	let offset = 0;
	let length = HEAD_BYTES;
	let total: number | null = null;
	for (let read = 0; read < MAX_READS; read++) {
		const answer = await readRange(scope, url, offset, length);
		if (answer.kind === 'whole') {
			return {
				bytes: answer.total,
				facts: unreadable(
					'the file host does not serve byte ranges (it answered a Range request with the whole file), so the facts were not read without downloading it',
				),
			};
		}
		total ??= answer.total;
		if (offset === 0 && !looksLikeVideo(answer.bytes))
			throw notAVideoError(
				scope,
				new NotAVideo('the bytes have no MP4 or WebM signature'),
				`The file at ${url}`,
			);
		const step = locateMoov(answer.bytes, offset, total, READ_AHEAD_BYTES);
		if (step.kind === 'found') return { bytes: total, facts: factsOf(step.box, total) };
		if (step.kind === 'none') return { bytes: total, facts: unreadable(step.reason) };
		if (step.length <= 0) break;
		({ offset, length } = step);
	}
	return {
		bytes: total,
		facts: unreadable(`the moov box was not found within ${MAX_READS} byte-range reads`),
	};
}
