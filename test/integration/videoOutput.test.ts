// Video Output "URL Only" (no download: the URL, the size and the video facts from byte ranges)
// and Largest Video to Download (refused from Content-Length, or counted while streaming), in
// n8n-core's real execution engine against the simulator. (In real n8n, queue mode:
// test/e2e/queue.e2e.mjs.)
import type { INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sampleMp4, videoFixtures } from '../fixtures';
import { fragmentedFixtures } from '../fixtures/fragmented';
import { runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';
import { filesUnder, removeFolder, storageOf } from '../harness/storeFaults';
import type { Simulator } from '../simulator/segmindSimulator';

let sim: Simulator;
useSimulator((started) => (sim = started), { queueMs: 0, generationMs: 0 });

const JOB: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
};
const URL_ONLY = { options: { videoOutput: 'url' } };
const MB = 1024 * 1024;

function box(type: string, payload: Buffer): Buffer {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(8 + payload.length);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, payload]);
}

/** Top-level boxes of an MP4 as [type, bytes]. */
function boxes(mp4: Buffer): Array<[string, Buffer]> {
	const out: Array<[string, Buffer]> = [];
	for (let at = 0; at < mp4.length;) {
		const size = mp4.readUInt32BE(at);
		out.push([mp4.toString('latin1', at + 4, at + 8), mp4.subarray(at, at + size)]);
		at += size;
	}
	return out;
}

const MOOV_END = videoFixtures['landscape-moov-end-audio.mp4'];
/** The moov-at-end fixture with 2 MiB of `free` before its media data: the moov is past the first read. */
const MOOV_FAR = Buffer.concat(
	boxes(MOOV_END).flatMap(([type, bytes]) =>
		type === 'ftyp' ? [bytes, box('free', Buffer.alloc(2 * MB))] : [bytes],
	),
);
/** …and a 1.5 MiB moov (a `free` child inside it): larger than the read ahead, read whole. */
const MOOV_BIG = Buffer.concat(
	boxes(MOOV_FAR).map(([type, bytes]) =>
		type === 'moov'
			? box('moov', Buffer.concat([bytes.subarray(8), box('free', Buffer.alloc(1.5 * MB))]))
			: bytes,
	),
);

const fileRequests = () => sim.requests.filter((request) => request.server === 'files');

/** Inclusive byte ranges the node asked the files host for. */
function rangesAsked(): Array<[number, number]> {
	return fileRequests().map((request) => {
		const match = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
		if (!match) throw new Error(`a files request without a closed range: ${request.headers.range}`);
		return [Number(match[1]), Number(match[2])];
	});
}

