import { Mp4FormatError } from './boxView';
import { parseMoov } from './parseMoov';
import type { VideoFactsResult } from './videoFacts';
import { factsFromMovie, unreadable } from './videoFacts';

/**
 * Most `moov` bytes kept in memory. A `moov` grows with the sample count (about 10-20 bytes per
 * frame and track): a 10-minute 60 fps clip with audio needs ~1 MiB, so 16 MiB leaves room while
 * bounding what a hostile file can make us hold.
 */
export const MOOV_CAP_BYTES = 16 * 1024 * 1024;

/** Top-level boxes a QuickTime/ISO file may open with; anything else is not an MP4. */
const FIRST_BOX_TYPES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'styp']);

const HEADER_BYTES = 8;
const LARGE_HEADER_BYTES = 16;

/**
 * Reads an MP4's video facts from its bytes as they pass, in any chunking: walks the top-level
 * boxes, keeps only `moov` (up to a cap) and skips everything else (`mdat`) by counting, so memory
 * stays bounded whether `moov` comes before or after the media data. Knows nothing of n8n; never
 * throws from push().
 */
export class Mp4FactsReader {
	private seen = 0;
	private readonly header = new Uint8Array(LARGE_HEADER_BYTES);
	private headerFilled = 0;
	private boxes = 0;
	/** bytes of the current non-moov box still to pass (Infinity: it runs to the end of the file) */
	private skipLeft = 0;
	private moovParts: Uint8Array[] | null = null;
	private moovFilled = 0;
	/** payload size of the moov being collected */
	private moovSize = 0;
	private outcome: VideoFactsResult | null = null;
	/**
	 * Whether the top-level boxes are still followed. They are after the facts are known (so a
	 * cut in the media data after a leading moov is seen), but not once the box sizes stop
	 * making sense (then nothing more can be said).
	 */
	private walking = true;

	constructor(private readonly moovCap = MOOV_CAP_BYTES) {}

	/** Bytes seen so far. */
	get bytes(): number {
		return this.seen;
	}

	push(chunk: Uint8Array): void {
		const position = this.seen;
		this.seen += chunk.length;
		let offset = 0;
		while (offset < chunk.length && this.walking) {
			if (this.skipLeft > 0) {
				const taken = Math.min(this.skipLeft, chunk.length - offset);
				this.skipLeft -= taken;
				offset += taken;
			} else if (this.moovParts) {
				offset += this.collectMoov(this.moovParts, chunk, offset);
			} else {
				offset += this.readHeader(chunk, offset, position + offset);
			}
		}
	}

	/**
	 * Why the file is shorter than its own boxes say (a top-level box, its header or the moov
	 * runs past the end), or null when it ends on a box boundary or its boxes cannot tell
	 * (not an MP4, a box running "to the end of the file"). Call once the stream has ended.
	 */
	cutShort(): string | null {
		if (!this.walking || this.seen === 0) return null;
		if (this.headerFilled > 0) return `the file ends inside a box header at byte ${this.seen}`;
		if (this.moovParts)
			return `the moov box is cut (${this.moovFilled} of ${this.moovSize} bytes arrived)`;
		if (this.skipLeft > 0 && Number.isFinite(this.skipLeft))
			return `its last box runs ${this.skipLeft} bytes past the end (${this.seen} bytes arrived)`;
		return null;
	}

	/** The facts, or why there are none; call once the stream has ended. */
	finish(): VideoFactsResult {
		if (this.outcome) return this.withSize(this.outcome);
		if (this.moovParts) {
			return unreadable(`the moov box is truncated (${this.moovFilled} of ${this.moovSize} bytes)`);
		}
		if (this.seen === 0) return unreadable('the file is empty');
		if (this.boxes === 0) return unreadable('not an MP4 file (too short for a box header)');
		return unreadable('the MP4 has no moov box (the file ends before its movie header)');
	}

