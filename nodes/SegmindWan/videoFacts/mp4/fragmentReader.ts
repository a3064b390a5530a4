import type { FragmentSetup, FragmentTally } from './fragments';
import { fragmentSetup, tallyMoof } from './fragments';

/**
 * Largest `moov` or `moof` this reader keeps. A fragmented `moov` has no sample tables and a
 * `moof` lists one fragment's samples (a few bytes each), so both are small; a bigger `moov` is
 * an ordinary MP4's (Mp4FactsReader reads it), a bigger `moof` ends the tally.
 */
export const FRAGMENT_BOX_CAP_BYTES = 1024 * 1024;
const MOOV_CAP_BYTES = FRAGMENT_BOX_CAP_BYTES;

const HEADER_BYTES = 8;
const LARGE_HEADER_BYTES = 16;

/** Duration and frame rate of a fragmented MP4's video track, from its `mvex` and fragments. */
export type FragmentFacts = { durationSeconds: number | null; frameRate: number | null };

const round3 = (value: number): number => Number(value.toFixed(3));

/**
 * Reads a fragmented MP4's timing as its bytes pass, beside Mp4FactsReader: walks the top-level
 * boxes, keeps the `moov` and then one `moof` at a time (each capped), tallies the video
 * samples and drops the box; `mdat` is skipped by counting. For an unfragmented file it stops
 * at its `moov`. Never throws from push().
 */
export class FragmentReader {
	private readonly header = new Uint8Array(LARGE_HEADER_BYTES);
	private headerFilled = 0;
	private skipLeft = 0;
	private box: { type: string; parts: Uint8Array[]; size: number; filled: number } | null = null;
	private setup: FragmentSetup | null = null;
	private readonly tally: FragmentTally = { samples: 0, ticks: 0 };
	/** set once there is nothing more to learn (not fragmented, or unreadable) */
	private done = false;
	/** a fragment could not be read or held: the sample tally is incomplete */
	private broken = false;

	constructor(private readonly moofCap = FRAGMENT_BOX_CAP_BYTES) {}

	push(chunk: Uint8Array): void {
		let offset = 0;
		while (offset < chunk.length && !this.done) {
			if (this.skipLeft > 0) {
				const taken = Math.min(this.skipLeft, chunk.length - offset);
				this.skipLeft -= taken;
				offset += taken;
			} else if (this.box) {
				offset += this.collect(this.box, chunk, offset);
			} else {
				offset += this.readHeader(chunk, offset);
			}
		}
	}

	/** The timing, or null when the file is not fragmented or its fragments could not be read. */
	finish(): FragmentFacts | null {
		const setup = this.setup;
		if (!setup) return null;
		const samples = setup.moovSamples.samples + this.tally.samples;
		const ticks = setup.moovSamples.ticks + this.tally.ticks;
		// a stream that ends inside a box may have lost the fragments after it: not a count to trust
		const atBoxEnd =
			this.box === null &&
			this.headerFilled === 0 &&
			(this.skipLeft === 0 || this.skipLeft === Infinity);
		const complete = !this.broken && atBoxEnd;
		const fromFragments = complete && ticks > 0 ? ticks / setup.timescale : null;
		const fromMehd =
			setup.fragmentDuration !== null && setup.movieTimescale > 0
				? setup.fragmentDuration / setup.movieTimescale
				: null;
		const duration = fromMehd ?? fromFragments;
		return {
			durationSeconds: duration === null ? null : round3(duration),
			frameRate: samples > 0 && fromFragments !== null ? round3(samples / fromFragments) : null,
		};
	}

	private readHeader(chunk: Uint8Array, offset: number): number {
		const wanted = this.headerFilled < HEADER_BYTES ? HEADER_BYTES : LARGE_HEADER_BYTES;
		const taken = Math.min(wanted - this.headerFilled, chunk.length - offset);
		this.header.set(chunk.subarray(offset, offset + taken), this.headerFilled);
		this.headerFilled += taken;
		if (this.headerFilled < HEADER_BYTES) return taken;
		const view = new DataView(this.header.buffer);
		const size32 = view.getUint32(0);
		if (size32 === 1 && this.headerFilled < LARGE_HEADER_BYTES) return taken;
		const headerSize = size32 === 1 ? LARGE_HEADER_BYTES : HEADER_BYTES;
		const size = size32 === 1 ? view.getUint32(8) * 2 ** 32 + view.getUint32(12) : size32;
		const type = String.fromCharCode(...this.header.subarray(4, 8));
		this.headerFilled = 0;
		if (size !== 0 && size < headerSize) {
			this.done = true;
			return taken;
		}
		const payload = size === 0 ? Infinity : size - headerSize;
		const kept = type === 'moov' ? !this.setup : type === 'moof' && this.setup !== null;
		if (!kept) {
			this.skipLeft = payload;
			return taken;
		}
		if (payload > (type === 'moov' ? MOOV_CAP_BYTES : this.moofCap)) {
			// an ordinary moov with sample tables, or a moof we will not hold: stop here
			this.broken = type === 'moof';
			this.done = true;
			return taken;
		}
		this.box = { type, parts: [], size: payload, filled: 0 };
		if (payload === 0) this.parse(this.box);
		return taken;
	}

	private collect(
		box: { type: string; parts: Uint8Array[]; size: number; filled: number },
		chunk: Uint8Array,
		offset: number,
	): number {
		const taken = Math.min(box.size - box.filled, chunk.length - offset);
		// a copy: the producer may reuse its chunk buffers
		box.parts.push(new Uint8Array(chunk.subarray(offset, offset + taken)));
		box.filled += taken;
		if (box.filled === box.size) this.parse(box);
		return taken;
	}

	private parse(box: { type: string; parts: Uint8Array[]; size: number }): void {
		const payload = new Uint8Array(box.size);
		let at = 0;
		for (const part of box.parts) {
			payload.set(part, at);
			at += part.length;
		}
		this.box = null;
		try {
			if (box.type === 'moov') {
				this.setup = fragmentSetup(payload);
				if (!this.setup) this.done = true;
			} else if (this.setup) {
				tallyMoof(payload, this.setup, this.tally);
			}
		} catch {
			// a malformed moov tells nothing; a malformed moof leaves the tally incomplete
			if (box.type === 'moov') this.setup = null;
			this.broken = true;
			this.done = true;
		}
	}
}
