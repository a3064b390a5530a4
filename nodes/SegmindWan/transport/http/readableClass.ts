// HTTP layer (bottom): Node's Readable class, without importing node:stream.

/** The Readable methods a relay uses on the stream it reads (an HTTP body). */
export interface SourceStream {
	on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
	on(event: 'end' | 'close', listener: () => void): unknown;
	on(event: 'error', listener: (error: unknown) => void): unknown;
	off(event: string, listener: (...args: never[]) => void): unknown;
	pause(): unknown;
	resume(): unknown;
	destroy(error?: Error): unknown;
	readonly destroyed?: boolean;
}

/** What a relay hands on: a Readable it pushes into. */
export interface RelayStream {
	push(chunk: Buffer | null): boolean;
	destroy(error?: Error): unknown;
}

export interface ReadableClass {
	from(iterable: AsyncIterable<Buffer>, options: { objectMode: boolean }): unknown;
	new (options: {
		read(): void;
		destroy(error: Error | null, callback: (error?: Error | null) => void): void;
	}): RelayStream;
}

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