	private withSize(outcome: VideoFactsResult): VideoFactsResult {
		return outcome.facts
			? { facts: { ...outcome.facts, fileSizeBytes: this.seen }, reason: null }
			: outcome;
	}

	/** Consumes header bytes; once complete, decides whether the box is kept or skipped. */
	private readHeader(chunk: Uint8Array, offset: number, at: number): number {
		const wanted = this.headerFilled < HEADER_BYTES ? HEADER_BYTES : LARGE_HEADER_BYTES;
		const taken = Math.min(wanted - this.headerFilled, chunk.length - offset);
		this.header.set(chunk.subarray(offset, offset + taken), this.headerFilled);
		this.headerFilled += taken;
		if (this.headerFilled < HEADER_BYTES) return taken;

		const view = new DataView(this.header.buffer);
		const size32 = view.getUint32(0);
		const type = String.fromCharCode(...this.header.subarray(4, 8));
		if (size32 === 1 && this.headerFilled < LARGE_HEADER_BYTES) return taken;
		const headerSize = size32 === 1 ? LARGE_HEADER_BYTES : HEADER_BYTES;
		const boxStart = at + taken - headerSize;
		this.headerFilled = 0;
		this.boxes += 1;

		if (this.boxes === 1 && !FIRST_BOX_TYPES.has(type)) {
			this.stop(unreadable('not an MP4 file (it does not start with an ftyp box)'));
			return taken;
		}
		const size = size32 === 1 ? view.getUint32(8) * 2 ** 32 + view.getUint32(12) : size32;
		if (size !== 0 && size < headerSize) {
			this.stop(
				unreadable(`box "${printable(type)}" at byte ${boxStart} has an impossible size ${size}`),
			);
			return taken;
		}
		const payload = size === 0 ? Infinity : size - headerSize;
		// Once the facts are known (or known to be missing), a later moov is only skipped.
		if (type !== 'moov' || this.outcome !== null) {
			this.skipLeft = payload;
			return taken;
		}
		if (payload > this.moovCap) {
			// A size-0 moov (runs to the end of the file) is never written by real muxers.
			this.outcome = unreadable(
				size === 0
					? 'the moov box has no stated size'
					: `the moov box is ${size} bytes, above the ${this.moovCap}-byte cap`,
			);
			this.skipLeft = payload;
			return taken;
		}
		this.moovParts = [];
		this.moovSize = payload;
		if (payload === 0) this.outcome = this.parseCollected();
		return taken;
	}

	/** The top-level structure makes no sense: record why, and stop following it. */
	private stop(outcome: VideoFactsResult): void {
		this.outcome ??= outcome;
		this.walking = false;
	}

	private collectMoov(parts: Uint8Array[], chunk: Uint8Array, offset: number): number {
		const taken = Math.min(this.moovSize - this.moovFilled, chunk.length - offset);
		// A copy (Buffer#slice would not copy): the producer may reuse its chunk buffers.
		parts.push(new Uint8Array(chunk.subarray(offset, offset + taken)));
		this.moovFilled += taken;
		if (this.moovFilled === this.moovSize) this.outcome = this.parseCollected();
		return taken;
	}

	private parseCollected(): VideoFactsResult {
		const payload = new Uint8Array(this.moovFilled);
		let at = 0;
		for (const part of this.moovParts ?? []) {
			payload.set(part, at);
			at += part.length;
		}
		this.moovParts = null;
		try {
			return factsFromMovie(parseMoov(payload), this.seen);
		} catch (error) {
			// Bounds are checked (Mp4FormatError); anything else is still a file we cannot read.
			const detail = error instanceof Mp4FormatError ? error.message : String(error);
			return unreadable(`the moov box is malformed: ${detail}`);
		}
	}
}

function printable(type: string): string {
	return type.replace(/[^\x20-\x7e]/g, '?');
}

/** Facts of a video already in memory (inline base64 / data-URI answers). */
export function readMp4Facts(data: Uint8Array): VideoFactsResult {
	const reader = new Mp4FactsReader();
	reader.push(data);
	return reader.finish();
}
