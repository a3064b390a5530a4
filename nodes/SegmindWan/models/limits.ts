import type { MediaKind, UriField } from './types';

const MB = 1024 * 1024;

/**
 * Largest binary input per media kind when the model page states none (Wan 2.6's audio page
 * says 15 MB, which is the audio limit for every model). An upload sends the file as base64
 * inside JSON: streamed from n8n's binary store, but an inline binary (default mode) briefly
 * takes about four times its size in memory: these bound that.
 */
export const MAX_BINARY_BYTES: Readonly<Record<MediaKind, number>> = {
	image: 20 * MB,
	audio: 15 * MB,
	video: 100 * MB,
};

/** All binary inputs of one node run together (items run concurrently, so memory adds up). */
export const MAX_RUN_BINARY_BYTES = 250 * MB;

/** The field's own limit (from its page) if it has one, never above its media kind's. */
export function binaryLimit(field: UriField): number {
	return Math.min(field.maxBytes ?? Infinity, MAX_BINARY_BYTES[field.media]);
}

/** "15 MB" for 15 * 1024 * 1024 bytes (the unit the limits are set in). */
export function megabytes(bytes: number): string {
	return `${Number((bytes / MB).toFixed(1))} MB`;
}
