// Media layer (on the client): a binary input becomes a public URL via Segmind's upload endpoint.
import type { IDataObject } from 'n8n-workflow';

import { answerError } from '../client/apiError';
import { callIdempotent } from '../client/segmindClient';
import type { CallScope } from '../client/session';
import { joinUrl } from '../client/session';
import type { StreamedBody } from '../http/streamedBody';

/** Time Segmind's upload host gets to answer before any byte counts (it works on the file after receiving it). */
export const UPLOAD_BASE_TIMEOUT_MS = 120_000;
/** Slowest sending rate still accepted (256 kbit/s): a large file gets time in proportion. */
export const UPLOAD_MIN_BYTES_PER_SECOND = 32_000;

/**
 * n8n's request timeout covers the whole exchange, not idle time, so a fixed 60 s failed every
 * upload needing longer to send: the limit grows with the size instead (a 10 MB file: ~7 min).
 */
export function uploadTimeoutMs(bodyBytes: number): number {
	return UPLOAD_BASE_TIMEOUT_MS + Math.ceil((bodyBytes / UPLOAD_MIN_BYTES_PER_SECOND) * 1000);
}

function firstUrl(value: unknown): string | undefined {
	return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/**
 * Turns a file into a public URL with Segmind's upload endpoint (a separate host). The
 * endpoint takes data URLs; the docs answer `{urls}` and the SDK `{file_urls}`: both work.
 * `data` is the file in memory (inline binaries), or a body streamed from n8n's binary store
 * (see dataUrlBody.ts), which never holds the file or its base64 whole.
 */
export async function uploadAsset(
	scope: CallScope,
	data: Buffer | StreamedBody,
	mimeType: string,
): Promise<string> {
	let body: IDataObject | StreamedBody;
	let bodyBytes: number;
	if (Buffer.isBuffer(data)) {
		const dataUrl = `data:${mimeType};base64,${data.toString('base64')}`;
		body = { data_urls: [dataUrl] };
		bodyBytes = dataUrl.length;
	} else {
		body = data;
		bodyBytes = data.contentLength;
	}
	const answer = await callIdempotent(scope, {
		method: 'POST',
		url: joinUrl(scope.endpoints.uploadUrl, '/upload-asset'),
		body,
		timeoutMs: uploadTimeoutMs(bodyBytes),
	});
	const { json, ok } = answer;
	const url =
		firstUrl(json.urls) ?? firstUrl(json.file_urls) ?? firstUrl(json.url ? [json.url] : undefined);
	if (ok && url) return url;
	throw answerError(scope, answer, {
		statusCode: ok ? undefined : answer.statusCode,
		message: ok
			? 'Segmind did not return a URL for the uploaded file'
			: 'Could not upload the binary input',
		hint: 'Uploading a binary input to Segmind failed; nothing was generated or billed.',
		requestId: undefined,
	});
}
