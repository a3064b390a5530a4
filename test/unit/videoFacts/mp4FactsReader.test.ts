import {
	Mp4FactsReader,
	MOOV_CAP_BYTES,
	readMp4Facts,
} from '../../../nodes/SegmindWan/videoFacts/mp4/mp4FactsReader';
import { BoxBudget } from '../../../nodes/SegmindWan/videoFacts/mp4/boxView';
import { MAX_MOOV_BOXES, parseMoov } from '../../../nodes/SegmindWan/videoFacts/mp4/parseMoov';
import {
	aspectRatioName,
	factsFromMovie,
} from '../../../nodes/SegmindWan/videoFacts/mp4/videoFacts';
import { samplePng, sampleWav, videoFactsKnown, videoFixtures } from '../../fixtures';
import { degenerateSizeMp4, manyTrakMp4 } from '../../fixtures/hostileMedia';

/** Shape facts ffprobe does not print in our words: derived from its width and height by hand. */
const SHAPES: Record<string, { aspectRatio: string; orientation: string }> = {
	'sample.mp4': { aspectRatio: '4:3', orientation: 'landscape' },
	'portrait-faststart-audio.mp4': { aspectRatio: '9:16', orientation: 'portrait' },
	'portrait-moov-end.mp4': { aspectRatio: '9:16', orientation: 'portrait' },
	'landscape-moov-end-audio.mp4': { aspectRatio: '16:9', orientation: 'landscape' },
	'landscape-faststart.mp4': { aspectRatio: '16:9', orientation: 'landscape' },
	'square-hevc-audio.mp4': { aspectRatio: '1:1', orientation: 'square' },
	'rotated-portrait.mp4': { aspectRatio: '9:16', orientation: 'portrait' },
	'mdhd-v1.mp4': { aspectRatio: '4:3', orientation: 'landscape' },
};

/** Deterministic pseudo-random numbers (mulberry32), so a failing split can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function pushInPieces(file: Buffer, sizes: () => number, reader = new Mp4FactsReader()) {
	for (let offset = 0; offset < file.length;) {
		const size = Math.max(1, sizes());
		reader.push(file.subarray(offset, offset + size));
		offset += size;
	}
	return reader.finish();
}

/** Offsets of the top-level boxes: [type, start, size]. */
function topLevelBoxes(file: Buffer): Array<[string, number, number]> {
	const boxes: Array<[string, number, number]> = [];
	for (let offset = 0; offset < file.length;) {
		const size = file.readUInt32BE(offset);
		boxes.push([file.toString('latin1', offset + 4, offset + 8), offset, size]);
		offset += size;
	}
	return boxes;
}

function box(file: Buffer, type: string): { start: number; size: number } {
	const found = topLevelBoxes(file).find(([name]) => name === type);
	if (!found) throw new Error(`no ${type}`);
	return { start: found[1], size: found[2] };
}

const FILES = Object.keys(videoFactsKnown);

describe('the MP4 reader against ffprobe', () => {
	it('covers moov first and last, audio and none, portrait, landscape, square, avc1 and hvc1', () => {
		const known = Object.values(videoFactsKnown);
		expect(new Set(known.map((facts) => facts.videoCodec))).toEqual(new Set(['avc1', 'hvc1']));
		expect(new Set(known.map((facts) => facts.hasAudio))).toEqual(new Set([true, false]));
		const moovFirst = FILES.map(
			(name) => box(videoFixtures[name], 'moov').start < box(videoFixtures[name], 'mdat').start,
		);
		expect(new Set(moovFirst)).toEqual(new Set([true, false]));
		expect(new Set(FILES.map((name) => SHAPES[name].orientation))).toEqual(
			new Set(['portrait', 'landscape', 'square']),
		);
	});

	it.each(FILES)('%s: every fact matches ffprobe', (name) => {
		const known = videoFactsKnown[name];
		const { facts, reason } = readMp4Facts(videoFixtures[name]);
		expect(reason).toBeNull();
		expect(facts).toMatchObject({
			width: known.width,
			height: known.height,
			rotation: known.rotation,
			videoCodec: known.videoCodec,
			hasAudio: known.hasAudio,
			audioCodec: known.audioCodec,
			fileSizeBytes: known.fileSizeBytes,
			...SHAPES[name],
		});
		expect(facts!.durationSeconds).toBeCloseTo(known.durationSeconds, 2);
		expect(facts!.frameRate).toBeCloseTo(known.frameRate, 2);
		expect(facts!.aspectRatioValue).toBeCloseTo(known.width / known.height, 3);
	});

	it.each(FILES)('%s: the same facts for any chunking (random splits)', (name) => {
		const file = videoFixtures[name];
		const whole = readMp4Facts(file);
		const next = random(FILES.indexOf(name) + 1);
		for (let round = 0; round < 25; round++) {
			const limit = [3, 17, 200, 5000][round % 4];
			expect(pushInPieces(file, () => Math.floor(next() * limit))).toEqual(whole);
		}
	});

	it.each(['sample.mp4', 'portrait-moov-end.mp4'])(
		'%s: the same facts pushed one byte at a time',
		(name) => {
			const file = videoFixtures[name];
			expect(pushInPieces(file, () => 1)).toEqual(readMp4Facts(file));
		},
	);

	it('reads a moov box split at every byte boundary', () => {
		const file = videoFixtures['sample.mp4'];
		const whole = readMp4Facts(file);
		const { start, size } = box(file, 'moov');
		for (let cut = start - 1; cut <= start + size + 1; cut++) {
			const reader = new Mp4FactsReader();
			reader.push(file.subarray(0, cut));
			reader.push(file.subarray(cut));
			expect(reader.finish()).toEqual(whole);
		}
	});
});

