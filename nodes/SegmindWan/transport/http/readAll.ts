// HTTP layer (bottom): reads a body to the end (JSON answers, 429 and error bodies).
/** Reads a streamed body to the end (error bodies, JSON answers); small by nature. */
export async function readAll(body: unknown): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body);
	if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
		const chunks: Buffer[] = [];
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
		}
		return Buffer.concat(chunks);
	}
	return Buffer.from(body === undefined ? '' : JSON.stringify(body));
}
