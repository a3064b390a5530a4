'use strict';

/**
 * The history host: Segmind's account request history (../shared/segmind-api.md "Account
 * history"), with the variants a client must survive. Over real HTTP with the global fetch.
 */

const { startSimulator } = require('../segmindSimulator');
const { KEY, VALID_BODY, post, get, closeSimulator, jobHelpers } = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

const { submitJob, waitForStatus } = jobHelpers(() => sim);
const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

async function list(query = '', key = KEY) {
	const res = await get(`${sim.historyUrl}/inference-request/request-history${query}`, { key });
	return { status: res.status, body: await res.json() };
}

async function record(id, key = KEY) {
	const res = await get(`${sim.historyUrl}/inference-request/request-history/${id}`, { key });
	return { status: res.status, body: await res.json() };
}

describe('account history host', () => {
	test('records every accepted v2 and v1 request with the documented fields', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 0, v1Response: 'json-url' });
		const job = await submitJob('wan-2.2-i2v-flash');
		await waitForStatus(job.request_id, 'COMPLETED');
		const v1 = await post(`${sim.apiUrl}/v1/wan2.7-i2v`, VALID_BODY['wan2.7-i2v']);
		const v1Id = v1.headers.get('x-request-id');
		await v1.json();
		// A rejected request (400) is not in the history: it was never accepted.
		await (await post(`${sim.apiUrl}/v2/wan2.7-i2v`, { duration: 99 })).json();

		const { status, body } = await list();
		expect(status).toBe(200);
		expect(body.data.map((r) => r.request_id).sort()).toEqual([job.request_id, v1Id].sort());
		const row = body.data.find((r) => r.request_id === job.request_id);
		expect(row).toEqual({
			request_id: job.request_id,
			model_name: 'wan-2.2-i2v-flash',
			model_status: 'COMPLETED',
			credits_deduction: 0.075,
			request_body: VALID_BODY['wan-2.2-i2v-flash'],
			generation_url: `${sim.filesUrl}/outputs/${job.request_id}.mp4`,
			latency_ms: expect.any(Number),
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			error: null,
		});
		expect(body).toMatchObject({ page: 1, per_page: 20, total: 2, total_pages: 1 });
	});

	test('PENDING while running, FAILED with its error and no cost', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 60_000 });
		const running = await submitJob();
		sim.failJob({ error: 'Content blocked by safety filter' });
		const failed = await submitJob();
		sim.completeJob(failed.request_id);
		expect((await record(running.request_id)).body).toMatchObject({
			model_status: 'PENDING',
			generation_url: null,
			latency_ms: null,
		});
		expect((await record(failed.request_id)).body).toMatchObject({
			model_status: 'FAILED',
			error: 'Content blocked by safety filter',
			credits_deduction: 0,
			generation_url: null,
		});
		expect((await list('?status=PENDING')).body.data.map((r) => r.request_id)).toEqual([
			running.request_id,
		]);
	});

	test('a record of any age; expire() forgets /v2/requests but not the history', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 0 });
		const job = await submitJob();
		await waitForStatus(job.request_id, 'COMPLETED');
		sim.expire(job.request_id);
		sim.backdate(job.request_id, 40 * DAY_MS);
		expect((await get(job.response_url)).status).toBe(404);
		const { status, body } = await record(job.request_id);
		expect(status).toBe(200);
		expect(body).toMatchObject({ request_id: job.request_id, model_status: 'COMPLETED' });
		expect(body.created_at.slice(0, 10)).toBe(isoDay(Date.now() - 40 * DAY_MS));
		// Outside the default 7-day window, inside an explicit one.
		expect((await list()).body.data).toEqual([]);
		const from = isoDay(Date.now() - 45 * DAY_MS);
		const to = isoDay(Date.now() - 20 * DAY_MS);
		const window = await list(`?from_date=${from}&to_date=${to}`);
		expect(window.body.data.map((r) => r.request_id)).toEqual([job.request_id]);
	});

	test('404 for an unknown id, 401 for a missing or wrong key', async () => {
		sim = await startSimulator();
		const unknown = await record('0123456789abcdef0123456789abcdef');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error).toMatch(/not found/);
		expect((await list('', 'wrong')).status).toBe(401);
		expect((await list('', null)).status).toBe(401);
		expect((await record('x', 'wrong')).status).toBe(401);
	});

	test('query checks: per_page 1–100, YYYY-MM-DD dates, window ≤ 31 days, status, sort', async () => {
		sim = await startSimulator();
		const today = isoDay(Date.now());
		for (const bad of [
			'?per_page=0',
			'?per_page=101',
			'?page=0',
			'?from_date=2026-13-01',
			'?to_date=07-12-2026',
			`?from_date=${isoDay(Date.now() - 32 * DAY_MS)}&to_date=${today}`,
			`?from_date=${today}&to_date=${isoDay(Date.now() - DAY_MS)}`,
			'?status=DONE',
			'?sort_by=cost',
			'?sort_order=up',
		]) {
			expect([bad, (await list(bad)).status]).toEqual([bad, 400]);
		}
		const edge = await list(`?from_date=${isoDay(Date.now() - 31 * DAY_MS)}&to_date=${today}`);
		expect(edge.status).toBe(200);
		expect((await list('?per_page=100')).status).toBe(200);
	});

	test('pagination, model_name substring, sorting; a page past the end is empty', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 0 });
		const ids = [];
		for (let i = 0; i < 5; i++) ids.push((await submitJob('wan-2.2-i2v-flash')).request_id);
		const other = (await submitJob('wan2.7-i2v')).request_id;
		for (let i = 0; i < ids.length; i++) sim.backdate(ids[i], (ids.length - i) * 1000);

		const page1 = await list('?per_page=2&page=1&model_name=2.2');
		const page2 = await list('?per_page=2&page=2&model_name=2.2');
		const page3 = await list('?per_page=2&page=3&model_name=2.2');
		const page4 = await list('?per_page=2&page=4&model_name=2.2');
		const seen = [page1, page2, page3].flatMap((p) => p.body.data.map((r) => r.request_id));
		expect(seen).toEqual([...ids].reverse()); // newest first by default
		expect(page1.body).toMatchObject({ total: 5, total_pages: 3 });
		expect(page4.body.data).toEqual([]);
		const asc = await list('?sort_by=model_created&sort_order=asc');
		expect(asc.body.data.map((r) => r.request_id)).toEqual([...ids, other]);
		const byName = await list('?sort_by=model_name&sort_order=desc&per_page=1');
		expect(byName.body.data[0].request_id).toBe(other); // wan2.7 > wan-2.2
	});

	test('variants: other envelopes, a bare array, sparse rows, a multi-output request twice', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 0 });
		const job = await submitJob();
		await waitForStatus(job.request_id, 'COMPLETED');
		for (const key of ['rows', 'items', 'results']) {
			sim.configure({ historyEnvelope: key });
			expect((await list()).body[key][0].request_id).toBe(job.request_id);
		}
		sim.configure({ historyEnvelope: 'array' });
		const bare = (await list()).body;
		expect(Array.isArray(bare)).toBe(true);
		expect(bare[0].request_id).toBe(job.request_id);

		sim.configure({ historyEnvelope: 'data', historyMultiOutput: true });
		const twice = (await list()).body.data;
		expect(twice.map((r) => r.request_id)).toEqual([job.request_id, job.request_id]);
		expect(twice.map((r) => r.credits_deduction)).toEqual([0.625, 0.625]);
		expect(twice[0].generation_url).toMatch(/\.mp4$/);
		expect(twice[1].generation_url).toMatch(/\.png$/);

		sim.configure({ historyMultiOutput: false, historySparseRows: true });
		expect((await list()).body.data).toEqual([
			{ request_id: job.request_id, model_status: 'COMPLETED' },
		]);
		sim.configure({ historySparseRows: false, historyRecordEnvelope: 'data' });
		expect((await record(job.request_id)).body.data.request_id).toBe(job.request_id);
		sim.configure({ historyRecordEnvelope: 'list' });
		expect((await record(job.request_id)).body.data[0].request_id).toBe(job.request_id);
	});

	test('scripted faults on the history routes', async () => {
		sim = await startSimulator();
		sim.failNext('history', { status: 503 });
		sim.failNext('historyRecord', { status: 500 });
		expect((await list()).status).toBe(503);
		expect((await record('abc')).status).toBe(500);
		expect((await list()).status).toBe(200);
		expect(sim.requests.map((r) => [r.server, r.route])).toEqual([
			['history', 'history'],
			['history', 'historyRecord'],
			['history', 'history'],
		]);
	});
});
