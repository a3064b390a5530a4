import type { Box } from './boxView';
import { BoxBudget, BoxView } from './boxView';

/**
 * Most boxes read from one moov: a real one holds a few dozen per track and a handful of
 * tracks. Reading more is refused (facts unavailable) so a hostile moov costs milliseconds.
 */
export const MAX_MOOV_BOXES = 10_000;

export interface TrackInfo {
	/** hdlr handler type: 'vide', 'soun', … */
	handler: string | null;
	/** the first stsd sample entry's format: 'avc1', 'hvc1', 'mp4a', … */
	codec: string | null;
	/** tkhd presentation size (16.16 fixed point in the file), before rotation */
	width: number;
	height: number;
	/** the sample entry's coded size, when tkhd says 0x0 */
	codedWidth: number;
	codedHeight: number;
	/** clockwise display rotation from the tkhd matrix, 0/90/180/270 */
	rotation: number;
	timescale: number;
	duration: number;
	sampleCount: number;
	/** sum of all stts sample deltas, in the track's timescale */
	sampleTicks: number;
}

export interface MovieInfo {
	timescale: number;
	/** null when mvhd says "unknown" (all ones) */
	duration: number | null;
	tracks: TrackInfo[];
}

const find = (boxes: Box[], type: string): Box | undefined =>
	boxes.find((box) => box.type === type);

/** mvhd and mdhd share their layout up to the duration; version 1 widens the times to 64 bits. */
function timing(view: BoxView, box: Box): { timescale: number; duration: number | null } {
	const version = view.u8(box.start, box.end);
	const wide = version === 1;
	const timescaleAt = box.start + 4 + (wide ? 16 : 8);
	const timescale = view.u32(timescaleAt, box.end);
	const duration = wide ? view.u64(timescaleAt + 4, box.end) : view.u32(timescaleAt + 4, box.end);
	const unknown = wide ? duration >= 2 ** 53 : duration === 0xffffffff;
	return { timescale, duration: unknown ? null : duration };
}

/** The matrix's first column is (cos θ, sin θ) scaled; only quarter turns are meaningful for video. */
function rotationOf(a: number, b: number): number {
	const degrees = (Math.atan2(b, a) * 180) / Math.PI;
	return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

function readTkhd(view: BoxView, box: Box, track: TrackInfo): void {
	const wide = view.u8(box.start, box.end) === 1;
	// version/flags, creation, modification, track_ID, reserved, duration
	const afterDuration = box.start + 4 + (wide ? 32 : 20);
	// reserved[2], layer, alternate_group, volume, reserved
	const matrixAt = afterDuration + 8 + 8;
	track.rotation = rotationOf(view.fixed16(matrixAt, box.end), view.fixed16(matrixAt + 4, box.end));
	const sizeAt = matrixAt + 36;
	track.width = view.u32(sizeAt, box.end) / 65536;
	track.height = view.u32(sizeAt + 4, box.end) / 65536;
}

function readStsd(view: BoxView, box: Box, track: TrackInfo): void {
	const entries = view.u32(box.start + 4, box.end);
	if (entries === 0) return;
	const [entry] = view.children(box.start + 8, box.end);
	if (!entry) return;
	track.codec = view.fourCc(entry.start - 4, entry.end);
	if (track.handler === 'vide') {
		// SampleEntry (8) + pre_defined/reserved (16) precede width and height
		track.codedWidth = view.u16(entry.start + 24, entry.end);
		track.codedHeight = view.u16(entry.start + 26, entry.end);
	}
}

function readStts(view: BoxView, box: Box, track: TrackInfo): void {
	const entries = view.u32(box.start + 4, box.end);
	let offset = box.start + 8;
	for (let index = 0; index < entries; index++, offset += 8) {
		const count = view.u32(offset, box.end);
		track.sampleCount += count;
		track.sampleTicks += count * view.u32(offset + 4, box.end);
	}
}

function readTrak(view: BoxView, trak: Box): TrackInfo {
	const track: TrackInfo = {
		handler: null,
		codec: null,
		width: 0,
		height: 0,
		codedWidth: 0,
		codedHeight: 0,
		rotation: 0,
		timescale: 0,
		duration: 0,
		sampleCount: 0,
		sampleTicks: 0,
	};
	const boxes = view.children(trak.start, trak.end);
	const tkhd = find(boxes, 'tkhd');
	if (tkhd) readTkhd(view, tkhd, track);
	const mdia = find(boxes, 'mdia');
	if (!mdia) return track;
	const mdiaBoxes = view.children(mdia.start, mdia.end);
	const mdhd = find(mdiaBoxes, 'mdhd');
	if (mdhd) {
		const { timescale, duration } = timing(view, mdhd);
		track.timescale = timescale;
		track.duration = duration ?? 0;
	}
	const hdlr = find(mdiaBoxes, 'hdlr');
	// version/flags, pre_defined, then handler_type
	if (hdlr) track.handler = view.fourCc(hdlr.start + 8, hdlr.end);
	const minf = find(mdiaBoxes, 'minf');
	const stbl = minf && find(view.children(minf.start, minf.end), 'stbl');
	if (!stbl) return track;
	const stblBoxes = view.children(stbl.start, stbl.end);
	const stsd = find(stblBoxes, 'stsd');
	if (stsd) readStsd(view, stsd, track);
	const stts = find(stblBoxes, 'stts');
	if (stts) readStts(view, stts, track);
	return track;
}

/**
 * Reads the movie-level facts from a complete `moov` payload (the bytes after its header).
 * Throws Mp4FormatError past `budget` boxes.
 */
export function parseMoov(payload: Uint8Array, budget = new BoxBudget(MAX_MOOV_BOXES)): MovieInfo {
	const view = new BoxView(payload, budget);
	const boxes = view.children(0, payload.length);
	const mvhd = find(boxes, 'mvhd');
	const movie = mvhd ? timing(view, mvhd) : { timescale: 0, duration: null };
	return {
		timescale: movie.timescale,
		duration: movie.duration,
		tracks: boxes.filter((box) => box.type === 'trak').map((trak) => readTrak(view, trak)),
	};
}