describe('Video Output "URL Only"', () => {
	const CASES: Array<[string, Buffer, number]> = [
		['sample.mp4 (moov first)', sampleMp4, 1],
		['landscape, moov at the end (within the first read)', MOOV_END, 1],
		['moov after 2 MiB of media', MOOV_FAR, 2],
		['a 1.5 MiB moov after 2 MiB of media', MOOV_BIG, 3],
	];

	it.each(CASES)(
		'%s: no download, the URL, its size and the same facts as the binary item, from %p range read(s)',
		async (_name, video, reads) => {
			sim.configure({ video });
			const binary = await runSegmind(sim, JOB);
			expect(binary.error).toBeUndefined();
			sim.requests.length = 0;

			const result = await runSegmind(sim, { ...JOB, ...URL_ONLY });
			expect(result.error).toBeUndefined();
			const [item] = result.items;
			expect(item.binary).toBeUndefined();
			expect(item.json).toMatchObject({
				status: 'COMPLETED',
				videoOutput: 'url',
				fileSizeBytes: video.length,
				videoUrlExpiresAt: null,
			});
			expect(item.json.videoUrl).toBe(sim.outputUrl(String(item.json.requestId)));
			expect(item.json.videoUrlExpiry).toContain('reported: 7 days');
			expect(item.json.video).not.toBeNull();
			expect(item.json.video).toEqual(binary.items[0].json.video);
			expect(item.json.platforms).toEqual(binary.items[0].json.platforms);
			// Only byte ranges, never the key, never the whole file.
			expect(fileRequests()).toHaveLength(reads);
			expect(fileRequests().every((request) => !('x-api-key' in request.headers))).toBe(true);
			const asked = rangesAsked().reduce((sum, [start, end]) => sum + end - start + 1, 0);
			expect(asked).toBeLessThanOrEqual(64 * 1024 + MB + 1.6 * MB);
			if (video.length > 3 * MB) expect(asked).toBeLessThan(video.length);
		},
	);

	it("a fragmented MP4: the moov's facts, its duration and frame rate null (they are in the fragments)", async () => {
		sim.configure({ video: fragmentedFixtures['fragmented-portrait.mp4'] });
		const binary = await runSegmind(sim, JOB);
		const result = await runSegmind(sim, { ...JOB, ...URL_ONLY });
		expect(binary.items[0].json.video).toMatchObject({ durationSeconds: 2, frameRate: 24 });
		expect(result.items[0].json.video).toEqual({
			...(binary.items[0].json.video as object),
			durationSeconds: null,
			frameRate: null,
		});
	});

	it('a file host without byte ranges: the size it states, facts null with the reason, the connection dropped', async () => {
		sim.configure({ video: MOOV_FAR, videoRanges: false });
		const result = await runSegmind(sim, { ...JOB, ...URL_ONLY });
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.binary).toBeUndefined();
		expect(item.json.fileSizeBytes).toBe(MOOV_FAR.length);
		expect(item.json.video).toBeNull();
		expect(item.json.videoFactsError).toContain('does not serve byte ranges');
		expect(fileRequests()).toHaveLength(1);
	});

	it('…and without Content-Length: size null too, and the platforms cannot judge the size', async () => {
		sim.configure({ video: sampleMp4, videoRanges: false, videoLength: false });
		const result = await runSegmind(sim, { ...JOB, ...URL_ONLY });
		const [item] = result.items;
		expect(item.json.fileSizeBytes).toBeNull();
		expect(item.json.video).toBeNull();
		const fits = Object.values(item.json.platforms as Record<string, { fits: boolean | null }>);
		expect(fits.length).toBeGreaterThan(0);
		expect(fits.every((platform) => platform.fits === null)).toBe(true);
	});

	it('Synchronous with a JSON URL answer: the URL item, nothing downloaded', async () => {
		sim.configure({ v1Response: 'json-url' });
		const result = await runSegmind(sim, { ...JOB, executionMode: 'sync', ...URL_ONLY });
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.binary).toBeUndefined();
		expect(item.json).toMatchObject({ executionMode: 'sync', videoOutput: 'url' });
		expect(item.json.fileSizeBytes).toBe(sampleMp4.length);
		expect(rangesAsked()).toEqual([[0, 64 * 1024 - 1]]);
	});

	it('Synchronous with the video itself as the answer: stored as binary, with the reason', async () => {
		sim.configure({ v1Response: 'raw' });
		const result = await runSegmind(sim, { ...JOB, executionMode: 'sync', ...URL_ONLY });
		const [item] = result.items;
		expect(item.binary!.data.buffer.equals(sampleMp4)).toBe(true);
		expect(item.json.videoOutput).toBe('binary');
		expect(item.json.videoOutputNote).toContain('Segmind sent the video itself (no URL)');
	});

	it('Get Result, and Get Result after the hour (history): the URL item', async () => {
		const submitted = await runSegmind(sim, { ...JOB, operation: 'submit' });
		const requestId = String(submitted.items[0].json.requestId);
		sim.completeJob(requestId);
		const fresh = await runSegmind(sim, { operation: 'getResult', requestId, ...URL_ONLY });
		expect(fresh.items[0].json).toMatchObject({ done: true, videoOutput: 'url', requestId });
		expect(fresh.items[0].binary).toBeUndefined();
		sim.expire(requestId);
		const old = await runSegmind(sim, { operation: 'getResult', requestId, ...URL_ONLY });
		expect(old.items[0].json).toMatchObject({
			done: true,
			resultFrom: 'history',
			videoOutput: 'url',
			fileSizeBytes: sampleMp4.length,
		});
		expect(old.items[0].binary).toBeUndefined();
		expect(fileRequests().filter((request) => !request.headers.range)).toEqual([]);
	});

	it('a page instead of a video at the URL is refused, with the request ID', async () => {
		sim.failNext('download', { status: 200, body: '<html>gone</html>', contentType: 'text/html' });
		const result = await runSegmind(sim, { ...JOB, ...URL_ONLY });
		expect(result.error?.message).toMatch(/is not a video \(its content type is text\/html\)/);
		expect(result.error?.message).toMatch(/\(request [0-9a-f]{32}\)$/);
	});
});

