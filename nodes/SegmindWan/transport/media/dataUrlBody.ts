// Media layer: the upload body, base64-encoded from n8n's binary store as it is sent.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readableClassOf } from '../http/readableClass';
import type { OpenedBody, StreamedBody } from '../http/streamedBody';

/** Bytes read from n8n's binary store at a time: a multiple of 3, so chunks rarely leave a remainder. */
export const UPLOAD_READ_CHUNK_BYTES = 3 * 64 * 1024;

/** The file changed between the size check and the upload: the body would not match its length. */
export class BinarySizeChanged extends Error {
	readonly code = 'BINARY_SIZE_CHANGED';
}

/** `{"data_urls":["data:<mime>;base64,` exactly as JSON.stringify writes it, and the closing `"]}`. */
function jsonParts(mimeType: string): { head: Buffer; tail: Buffer } {
	const json = JSON.stringify({ data_urls: [`data:${mimeType};base64,`] });
	return { head: Buffer.from(json.slice(0, -3)), tail: Buffer.from(json.slice(-3)) };
}

/** Length of the JSON body for a file of `bytes` bytes: known before a byte is read. */
export function dataUrlBodyLength(mimeType: string, bytes: number): number {
	const { head, tail } = jsonParts(mimeType);
	return head.length + 4 * Math.ceil(bytes / 3) + tail.length;
}

/**
 * Base64 on the fly: each chunk's whole 3-byte groups are encoded now, the 0–2 bytes left over
 * go in front of the next chunk (encoding them alone would put `=` padding mid-stream).
 */
export async function* dataUrlJson(
	source: AsyncIterable<Buffer | string>,
	mimeType: string,
	bytes: number,
): AsyncGenerator<Buffer> {
	const { head, tail } = jsonParts(mimeType);
	yield head;
	let carry = Buffer.alloc(0);
	let read = 0;
	for await (const piece of source) {
		const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
		read += chunk.length;
		if (read > bytes)
			throw new BinarySizeChanged(
				`the binary input has more than the ${bytes} bytes it had when checked`,
			);
		const all = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
		const whole = all.length - (all.length % 3);
		if (whole > 0) yield Buffer.from(all.toString('base64', 0, whole), 'latin1');
		carry = Buffer.from(all.subarray(whole));
	}
	if (read !== bytes)
		throw new BinarySizeChanged(
			`the binary input has ${read} bytes, not the ${bytes} it had when checked`,
		);
	yield carry.length > 0
		? Buffer.concat([Buffer.from(carry.toString('base64'), 'latin1'), tail])
		: tail;
}

type Destroyable = { destroy(error?: Error): unknown };

/**
 * The upload body `{"data_urls":["data:<mime>;base64,…"]}` for a binary in n8n's store, read
 * with getBinaryStream and encoded as it is sent: memory stays at a few chunks whatever the
 * file's size. `bytes` is the size checked at validation (binarySizes.ts).
 */
export function streamedDataUrlBody(
	ctx: IExecuteFunctions,
	binaryId: string,
	mimeType: string,
	bytes: number,
): StreamedBody {
	return {
		contentType: 'application/json',
		contentLength: dataUrlBodyLength(mimeType, bytes),
		async open(): Promise<OpenedBody> {
			const source = await ctx.helpers.getBinaryStream(binaryId, UPLOAD_READ_CHUNK_BYTES);
			const Readable = readableClassOf(source);
			if (!Readable) {
				(source as Destroyable).destroy();
				throw new Error('n8n returned the binary input in a form that cannot be streamed');
			}
			const stream = Readable.from(dataUrlJson(source, mimeType, bytes), {
				objectMode: false,
			}) as Destroyable;
			return {
				stream: stream as unknown as IDataObject,
				close() {
					stream.destroy();
					(source as Destroyable).destroy();
				},
			};
		},
	};
}
