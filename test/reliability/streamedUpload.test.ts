/**
 * Binary inputs stored by n8n (filesystem mode) are uploaded as a stream: the JSON body is
 * base64-encoded on the fly (issue 13). These cases hold the streamed body to what the buffered
 * one guaranteed: exact bytes, a full body again on every retry and redirect hop, nothing to
 * another host, and cancel stopping a body still being sent. Real simulator, real sockets.
 */
import { randomBytes } from 'crypto';
import { sleep } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import type { EchoServer } from '../harness/echoServer';
import { useEchoServer, useSimulator } from '../harness/serverPerFile';
import type { RecordedRequest, Simulator } from '../simulator/segmindSimulator';
import { caseTest } from './cases';

let sim: Simulator;
let foreign: EchoServer;
useSimulator((started) => (sim = started));
useEchoServer((started) => (foreign = started));

const test = caseTest('faults', () => sim);

const flash: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	imageSource: 'binary',
	prompt: 'a cat',
};
/** The largest image the node accepts (20 MB) less one byte: a length base64 must pad, many read chunks. */
const LARGE = 20 * 1024 * 1024 - 1;
const largeImage = randomBytes(LARGE);
const withImage = (data: Buffer) => ({
	input: [{ json: {}, binary: { data: { data, mimeType: 'image/png' } } }],
});

const uploads = () => sim.requests.filter((request) => request.route === 'upload');

/** The file the upload host decoded from a request's data URL, and what the body claimed to be. */
function sentFile(request: RecordedRequest): Buffer {
	const dataUrl = (request.body as { data_urls?: unknown[] }).data_urls?.[0];
	expect(typeof dataUrl).toBe('string');
	const match = /^data:image\/png;base64,([A-Za-z0-9+/=]*)$/.exec(dataUrl as string);
	expect(match).not.toBeNull();
	return Buffer.from(match![1], 'base64');
}

function expectExactBody(request: RecordedRequest, file: Buffer) {
	expect(request.headers['content-type']).toMatch(/^application\/json/);
	expect(request.headers['transfer-encoding']).toBeUndefined();
	const body = JSON.stringify({ data_urls: [`data:image/png;base64,${file.toString('base64')}`] });
	expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(body));
	expect(sentFile(request).equals(file)).toBe(true);
}

describe('streamed upload of a binary input (filesystem binary mode)', () => {
	test('the largest accepted image arrives byte-exact, with an exact Content-Length', async ({
		run,
	}) => {
		const { result } = await run(flash, withImage(largeImage));
		expect(result.error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		expectExactBody(uploads()[0], largeImage);
		const [asset] = [...sim.assets.values()];
		expect(asset.bytes.equals(largeImage)).toBe(true);
	}, 120_000);

	test('every length modulo 3 (no padding, one, two "=") arrives byte-exact', async ({ run }) => {
		for (const length of [300_000, 300_001, 300_002]) {
			sim.reset();
			const file = largeImage.subarray(0, length);
			const { result } = await run(flash, withImage(file));
			expect(result.error).toBeUndefined();
			expectExactBody(uploads()[0], file);
		}
	}, 60_000);

	test('a 503 on the upload: the retry sends the whole body again', async ({ run }) => {
		const file = largeImage.subarray(0, 3_000_001);
		sim.failNext('upload', { status: 503, body: { error: 'Service Unavailable' } });
		const { result } = await run(flash, withImage(file));
		expect(result.error).toBeUndefined();
		expect(uploads().map((request) => request.status)).toEqual([503, 200]);
		for (const request of uploads()) expectExactBody(request, file);
		expect(sim.assets.size).toBe(1);
	}, 60_000);

	test('a same-origin 307 on the upload: followed, the next hop gets the whole body again', async ({
		run,
	}) => {
		const file = largeImage.subarray(0, 2_000_002);
		sim.failNext('upload', { status: 307, headers: { location: '/upload-asset' }, body: '' });
		const { result } = await run(flash, withImage(file));
		expect(result.error).toBeUndefined();
		expect(uploads().map((request) => request.status)).toEqual([307, 200]);
		for (const request of uploads()) expectExactBody(request, file);
	}, 60_000);

	test('a 307 to another host: not followed, that host gets neither the key nor any byte', async ({
		run,
	}) => {
		sim.failNext(
			'upload',
			{ status: 307, headers: { location: `${foreign.url}/collect` }, body: '' },
			Infinity,
		);
		const { result } = await run(flash, withImage(largeImage.subarray(0, 2_000_000)), {
			jobs: 0,
			generationPosts: 0,
		});
		expect(String(result.error?.message)).toContain(`127.0.0.1:${foreign.port}`);
		expect(foreign.requests).toEqual([]);
		expect(sim.jobs.size).toBe(0);
	}, 60_000);

	test('cancelled while the body is still being sent: aborted within ~1.5 s, nothing submitted', async ({
		run,
	}) => {
		// 12 MB read at 2 MB/s: the body takes ~8 s to send, the cancel comes 1 s into it.
		sim.configure({ uploadReadBytesPerSecond: 2_000_000 });
		let cancelledAt = 0;
		const { result } = await run(
			flash,
			{
				...withImage(largeImage.subarray(0, 9_000_000)),
				onStarted: (handle) => {
					void handle.nodeStarted.then(async () => {
						await sleep(1000);
						cancelledAt = Date.now();
						handle.cancel();
					});
				},
			},
			{ jobs: 0, generationPosts: 0 },
		);
		const stoppedAfterMs = Date.now() - cancelledAt;
		sim.configure({ uploadReadBytesPerSecond: null });
		expect(result.cancelled).toBe(true);
		expect(stoppedAfterMs).toBeLessThan(1500);
		expect(uploads().filter((request) => request.status === 200)).toEqual([]);
		expect(sim.assets.size).toBe(0);
	}, 60_000);
});
