// HTTP layer (bottom): reads a body to the end (JSON answers, 429 and error bodies), or only
// its first bytes (bodies we refuse).
import { ANSWER_BOUNDS } from './answerBounds';
import { TransportFailure } from './transportFailure';

/** What a capped read got: every byte, or those that arrived before `failure` ended it. */
export interface BoundedRead {
	bytes: Buffer;
	failure?: unknown;
}

/**
 * Reads a streamed body to its end, at most ANSWER_BOUNDS.maxWholeBytes (a body past it is
 * dropped); in time, it ends at its call's deadline (callDeadline.ts destroys it). Never throws.
 */
export async function readBounded(body: unknown): Promise<BoundedRead> {
	if (Buffer.isBuffer(body)) return { bytes: body };
	if (typeof body === 'string') return { bytes: Buffer.from(body) };
	if (!isIterable(body))
		return { bytes: Buffer.from(body === undefined ? '' : JSON.stringify(body)) };
	const { maxWholeBytes } = ANSWER_BOUNDS;
	const chunks: Buffer[] = [];
	let length = 0;
	try {
		for await (const piece of body) {
			const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
			length += chunk.length;
			if (length > maxWholeBytes) {
				discardStream(body);
				const failure = new TransportFailure(
					`The answer is larger than ${Math.round(maxWholeBytes / 1024 / 1024)} MiB; it was not read further`,
					'ANSWER_TOO_LARGE',
					false,
				);
				return { bytes: Buffer.concat(chunks), failure };
			}
			chunks.push(chunk);
		}
	} catch (failure) {
		return { bytes: Buffer.concat(chunks), failure };
	}
	return { bytes: Buffer.concat(chunks) };
}

/** Reads a streamed body to the end (error bodies, JSON answers) within readBounded's bounds; throws what ended it early. */
export async function readAll(body: unknown): Promise<Buffer> {
	const read = await readBounded(body);
	if (read.failure !== undefined) throw read.failure;
	return read.bytes;
}

/** Bytes of a refused body kept for its error text. */
export const REFUSED_BODY_BYTES = 4096;

/**
 * The first `maxBytes` of a body we refuse (a page instead of a video, a failed download's
 * error text), then the stream is destroyed: such a body may be huge, a gzip bomb, or never
 * end. Never throws.
 */
export async function readPrefix(body: unknown, maxBytes = REFUSED_BODY_BYTES): Promise<Buffer> {
	if (!isIterable(body))
		return (await readAll(body).catch(() => Buffer.alloc(0))).subarray(0, maxBytes);
	const chunks: Buffer[] = [];
	let length = 0;
	try {
		for await (const piece of body) {
			const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
			chunks.push(chunk.subarray(0, maxBytes - length));
			length += Math.min(chunk.length, maxBytes - length);
			if (length >= maxBytes) break;
		}
	} catch {
		// A broken refused body still gets its error; what arrived is enough.
	} finally {
		discardStream(body);
	}
	return Buffer.concat(chunks);
}

/** Stops a body nobody will read: the connection is dropped instead of drained. */
export function discardStream(body: unknown): void {
	const stream = body as { destroy?: () => unknown; destroyed?: boolean } | undefined;
	if (stream && typeof stream.destroy === 'function' && !stream.destroyed) stream.destroy();
}

export function isIterable(body: unknown): body is AsyncIterable<Buffer | string> {
	return !!body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}