describe('Largest Video to Download (MB)', () => {
	const limit = (mb: number) => ({ options: { maxVideoMb: mb } });

	function expectTooLarge(error: unknown, text: RegExp) {
		expect(error).toBeInstanceOf(NodeOperationError);
		const { message, description, context } = error as NodeOperationError;
		const requestId = [...sim.jobs.keys()].at(-1)!;
		expect(message).toMatch(text);
		expect(message).toContain(`(request ${requestId})`);
		expect(context.requestId).toBe(requestId);
		for (const choice of ['"URL Only"', '`filesystem`', 'N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE'])
			expect(description).toContain(choice);
		expect(description).toContain(`Request ID: ${requestId}. The job finished at Segmind`);
		expect(description).not.toContain('may still finish');
		// Not retried: the size will not change.
		expect(fileRequests()).toHaveLength(1);
	}

	it('a stated size above the limit is refused before the body is read; nothing is stored', async () => {
		const result = await runSegmind(sim, { ...JOB, ...limit(0.005) }, { keepTempDir: true });
		expectTooLarge(
			result.error,
			/^The video is 0\.0102 MB \(10704 bytes\), above Largest Video to Download \(0\.005 MB\)/,
		);
		expect(filesUnder(storageOf(result.tempDir))).toEqual([]);
		removeFolder(result.tempDir);
	});

	it('an unstated size (chunked) is counted while streaming and stopped past the limit; nothing is stored', async () => {
		sim.configure({ videoLength: false });
		const result = await runSegmind(sim, { ...JOB, ...limit(0.005) }, { keepTempDir: true });
		expectTooLarge(
			result.error,
			/^The video is larger than Largest Video to Download \(0\.005 MB\): more than 5242 bytes arrived and the file host did not state its size/,
		);
		expect(filesUnder(storageOf(result.tempDir))).toEqual([]);
		removeFolder(result.tempDir);
	});

	it('a gzip body whose Content-Length (encoded) is under the limit is counted as it inflates', async () => {
		sim.configure({ video: MOOV_FAR, videoEncoding: 'gzip-always' });
		const result = await runSegmind(sim, { ...JOB, ...limit(1) });
		expectTooLarge(result.error, /more than 1048576 bytes arrived/);
	});

	it('a video under the limit is downloaded as usual', async () => {
		const result = await runSegmind(sim, { ...JOB, ...limit(1) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary!.data.buffer.equals(sampleMp4)).toBe(true);
	});

	it('with Continue On Fail the error item carries the request ID, no binary', async () => {
		const result = await runSegmind(sim, { ...JOB, ...limit(0.005) }, { continueOnFail: true });
		const [item] = result.items;
		expect(item.binary).toBeUndefined();
		expect(item.json.requestId).toBe([...sim.jobs.keys()].at(-1));
		expect(item.json.error).toMatch(/^The video is 0\.0102 MB/);
	});

	it('a synchronous raw answer above the limit: refused, and it cannot be fetched again', async () => {
		sim.configure({ v1Response: 'raw' });
		const result = await runSegmind(sim, { ...JOB, executionMode: 'sync', ...limit(0.005) });
		const error = result.error as NodeOperationError;
		expect(error.message).toMatch(/^The video is 0\.0102 MB \(10704 bytes\)/);
		expect(error.description).toContain(
			'Segmind sent the video in its answer, so it cannot be fetched again.',
		);
	});
});
