'use strict';

/**
 * The upload host (storing inputs) and the files host (serving outputs).
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const { startSimulator } = require('../segmindSimulator');
const { MP4, PNG, WAV, MP3, KEY, post, bytesOf, closeSimulator } = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

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

	test('videoRanges: false ignores Range (200, whole file); videoLength: false sends it chunked', async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'json-url', videoRanges: false });
		let url = await v1Output();
		let res = await fetch(url, { headers: { range: 'bytes=0-99' } });
		expect(res.status).toBe(200);
		expect(res.headers.get('accept-ranges')).toBeNull();
		expect(res.headers.get('content-length')).toBe(String(MP4.length));
		expect((await bytesOf(res)).equals(MP4)).toBe(true);
		await sim.close();

		sim = await startSimulator({ generationMs: 1, v1Response: 'json-url', videoLength: false });
		url = await v1Output();
		res = await fetch(url);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBeNull();
		expect(res.headers.get('transfer-encoding')).toBe('chunked');
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
