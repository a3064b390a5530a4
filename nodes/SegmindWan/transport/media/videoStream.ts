import { VideoFactsReader, readVideoFacts } from '../../videoFacts/mp4/videoFactsReader';
import type { VideoFactsResult } from '../../videoFacts/mp4/videoFacts';
import type { ReadableClass, SourceStream } from '../http/readableClass';
import type { StallWatch } from '../http/stallWatch';
import { stallWatch } from '../http/stallWatch';
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

/** The checks, one chunk at a time and synchronous: a throw fails the transfer. */
class VideoCheck {
	private head: Buffer[] = [];
	private headLength = 0;
	private verified = false;

	constructor(
		private readonly observe: (chunk: Buffer) => void,
		private readonly atEnd: () => void,
	) {}

	/** What to pass on: the chunk, the held first bytes once they prove a video, or nothing yet. */
	take(chunk: Buffer): Buffer | undefined {
		this.observe(chunk);
		if (this.verified) return chunk;
		this.head.push(chunk);
		this.headLength += chunk.length;
		if (this.headLength < HEAD_BYTES) return undefined;
		const start = Buffer.concat(this.head);
		if (!looksLikeVideo(start)) throw new NotAVideo('the bytes have no MP4 or WebM signature');
		this.verified = true;
		this.head = [];
		return start;
	}

	/** Thrown before the relay ends, so storage fails instead of keeping a short file. */
	end(): void {
		if (!this.verified)
			throw new NotAVideo(
				this.headLength === 0 ? 'the body is empty' : 'the bytes have no MP4 or WebM signature',
			);
		this.atEnd();
	}
}

/** The premature-close error a stream's own reader raises, for a body closed before its end. */
function prematureClose(): Error {
	return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/**
 * Relays the body's chunks to a new Readable of the body's own class, checking each on the
 * way, with backpressure (pause/resume). Event-driven rather than async generators: each
 * chunk costs a call, not a chain of promises (BENCHMARKS.md, 2026-12-07 "relay").
 */
function relay(Readable: ReadableClass, body: SourceStream, check: VideoCheck) {
	let finished = false;
	let sourceFailed = false;
	// A body that stops moving (a drip) fails as stalled, like a broken socket.
	let watch: StallWatch | undefined;
	const detach = () => {
		watch?.stop();
		body.off('data', onData);
		body.off('end', onEnd);
		body.off('error', onError);
		body.off('close', onClose);
	};
	let started = false;
	// A body that fails before the store's first read fails it then (no unheard 'error').
	let earlyError: unknown;
	body.on('error', onError);
	const out = new Readable({
		// Started by the first read, as a pull stream would be: a check that fails before
		// n8n's store reads fails into the store's hands, not into an unheard 'error' event.
		read: () => {
			if (started) {
				watch?.waiting();
				body.resume();
				return;
			}
			started = true;
			if (earlyError !== undefined || body.destroyed) {
				fail(earlyError ?? prematureClose(), true);
				return;
			}
			watch = stallWatch((failure) => fail(failure, true));
			watch.waiting();
			body.on('data', onData);
			body.on('end', onEnd);
			body.on('close', onClose);
		},
		// n8n's store gave up (or finished reading): the body has nobody left to read it.
		destroy: (error, callback) => {
			if (!finished) {
				finished = true;
				detach();
				body.destroy();
			}
			callback(error);
		},
	});
	const fail = (error: unknown, fromSource: boolean) => {
		if (finished) return;
		finished = true;
		sourceFailed = fromSource;
		detach();
		body.destroy();
		out.destroy(error as Error);
	};
	function onData(piece: Buffer | string) {
		const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
		let chunk: Buffer | undefined;
		try {
			chunk = check.take(bytes);
		} catch (error) {
			fail(error, false);
			return;
		}
		watch?.moved(bytes.length);
		if (chunk && !out.push(chunk)) {
			// The store is full: until it reads again, time waits on it, not on the network.
			watch?.paused();
			body.pause();
		}
	}
	function onEnd() {
		try {
			check.end();
		} catch (error) {
			fail(error, false);
			return;
		}
		finished = true;
		detach();
		out.push(null);
	}
	function onError(error: unknown) {
		if (started) fail(error, true);
		else earlyError ??= error;
	}
	function onClose() {
		fail(prematureClose(), true);
	}
	return { stream: out, sourceFailed: () => sourceFailed };
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
	// One stage: the signature check, the count, the limit and the MP4 reader.
	const relayed = relay(Readable, body as SourceStream, new VideoCheck(observe, atEnd));
	return {
		stream: relayed.stream,
		bytes: () => total,
		facts: () => reader.finish(),
		sourceFailed: relayed.sourceFailed,
	};
}

/**
 * False only when the body is known to be the raw message: the socket's own stream (it has
 * `headers`), as n8n 1.x hands it over. An HTTP client that decodes a Content-Encoding
 * (gzip…) drops that header but keeps Content-Length, which then counts the encoded bytes and
 * cannot be compared with what we stored (the decoder itself verifies completeness). n8n 2.x
 * hands every stream over wrapped (axios's maxContentLength check, which n8n's outbound HTTP
 * turns on), so there this is always true: the Content-Length comparison does not run, and a
 * raw body short of its Content-Length is failed by Node's HTTP parser instead (reliability
 * test "a video short of its Content-Length is never emitted").
 */
export function bodyMayBeDecoded(response: HttpResult): boolean {
	const encoding = header(response, 'content-encoding');
	if (encoding && encoding.toLowerCase() !== 'identity') return true;
	const body = response.body as { headers?: unknown } | undefined;
	return (
		!!body && typeof body === 'object' && !Buffer.isBuffer(body) && typeof body.headers !== 'object'
	);
}
