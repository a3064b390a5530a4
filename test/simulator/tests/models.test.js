'use strict';

/**
 * The nine known models and how their parameters are validated.
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const { startSimulator, KNOWN_MODELS } = require('../segmindSimulator');
const { PNG, VALID_BODY, post, closeSimulator } = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

describe('models and parameters', () => {
	test('every known model accepts its sample body (v1 and v2)', async () => {
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
		expect(sim.submits).toBe(2 * KNOWN_MODELS.length);
	});

	test("the newer models' limits: a decimal sample_shift within 1–20, Wan 3.0 2–30 s and 10 references", async () => {
		sim = await startSimulator({ generationMs: 1 });
		const fast = VALID_BODY['wan-2.2-t2v-fast'];
		const wan3 = VALID_BODY['wan3.0-video'];
		const status = async (slug, body) => (await post(`${sim.apiUrl}/v2/${slug}`, body)).status;
		expect(await status('wan-2.2-t2v-fast', { ...fast, sample_shift: 12.5 })).toBe(200);
		expect(await status('wan-2.2-t2v-fast', { ...fast, sample_shift: 21 })).toBe(400);
		expect(await status('wan-2.2-t2v-fast', { ...fast, sample_shift: '12' })).toBe(400);
		expect(await status('wan3.0-video', { ...wan3, duration: 30 })).toBe(200);
		expect(await status('wan3.0-video', { ...wan3, duration: 31 })).toBe(400);
		const eleven = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`);
		expect(await status('wan3.0-video', { ...wan3, reference_images: eleven })).toBe(400);
		expect(await status('wan-animate', { prompt: 'x', mode: 'replace' })).toBe(400);
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
