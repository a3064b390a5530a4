import { videoFixtures } from '../../fixtures';
import { fragmentedFactsKnown, fragmentedFixtures } from '../../fixtures/fragmented';
import { FragmentReader } from '../../../nodes/SegmindWan/videoFacts/mp4/fragmentReader';
import { readMp4Facts } from '../../../nodes/SegmindWan/videoFacts/mp4/mp4FactsReader';
import {
	VideoFactsReader,
	readVideoFacts,
} from '../../../nodes/SegmindWan/videoFacts/mp4/videoFactsReader';

const FRAGMENTED = Object.keys(fragmentedFactsKnown);

function streamed(data: Buffer, chunkBytes: number) {
	const reader = new VideoFactsReader();
	for (let at = 0; at < data.length; at += chunkBytes)
		reader.push(data.subarray(at, at + chunkBytes));
	return reader.finish();
}

it('has fragmented fixtures whose moov alone gets the timing wrong or leaves it unknown', () => {
	expect(FRAGMENTED).toHaveLength(3);
	for (const name of FRAGMENTED) {
		const data = fragmentedFixtures[name];
		expect(data.includes('mvex')).toBe(true);
		expect(data.includes('moof')).toBe(true);
		const { facts } = readMp4Facts(data);
		expect(facts).not.toBeNull();
		const known = fragmentedFactsKnown[name];
		expect(facts!.durationSeconds ?? 0).not.toBeCloseTo(known.durationSeconds, 2);
	}
});

describe.each(FRAGMENTED)('%s', (name) => {
	const data = fragmentedFixtures[name];
	const known = fragmentedFactsKnown[name];

	it.each([1, 7, 4096, data.length])(
		'gives ffprobe duration and frame rate, fed %d bytes at a time',
		(chunkBytes) => {
			const { facts, reason } = streamed(data, chunkBytes);
			expect(reason).toBeNull();
			expect(facts!.durationSeconds).toBeCloseTo(known.durationSeconds, 2);
			expect(facts!.frameRate).toBeCloseTo(known.frameRate, 2);
			expect(facts).toMatchObject({
				width: known.width,
				height: known.height,
				videoCodec: known.videoCodec,
				hasAudio: known.hasAudio,
				fileSizeBytes: known.fileSizeBytes,
			});
		},
	);

	it('gives no frame rate rather than a wrong one when a fragment is cut short', () => {
		const lastMoof = data.lastIndexOf('moof') - 4;
		const { facts } = readVideoFacts(data.subarray(0, lastMoof + 20));
		expect(facts!.frameRate).toBeNull();
	});

	it('gives no timing from the fragments seen when the stream ends inside an earlier mdat', () => {
		const secondMoof = data.indexOf('moof', data.indexOf('moof') + 4) - 4;
		const { facts } = readVideoFacts(data.subarray(0, secondMoof - 100));
		expect(facts!.frameRate).toBeNull();
		expect(facts!.durationSeconds).toBeNull();
	});

	it('holds no fragment larger than its cap: over it, the timing stays unknown', () => {
		const reader = new FragmentReader(64);
		reader.push(data);
		expect(reader.finish()).toMatchObject({ frameRate: null });
	});
});

it('leaves the facts of an unfragmented MP4 exactly as the moov reader gives them', () => {
	for (const data of Object.values(videoFixtures)) {
		expect(readVideoFacts(data)).toEqual(readMp4Facts(data));
		const fragments = new FragmentReader();
		fragments.push(data);
		expect(fragments.finish()).toBeNull();
	}
});

it('a malformed trun ends the tally with unknown timing, and never throws', () => {
	const data = Buffer.from(fragmentedFixtures['fragmented-portrait.mp4']);
	const trun = data.indexOf('trun');
	// flags claiming all four per-sample fields: 12 samples x 16 bytes run past the box
	data.writeUInt32BE(0xf05, trun + 4);
	const { facts, reason } = readVideoFacts(data);
	expect(reason).toBeNull();
	expect(facts).toMatchObject({ durationSeconds: null, frameRate: null, width: 720 });
});

/** The portrait fixture with a version-0 `mehd` (fragment_duration in mvhd's 1000 Hz) in its mvex. */
function withMehd(fragmentDuration: number): Buffer {
	const data = fragmentedFixtures['fragmented-portrait.mp4'];
	const mehd = Buffer.alloc(16);
	mehd.writeUInt32BE(16, 0);
	mehd.write('mehd', 4, 'latin1');
	mehd.writeUInt32BE(fragmentDuration, 12);
	const moovAt = data.indexOf('moov') - 4;
	const mvexAt = data.indexOf('mvex') - 4;
	const out = Buffer.concat([data.subarray(0, mvexAt + 8), mehd, data.subarray(mvexAt + 8)]);
	out.writeUInt32BE(data.readUInt32BE(moovAt) + 16, moovAt);
	out.writeUInt32BE(data.readUInt32BE(mvexAt) + 16, mvexAt);
	return out;
}

it('takes the duration from mehd when the muxer wrote one, the frame rate from the samples', () => {
	expect(readVideoFacts(withMehd(2000)).facts).toMatchObject({ durationSeconds: 2, frameRate: 24 });
	// mehd is the whole movie's duration: it wins over the fragments' sum
	expect(readVideoFacts(withMehd(2500)).facts).toMatchObject({
		durationSeconds: 2.5,
		frameRate: 24,
	});
	// a fragment cut short leaves the frame rate unknown; mehd still gives the duration
	const cut = withMehd(2000);
	const { facts } = readVideoFacts(cut.subarray(0, cut.lastIndexOf('moof') + 20));
	expect(facts).toMatchObject({ durationSeconds: 2, frameRate: null });
});
