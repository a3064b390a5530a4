'use strict';

/**
 * Tests for the Segmind simulator itself (test/simulator/). Every check goes over real HTTP
 * with the global fetch, the way the node under test will talk to it.
 */

const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const {
	startSimulator,
	KNOWN_MODELS,
	PORTRAIT_VIDEO_PATH,
	LANDSCAPE_VIDEO_PATH,
} = require('./simulator/segmindSimulator');

const FIXTURES = path.join(__dirname, 'fixtures');
const MP4 = fs.readFileSync(path.join(FIXTURES, 'sample.mp4'));
const PNG = fs.readFileSync(path.join(FIXTURES, 'sample.png'));
const WAV = fs.readFileSync(path.join(FIXTURES, 'sample.wav'));
const MP3 = fs.readFileSync(path.join(FIXTURES, 'sample.mp3'));
const PORTRAIT_PNG = fs.readFileSync(path.join(FIXTURES, 'portrait.png'));
const LANDSCAPE_PNG = fs.readFileSync(path.join(FIXTURES, 'landscape.png'));
const PORTRAIT_MP4 = fs.readFileSync(PORTRAIT_VIDEO_PATH);
const LANDSCAPE_MP4 = fs.readFileSync(LANDSCAPE_VIDEO_PATH);
const KEY = 'sim-test-key';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sample payloads of the five model pages (/work/shared/seeds), prompts shortened. */
const VALID_BODY = {
	'wan2.7-i2v': {
		prompt: 'A gentle breeze',
		negative_prompt: 'blur',
		resolution: '720P',
		duration: 5,
	},
	'wan-2.6-i2v': {
		image:
			'https://segmind-resources.s3.amazonaws.com/output/58c03b83-811d-4c4d-8837-1c01b8c8cdea-wan2.6-i2v-ip.webp',
		prompt: 'A dramatic action POV chase scene',
		duration: 5,
		resolution: '720p',
		multi_shots: false,
		negative_prompt: 'low resolution, error',
		enable_prompt_expansion: true,
	},
	'wan2.7-r2v': {
		prompt: 'Image1 walks through a lush green garden',
		reference_images: 'https://segmind-resources.s3.amazonaws.com/input/wan2.7-r2v-ref-image.jpg',
		negative_prompt: 'blurry, low quality, distorted, watermark',
		resolution: '720P',
		duration: 5,
		seed: 42,
	},
	'wan-2.2-i2v-flash': {
		prompt: '4K cinematic close-up of a Viking warrior',
		image:
			'https://segmind-resources.s3.amazonaws.com/output/310df0db-0c5e-4c5a-8c78-5db73fbc7c91-bcd49a2d-a0a9-465e-aefd-ca9b5ebb11a7.jpeg',
		negative_prompt: 'Avoid depicting busy urban environments.',
		resolution: '720P',
		prompt_extend: true,
		watermark: false,
	},
	'wan2.1-i2v-720p': {
		prompt: 'A young woman in a podcast studio',
		negative_prompt: 'blurry, bad quality',
		image:
			'https://segmind-resources.s3.amazonaws.com/input/209f6f09-7fc6-47c0-8b6e-128ae75db915-wan-720-ip.png',
		seed: 63088745,
		video_length: 3,
		resolution: '720',
		steps: 30,
		base64: false,
	},
};

let sim;

afterEach(async () => {
	if (sim) await sim.close();
	sim = undefined;
});

function post(url, body, { key = KEY, headers = {}, ...init } = {}) {
	return fetch(url, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(key ? { 'x-api-key': key } : {}),
			...headers,
		},
		body: typeof body === 'string' ? body : JSON.stringify(body),
		...init,
	});
}

function get(url, { key = KEY, headers = {}, ...init } = {}) {
	return fetch(url, {
		headers: { ...(key ? { 'x-api-key': key } : {}), ...headers },
		...init,
	});
}

async function bytesOf(res) {
	return Buffer.from(await res.arrayBuffer());
}

/** Read a body chunk by chunk; returns what arrived and the error that ended it (if any). */
async function readPartial(res) {
	const chunks = [];
	let error = null;
	try {
		for await (const chunk of res.body) chunks.push(Buffer.from(chunk));
	} catch (err) {
		error = err;
	}
	return { bytes: Buffer.concat(chunks), error };
}

async function submitJob(slug = 'wan2.1-i2v-720p', body = VALID_BODY[slug]) {
	const res = await post(`${sim.apiUrl}/v2/${slug}`, body);
	expect(res.status).toBe(200);
	return res.json();
}

