import { randomBytes } from 'crypto';

import {
	dataUrlBodyLength,
	dataUrlJson,
} from '../../../nodes/SegmindWan/transport/media/dataUrlBody';
import { videoStream } from '../../../nodes/SegmindWan/transport/media/videoStream';
import { chunkedStream, sampleMp4 } from '../../fixtures';

async function* pieces(data: Buffer, sizes: number[]) {
	let offset = 0;
	for (let i = 0; offset < data.length; i++) {
		const size = sizes[i % sizes.length];
		yield data.subarray(offset, offset + size);
		offset += size;
	}
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer[]> {
	const out: Buffer[] = [];
	for await (const chunk of source) out.push(Buffer.from(chunk));
	return out;
}

describe('videoStream hands storage the chunks as they came, not merged into blocks', () => {
	it('64 KiB chunks stay at most two chunks long, and every byte is stored and counted', async () => {
		// The filler is a `free` box: bytes past the MP4's last box would read as a cut transfer.
		const filler = randomBytes(3 * 1024 * 1024);
		filler.writeUInt32BE(filler.length, 0);
		filler.write('free', 4, 'latin1');
		const video = Buffer.concat([sampleMp4, filler]);
		const checked = videoStream(chunkedStream(video, 65536));
		const stored = await collect(checked.stream as AsyncIterable<Buffer>);
		expect(Buffer.concat(stored).equals(video)).toBe(true);
		expect(checked.bytes()).toBe(video.length);
		// Node's stream iterator returns whatever is buffered in one read, so two queued chunks
		// can come out as one; a merging stage (the removed 512 KiB blocks) would exceed this.
		expect(Math.max(...stored.map((chunk) => chunk.length))).toBeLessThanOrEqual(2 * 65536);
		expect(stored.length).toBeGreaterThanOrEqual(video.length / 65536 / 2);
	});
});

describe('dataUrlJson: the upload body, base64-encoded chunk by chunk', () => {
	it.each([0, 1, 2, 3, 65536, 196_609, 1_000_000])(
		'%i bytes in odd-sized chunks: the JSON.stringify body, of the announced length',
		async (length) => {
			const file = randomBytes(length);
			const body = Buffer.concat(
				await collect(dataUrlJson(pieces(file, [7, 65536, 2, 196_608]), 'image/png', length)),
			);
			const expected = JSON.stringify({
				data_urls: [`data:image/png;base64,${file.toString('base64')}`],
			});
			expect(body.toString()).toBe(expected);
			expect(dataUrlBodyLength('image/png', length)).toBe(Buffer.byteLength(expected));
		},
	);

	it('a file that changed size since it was checked fails instead of sending a wrong body', async () => {
		const file = randomBytes(1000);
		await expect(collect(dataUrlJson(pieces(file, [100]), 'image/png', 999))).rejects.toThrow(
			'more than the 999 bytes',
		);
		await expect(collect(dataUrlJson(pieces(file, [100]), 'image/png', 1001))).rejects.toThrow(
			'1000 bytes, not the 1001',
		);
	});
});
