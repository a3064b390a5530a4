import type { IBinaryData } from 'n8n-workflow';

import type { VideoFactsResult } from '../media/videoFactsStage';
import { observeVideoBytes, readMp4Facts } from '../media/videoFactsStage';

import type { HttpResult } from './httpCall';
import { header, httpCall, sanitiseFailure, TransportFailure } from './httpCall';
import type { VideoSource } from './videoSource';
import { backoffMs, IDEMPOTENT_RETRY, TRANSIENT_CODES, TRANSIENT_STATUSES } from './retryPolicy';
import type { CallScope } from './segmindCalls';
import { failureError, readAll, waitOrCancel } from './segmindCalls';
import { segmindApiError } from './segmindError';

const DOWNLOAD_ATTEMPTS = 4;
/** Idle limit on the download socket: a stalled transfer fails instead of hanging. */
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
 * Streams an HTTP video body into n8n's binary storage (no full copy in our memory) and
 * rejects it if fewer bytes arrived than Content-Length promised.
 */
export async function storeStream(
	scope: CallScope,
	response: HttpResult,
	fileName: string,
): Promise<StoredVideo> {
	const expected = Number(header(response, 'content-length'));
	const readFacts = observeVideoBytes(response.body);
	const binary = await scope.ctx.helpers.prepareBinaryData(
		response.body as BinaryInput,
		fileName,
		'video/mp4',
	);
	const bytes = storedBytes(binary, undefined);
	if (Number.isFinite(expected) && expected > 0 && bytes !== undefined && bytes !== expected) {
		throw new TransportFailure(
			`Video transfer was cut short (${bytes} of ${expected} bytes)`,
			'ERR_STREAM_PREMATURE_CLOSE',
			false,
		);
	}
	return { binary, bytes: bytes ?? 0, facts: readFacts() };
}

export async function storeInline(
	scope: CallScope,
	data: Buffer,
	fileName: string,
	mimeType: string,
): Promise<StoredVideo> {
	const binary = await scope.ctx.helpers.prepareBinaryData(data, fileName, mimeType);
	const bytes = storedBytes(binary, data.length) ?? data.length;
	return { binary, bytes, facts: readMp4Facts(data) };
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
		if (attempt > 1) await waitOrCancel(scope, backoffMs(IDEMPOTENT_RETRY, attempt - 1));
		let response: HttpResult;
		try {
			response = await httpCall(scope.ctx, {
				method: 'GET',
				url,
				stream: true,
				timeoutMs: DOWNLOAD_TIMEOUT_MS,
				authenticated: false,
			});
		} catch (failure) {
			lastFailure = failure;
			if (failure instanceof TransportFailure && TRANSIENT_CODES.has(failure.code)) continue;
			break;
		}
		if (response.statusCode !== 200) {
			const body = await readAll(response.body).catch(() => Buffer.alloc(0));
			if (TRANSIENT_STATUSES.has(response.statusCode) && attempt < DOWNLOAD_ATTEMPTS) continue;
			throw segmindApiError(scope.ctx.getNode(), {
				statusCode: response.statusCode,
				body: body.toString('utf8'),
				message: 'Could not download the video',
				hint: `Downloading ${url} failed. Output files are kept for a limited time.`,
				itemIndex: scope.itemIndex,
				requestId: scope.requestId,
				recoverable: !scope.synchronous,
			});
		}
		try {
			return await storeStream(scope, response, fileName);
		} catch (failure) {
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
	return source.kind === 'url'
		? await downloadVideo(scope, source.url, fileName)
		: await storeInline(scope, source.data, fileName, source.mimeType);
}
