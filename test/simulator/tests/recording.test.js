'use strict';

/**
 * What the simulator records, and configure / reset.
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const { startSimulator } = require('../segmindSimulator');
const { KEY, sleep, post, closeSimulator } = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

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
