import { locateMoov } from '../../../nodes/SegmindWan/videoFacts/mp4/moovLocator';

function box(type: string, payloadBytes: number, size = 8 + payloadBytes): Buffer {
	const bytes = Buffer.alloc(8 + payloadBytes);
	bytes.writeUInt32BE(size);
	bytes.write(type, 4, 'latin1');
	return bytes;
}

describe('locateMoov: the moov from a few byte ranges', () => {
	const ftyp = box('ftyp', 24);

	it('finds a moov inside the bytes read', () => {
		const moov = box('moov', 100);
		const found = locateMoov(Buffer.concat([ftyp, moov, box('mdat', 50)]), 0, 190, 1000);
		expect(found.kind === 'found' && Buffer.from(found.box).equals(moov)).toBe(true);
	});

	it('skips the media data by its stated size and asks for the box after it (clamped to the file)', () => {
		const head = Buffer.concat([ftyp, box('mdat', 0, 5_000_000)]);
		expect(locateMoov(head, 0, 5_000_500, 1_000_000)).toEqual({
			kind: 'read',
			offset: 5_000_032,
			length: 468,
		});
	});

	it('asks for a moov cut by the read whole, by its stated size', () => {
		const head = Buffer.concat([ftyp, box('moov', 10, 2_000_000)]);
		expect(locateMoov(head, 0, null, 1000)).toEqual({
			kind: 'read',
			offset: 32,
			length: 2_000_000,
		});
	});

	it('reads a 64-bit box size', () => {
		const large = Buffer.alloc(16);
		large.writeUInt32BE(1);
		large.write('mdat', 4, 'latin1');
		large.writeUInt32BE(1, 8);
		large.writeUInt32BE(16, 12);
		expect(locateMoov(Buffer.concat([ftyp, large]), 0, null, 10)).toEqual({
			kind: 'read',
			offset: 32 + 2 ** 32 + 16,
			length: 10,
		});
	});

	it.each([
		[
			'a file that is not an MP4',
			Buffer.from('<html><body>not a video</body></html>'),
			/not an MP4/,
		],
		[
			'a box running to the end',
			Buffer.concat([ftyp, box('mdat', 8, 0)]),
			/runs to the end of the file/,
		],
		['an impossible box size', Buffer.concat([ftyp, box('mdat', 8, 3)]), /impossible size 3/],
		['a moov above the cap', Buffer.concat([ftyp, box('moov', 8, 17 * 1024 * 1024)]), /above the/],
		['no moov before the end', Buffer.concat([ftyp, box('mdat', 8)]), /no moov box/],
	])('says why there is none: %s', (_name, bytes, reason) => {
		const found = locateMoov(bytes, 0, bytes.length, 1000);
		expect(found.kind).toBe('none');
		expect(found.kind === 'none' && found.reason).toMatch(reason);
	});
});
