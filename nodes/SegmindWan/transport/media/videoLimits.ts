// Media layer (leaf): why a video was not stored: above the user's size limit, or refused by
// n8n's binary data store.
import type { BodyLimit } from './videoStream';

/** MB as n8n counts N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (1,048,576 bytes). */
export const MB = 1024 * 1024;

/** The video is larger than "Largest Video to Download": stated up front, or counted. */
export class VideoTooLarge extends Error {
	constructor(
		/** Bytes Content-Length stated, or (counted) the bytes that had arrived when it stopped. */
		readonly bytes: number,
		/** true: the file host stated the size; false: counted while streaming (size unknown). */
		readonly stated: boolean,
		readonly maxBytes: number,
	) {
		super(
			stated
				? `The video is ${megabytes(bytes)} (${bytes} bytes), above Largest Video to Download (${megabytes(maxBytes)})`
				: `The video is larger than Largest Video to Download (${megabytes(maxBytes)}): more than ${maxBytes} bytes arrived and the file host did not state its size`,
		);
	}
}

/** n8n's binary data store failed to write the video; `cause` is what the store threw. */
export class StoreRefused extends Error {
	constructor(readonly storeError: unknown) {
		super('n8n could not store the video');
	}
}

/**
 * What n8n's store threw, as the refusal it is. A function, not `throw new StoreRefused(…)` at
 * the caller: n8n's community-node lint (require-node-api-error) refuses throwing any class but
 * NodeApiError / NodeOperationError in node code; mediaErrors.ts turns this refusal into one.
 */
export function refusedBy(storeError: unknown): StoreRefused {
	return new StoreRefused(storeError);
}

export function megabytes(bytes: number): string {
	return `${Number((bytes / MB).toPrecision(3))} MB`;
}

/** The stream limit that stops a download past `maxBytes` (the body is then destroyed). */
export function sizeGuard(maxBytes: number): BodyLimit {
	return {
		maxBytes,
		reason: `it is larger than ${maxBytes} bytes`,
		refuse: () => new VideoTooLarge(maxBytes + 1, false, maxBytes),
	};
}

/** The tighter of two stream limits. */
export function tighter(a?: BodyLimit, b?: BodyLimit): BodyLimit | undefined {
	if (!a || !b) return a ?? b;
	return a.maxBytes <= b.maxBytes ? a : b;
}
