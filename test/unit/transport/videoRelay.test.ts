/**
 * The download stage relays the body's events into a Readable (videoStream.ts). What a
 * pull-based stage gave for free must still hold: nothing runs before the store reads, every
 * failure reaches the store's hands (never an unheard 'error' event), the source's own failures
 * are told from the store's, and a slow store pauses the body instead of buffering it.
 */
import {
	NotAVideo,
	VideoCutShort,
	videoStream,
} from '../../../nodes/SegmindWan/transport/media/videoStream';
import { freeBox, sampleMp4 } from '../../fixtures';
import {
	failingStore,
	handFedBody,
	nextTurn,
	storeInto,
	watchUnheardErrors,
} from '../../fixtures/streams';

const KiB = 1024;

/** Reads a stream to its end as n8n's filesystem store does (an async iterator). */
async function drain(stream: unknown): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
	return Buffer.concat(chunks);
}

describe('the relay starts with the first read', () => {
	it('a body that is not a video, checked before the store reads: the store gets NotAVideo, nothing is unheard', async () => {
		const source = handFedBody();
		const unheard = watchUnheardErrors();
		const checked = videoStream(source);
		source.end(Buffer.from('<html>not a video</html>'));
		await nextTurn();
		await expect(drain(checked.stream)).rejects.toBeInstanceOf(NotAVideo);
		expect(unheard.stop()).toEqual([]);
		expect(checked.sourceFailed()).toBe(false);
	});

	it('a body that fails before the first read: the store gets that error, and it counts as the source', async () => {
		const source = handFedBody();
		const checked = videoStream(source);
		source.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		await nextTurn();
		await expect(drain(checked.stream)).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(checked.sourceFailed()).toBe(true);
	});

	it('a body closed without an error before the first read: a premature close, from the source', async () => {
		const source = handFedBody();
		const checked = videoStream(source);
		source.destroy();
		await nextTurn();
		await expect(drain(checked.stream)).rejects.toMatchObject({
			code: 'ERR_STREAM_PREMATURE_CLOSE',
		});
		expect(checked.sourceFailed()).toBe(true);
	});
});

describe('failures during the transfer', () => {
	it('the body closes mid-transfer without an error: a premature close, from the source', async () => {
		const source = handFedBody();
		const checked = videoStream(source);
		const reading = drain(checked.stream);
		source.write(sampleMp4.subarray(0, 4096));
		await nextTurn();
		source.destroy();
		await expect(reading).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
		expect(checked.sourceFailed()).toBe(true);
	});

	it('an MP4 whose boxes say more was due: VideoCutShort before the store sees an end', async () => {
		const source = handFedBody();
		const checked = videoStream(source);
		const reading = drain(checked.stream);
		source.end(sampleMp4.subarray(0, sampleMp4.length - 100));
		await expect(reading).rejects.toBeInstanceOf(VideoCutShort);
		expect(checked.sourceFailed()).toBe(false);
	});

	it('past the limit: the limit refuses, the body is destroyed', async () => {
		const source = handFedBody();
		const checked = videoStream(source, { maxBytes: 64 * KiB, reason: 'too big for the test' });
		const reading = drain(checked.stream);
		source.write(sampleMp4);
		source.write(freeBox(128 * KiB));
		await expect(reading).rejects.toThrow('too big for the test');
		expect(source.destroyed).toBe(true);
		expect(checked.sourceFailed()).toBe(false);
	});

	it('the store gives up (destroys the stream): the body is destroyed, not counted as the source', async () => {
		const source = handFedBody();
		const checked = videoStream(source);
		const storing = storeInto(
			checked.stream as Parameters<typeof storeInto>[0],
			failingStore('SQLITE_FULL: database or disk is full'),
		);
		source.write(sampleMp4);
		await expect(storing).rejects.toThrow('SQLITE_FULL');
		expect(source.destroyed).toBe(true);
		expect(checked.sourceFailed()).toBe(false);
	});
});

describe('backpressure', () => {
	it('a store that does not read pauses the body: the relay holds about one chunk, not the video', async () => {
		const source = handFedBody({ highWaterMark: 64 * KiB });
		const checked = videoStream(source);
		const relayed = checked.stream as ReturnType<typeof handFedBody>;
		relayed.read(0); // the store's first read, then it stalls
		const video = Buffer.concat([sampleMp4, freeBox(4 * 1024 * KiB)]);
		let written = 0;
		for (let offset = 0; offset < video.length; offset += 64 * KiB) {
			if (!source.write(video.subarray(offset, offset + 64 * KiB))) break;
			written += 64 * KiB;
			await nextTurn();
		}
		// The body stopped taking writes long before the 4 MiB were in: it was paused.
		expect(written).toBeLessThan(1024 * KiB);
		expect(relayed.readableLength).toBeLessThanOrEqual(2 * 64 * KiB + sampleMp4.length);
		relayed.destroy();
	});

	it('every byte arrives in order, and is counted, across many small writes', async () => {
		const source = handFedBody();
		const checked = videoStream(source);
		const video = Buffer.concat([sampleMp4, freeBox(300 * KiB)]);
		const reading = drain(checked.stream);
		for (let offset = 0; offset < video.length; offset += 997) {
			source.write(video.subarray(offset, offset + 997));
		}
		source.end();
		expect((await reading).equals(video)).toBe(true);
		expect(checked.bytes()).toBe(video.length);
		expect(checked.facts().facts).not.toBeNull();
	});
});
