// Media layer: the errors of a finished video that was not stored (above the size limit, or
// refused by n8n's binary data store). The job is done and paid: each says how to fetch it again.
import { NodeOperationError } from 'n8n-workflow';

import { fetchAgainHint } from '../client/errorHints';
import type { CallScope } from '../client/session';
import { StoreRefused, VideoTooLarge } from './videoLimits';

const STORE_MESSAGE_CHARS = 600;

/** How to get the video anyway: Get Result for a submitted job; a sync request cannot be fetched. */
function recovery(scope: CallScope, videoUrl: string | undefined): string {
	const { requestId } = scope;
	if (!scope.synchronous && requestId) return fetchAgainHint(requestId);
	const id = requestId
		? `Request ID: ${requestId} (synchronous: Get Result cannot fetch it). `
		: '';
	return videoUrl
		? `${id}The video stays at ${videoUrl} while Segmind keeps its output files (reported: 7 days).`
		: `${id}Segmind sent the video in its answer, so it cannot be fetched again.`;
}

/**
 * Our message and description kept as written (n8n swaps a message naming a Node error code,
 * e.g. ENOTDIR, for a generic text), and the request ID where error items look for it.
 */
function operationError(scope: CallScope, message: string, description: string) {
	const error = new NodeOperationError(scope.ctx.getNode(), message, {
		description,
		itemIndex: scope.itemIndex,
	});
	error.message = message;
	error.description = description;
	if (scope.requestId) error.context.requestId = scope.requestId;
	return error;
}

/** "The video is 315 MB, above Largest Video to Download (100 MB)": the size, the limit, the choices. */
export function videoTooLargeError(scope: CallScope, tooLarge: VideoTooLarge, videoUrl?: string) {
	const id = scope.requestId ? ` (request ${scope.requestId})` : '';
	const description = [
		'It was not downloaded: the connection was closed and no binary was stored.',
		'Choices: set Video Output to "URL Only" (the item carries the URL; no download), use n8n\'s `filesystem` binary data mode (it streams to disk), or raise Largest Video to Download (and, in `database` mode, N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE).',
		recovery(scope, videoUrl),
	].join(' ');
	return operationError(scope, `${tooLarge.message}${id}`, description);
}

/** n8n's own words: the error's class (FileTooLargeError…) or code (ENOSPC…), then its message. */
function storeWords(scope: CallScope, storeError: unknown): string {
	const error = storeError as { name?: unknown; code?: unknown; message?: unknown } | undefined;
	const className = (storeError as object | undefined)?.constructor?.name;
	const label = [
		typeof className === 'string' && className !== 'Error' && className !== 'Object'
			? className
			: typeof error?.name === 'string' && error.name !== 'Error'
				? error.name
				: '',
		typeof error?.code === 'string' ? error.code : '',
	]
		.filter(Boolean)
		.join(' ');
	const raw =
		typeof error?.message === 'string' && error.message ? error.message : String(storeError);
	const message = scope.redact(
		raw.length > STORE_MESSAGE_CHARS ? `${raw.slice(0, STORE_MESSAGE_CHARS - 1)}…` : raw,
	);
	return label ? `${label}: ${message}` : message;
}

/**
 * n8n's binary data store refused or failed to write the video (its size limit in `database`
 * mode, a full disk, a database error): the download itself was fine, so it is not retried.
 */
export function storeRefusedError(scope: CallScope, refused: StoreRefused, videoUrl?: string) {
	const id = scope.requestId ? ` (request ${scope.requestId})` : '';
	const description = [
		"The video arrived from Segmind, but n8n's binary data store did not keep it; nothing was stored in the item.",
		'For big videos: set Video Output to "URL Only", use n8n\'s `filesystem` binary data mode, or raise N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (`database` mode, at most 1024 MB); for a full disk or a database error, fix the store first.',
		recovery(scope, videoUrl),
	].join(' ');
	const words = storeWords(scope, refused.storeError);
	return operationError(
		scope,
		`n8n's binary data store refused the video: ${words}${id}`,
		description,
	);
}

/** The node error for a video above the limit or refused by the store; undefined for others. */
export function unstoredVideoError(scope: CallScope, failure: unknown, videoUrl?: string) {
	if (failure instanceof VideoTooLarge) return videoTooLargeError(scope, failure, videoUrl);
	if (failure instanceof StoreRefused) return storeRefusedError(scope, failure, videoUrl);
	return undefined;
}
