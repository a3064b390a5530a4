'use strict';

/**
 * Scripted faults and the rate limit.
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const { startSimulator } = require('../segmindSimulator');
const {
	MP4,
	PNG,
	sleep,
	post,
	get,
	bytesOf,
	readPartial,
	jobHelpers,
	closeSimulator,
} = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

const { submitJob } = jobHelpers(() => sim);

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

describe('drip faults (headers at once, then a few bytes per tick, never the end)', () => {
	/** Reads a body for `ms`, then hangs up; returns what arrived and whether it had ended. */
	async function readFor(res, ms) {
		const reader = res.body.getReader();
		const chunks = [];
		let ended = false;
		let hungUp = false;
		const stopAt = Date.now() + ms;
		const readAll = (async () => {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return (ended = !hungUp);
				chunks.push(Buffer.from(value));
			}
		})().catch(() => undefined);
		await Promise.race([readAll, sleep(Math.max(0, stopAt - Date.now()))]);
		hungUp = true;
		await reader.cancel().catch(() => undefined);
		return { bytes: Buffer.concat(chunks), ended };
	}

	async function until(check, ms = 2000) {
		for (const stopAt = Date.now() + ms; !check() && Date.now() < stopAt;) await sleep(20);
	}

	test('with a status: that answer, its stated length far above what is sent, dripped until the client hangs up', async () => {
		sim = await startSimulator();
		sim.failNext('credits', {
			kind: 'drip',
			status: 200,
			body: { credits: 12.5 },
			bytesPerTick: 2,
			tickMs: 20,
			contentLength: 1e9,
		});
		const res = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBe('1000000000');
		expect(res.headers.get('content-type')).toBe('application/json');
		const { bytes, ended } = await readFor(res, 300);
		expect(ended).toBe(false);
		expect(bytes.length).toBeGreaterThan(2);
		expect(bytes.length).toBeLessThan(60);
		expect('{"credits":12.5}'.startsWith(bytes.toString().slice(0, 16).trimEnd())).toBe(true);
		const record = sim.requests[0];
		await until(() => record.clientClosedEarly);
		expect(record.clientClosedEarly).toBe(true);
		// Nothing more is written once the client is gone.
		const dripped = record.bytesDripped;
		await sleep(100);
		expect(record.bytesDripped).toBe(dripped);
	});

	test('without a status: the real answer dripped (the job is created), spaces once it is out, no length', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1 });
		sim.failNext('submit', { kind: 'drip', bytesPerTick: 64, tickMs: 10 });
		const res = await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { prompt: 'x' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBeNull();
		const { bytes, ended } = await readFor(res, 400);
		expect(ended).toBe(false);
		expect(sim.submits).toBe(1);
		const text = bytes.toString();
		const [id] = [...sim.jobs.keys()];
		expect(text).toContain(id);
		expect(text.trimEnd().endsWith('}')).toBe(true);
		expect(text.length).toBeGreaterThan(text.trimEnd().length);
	});

	test('reset() and close() end a drip: the client sees the connection dropped, no timer left', async () => {
		sim = await startSimulator();
		sim.failNext('credits', { kind: 'drip', status: 429, tickMs: 10 }, 2);
		const first = await get(`${sim.apiUrl}/v1/get-user-credits`);
		expect(first.status).toBe(429);
		const firstRead = readPartial(first);
		await sleep(50);
		sim.reset();
		const { error } = await firstRead;
		expect(error).not.toBeNull();
		expect(sim._drips.size).toBe(0);
		sim.failNext('credits', { kind: 'drip', status: 429, tickMs: 10 });
		const second = await get(`${sim.apiUrl}/v1/get-user-credits`);
		const secondRead = readPartial(second);
		await sleep(50);
		expect(sim._drips.size).toBe(1);
		await sim.close();
		expect((await secondRead).error).not.toBeNull();
		expect(sim._drips.size).toBe(0);
	});

	test('a bad drip option is refused when scripted', async () => {
		sim = await startSimulator();
		expect(() => sim.failNext('credits', { kind: 'drip', tickMs: 0 })).toThrow(/tickMs/);
	});
});
