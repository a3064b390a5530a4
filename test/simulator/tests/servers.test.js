'use strict';

/**
 * The fixture files, the three hosts and their API-key checks.
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const { startSimulator } = require('../segmindSimulator');
const { MP4, PNG, WAV, MP3, KEY, post, get, closeSimulator } = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

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
	test('four distinct hosts on 127.0.0.1', async () => {
		sim = await startSimulator();
		const urls = [sim.apiUrl, sim.uploadUrl, sim.filesUrl, sim.historyUrl];
		for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(new Set(urls).size).toBe(4);
		expect(sim.video.equals(MP4)).toBe(true);
	});

	test('GET /v1/get-user-credits', async () => {
		sim = await startSimulator();
		const res = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(await res.json()).toEqual({ credits: 12.5, 'free-credits': 0.0184 });
	});

	test('GET /v1/get-user-credits: a key without a balance record (404), odd bodies as configured', async () => {
		sim = await startSimulator({ credits: null });
		let res = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ error: 'No credits found for the user' });
		sim.configure({ credits: { credits: '3.5' } });
		res = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ credits: '3.5' });
		expect(sim.submits).toBe(0);
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

	test('close() stops all four servers', async () => {
		sim = await startSimulator();
		const urls = [sim.apiUrl, sim.uploadUrl, sim.filesUrl, sim.historyUrl];
		await sim.close();
		for (const url of urls) await expect(fetch(`${url}/`)).rejects.toThrow();
		await sim.close(); // idempotent
	});
});