async function waitForStatus(id, wanted, timeoutMs = 3000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await get(`${sim.apiUrl}/v2/requests/${id}/status`);
		const body = await res.json();
		if (body.status === wanted) return { res, body };
		if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status}`);
		await sleep(10);
	}
}

describe('fixtures', () => {
	test('sample.mp4 is a small faststart MP4', () => {
		expect(MP4.length).toBeLessThan(60 * 1024);
		expect(MP4.subarray(4, 8).toString('latin1')).toBe('ftyp');
		const moov = MP4.indexOf('moov');
		const mdat = MP4.indexOf('mdat');
		expect(moov).toBeGreaterThan(0);
		expect(moov).toBeLessThan(mdat); // +faststart
	});

	test('png, wav and mp3 have the right magic bytes', () => {
		expect(PNG.subarray(0, 8)).toEqual(
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		);
		expect(PNG.readUInt32BE(16)).toBe(64); // IHDR width
		expect(PNG.readUInt32BE(20)).toBe(64); // IHDR height
		expect(WAV.subarray(0, 4).toString('latin1')).toBe('RIFF');
		expect(WAV.subarray(8, 12).toString('latin1')).toBe('WAVE');
		expect(MP3[0]).toBe(0xff);
		expect(MP3[1] & 0xe0).toBe(0xe0); // MPEG frame sync
	});
});

describe('servers and auth', () => {
	test('three distinct hosts on 127.0.0.1', async () => {
		sim = await startSimulator();
		const urls = [sim.apiUrl, sim.uploadUrl, sim.filesUrl];
		for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(new Set(urls).size).toBe(3);
		expect(sim.video.equals(MP4)).toBe(true);
	});

	test('GET /v1/get-user-credits', async () => {
		sim = await startSimulator();
		const res = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(await res.json()).toEqual({ credits: 12.5, 'free-credits': 0.0184 });
	});

	test('missing and wrong keys → 401 on api and upload hosts', async () => {
		sim = await startSimulator({ apiKey: 'secret-1' });
		let res = await get(`${sim.apiUrl}/v1/get-user-credits`, { key: null });
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({ error: 'Missing API key' });

		res = await get(`${sim.apiUrl}/v1/get-user-credits`, { key: KEY });
		expect(res.status).toBe(401);
		const body = await res.json();
		expect(body).toMatchObject({ error: 'Invalid API key', status_code: 401 });
		expect(typeof body.error_description).toBe('string');

		res = await post(`${sim.uploadUrl}/upload-asset`, { data_urls: [] }, { key: null });
		expect(res.status).toBe(401);
		expect(await res.json()).toEqual({ error: 'Missing API key' });
		res = await post(`${sim.uploadUrl}/upload-asset`, { data_urls: [] }, { key: 'wrong' });
		expect(res.status).toBe(401);

		res = await get(`${sim.apiUrl}/v1/get-user-credits`, { key: 'secret-1' });
		expect(res.status).toBe(200);
		expect(sim.submits).toBe(0);
	});

	test('unknown paths → 404 JSON; wrong methods → 405 HTML', async () => {
		sim = await startSimulator();
		let res = await get(`${sim.apiUrl}/v3/nothing`);
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ error: 'Not Found' });

		const wrong = [
			[`${sim.apiUrl}/v1/wan2.7-i2v`, 'GET'],
			[`${sim.apiUrl}/v2/wan2.7-i2v`, 'GET'],
			[`${sim.apiUrl}/v1/get-user-credits`, 'POST'],
			[`${sim.apiUrl}/v2/requests/abc`, 'DELETE'],
			[`${sim.uploadUrl}/upload-asset`, 'GET'],
			[`${sim.filesUrl}/outputs/x.mp4`, 'POST'],
		];
		for (const [url, method] of wrong) {
			res = await fetch(url, { method, headers: { 'x-api-key': KEY } });
			expect(res.status).toBe(405);
			expect(res.headers.get('content-type')).toBe('text/html');
			expect(await res.text()).toBe('<html><body><h1>405 Not Allowed</h1></body></html>');
		}
	});

	test('close() stops all three servers', async () => {
		sim = await startSimulator();
		const urls = [sim.apiUrl, sim.uploadUrl, sim.filesUrl];
		await sim.close();
		for (const url of urls) await expect(fetch(`${url}/`)).rejects.toThrow();
		await sim.close(); // idempotent
	});
});

describe('models and parameters', () => {
	test('all five seed models accept their sample bodies (v1 and v2)', async () => {
		sim = await startSimulator({ generationMs: 1 });
		expect([...KNOWN_MODELS].sort()).toEqual(Object.keys(VALID_BODY).sort());
		for (const [slug, body] of Object.entries(VALID_BODY)) {
			const v1 = await post(`${sim.apiUrl}/v1/${slug}`, body);
			expect(v1.status).toBe(200);
			await v1.arrayBuffer();
			const v2 = await post(`${sim.apiUrl}/v2/${slug}`, body);
			expect(v2.status).toBe(200);
			await v2.json();
		}
		expect(sim.submits).toBe(10);
	});

	test('unknown model → 404, addModel() registers one', async () => {
		sim = await startSimulator({ generationMs: 1 });
		for (const version of ['v1', 'v2']) {
			const res = await post(`${sim.apiUrl}/${version}/wan9-i2v`, {
				prompt: 'x',
			});
			expect(res.status).toBe(404);
			expect(await res.json()).toEqual({ error: 'Model not found' });
		}
		expect(sim.submits).toBe(0);
		sim.addModel('wan9-i2v');
		expect((await post(`${sim.apiUrl}/v1/wan9-i2v`, { anything: true })).status).toBe(200);
		expect((await post(`${sim.apiUrl}/v2/wan9-i2v`, {})).status).toBe(200);
		sim.reset();
		expect((await post(`${sim.apiUrl}/v1/wan9-i2v`, {})).status).toBe(404);
	});

	test('non-JSON or non-object body → 400 Invalid JSON body', async () => {
		sim = await startSimulator();
		for (const body of ['prompt=x', '', '[1,2]', 'null', '{"prompt":']) {
			for (const version of ['v1', 'v2']) {
				const res = await post(`${sim.apiUrl}/${version}/wan2.7-i2v`, body);
				expect(res.status).toBe(400);
				expect(await res.json()).toEqual({ error: 'Invalid JSON body' });
			}
		}
		expect(sim.submits).toBe(0);
	});

	test('parameter rules from the model pages → 400', async () => {
		sim = await startSimulator({ generationMs: 1 });
		const cases = [
			['wan2.7-i2v', {}, "Missing required parameter 'prompt'"],
			[
				'wan2.7-i2v',
				{ prompt: 'x', resolution: '720p' },
				"Invalid parameter 'resolution': must be one of 720P, 1080P",
			],
			['wan2.7-i2v', { prompt: 'x', duration: 16 }, "Invalid parameter 'duration': must be <= 15"],
			[
				'wan2.7-i2v',
				{ prompt: 'x', image: '/tmp/a.png' },
				"Invalid parameter 'image': expected a public http(s) URL",
			],
			['wan-2.6-i2v', { prompt: 'x' }, "Missing required parameter 'image'"],
			[
				'wan-2.6-i2v',
				{ prompt: 'x', image: 'https://a/b.png', duration: 7 },
				"Invalid parameter 'duration': must be one of 5, 10, 15",
			],
			[
				'wan-2.2-i2v-flash',
				{ prompt: 'x', image: 'https://a/b.png', resolution: '1080P' },
				"Invalid parameter 'resolution': must be one of 480P, 720P",
			],
			[
				'wan-2.2-i2v-flash',
				{ prompt: 'x', image: 'https://a/b.png', watermark: 'yes' },
				"Invalid parameter 'watermark': expected a boolean",
			],
			[
				'wan2.1-i2v-720p',
				{ prompt: 'x', image: 'https://a/b.png', resolution: 720 },
				"Missing required parameter 'video_length'",
			],
			[
				'wan2.1-i2v-720p',
				{ ...VALID_BODY['wan2.1-i2v-720p'], steps: 5 },
				"Invalid parameter 'steps': must be >= 10",
			],
			[
				'wan2.7-r2v',
				{ prompt: 'x', reference_images: Array(6).fill('https://a/b.png') },
				"Invalid parameter 'reference_images': at most 5 URLs",
			],
		];
		for (const [slug, body, error] of cases) {
			const res = await post(`${sim.apiUrl}/v2/${slug}`, body);
			expect({ slug, status: res.status, body: await res.json() }).toEqual({
				slug,
				status: 400,
				body: { error },
			});
		}
		// r2v accepts an array of up to 5 references
		const ok = await post(`${sim.apiUrl}/v1/wan2.7-r2v`, {
			prompt: 'x',
			reference_images: ['https://a/1.png', 'https://a/2.png'],
		});
		expect(ok.status).toBe(200);
		expect(sim.submits).toBe(1);

		sim.configure({ validateParams: false });
		expect((await post(`${sim.apiUrl}/v1/wan2.7-i2v`, {})).status).toBe(200);
	});

	test('input URLs on the files host must exist (uploaded assets pass)', async () => {
		sim = await startSimulator({ generationMs: 1 });
		const missing = `${sim.filesUrl}/assets/never-uploaded.png`;
		let res = await post(`${sim.apiUrl}/v1/wan-2.6-i2v`, {
			prompt: 'x',
			image: missing,
		});
		expect(res.status).toBe(400);
		expect((await res.json()).error).toContain('could not download');

		res = await post(`${sim.uploadUrl}/upload-asset`, {
			data_urls: [`data:image/png;base64,${PNG.toString('base64')}`],
		});
		const { file_urls: urls } = await res.json();
		res = await post(`${sim.apiUrl}/v1/wan-2.6-i2v`, {
			prompt: 'x',
			image: urls[0],
		});
		expect(res.status).toBe(200);
	});
});

describe('v1 synchronous', () => {
	test('x-cost is the model page\'s price: Flash $0.075, Wan 2.7 $0.625', async () => {
		sim = await startSimulator({ generationMs: 0 });
		const flash = await post(`${sim.apiUrl}/v1/wan-2.2-i2v-flash`, VALID_BODY['wan-2.2-i2v-flash']);
		expect(flash.headers.get('x-cost')).toBe('0.075');
		expect(flash.headers.get('x-remaining-credits')).toBe('12.425');
		const wan27 = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, VALID_BODY['wan2.7-i2v']);
		expect(wan27.headers.get('x-cost')).toBe('0.625');
	});

	test("v1Response 'json-url': headers, output URL, downloadable fixture bytes", async () => {
		sim = await startSimulator({ generationMs: 120, v1Response: 'json-url' });
		const t0 = Date.now();
		const res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, {
			...VALID_BODY['wan2.7-i2v'],
			seed: 1234,
		});
		expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json');
		const id = res.headers.get('x-request-id');
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		expect(res.headers.get('x-cost')).toBe('0.625');
		expect(res.headers.get('x-remaining-credits')).toBe('11.875');
		expect(res.headers.get('x-generation-time')).toBe('0.12');
		expect(res.headers.get('x-seed-value')).toBe('1234');
		const body = await res.json();
		expect(body).toEqual({ output: `${sim.filesUrl}/outputs/${id}.mp4` });

		const video = await fetch(body.output);
		expect(video.status).toBe(200);
		expect(video.headers.get('content-type')).toBe('video/mp4');
		expect(video.headers.get('content-length')).toBe(String(MP4.length));
		expect((await bytesOf(video)).equals(MP4)).toBe(true);
		expect(sim.submits).toBe(1);
		expect(sim.keyLeaks).toEqual([]);
	});

	test('without a seed, x-seed-value is a random integer', async () => {
		sim = await startSimulator({ generationMs: 1 });
		const res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		expect(res.headers.get('x-seed-value')).toMatch(/^\d+$/);
	});

	test("v1Response 'raw' → video/mp4 bytes", async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'raw' });
		const res = await post(`${sim.apiUrl}/v1/wan-2.2-i2v-flash`, VALID_BODY['wan-2.2-i2v-flash']);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('video/mp4');
		expect(res.headers.get('content-length')).toBe(String(MP4.length));
		expect(res.headers.get('x-request-id')).toBeTruthy();
		expect((await bytesOf(res)).equals(MP4)).toBe(true);
	});

	test("v1Response 'json-video-object'", async () => {
		sim = await startSimulator({
			generationMs: 1,
			v1Response: 'json-video-object',
		});
		const res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		const id = res.headers.get('x-request-id');
		expect(await res.json()).toEqual({
			video: {
				url: `${sim.filesUrl}/outputs/${id}.mp4`,
				content_type: 'video/mp4',
				file_name: `${id}.mp4`,
				file_size: MP4.length,
			},
		});
	});

	test("v1Response 'json-base64' and 'json-data-uri'", async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'json-base64' });
		let res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		let body = await res.json();
		expect(Object.keys(body)).toEqual(['output']);
		expect(Buffer.from(body.output, 'base64').equals(MP4)).toBe(true);

		sim.configure({ v1Response: 'json-data-uri' });
		res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		body = await res.json();
		expect(body.output.startsWith('data:video/mp4;base64,')).toBe(true);
		expect(Buffer.from(body.output.split(',')[1], 'base64').equals(MP4)).toBe(true);
	});

	test('"base64": true in the body forces the base64 variant', async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'raw' });
		const res = await post(`${sim.apiUrl}/v1/wan2.1-i2v-720p`, {
			...VALID_BODY['wan2.1-i2v-720p'],
			base64: true,
		});
		expect(res.headers.get('content-type')).toBe('application/json');
		const body = await res.json();
		expect(Buffer.from(body.output, 'base64').equals(MP4)).toBe(true);
	});

	test('a custom video Buffer is served', async () => {
		const custom = Buffer.from('not really a video');
		sim = await startSimulator({
			generationMs: 1,
			v1Response: 'raw',
			video: custom,
		});
		const res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		expect((await bytesOf(res)).equals(custom)).toBe(true);
		expect(sim.video).toBe(custom);
	});

	test('maxConcurrentV1 tracks parallel generations', async () => {
		sim = await startSimulator({ generationMs: 150, v1Response: 'json-url' });
		await Promise.all(
			[1, 2, 3].map(() =>
				post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' }).then((r) => r.json()),
			),
		);
		expect(sim.maxConcurrentV1).toBe(3);
		await (await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' })).json();
		expect(sim.maxConcurrentV1).toBe(3);
		expect(sim.submits).toBe(4);
	});
});

describe('v2 asynchronous', () => {
	test('a completed job\'s metrics.cost is its model page\'s price (Flash $0.075)', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 0 });
		const res = await post(`${sim.apiUrl}/v2/wan-2.2-i2v-flash`, VALID_BODY['wan-2.2-i2v-flash']);
		const { request_id: id } = await res.json();
		const done = await waitForStatus(id, 'COMPLETED');
		expect(done.body.metrics.cost).toBe(0.075);
	});

	test('submit → QUEUED → PROCESSING → COMPLETED, result and download', async () => {
		sim = await startSimulator({ queueMs: 150, generationMs: 400 });
		const submitted = await submitJob();
		const id = submitted.request_id;
		expect(submitted).toEqual({
			request_id: id,
			status: 'QUEUED',
			poll_url: `${sim.apiUrl}/v1/requests/${id}`,
			status_url: `${sim.apiUrl}/v2/requests/${id}/status`,
			response_url: `${sim.apiUrl}/v2/requests/${id}`,
		});

		let res = await get(submitted.status_url);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			status: 'QUEUED',
			request_id: id,
			metrics: {},
		});
		res = await get(submitted.response_url);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ status: 'QUEUED', request_id: id });

		const processing = await waitForStatus(id, 'PROCESSING');
		expect(processing.body).toEqual({
			status: 'PROCESSING',
			request_id: id,
			metrics: {},
		});
		res = await get(submitted.response_url);
		expect(await res.json()).toEqual({ status: 'PROCESSING', request_id: id });

		const done = await waitForStatus(id, 'COMPLETED');
		const metrics = {
			inference_time: 13.06,
			queue_time: 0.2,
			total_time: 13.3,
			cost: 0.625,
			remaining_credits: 11.8,
		};
		expect(done.body).toEqual({ status: 'COMPLETED', request_id: id, metrics });

		res = await get(submitted.response_url);
		const result = await res.json();
		expect(result).toEqual({
			status: 'COMPLETED',
			request_id: id,
			metrics,
			output: `${sim.filesUrl}/outputs/${id}.mp4`,
		});

		// the legacy poll_url answers like the result endpoint
		res = await get(submitted.poll_url);
		expect(await res.json()).toEqual(result);

		const video = await fetch(result.output);
		expect((await bytesOf(video)).equals(MP4)).toBe(true);

		const job = sim.jobs.get(id);
		expect(job).toMatchObject({
			slug: 'wan2.1-i2v-720p',
			body: VALID_BODY['wan2.1-i2v-720p'],
			status: 'COMPLETED',
		});
		expect(job.completedAt - job.submittedAt).toBe(400);
		expect(sim.submits).toBe(1);
	});

	test('the output file is not served before the job completes', async () => {
		sim = await startSimulator({ generationMs: 10_000 });
		const { request_id: id } = await submitJob();
		expect((await fetch(`${sim.filesUrl}/outputs/${id}.mp4`)).status).toBe(404);
		expect(sim.jobs.get(id).completedAt).toBeNull();
		sim.completeJob(id);
		const res = await get(`${sim.apiUrl}/v2/requests/${id}/status`);
		expect((await res.json()).status).toBe('COMPLETED');
		expect((await fetch(`${sim.filesUrl}/outputs/${id}.mp4`)).status).toBe(200);
	});

	test.each([
		['array', (url) => ({ output: [url] })],
		[
			'video-object',
			(url, id) => ({
				output: { video: { url } },
				video: {
					url,
					content_type: 'video/mp4',
					file_name: `${id}.mp4`,
					file_size: MP4.length,
					last_frame_url: null,
				},
			}),
		],
		['missing', () => ({})],
	])("outputShape '%s'", async (outputShape, expected) => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1, outputShape });
		const { request_id: id } = await submitJob();
		await sleep(10);
		const body = await (await get(`${sim.apiUrl}/v2/requests/${id}`)).json();
		const { status, request_id: rid, metrics, ...rest } = body;
		expect([status, rid, typeof metrics]).toEqual(['COMPLETED', id, 'object']);
		expect(rest).toEqual(expected(`${sim.filesUrl}/outputs/${id}.mp4`, id));
	});

	test('failJob → FAILED as HTTP 422 on status and result', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 30 });
		sim.failJob({ error: 'Content blocked by safety filter' });
		const failed = await submitJob();
		const ok = await submitJob();
		await sleep(60);
		// The recorded shape: no request_id in the body.
		const expected = {
			status: 'FAILED',
			error: 'Content blocked by safety filter',
			metrics: { inference_time: 0.003372, queue_time: 0.025989 },
		};
		for (const url of [failed.status_url, failed.response_url, failed.poll_url]) {
			const res = await get(url);
			expect(res.status).toBe(422);
			expect(await res.json()).toEqual(expected);
		}
		expect(sim.jobs.get(failed.request_id).status).toBe('FAILED');
		expect((await get(ok.status_url)).status).toBe(200);
		expect((await fetch(`${sim.filesUrl}/outputs/${failed.request_id}.mp4`)).status).toBe(404);
	});

	test('unknown, expired and past-retention ids → 404', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1 });
		for (const url of [
			`${sim.apiUrl}/v2/requests/nope/status`,
			`${sim.apiUrl}/v2/requests/nope`,
			`${sim.apiUrl}/v1/requests/nope`,
		]) {
			const res = await get(url);
			expect(res.status).toBe(404);
			expect(await res.json()).toEqual({ error: 'Request not found' });
		}

		const job = await submitJob();
		await sleep(5);
		expect((await get(job.status_url)).status).toBe(200);
		sim.expire(job.request_id);
		expect((await get(job.status_url)).status).toBe(404);
		expect((await get(job.response_url)).status).toBe(404);
		// output files outlive the result record
		expect((await fetch(`${sim.filesUrl}/outputs/${job.request_id}.mp4`)).status).toBe(200);

		sim.configure({ resultTtlMs: 20 });
		const job2 = await submitJob();
		await sleep(5);
		expect((await get(job2.response_url)).status).toBe(200);
		await sleep(40);
		expect((await get(job2.response_url)).status).toBe(404);
	});

	test('maxConcurrentJobs, submits and the jobs map', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 200 });
		await Promise.all([submitJob(), submitJob(), submitJob()]);
		expect(sim.maxConcurrentJobs).toBe(3);
		await sleep(250);
		await submitJob();
		expect(sim.maxConcurrentJobs).toBe(3);
		expect(sim.submits).toBe(4);
		expect(sim.jobs.size).toBe(4);
	});

	test('configure() after submit does not change running jobs', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 5000 });
		const job = await submitJob();
		sim.configure({ generationMs: 1 });
		await sleep(20);
		expect((await (await get(job.status_url)).json()).status).toBe('PROCESSING');
	});
});

describe('the generated video takes the shape of the input image', () => {
	const dataUri = (png) => `data:image/png;base64,${png.toString('base64')}`;
	const upload = async (png) => {
		const res = await post(`${sim.uploadUrl}/upload-asset`, { data_urls: [dataUri(png)] });
		return (await res.json()).file_urls[0];
	};

	test('v1: portrait image → portrait video, landscape → landscape, square or external → sample.mp4', async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'raw' });
		const generate = async (image) =>
			await bytesOf(await post(`${sim.apiUrl}/v1/wan-2.2-i2v-flash`, { prompt: 'x', image }));
		expect((await generate(await upload(PORTRAIT_PNG))).equals(PORTRAIT_MP4)).toBe(true);
		expect((await generate(await upload(LANDSCAPE_PNG))).equals(LANDSCAPE_MP4)).toBe(true);
		expect((await generate(await upload(PNG))).equals(MP4)).toBe(true);
		expect((await generate('https://example.com/cat.png')).equals(MP4)).toBe(true);
		expect(PORTRAIT_MP4.equals(LANDSCAPE_MP4) || PORTRAIT_MP4.equals(MP4)).toBe(false);
	});

	test('v2: an image uploaded to the files host picks the shape; a set video overrides the rule', async () => {
		sim = await startSimulator({ queueMs: 1, generationMs: 1 });
		const image = await upload(PORTRAIT_PNG);
		const { request_id: id } = await submitJob('wan-2.2-i2v-flash', { prompt: 'x', image });
		sim.completeJob(id);
		const result = await (await get(`${sim.apiUrl}/v2/requests/${id}`)).json();
		expect((await bytesOf(await fetch(result.output))).equals(PORTRAIT_MP4)).toBe(true);

		sim.configure({ video: LANDSCAPE_MP4 });
		const again = await submitJob('wan-2.2-i2v-flash', { prompt: 'x', image });
		sim.completeJob(again.request_id);
		const second = await (await get(`${sim.apiUrl}/v2/requests/${again.request_id}`)).json();
		expect((await bytesOf(await fetch(second.output))).equals(LANDSCAPE_MP4)).toBe(true);
	});
});

describe('upload host', () => {
	test.each([
		['image/png', PNG, 'png'],
		['audio/wav', WAV, 'wav'],
		['audio/mpeg', MP3, 'mp3'],
		['video/mp4', MP4, 'mp4'],
	])('uploads %s and serves it back without auth', async (mime, bytes, ext) => {
		sim = await startSimulator();
		const res = await post(`${sim.uploadUrl}/upload-asset`, {
			data_urls: [`data:${mime};base64,${bytes.toString('base64')}`],
		});
		expect(res.status).toBe(200);
		const { file_urls: urls } = await res.json();
		expect(urls).toHaveLength(1);
		expect(urls[0]).toMatch(new RegExp(`^${sim.filesUrl}/assets/[0-9a-f-]{36}\\.${ext}$`));
		const file = await fetch(urls[0]);
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe(mime);
		expect((await bytesOf(file)).equals(bytes)).toBe(true);
		expect(sim.keyLeaks).toEqual([]);
	});

	test("uploadResponse 'file_urls' and several files at once", async () => {
		sim = await startSimulator({ uploadResponse: 'file_urls' });
		const res = await post(`${sim.uploadUrl}/upload-asset`, {
			data_urls: [
				`data:image/png;base64,${PNG.toString('base64')}`,
				`data:image/jpeg;base64,${PNG.toString('base64')}`,
			],
		});
		const body = await res.json();
		expect(body.message).toBe('Files uploaded successfully');
		expect(body.file_urls).toHaveLength(2);
		expect(body.file_urls[1]).toMatch(/\.jpg$/);
		expect(body.urls).toBeUndefined();
		expect(sim.assets.size).toBe(2);
	});

	test('bad bodies → 400', async () => {
		sim = await startSimulator();
		const cases = [
			['not json', 'Invalid JSON body'],
			[{}, "'data_urls' must be a non-empty array of data URLs"],
			[{ data_urls: [] }, "'data_urls' must be a non-empty array of data URLs"],
			[{ data_urls: ['https://example.com/a.png'] }, 'Invalid data URL at index 0'],
			[
				{
					data_urls: [
						`data:image/png;base64,${PNG.toString('base64')}`,
						'data:image/png;base64,@@@',
					],
				},
				'Invalid data URL at index 1',
			],
			[{ data_urls: ['data:image/png,rawtext'] }, 'Invalid data URL at index 0'],
		];
		for (const [body, error] of cases) {
			const res = await post(`${sim.uploadUrl}/upload-asset`, body);
			expect(res.status).toBe(400);
			expect(await res.json()).toEqual({ error });
		}
		expect(sim.assets.size).toBe(0);
	});
});

describe('files host', () => {
	async function v1Output() {
		const res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		return (await res.json()).output;
	}

	test('Range requests', async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'json-url' });
		const url = await v1Output();

		let res = await fetch(url, { headers: { range: 'bytes=0-99' } });
		expect(res.status).toBe(206);
		expect(res.headers.get('content-range')).toBe(`bytes 0-99/${MP4.length}`);
		expect(res.headers.get('content-length')).toBe('100');
		expect((await bytesOf(res)).equals(MP4.subarray(0, 100))).toBe(true);

		res = await fetch(url, { headers: { range: 'bytes=1000-' } });
		expect(res.status).toBe(206);
		expect(res.headers.get('content-range')).toBe(`bytes 1000-${MP4.length - 1}/${MP4.length}`);
		expect((await bytesOf(res)).equals(MP4.subarray(1000))).toBe(true);

		res = await fetch(url, { headers: { range: 'bytes=-50' } });
		expect(res.status).toBe(206);
		expect((await bytesOf(res)).equals(MP4.subarray(MP4.length - 50))).toBe(true);

		res = await fetch(url, { headers: { range: `bytes=${MP4.length}-` } });
		expect(res.status).toBe(416);
		expect(res.headers.get('content-range')).toBe(`bytes */${MP4.length}`);
		await res.arrayBuffer();

		res = await fetch(url);
		expect(res.status).toBe(200);
		expect(res.headers.get('accept-ranges')).toBe('bytes');
		expect((await bytesOf(res)).equals(MP4)).toBe(true);
	});

	test('HEAD, 404 for unknown files, and key leaks are recorded', async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'json-url' });
		const url = await v1Output();
		let res = await fetch(url, { method: 'HEAD' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBe(String(MP4.length));
		expect((await bytesOf(res)).length).toBe(0);

		res = await fetch(`${sim.filesUrl}/outputs/unknown.mp4`);
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ error: 'Not found' });
		expect((await fetch(`${sim.filesUrl}/assets/unknown.png`)).status).toBe(404);

		expect(sim.keyLeaks).toEqual([]);
		res = await fetch(url, { headers: { 'X-Api-Key': KEY } }); // a leak: still served (S3 ignores it)
		expect(res.status).toBe(200);
		await res.arrayBuffer();
		expect(sim.keyLeaks).toHaveLength(1);
		expect(sim.keyLeaks[0]).toMatchObject({
			server: 'files',
			route: 'download',
			headers: { 'x-api-key': KEY },
		});
	});
});

describe('scripted faults', () => {
	test('status faults: object body, string body, default body, headers, count', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1 });
		sim.failNext('credits', {
			status: 406,
			body: { error: 'Insufficient credits' },
		});
		sim.failNext('credits', {
			status: 502,
			body: '<html>Bad Gateway</html>',
			contentType: 'text/html',
		});
		sim.failNext('credits', { status: 503 }, 2);
		expect(sim.pendingFaults).toEqual({ credits: 4 });

		let res = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect([res.status, await res.json()]).toEqual([406, { error: 'Insufficient credits' }]);
		res = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(502);
		expect(res.headers.get('content-type')).toBe('text/html');
		expect(await res.text()).toBe('<html>Bad Gateway</html>');
		for (let i = 0; i < 2; i += 1) {
			res = await get(`${sim.apiUrl}/v1/get-user-credits`);
			expect([res.status, await res.json()]).toEqual([503, { error: 'Service Unavailable' }]);
		}
		res = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(200);
		expect(sim.pendingFaults).toEqual({});
	});

	test('429 with retry-after on submit; nothing is created', async () => {
		sim = await startSimulator();
		sim.failNext('submit', { status: 429, headers: { 'retry-after': '1' } });
		let res = await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' });
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('1');
		expect(await res.json()).toEqual({ error: 'Rate limit exceeded' });
		expect(sim.submits).toBe(0);
		expect(sim.jobs.size).toBe(0);
		res = await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' });
		expect(res.status).toBe(200);
		expect(sim.submits).toBe(1);
	});

	test('faults apply per route only', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1 });
		sim.failNext('status', { status: 500 });
		const job = await submitJob();
		await sleep(5);
		expect((await get(job.response_url)).status).toBe(200);
		expect((await get(job.status_url)).status).toBe(500);
		expect((await get(job.status_url)).status).toBe(200);
	});

	test("'reset' drops the connection without an answer", async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1 });
		sim.failNext('submit', { kind: 'reset' });
		await expect(post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' })).rejects.toThrow();
		expect(sim.submits).toBe(0);
		const last = sim.requests[sim.requests.length - 1];
		expect(last).toMatchObject({ route: 'submit', status: null });
		// the next call works
		expect((await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' })).status).toBe(200);
	});

	test("'reset-midway' on download: headers and part of the body, then an error", async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'json-url' });
		const url = (await (await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' })).json()).output;
		sim.failNext('download', { kind: 'reset-midway' });
		const res = await fetch(url);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBe(String(MP4.length));
		const { bytes, error } = await readPartial(res);
		expect(error).toBeTruthy();
		expect(bytes.length).toBeLessThan(MP4.length);
		expect(bytes.equals(MP4.subarray(0, bytes.length))).toBe(true);
		expect((await bytesOf(await fetch(url))).equals(MP4)).toBe(true);
	});

	test("'reset-midway' on a raw v1 answer (the generation still happened)", async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'raw' });
		sim.failNext('v1', { kind: 'reset-midway' });
		const res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		expect(res.status).toBe(200);
		const { bytes, error } = await readPartial(res);
		expect(error).toBeTruthy();
		expect(bytes.length).toBeLessThan(MP4.length);
		expect(sim.submits).toBe(1);
	});

	test("'truncate': full Content-Length, half the body", async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'json-url' });
		const url = (await (await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' })).json()).output;
		sim.failNext('download', { kind: 'truncate' });
		const res = await fetch(url);
		expect(res.headers.get('content-length')).toBe(String(MP4.length));
		const { bytes, error } = await readPartial(res);
		expect(error).toBeTruthy();
		expect(bytes.length).toBe(Math.floor(MP4.length / 2));

		// JSON answers can be truncated too
		sim.failNext('credits', { kind: 'truncate' });
		await expect(get(`${sim.apiUrl}/v1/get-user-credits`).then((r) => r.json())).rejects.toThrow();
	});

	test("'hang' delays the answer (client timeouts), then answers normally", async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1 });
		const job = await submitJob();
		sim.failNext('status', { kind: 'hang', ms: 500 });
		await expect(get(job.status_url, { signal: AbortSignal.timeout(100) })).rejects.toThrow();

		sim.failNext('status', { kind: 'hang', ms: 150 });
		const t0 = Date.now();
		const res = await get(job.status_url);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		expect(res.status).toBe(200);
		expect((await res.json()).status).toBe('COMPLETED');
	});

	test('afterAccept: the job is created but the client gets a 504 (submit is not idempotent)', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1 });
		sim.failNext('submit', { status: 504, afterAccept: true });
		const res = await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' });
		expect(res.status).toBe(504);
		expect(await res.json()).toEqual({ error: 'Gateway Timeout' });
		expect(sim.submits).toBe(1);
		expect(sim.jobs.size).toBe(1);

		sim.failNext('submit', { kind: 'reset-midway' }); // accepted, answer cut off
		await expect(
			post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' }).then((r) => r.json()),
		).rejects.toThrow();
		expect(sim.submits).toBe(2);
	});

	test('faults before auth, delayMs, and input validation of failNext', async () => {
		sim = await startSimulator();
		sim.failNext('credits', { status: 500, delayMs: 80 });
		const t0 = Date.now();
		const res = await get(`${sim.apiUrl}/v1/get-user-credits`, { key: null });
		expect(res.status).toBe(500);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(70);
		expect(() => sim.failNext('nope', { status: 500 })).toThrow(/unknown route/);
		expect(() => sim.failNext('v1', { kind: 'explode' })).toThrow(/unknown fault kind/);
		expect(() => sim.failNext('v1', {})).toThrow();
	});

	test('failures on upload and asset routes', async () => {
		sim = await startSimulator();
		sim.failNext('upload', {
			status: 413,
			body: { error: 'Payload too large' },
		});
		const dataUrl = `data:image/png;base64,${PNG.toString('base64')}`;
		let res = await post(`${sim.uploadUrl}/upload-asset`, {
			data_urls: [dataUrl],
		});
		expect(res.status).toBe(413);
		expect(sim.assets.size).toBe(0);
		res = await post(`${sim.uploadUrl}/upload-asset`, { data_urls: [dataUrl] });
		const [url] = (await res.json()).file_urls;
		sim.failNext('asset', {
			status: 403,
			body: '<Error><Code>AccessDenied</Code></Error>',
			contentType: 'application/xml',
		});
		res = await fetch(url);
		expect(res.status).toBe(403);
		expect(res.headers.get('content-type')).toBe('application/xml');
		expect((await fetch(url)).status).toBe(200);
	});
});

describe('rate limit', () => {
	test('perMinute → 429 with x-rate-limit-reset-at-utc', async () => {
		sim = await startSimulator({ rateLimit: { perMinute: 2 } });
		for (let i = 0; i < 2; i += 1)
			expect((await get(`${sim.apiUrl}/v1/get-user-credits`)).status).toBe(200);
		const t = Date.now();
		const res = await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' });
		expect(res.status).toBe(429);
		expect(await res.json()).toEqual({ error: 'Rate limit exceeded' });
		const resetAt = res.headers.get('x-rate-limit-reset-at-utc');
		expect(resetAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
		const delta = Date.parse(resetAt) - t;
		expect(delta).toBeGreaterThan(50_000);
		expect(delta).toBeLessThanOrEqual(60_000);
		expect(sim.submits).toBe(0);
	});

	test('a short window frees up again', async () => {
		sim = await startSimulator({ rateLimit: { perMinute: 1, windowMs: 100 } });
		expect((await get(`${sim.apiUrl}/v1/get-user-credits`)).status).toBe(200);
		expect((await get(`${sim.apiUrl}/v1/get-user-credits`)).status).toBe(429);
		await sleep(120);
		expect((await get(`${sim.apiUrl}/v1/get-user-credits`)).status).toBe(200);
	});
});

describe('recording, configure and reset', () => {
	test('sim.requests records server, method, path, headers, body, route, status', async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'json-url' });
		const before = Date.now();
		await (
			await post(
				`${sim.apiUrl}/v1/wan2.7-i2v?x=1`,
				{ prompt: 'hello' },
				{ headers: { 'X-Custom': 'A' } },
			)
		).json();
		await (await post(`${sim.uploadUrl}/upload-asset`, 'garbage')).json();
		await (await fetch(`${sim.filesUrl}/outputs/none.mp4`)).json();
		expect(sim.requests).toHaveLength(3);
		const [v1, up, files] = sim.requests;
		expect(v1).toMatchObject({
			server: 'api',
			method: 'POST',
			path: '/v1/wan2.7-i2v',
			query: '?x=1',
			body: { prompt: 'hello' },
			route: 'v1',
			status: 200,
		});
		expect(v1.headers['x-api-key']).toBe(KEY);
		expect(v1.headers['x-custom']).toBe('A');
		expect(v1.at).toBeGreaterThanOrEqual(before);
		expect(up).toMatchObject({
			server: 'upload',
			route: 'upload',
			body: { length: 7 },
			status: 400,
		});
		expect(files).toMatchObject({
			server: 'files',
			method: 'GET',
			route: 'download',
			body: { length: 0 },
			status: 404,
		});
	});

	test('configure() validates; reset() restores the start options and clears state', async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'raw' });
		expect(() => sim.configure({ v1Response: 'xml' })).toThrow(/v1Response/);
		expect(() => sim.configure({ outputShape: 'blob' })).toThrow(/outputShape/);
		expect(() => sim.configure({ nonsense: 1 })).toThrow(/unknown simulator option/);
		expect(() => sim.configure({ port: 1 })).toThrow(/only be set when the simulator starts/);
		await expect(startSimulator({ uploadResponse: 'x' })).rejects.toThrow(/uploadResponse/);

		sim.configure({ v1Response: 'json-url', apiKey: 'other' });
		expect(
			(await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' }, { key: 'other' })).headers.get(
				'content-type',
			),
		).toBe('application/json');
		sim.failNext('v1', { status: 500 });
		sim.failJob({ error: 'x' });
		sim.reset();
		expect(sim.requests).toEqual([]);
		expect(sim.submits).toBe(0);
		expect(sim.jobs.size).toBe(0);
		expect(sim.pendingFaults).toEqual({});
		expect(sim.options.apiKey).toBe(KEY);
		const res = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('video/mp4');
		await res.arrayBuffer();
	});

	test('close() with a generation in flight does not hang', async () => {
		sim = await startSimulator({ generationMs: 60_000 });
		const pending = post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' });
		await sleep(30);
		const t0 = Date.now();
		await sim.close();
		expect(Date.now() - t0).toBeLessThan(1000);
		await expect(pending).rejects.toThrow();
	});
});

describe('cli.js', () => {
	const CLI = path.join(__dirname, 'simulator', 'cli.js');
	const children = [];

	// If a test fails before killing its child, do not leave a simulator process behind.
	afterAll(() => {
		for (const child of children)
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});

	function startCli(args) {
		const child = spawn(process.execPath, [CLI, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.push(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
		});
		child.stderr.on('data', (d) => {
			stderr += d;
		});
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		const ready = new Promise((resolve, reject) => {
			const check = () => {
				const nl = stdout.indexOf('\n');
				if (nl !== -1) {
					child.stdout.off('data', check);
					resolve(JSON.parse(stdout.slice(0, nl)));
				}
			};
			child.stdout.on('data', check);
			child.on('exit', () => reject(new Error(`cli exited early: ${stderr}`)));
		});
		return { child, ready, exited, output: () => ({ stdout, stderr }) };
	}

	function isAlive(pid) {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	}

	/** Three consecutive free ports (best effort). */
	async function freePortBase() {
		for (let attempt = 0; attempt < 20; attempt += 1) {
			const base = await new Promise((resolve) => {
				const srv = net.createServer().listen(0, '127.0.0.1', () => {
					const { port } = srv.address();
					srv.close(() => resolve(port));
				});
			});
			if (base > 65000) continue;
			const free = await Promise.all(
				[1, 2].map(
					(d) =>
						new Promise((resolve) => {
							const srv = net.createServer();
							srv.once('error', () => resolve(false));
							srv.listen(base + d, '127.0.0.1', () => srv.close(() => resolve(true)));
						}),
				),
			);
			if (free.every(Boolean)) return base;
		}
		throw new Error('no free port range');
	}

	test('prints one JSON line, serves requests, exits on SIGTERM', async () => {
		const cli = startCli(['--api-key', 'cli-key', '--generation-ms', '5', '--v1-response', 'raw']);
		const info = await cli.ready;
		expect(Object.keys(info)).toEqual(['apiUrl', 'uploadUrl', 'filesUrl', 'pid']);
		expect(info.pid).toBe(cli.child.pid);

		let res = await get(`${info.apiUrl}/v1/get-user-credits`, {
			key: 'cli-key',
		});
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ credits: 12.5, 'free-credits': 0.0184 });
		res = await post(`${info.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' }, { key: 'cli-key' });
		expect(res.headers.get('content-type')).toBe('video/mp4');
		expect((await bytesOf(res)).equals(MP4)).toBe(true);

		process.kill(info.pid, 'SIGTERM');
		expect(await cli.exited).toEqual({ code: 0, signal: null });
		expect(isAlive(info.pid)).toBe(false);
		const { stdout, stderr } = cli.output();
		expect(stdout.trim().split('\n')).toHaveLength(1); // nothing else on stdout
		expect(stderr).toBe(''); // not --verbose
	});

	test('--port N uses N, N+1, N+2; --verbose logs to stderr; SIGINT exits', async () => {
		const base = await freePortBase();
		const cli = startCli(['--port', String(base), '--verbose']);
		const info = await cli.ready;
		expect(info).toMatchObject({
			apiUrl: `http://127.0.0.1:${base}`,
			uploadUrl: `http://127.0.0.1:${base + 1}`,
			filesUrl: `http://127.0.0.1:${base + 2}`,
		});
		const res = await get(`${info.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(200);
		await res.json();
		process.kill(info.pid, 'SIGINT');
		expect(await cli.exited).toEqual({ code: 0, signal: null });
		const { stdout, stderr } = cli.output();
		expect(stdout.trim().split('\n')).toHaveLength(1);
		expect(stderr).toContain('api GET /v1/get-user-credits → 200');
	});

	test('bad arguments exit 2 with usage', async () => {
		const cli = startCli(['--v1-respons', 'raw']);
		cli.ready.catch(() => {});
		expect((await cli.exited).code).toBe(2);
		expect(cli.output().stderr).toContain('usage:');
	});
});

describe('recorded real shapes (defaults) and the variants kept as options', () => {
	const http = require('node:http');
	const zlib = require('node:zlib');

	/** GET without any decoding: the bytes and headers exactly as sent. */
	function rawGet(url, headers = {}) {
		return new Promise((resolve, reject) => {
			http.get(url, { headers }, (res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
				res.on('error', reject);
			}).on('error', reject);
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
		const up = await post(`${sim.uploadUrl}/upload-asset`, { data_urls: [`data:image/png;base64,${PNG.toString('base64')}`] });
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
		const { status, request_id: rid, metrics, ...rest } = await (await get(`${sim.apiUrl}/v2/requests/${id}`)).json();
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
		const url = (await (await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' }, { headers: { accept: 'application/json' } })).json()).output;
		const gz = await rawGet(url, { 'accept-encoding': 'gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(gz.headers['content-length']).toBe(String(gz.body.length));
		expect(zlib.gunzipSync(gz.body).equals(MP4)).toBe(true);
		const plain = await rawGet(url, { 'accept-encoding': 'identity' });
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.body.equals(MP4)).toBe(true);
		sim.configure({ videoEncoding: 'gzip-always' });
		expect((await rawGet(url, { 'accept-encoding': 'identity' })).headers['content-encoding']).toBe('gzip');
	});

	test('uploadReadBytesPerSecond: the upload host reads slowly but completely', async () => {
		sim = await startSimulator({ uploadReadBytesPerSecond: 1_000_000 });
		const data = Buffer.alloc(300_000, 1);
		const started = Date.now();
		const res = await post(`${sim.uploadUrl}/upload-asset`, { data_urls: [`data:image/png;base64,${data.toString('base64')}`] });
		expect(res.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		expect([...sim.assets.values()][0].bytes.equals(data)).toBe(true);
	});

	test('outOfCredits: v2 answers 402 with the recorded text, v1 406; nothing billed', async () => {
		sim = await startSimulator({ generationMs: 1, outOfCredits: true, credits: { credits: 0, 'free-credits': 0 } });
		const v2 = await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' });
		expect(v2.status).toBe(402);
		expect(await v2.json()).toEqual({ error: 'Insufficient credits. You have 0.0 credits.' });
		expect((await post(`${sim.apiUrl}/v1/wan2.7-i2v`, { prompt: 'x' })).status).toBe(406);
		expect(sim.submits).toBe(0);
	});
});
