// HTTP layer (bottom): reads a body to the end (JSON answers, 429 and error bodies), or only
// its first bytes (bodies we refuse).
/** Reads a streamed body to the end (error bodies, JSON answers); small by nature. */
export async function readAll(body: unknown): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body);
	if (isIterable(body)) {
		const chunks: Buffer[] = [];
		for await (const chunk of body) {
			chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
		}
		return Buffer.concat(chunks);
	}
	return Buffer.from(body === undefined ? '' : JSON.stringify(body));
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

function isIterable(body: unknown): body is AsyncIterable<Buffer | string> {
	return !!body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}
