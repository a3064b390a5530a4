import type { Box } from './boxView';
import { BoxView } from './boxView';

/**
 * A fragmented MP4 keeps no sample tables in `moov`: its `mvex` says the movie is fragmented
 * (`mehd`: the whole duration, when the muxer wrote it; `trex`: per-track defaults) and each
 * `moof` describes the samples of the `mdat` after it (`traf` → `tfhd` defaults, `trun` samples).
 */
export interface FragmentSetup {
	videoTrackId: number;
	/** the video track's mdhd timescale: trun durations count in it */
	timescale: number;
	movieTimescale: number;
	/** mehd fragment_duration in the movie timescale; null when absent or zero */
	fragmentDuration: number | null;
	/** trex default_sample_duration of the video track */
	defaultSampleDuration: number;
	/** samples the `moov` itself holds (stts), before the first fragment */
	moovSamples: FragmentTally;
}

export interface FragmentTally {
	samples: number;
	ticks: number;
}

const find = (boxes: Box[], type: string): Box | undefined =>
	boxes.find((box) => box.type === type);

const flagsOf = (view: BoxView, box: Box): number => view.u32(box.start, box.end) & 0xffffff;

/** The samples a track's stts lists (a fragmented file's moov may hold the first few). */
function sttsTally(view: BoxView, mdiaBoxes: Box[]): FragmentTally {
	const tally = { samples: 0, ticks: 0 };
	const minf = find(mdiaBoxes, 'minf');
	const stbl = minf && find(view.children(minf.start, minf.end), 'stbl');
	const stts = stbl && find(view.children(stbl.start, stbl.end), 'stts');
	if (!stts) return tally;
	const entries = view.u32(stts.start + 4, stts.end);
	for (let index = 0, at = stts.start + 8; index < entries; index++, at += 8) {
		const count = view.u32(at, stts.end);
		tally.samples += count;
		tally.ticks += count * view.u32(at + 4, stts.end);
	}
	return tally;
}

type VideoTrack = { id: number; timescale: number; moovSamples: FragmentTally };

function videoTrack(view: BoxView, trak: Box): VideoTrack | null {
	const boxes = view.children(trak.start, trak.end);
	const tkhd = find(boxes, 'tkhd');
	const mdia = find(boxes, 'mdia');
	if (!tkhd || !mdia) return null;
	const mdiaBoxes = view.children(mdia.start, mdia.end);
	const hdlr = find(mdiaBoxes, 'hdlr');
	const mdhd = find(mdiaBoxes, 'mdhd');
	if (!hdlr || !mdhd || view.fourCc(hdlr.start + 8, hdlr.end) !== 'vide') return null;
	// tkhd: version/flags, creation and modification times (32 or 64 bits), then track_ID
	const id = view.u32(tkhd.start + (view.u8(tkhd.start, tkhd.end) === 1 ? 20 : 12), tkhd.end);
	const timescaleAt = mdhd.start + (view.u8(mdhd.start, mdhd.end) === 1 ? 20 : 12);
	return {
		id,
		timescale: view.u32(timescaleAt, mdhd.end),
		moovSamples: sttsTally(view, mdiaBoxes),
	};
}

/** What a fragmented `moov` (one with `mvex`) tells about its video track; null otherwise. */
export function fragmentSetup(moovPayload: Uint8Array): FragmentSetup | null {
	const view = new BoxView(moovPayload);
	const boxes = view.children(0, moovPayload.length);
	const mvex = find(boxes, 'mvex');
	const mvhd = find(boxes, 'mvhd');
	if (!mvex || !mvhd) return null;
	const video = boxes
		.filter((box) => box.type === 'trak')
		.map((trak) => videoTrack(view, trak))
		.find((track) => track !== null);
	if (!video || video.timescale === 0) return null;
	const mvexBoxes = view.children(mvex.start, mvex.end);
	const mehd = find(mvexBoxes, 'mehd');
	const wideMehd = mehd !== undefined && view.u8(mehd.start, mehd.end) === 1;
	const fragmentDuration = mehd
		? wideMehd
			? view.u64(mehd.start + 4, mehd.end)
			: view.u32(mehd.start + 4, mehd.end)
		: 0;
	const trex = mvexBoxes
		.filter((box) => box.type === 'trex')
		.find((box) => view.u32(box.start + 4, box.end) === video.id);
	const movieTimescaleAt = mvhd.start + (view.u8(mvhd.start, mvhd.end) === 1 ? 20 : 12);
	return {
		videoTrackId: video.id,
		timescale: video.timescale,
		movieTimescale: view.u32(movieTimescaleAt, mvhd.end),
		fragmentDuration: fragmentDuration > 0 ? fragmentDuration : null,
		defaultSampleDuration: trex ? view.u32(trex.start + 12, trex.end) : 0,
		moovSamples: video.moovSamples,
	};
}

/** tfhd optional fields before default_sample_duration: base_data_offset, sample_description_index. */
function trackDefaults(view: BoxView, tfhd: Box, setup: FragmentSetup): number | null {
	const flags = flagsOf(view, tfhd);
	if (view.u32(tfhd.start + 4, tfhd.end) !== setup.videoTrackId) return null;
	if (!(flags & 0x08)) return setup.defaultSampleDuration;
	const at = tfhd.start + 8 + (flags & 0x01 ? 8 : 0) + (flags & 0x02 ? 4 : 0);
	return view.u32(at, tfhd.end);
}

function tallyTrun(view: BoxView, trun: Box, defaultDuration: number, tally: FragmentTally): void {
	const flags = flagsOf(view, trun);
	const count = view.u32(trun.start + 4, trun.end);
	tally.samples += count;
	if (!(flags & 0x100)) {
		tally.ticks += count * defaultDuration;
		return;
	}
	// per-sample fields: duration, size, flags, composition offset (4 bytes each when present)
	const recordBytes = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
	let at = trun.start + 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0);
	// bounds-checked reads: a count larger than the box throws instead of looping on
	for (let sample = 0; sample < count; sample++, at += recordBytes) {
		tally.ticks += view.u32(at, trun.end);
	}
}

/** Adds the video track's samples and their duration in one `moof` payload to the tally. */
export function tallyMoof(
	moofPayload: Uint8Array,
	setup: FragmentSetup,
	tally: FragmentTally,
): void {
	const view = new BoxView(moofPayload);
	for (const traf of view.children(0, moofPayload.length)) {
		if (traf.type !== 'traf') continue;
		const trafBoxes = view.children(traf.start, traf.end);
		const tfhd = find(trafBoxes, 'tfhd');
		const defaultDuration = tfhd ? trackDefaults(view, tfhd, setup) : null;
		if (defaultDuration === null) continue;
		for (const trun of trafBoxes) {
			if (trun.type === 'trun') tallyTrun(view, trun, defaultDuration, tally);
		}
	}
}