describe('box forms', () => {
	it('skips an mdat with a 64-bit size (size field 1)', () => {
		const file = Buffer.from(videoFixtures['portrait-moov-end.mp4']);
		const free = box(file, 'free');
		const mdat = box(file, 'mdat');
		expect(free.start + free.size).toBe(mdat.start);
		// the 8-byte free box and mdat's 8-byte header become one 16-byte large-size header
		file.writeUInt32BE(1, free.start);
		file.write('mdat', free.start + 4, 'latin1');
		file.writeUInt32BE(0, free.start + 8);
		file.writeUInt32BE(free.size + mdat.size, free.start + 12);
		const reader = new Mp4FactsReader();
		reader.push(file);
		expect(reader.finish()).toEqual(readMp4Facts(videoFixtures['portrait-moov-end.mp4']));
	});

	it('reads a version-1 mvhd (64-bit times) and a version-1 mdhd', () => {
		const file = videoFixtures['mdhd-v1.mp4'];
		const moov = box(file, 'moov');
		const mvhdAt = file.indexOf('mvhd', moov.start) - 4;
		expect(file[mvhdAt + 8]).toBe(0);
		expect(file[file.indexOf('mdhd') + 4]).toBe(1);
		// widen mvhd: creation, modification and duration to 64 bits (12 more bytes)
		const old = file.subarray(mvhdAt, mvhdAt + file.readUInt32BE(mvhdAt));
		const widened = Buffer.alloc(old.length + 12);
		widened.writeUInt32BE(widened.length, 0);
		widened.write('mvhd', 4, 'latin1');
		widened.writeUInt32BE(0x01000000, 8);
		widened.writeUInt32BE(old.readUInt32BE(20), 28); // timescale
		widened.writeUInt32BE(old.readUInt32BE(24), 36); // duration (low word)
		old.copy(widened, 40, 28);
		const moovBytes = Buffer.concat([
			file.subarray(moov.start, mvhdAt),
			widened,
			file.subarray(mvhdAt + old.length, moov.start + moov.size),
		]);
		moovBytes.writeUInt32BE(moovBytes.length, 0);
		const rebuilt = Buffer.concat([
			file.subarray(0, moov.start),
			moovBytes,
			file.subarray(moov.start + moov.size),
		]);
		const { facts, reason } = readMp4Facts(rebuilt);
		expect(reason).toBeNull();
		expect(facts).toMatchObject({
			durationSeconds: 2,
			frameRate: 15,
			width: 320,
			height: 240,
			fileSizeBytes: rebuilt.length,
		});
	});

	it('names the common ratio within 3 % and the exact ratio otherwise', () => {
		expect(aspectRatioName(832, 480)).toBe('16:9');
		expect(aspectRatioName(480, 832)).toBe('9:16');
		expect(aspectRatioName(1080, 1350)).toBe('4:5');
		expect(aspectRatioName(1000, 700)).toBe('10:7');
	});
});

