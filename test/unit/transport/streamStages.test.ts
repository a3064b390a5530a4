import { randomBytes } from 'crypto';

import { coalesce, STORAGE_BLOCK_BYTES } from '../../../nodes/SegmindWan/transport/media/coalesce';
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

describe('coalesce: socket chunks merged into blocks for fewer, larger storage writes', () => {
	const data = randomBytes(5 * 1024 * 1024 + 12345);

	it('every block but the last is exactly the block size, and the bytes are unchanged', async () => {
		const blocks = await collect(coalesce(pieces(data, [65536, 1000, 300_000, 7]), 1024 * 1024));
		expect(Buffer.concat(blocks).equals(data)).toBe(true);
		expect(blocks.slice(0, -1).every((block) => block.length === 1024 * 1024)).toBe(true);
		expect(blocks).toHaveLength(6);
		expect(blocks[5].length).toBe(data.length - 5 * 1024 * 1024);
	});

	it('a yielded block is not overwritten by the next one (each write owns its buffer)', async () => {
		const seen: Buffer[] = [];
		for await (const block of coalesce(pieces(data, [65536]), 256 * 1024)) seen.push(block);
		expect(Buffer.concat(seen).equals(data)).toBe(true);
	});

	it('an empty source yields nothing', async () => {
		expect(await collect(coalesce(pieces(Buffer.alloc(0), [1]), 1024))).toEqual([]);
	});
});

describe('videoStream hands storage merged blocks and still counts every byte', () => {
	it('64 KiB socket chunks come out as storage-sized blocks', async () => {
		const video = Buffer.concat([sampleMp4, randomBytes(3 * 1024 * 1024)]);
		const checked = videoStream(chunkedStream(video, 65536));
		const blocks = await collect(checked.stream as AsyncIterable<Buffer>);
		expect(Buffer.concat(blocks).equals(video)).toBe(true);
		expect(checked.bytes()).toBe(video.length);
		expect(STORAGE_BLOCK_BYTES).toBeGreaterThanOrEqual(256 * 1024);
		expect(blocks.length).toBeLessThanOrEqual(Math.ceil(video.length / STORAGE_BLOCK_BYTES) + 1);
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
