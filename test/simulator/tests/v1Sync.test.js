'use strict';

/**
 * v1: synchronous generation, in each response shape.
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const { startSimulator } = require('../segmindSimulator');
const { MP4, VALID_BODY, post, bytesOf, closeSimulator } = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

describe('v1 synchronous', () => {
	test("x-cost is the model page's price: Flash $0.075, Wan 2.7 $0.625", async () => {
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
