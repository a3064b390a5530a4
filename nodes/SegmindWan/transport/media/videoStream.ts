import { VideoFactsReader, readVideoFacts } from '../../videoFacts/mp4/videoFactsReader';
import type { VideoFactsResult } from '../../videoFacts/mp4/videoFacts';
import { keepMoving } from '../http/keepMoving';
import { readableClassOf } from '../http/readableClass';
import type { HttpResult } from '../http/httpCall';
import { header } from '../http/httpCall';

/**
 * The one stage every downloaded video passes through on its way into n8n's binary storage
 * (wait-mode downloads and raw sync answers alike). It checks, without buffering the video,
 * that the bytes are one (MP4/MOV or WebM/Matroska signature in the first bytes) and counts
 * them, and shows every chunk to the MP4 facts reader (videoFacts/mp4), which keeps only the moov
 * box. Chunks go on to storage as the response stream hands them over, not merged into larger
 * blocks: 512 KiB blocks (fewer storage writes) cost 12–28 MiB more peak RSS at 500 MiB and
 * were not reliably faster (BENCHMARKS.md, "Storage blocks"). Further per-chunk work belongs
 * here too, so the video is still read exactly once.
 */

/** The body is not a video: a web page, a JSON document, or bytes without a video signature. */
export class NotAVideo extends Error {}

/** The MP4's own boxes say more bytes were due: the transfer ended early (a cut connection). */
export class VideoCutShort extends Error {}

/** Limits on a body's decoded bytes (a compressed body that inflates far beyond any video). */
export interface BodyLimit {
	maxBytes: number;
	/** Why the limit is what it is, for the refusal. */
	reason: string;
	/** The error a body past the limit fails with (default: NotAVideo with `reason`). */
	refuse?: () => Error;
}

const HEAD_BYTES = 12;
/** ISO BMFF top-level boxes a real MP4/MOV file starts with (encoders write `ftyp` first). */
const MP4_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide']);
const EBML = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);

export function looksLikeVideo(head: Buffer): boolean {
	return signatureMimeType(head) !== undefined;
}

/** The MIME type the first bytes prove (whatever a label said), or undefined for no video. */
export function signatureMimeType(head: Buffer): 'video/mp4' | 'video/webm' | undefined {
	if (head.length >= 4 && head.subarray(0, 4).equals(EBML)) return 'video/webm';
	return head.length >= 8 && MP4_FIRST_BOXES.has(head.toString('latin1', 4, 8))
		? 'video/mp4'
		: undefined;
}

/** Content types that cannot be a video, whatever the bytes. */
export function nonVideoContentType(response: HttpResult): string | undefined {
	const type = (header(response, 'content-type') ?? '').toLowerCase();
	return /^text\/|json|html|xml/.test(type) ? type : undefined;
}

export interface VideoStream {
	/** What to hand to n8n's prepareBinaryData. */
	stream: unknown;
	/** Bytes that passed so far (all of them once storage finished). */
	bytes(): number;
	/** The MP4's facts, read from its boxes as the bytes passed; call once storage finished. */
	facts(): VideoFactsResult;
	/**
	 * Whether the body itself failed (the socket: reset, timeout, abort). An error that did not
	 * come from the body, nor from this stage's checks, came from n8n's binary store.
	 */
	sourceFailed(): boolean;
}

/**
 * The body, with its own failures noted (the socket's); errors thrown into the stage from
 * downstream (n8n's store giving up) end it through return(), unnoted.
 */
async function* watched(source: AsyncIterable<Buffer | string>, onError: () => void) {
	const iterator = source[Symbol.asyncIterator]();
	let failed = false;
	try {
		for (;;) {
			const next = await iterator.next().catch(async (error: unknown) => {
				failed = true;
				onError();
				return await Promise.reject(error);
			});
			if (next.done) return;
			yield next.value;
		}
	} finally {
		// As for-await: a source that failed is not asked to return; one left early is.
		if (!failed) await iterator.return?.();
	}
}

async function* checked(
	source: AsyncIterable<Buffer | string>,
	observe: (chunk: Buffer) => void,
	atEnd: () => void,
) {
	let head: Buffer[] = [];
	let headLength = 0;
	let verified = false;
	for await (const piece of source) {
		const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
		observe(chunk);
		if (verified) {
			yield chunk;
			continue;
		}
		head.push(chunk);
		headLength += chunk.length;
		if (headLength < HEAD_BYTES) continue;
		const start = Buffer.concat(head);
		if (!looksLikeVideo(start)) throw new NotAVideo('the bytes have no MP4 or WebM signature');
		verified = true;
		head = [];
		yield start;
	}
	if (!verified)
		throw new NotAVideo(
			headLength === 0 ? 'the body is empty' : 'the bytes have no MP4 or WebM signature',
		);
	// Thrown before the stream ends, so storage fails instead of keeping a short file.
	atEnd();
}

/**
 * Wraps a response body in the checking stage; a Buffer body is checked at once. A stream that
 * ends before its MP4 boxes do fails with VideoCutShort; one that passes `limit` with NotAVideo.
 */
export function videoStream(body: unknown, limit?: BodyLimit): VideoStream {
	if (Buffer.isBuffer(body)) {
		if (!looksLikeVideo(body)) throw new NotAVideo('the bytes have no MP4 or WebM signature');
		return {
			stream: body,
			bytes: () => body.length,
			facts: () => readVideoFacts(body),
			sourceFailed: () => false,
		};
	}
	let total = 0;
	// Keeps only the moov box (capped), so memory stays bounded whatever the video's size.
	const reader = new VideoFactsReader();
	const Readable = body && typeof body === 'object' ? readableClassOf(body) : undefined;
	if (!Readable) throw new NotAVideo('the answer is not a byte stream');
	const observe = (chunk: Buffer) => {
		total += chunk.length;
		if (limit && total > limit.maxBytes) throw limit.refuse?.() ?? new NotAVideo(limit.reason);
		reader.push(chunk);
	};
	const atEnd = () => {
		const cut = reader.cutShort();
		if (cut) throw new VideoCutShort(`Video transfer was cut short: ${cut}`);
	};
	let sourceFailed = false;
	// A body that stops moving (a drip) fails as stalled, like a broken socket.
	const source = watched(keepMoving(body as AsyncIterable<Buffer>), () => (sourceFailed = true));
	// One stage: the signature check, the count, the limit and the MP4 reader.
	const stream = Readable.from(checked(source, observe, atEnd), { objectMode: false });
	return {
		stream,
		bytes: () => total,
		facts: () => reader.finish(),
		sourceFailed: () => sourceFailed,
	};
}

/**
 * True when the HTTP client decoded a Content-Encoding (gzip…): it then drops that header but
 * keeps Content-Length, which counts the encoded bytes and cannot be compared with what we
 * stored (the decoder itself verifies completeness). Undecoded bodies are the raw message.
 */
export function bodyWasDecoded(response: HttpResult): boolean {
	const encoding = header(response, 'content-encoding');
	if (encoding && encoding.toLowerCase() !== 'identity') return true;
	const body = response.body as { headers?: unknown } | undefined;
	return (
		!!body && typeof body === 'object' && !Buffer.isBuffer(body) && typeof body.headers !== 'object'
	);
}
