'use strict';

/**
 * The shapes recorded from real Segmind (the defaults) and the variants kept as options.
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const { startSimulator } = require('../segmindSimulator');
const {
	MP4,
	PNG,
	sleep,
	VALID_BODY,
	post,
	get,
	bytesOf,
	jobHelpers,
	closeSimulator,
} = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

const { submitJob } = jobHelpers(() => sim);

describe('recorded real shapes (defaults) and the variants kept as options', () => {
	const http = require('node:http');
	const zlib = require('node:zlib');

	/** GET without any decoding: the bytes and headers exactly as sent. */
	function rawGet(url, headers = {}) {
		return new Promise((resolve, reject) => {
			http
				.get(url, { headers }, (res) => {
					const chunks = [];
					res.on('data', (chunk) => chunks.push(chunk));
					res.on('end', () =>
						resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
					);
					res.on('error', reject);
				})
				.on('error', reject);
		});
	}

	test('request ids are 32 hex digits by default, UUIDs with requestIds: uuid', async () => {
		sim = await startSimulator({ generationMs: 1 });
		expect((await submitJob()).request_id).toMatch(/^[0-9a-f]{32}$/);
		const v1 = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		expect(v1.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
		sim.configure({ requestIds: 'uuid' });
		expect((await submitJob()).request_id).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('sync answers raw video/mp4 by default; uploads answer {file_urls, message}', async () => {
		sim = await startSimulator({ generationMs: 1 });
		const v1 = await post(`${sim.apiUrl}/v1/wan-2.2-i2v-flash`, VALID_BODY['wan-2.2-i2v-flash']);
		expect(v1.headers.get('content-type')).toBe('video/mp4');
		expect((await bytesOf(v1)).equals(MP4)).toBe(true);
		const up = await post(`${sim.uploadUrl}/upload-asset`, {
			data_urls: [`data:image/png;base64,${PNG.toString('base64')}`],
		});
		expect(Object.keys(await up.json()).sort()).toEqual(['file_urls', 'message']);
	});

	test('results are kept resultTtlMs after submission, not after completion', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 60, resultTtlMs: 100 });
		const job = await submitJob();
		await sleep(80);
		expect((await get(job.response_url)).status).toBe(200);
		await sleep(60);
		expect((await get(job.response_url)).status).toBe(404);
	});

	test.each([
		['media-url', (url) => ({ output: { media_url: [url] } })],
		['image-url', (url) => ({ image: { url } })],
	])("outputShape '%s'", async (outputShape, expected) => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1, outputShape });
		const { request_id: id } = await submitJob();
		await sleep(10);
		const {
			status,
			request_id: rid,
			metrics,
			...rest
		} = await (await get(`${sim.apiUrl}/v2/requests/${id}`)).json();
		expect([status, rid, typeof metrics]).toEqual(['COMPLETED', id, 'object']);
		expect(rest).toEqual(expected(`${sim.filesUrl}/outputs/${id}.mp4`));
	});

	test("outputShape 'with-thumbnail': a PNG last frame in output and image.url, the video at video.url", async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1, outputShape: 'with-thumbnail' });
		const { request_id: id } = await submitJob();
		await sleep(10);
		const body = await (await get(`${sim.apiUrl}/v2/requests/${id}`)).json();
		expect(body.video.url).toBe(`${sim.filesUrl}/outputs/${id}.mp4`);
		expect(body.output).toBe(body.video.last_frame_url);
		expect(body.image.url).toBe(body.output);
		const frame = await rawGet(body.output);
		expect(frame.headers['content-type']).toBe('image/png');
		expect(frame.body.equals(PNG)).toBe(true);
	});

	test('FAILED bodies carry request_id only with failedBodyRequestId', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1, failedBodyRequestId: true });
		sim.failJob({ error: 'blocked' });
		const job = await submitJob();
		await sleep(10);
		expect((await (await get(job.status_url)).json()).request_id).toBe(job.request_id);
	});

	test("videoEncoding 'gzip' compresses only for clients accepting it; 'gzip-always' regardless", async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'json-url', videoEncoding: 'gzip' });
		const url = (
			await (
				await post(
					`${sim.apiUrl}/v1/wan2.7-i2v`,
					{ prompt: 'x' },
					{ headers: { accept: 'application/json' } },
				)
			).json()
		).output;
		const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(gz.headers['content-length']).toBe(String(gz.body.length));
		expect(zlib.gunzipSync(gz.body).equals(MP4)).toBe(true);
		const plain = await rawGet(url, { 'accept-encoding': 'identity' });
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.equals(MP4)).toBe(true);
		sim.configure({ videoEncoding: 'gzip-always' });
		expect((await rawGet(url, { 'accept-encoding': 'identity' })).headers['content-encoding']).toBe(
			'gzip',
		);
	});

	test('uploadReadBytesPerSecond: the upload host reads slowly but completely', async () => {
		sim = await startSimulator({ uploadReadBytesPerSecond: 1_000_000 });
		const data = Buffer.alloc(300_000, 1);
		const started = Date.now();
		const res = await post(`${sim.uploadUrl}/upload-asset`, {
			data_urls: [`data:image/png;base64,${data.toString('base64')}`],
		});
		expect(res.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		expect([...sim.assets.values()][0].bytes.equals(data)).toBe(true);
	});

	test('outOfCredits: v2 answers 402 with the recorded text, v1 406; nothing billed', async () => {
		sim = await startSimulator({
			generationMs: 1,
			outOfCredits: true,
			credits: { credits: 0, 'free-credits': 0 },
		});
		const v2 = await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' });
		expect(v2.status).toBe(402);
		expect(await v2.json()).toEqual({ error: 'Insufficient credits. You have 0.0 credits.' });
		expect((await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' })).status).toBe(406);
		expect(sim.submits).toBe(0);
	});
});
