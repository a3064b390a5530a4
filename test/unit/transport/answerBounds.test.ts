// The bounds on reading an answer (transport/http/answerBounds.ts): the byte cap on answers read
// whole, the call deadline that ends a body, and the video stall rule. Bounds are shortened here
// with jest.replaceProperty; the reliability cases (faults/dripAnswers.test.ts) drive them
// through the node against the simulator.
import { sleep } from 'n8n-workflow';

import { ANSWER_BOUNDS } from '../../../nodes/SegmindWan/transport/http/answerBounds';
import { callDeadline } from '../../../nodes/SegmindWan/transport/http/callDeadline';
import { readBounded } from '../../../nodes/SegmindWan/transport/http/readAll';
import { TransportFailure } from '../../../nodes/SegmindWan/transport/http/transportFailure';
import { videoStream } from '../../../nodes/SegmindWan/transport/media/videoStream';
import { sampleMp4 } from '../../fixtures';
import { handFedBody } from '../../fixtures/streams';

afterEach(() => jest.restoreAllMocks());

/** A body yielding `chunkBytes` every `everyMs` for ever; counts what was pulled and whether it was destroyed. */
function trickle(chunkBytes: number, everyMs: number) {
	const seen = { pulledBytes: 0, destroyed: false };
	const body = {
		async *[Symbol.asyncIterator]() {
			for (;;) {
				if (everyMs > 0) await sleep(everyMs);
				seen.pulledBytes += chunkBytes;
				yield Buffer.alloc(chunkBytes, 'a');
			}
		},
		destroy() {
			seen.destroyed = true;
		},
	};
	return { body, seen };
}

describe('readBounded: an answer read whole is capped', () => {
	it('stops an endless body past maxWholeBytes: what arrived, and why it stopped', async () => {
		jest.replaceProperty(ANSWER_BOUNDS, 'maxWholeBytes', 1024 * 1024);
		const { body, seen } = trickle(64 * 1024, 0);
		const read = await readBounded(body);
		expect(read.failure).toBeInstanceOf(TransportFailure);
		expect((read.failure as TransportFailure).code).toBe('ANSWER_TOO_LARGE');
		expect(read.bytes.length).toBeLessThanOrEqual(1024 * 1024);
		expect(seen.pulledBytes).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024);
	});

	it('reads a body within the cap whole', async () => {
		async function* short() {
			yield Buffer.from('{"status":');
			yield '"COMPLETED"}';
		}
		const read = await readBounded(short());
		expect(read).toEqual({ bytes: Buffer.from('{"status":"COMPLETED"}') });
	});

	it('the shipped cap holds a 190 MiB video as base64, with a KiB of JSON around it', () => {
		const base64 = Math.ceil((190 * 1024 * 1024) / 3) * 4;
		expect(ANSWER_BOUNDS.maxWholeBytes).toBeGreaterThanOrEqual(base64 + 1024);
	});
});

/** A stream-like body that sends `first`, then nothing, until destroyed (its read then fails). */
function stuckBody(first: string) {
	let fail: (error: Error) => void = () => {};
	const body = {
		destroyed: false,
		on: () => body,
		destroy(error?: Error) {
			body.destroyed = true;
			if (error) fail(error);
		},
		async *[Symbol.asyncIterator]() {
			yield Buffer.from(first);
			await new Promise<never>((_resolve, reject) => (fail = reject));
		},
	};
	return body;
}

describe('callDeadline: a call ends at its deadline, body included', () => {
	it('destroys a dripping body with a timeout in our words, and aborts its signal', async () => {
		const body = stuckBody('{"sta');
		const deadline = callDeadline(undefined, 200, 'https://api.segmind.test/v2/x');
		deadline.watch(body);
		const startedAt = Date.now();
		const read = await readBounded(body);
		expect(Date.now() - startedAt).toBeLessThan(2000);
		expect(read.bytes.toString()).toBe('{"sta');
		expect((read.failure as TransportFailure).message).toBe(
			'Request to api.segmind.test timed out (no complete answer within 0.2 s)',
		);
		expect(deadline.expired()).toBe(true);
		expect(deadline.signal.aborted).toBe(true);
		deadline.done();
	});

	it('released (a video under the stall rule instead), the deadline no longer ends the body', async () => {
		const body = stuckBody('');
		const deadline = callDeadline(undefined, 100, 'https://files.test/v.mp4');
		deadline.watch(body);
		deadline.release();
		await sleep(300);
		expect(body.destroyed).toBe(false);
		expect(deadline.signal.aborted).toBe(false);
		body.destroy();
		deadline.done();
	});

	it('follows the execution cancel at once, and is not a timeout then', () => {
		const cancel = new AbortController();
		const deadline = callDeadline(cancel.signal, 60_000, 'https://api.segmind.test/');
		cancel.abort();
		expect(deadline.signal.aborted).toBe(true);
		expect(deadline.expired()).toBe(false);
		deadline.done();
	});
});

describe('the video stall rule (stallWatch, in the download relay)', () => {
	beforeEach(() => {
		jest.replaceProperty(ANSWER_BOUNDS, 'stallBytes', 1024);
		jest.replaceProperty(ANSWER_BOUNDS, 'stallWindowMs', 300);
	});

	/** An MP4 body fed `chunkBytes` of padding every `everyMs` for ever, as a socket's message. */
	function mp4Trickle(chunkBytes: number, everyMs: number) {
		const body = handFedBody();
		body.write(sampleMp4.subarray(0, 64));
		let stopped = false;
		void (async () => {
			while (!stopped && !body.destroyed) {
				await sleep(everyMs);
				if (!body.destroyed) body.write(Buffer.alloc(chunkBytes, 'a'));
			}
		})();
		return { body, stop: () => (stopped = true) };
	}

	/** Reads like n8n's store, `pauseMs` between reads, until `limitBytes` arrived. */
	async function drain(stream: unknown, limitBytes: number, pauseMs = 0) {
		let bytes = 0;
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			bytes += chunk.length;
			if (bytes >= limitBytes) break;
			if (pauseMs) await sleep(pauseMs);
		}
		return bytes;
	}

	it('fails a drip (16 bytes per 50 ms) as stalled within about a window, and destroys it', async () => {
		const { body, stop } = mp4Trickle(16, 50);
		const video = videoStream(body);
		const startedAt = Date.now();
		await expect(drain(video.stream, Infinity)).rejects.toThrow(
			'Video transfer stalled (fewer than 1 KiB arrived in 0.3 s)',
		);
		stop();
		expect(Date.now() - startedAt).toBeLessThan(2000);
		expect(body.destroyed).toBe(true);
		expect(video.sourceFailed()).toBe(true);
	});

	it('lets a slow but moving body through (1 KiB per 100 ms)', async () => {
		const { body, stop } = mp4Trickle(1024, 100);
		expect(await drain(videoStream(body).stream, 8 * 1024)).toBeGreaterThanOrEqual(8 * 1024);
		stop();
	});

	it('does not count time the reader (a slow binary store) takes', async () => {
		const { body, stop } = mp4Trickle(64 * 1024, 0);
		// 500 ms between reads, past the 300 ms window each time: the network was never waited on.
		expect(await drain(videoStream(body).stream, 4 * 64 * 1024, 500)).toBeGreaterThanOrEqual(
			4 * 64 * 1024,
		);
		stop();
	});
});