describe('unreadable files: null facts with a reason', () => {
	it.each([
		['a PNG', samplePng, /not an MP4/],
		['a WAV', sampleWav, /not an MP4/],
		['text', Buffer.from('<html>Service unavailable</html>'), /not an MP4/],
		['nothing', Buffer.alloc(0), /empty/],
		['three bytes', Buffer.from([0, 0, 0]), /too short/],
	])('%s', (_what, bytes, reason) => {
		const result = readMp4Facts(bytes);
		expect(result.facts).toBeNull();
		expect(result.reason).toMatch(reason);
	});

	it('a moov box cut short', () => {
		const file = videoFixtures['portrait-faststart-audio.mp4'];
		const moov = box(file, 'moov');
		const result = readMp4Facts(file.subarray(0, moov.start + Math.floor(moov.size / 2)));
		expect(result).toEqual({ facts: null, reason: expect.stringMatching(/moov box is truncated/) });
	});

	it('a moov-at-end file cut inside its media data', () => {
		const file = videoFixtures['landscape-moov-end-audio.mp4'];
		const result = readMp4Facts(file.subarray(0, box(file, 'moov').start - 100));
		expect(result).toEqual({ facts: null, reason: expect.stringMatching(/no moov box/) });
	});

	it('a moov box above the cap is skipped, not kept', () => {
		const file = videoFixtures['sample.mp4'];
		const moov = box(file, 'moov');
		const small = new Mp4FactsReader(moov.size - 9);
		small.push(file);
		expect(small.finish()).toEqual({
			facts: null,
			reason: expect.stringMatching(/above the \d+-byte cap/),
		});
		const exact = new Mp4FactsReader(moov.size - 8);
		exact.push(file);
		expect(exact.finish().facts).not.toBeNull();
	});

	it('a 20 MiB moov under the default 16 MiB cap is refused at its header', () => {
		const header = Buffer.alloc(8);
		header.writeUInt32BE(20 * 1024 * 1024, 0);
		header.write('moov', 4, 'latin1');
		const reader = new Mp4FactsReader();
		reader.push(Buffer.concat([videoFixtures['sample.mp4'].subarray(0, 32), header]));
		for (let mib = 0; mib < 20; mib++) reader.push(Buffer.alloc(1024 * 1024));
		const result = reader.finish();
		expect(result.facts).toBeNull();
		expect(result.reason).toContain(`above the ${MOOV_CAP_BYTES}-byte cap`);
	});

	it('a moov without a video track', () => {
		const file = Buffer.from(videoFixtures['sample.mp4']);
		file.write('meta', file.indexOf('vide'), 'latin1'); // the hdlr of the only track
		expect(readMp4Facts(file)).toEqual({ facts: null, reason: 'the MP4 has no video track' });
	});

	it('a box inside moov with an impossible size', () => {
		const file = Buffer.from(videoFixtures['sample.mp4']);
		file.writeUInt32BE(0xffff, file.indexOf('mvhd') - 4);
		expect(readMp4Facts(file).reason).toMatch(/moov box is malformed: box "mvhd".*impossible size/);
	});
});

describe('a file shorter than its own boxes (a cut transfer)', () => {
	const reader = (bytes: Buffer, chunk = 1000) => {
		const facts = new Mp4FactsReader();
		for (let offset = 0; offset < bytes.length; offset += chunk)
			facts.push(bytes.subarray(offset, offset + chunk));
		return facts;
	};

	it.each(Object.keys(videoFixtures))('%s whole: not cut; cut anywhere: cut', (name) => {
		const bytes = videoFixtures[name];
		expect(reader(bytes).cutShort()).toBeNull();
		for (const fraction of [0.1, 0.5, 0.9, 0.999]) {
			const end = Math.floor(bytes.length * fraction);
			expect(reader(bytes.subarray(0, end)).cutShort()).toMatch(/past the end|cut|box header/);
		}
	});

	it('cannot tell for a box that runs to the end of the file (size 0), or a non-MP4', () => {
		const toEnd = Buffer.concat([videoFixtures['sample.mp4'].subarray(0, 32), Buffer.alloc(8)]);
		toEnd.write('mdat', 36, 'latin1');
		expect(reader(Buffer.concat([toEnd, Buffer.alloc(100)])).cutShort()).toBeNull();
		expect(reader(samplePng.subarray(0, 50)).cutShort()).toBeNull();
	});
});

describe('hostile boxes: work is bounded, facts are sound or null', () => {
	it('a moov of many empty traks stops at the box budget (counted, not timed)', () => {
		const file = manyTrakMp4(50_000);
		const moovAt = file.indexOf('moov') - 4;
		const payload = file.subarray(moovAt + 8, moovAt + file.readUInt32BE(moovAt));
		const budget = new BoxBudget(MAX_MOOV_BOXES);
		expect(() => parseMoov(payload, budget)).toThrow(`more than ${MAX_MOOV_BOXES} boxes`);
		expect(budget.used).toBe(MAX_MOOV_BOXES + 1);
		expect(readMp4Facts(file).reason).toContain(`more than ${MAX_MOOV_BOXES} boxes`);
		// The fixture itself reads well within the budget.
		const own = new BoxBudget(MAX_MOOV_BOXES);
		const sample = videoFixtures['sample.mp4'];
		const sampleMoov = sample.indexOf('moov') - 4;
		parseMoov(sample.subarray(sampleMoov + 8, sampleMoov + sample.readUInt32BE(sampleMoov)), own);
		expect(own.used).toBeLessThan(100);
	});

	it('a track size under one pixel falls back to the coded size; none usable gives null', () => {
		const track = {
			handler: 'vide',
			codec: 'avc1',
			width: 1 / 65536,
			height: 1 / 65536,
			codedWidth: 320,
			codedHeight: 240,
			rotation: 0,
			timescale: 15,
			duration: 30,
			sampleCount: 30,
			sampleTicks: 30,
		};
		const movie = { timescale: 1000, duration: 2000, tracks: [track] };
		expect(factsFromMovie(movie, 1).facts).toMatchObject({ width: 320, height: 240 });
		const none = factsFromMovie({ ...movie, tracks: [{ ...track, codedWidth: 0 }] }, 1);
		expect(none.facts).toBeNull();
		expect(none.reason).toContain('no usable width or height');
		expect(readMp4Facts(degenerateSizeMp4()).facts).toBeNull();
	});
});
