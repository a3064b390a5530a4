// HTTP layer (bottom): a request body sent as a stream (an upload from n8n's binary store).
import type { IDataObject } from 'n8n-workflow';

/**
 * A body read from a stream (a binary input's upload). A stream can be sent once, so every
 * exchange (each retry, each same-origin redirect hop) opens a fresh one; its exact length is
 * sent as Content-Length, so n8n's helper and the server need not hold the body.
 */
export interface StreamedBody {
	contentType: string;
	contentLength: number;
	open(): Promise<OpenedBody>;
}

export interface OpenedBody {
	/** A Node Readable, handed to n8n's request helper as the request body. */
	stream: IDataObject;
	/** Releases the stream and what it reads from, whether or not it was sent in full. */
	close(): void;
}

export function isStreamedBody(body: unknown): body is StreamedBody {
	return typeof (body as StreamedBody | undefined)?.open === 'function';
}
