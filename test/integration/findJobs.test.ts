// Find Jobs: this key's requests from Segmind's account history (the credential's History URL),
// one item per request, shaped for Get Result.
import type { INodeParameters, NodeApiError } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { Simulator } from '../simulator/segmindSimulator';
import { API_KEY, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started), { queueMs: 0, generationMs: 0 });

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const flash = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat jumps onto a sofa',
};

async function find(parameters: INodeParameters = {}) {
	return await runSegmind(sim, { operation: 'findJobs', ...parameters });
}

/** Submits straight to the simulator's API (a job started elsewhere, its ID kept nowhere). */
async function submitDirect(
	slug = 'wan-2.2-i2v-flash',
	body: object = { ...flash, model: undefined },
) {
	const res = await fetch(`${sim.apiUrl}/v2/${slug}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
		body: JSON.stringify(body),
	});
	return String(((await res.json()) as { request_id: string }).request_id);
}

const historyRequests = () => sim.requests.filter((request) => request.server === 'history');
const queryOf = (index: number) =>
	Object.fromEntries(new URLSearchParams(historyRequests()[index].query));

describe('Find Jobs', () => {
	it('finds a paid job nobody kept the ID of, and Get Result delivers its video', async () => {
		sim.configure({ generationMs: 60_000 });
		const cancelled = await runSegmind(sim, flash, {
			onStarted: (handle) => {
				void handle.nodeStarted.then(async () => {
					while (sim.submits === 0) await sleep(5);
					handle.cancel();
				});
			},
		});
		expect(cancelled.items).toEqual([]);
		const [id] = [...sim.jobs.keys()];

		const found = await find();
		expect(found.error).toBeUndefined();
		expect(found.items.map((item) => item.json)).toEqual([
			{
				requestId: id,
				model: 'wan-2.2-i2v-flash',
				status: 'PENDING',
				cost: 0.075,
				createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				updatedAt: expect.any(String),
				latencyMs: null,
				inputs: { image: flash.image, prompt: flash.prompt, ...defaultsOf(id) },
				outputUrl: null,
				outputUrls: [],
				jobError: null,
			},
		]);
		expect(found.items[0].pairedItem).toEqual({ item: 0 });

		sim.completeJob(id);
		const input = found.items.map((item) => ({ json: item.json }));
		const video = await runSegmind(sim, { operation: 'getResult' }, { input });
		expect(video.error).toBeUndefined();
		expect(video.items[0].json).toMatchObject({ requestId: id, done: true });
		expect(video.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(sim.submits).toBe(1);
		expect(sim.keyLeaks).toEqual([]);
	});

	it('sends the filters and Segmind’s default 7-day window, newest first', async () => {
		const old = await submitDirect();
		const newer = await submitDirect('wan2.7-i2v', { prompt: 'x' });
		sim.backdate(old, 2000);
		const found = await find({ findModel: 'wan', findStatus: 'COMPLETED' });
		expect(found.items.map((item) => item.json.requestId)).toEqual([newer, old]);
		expect(queryOf(0)).toEqual({
			page: '1',
			per_page: '100',
			from_date: isoDay(Date.now() - 7 * DAY_MS),
			to_date: isoDay(Date.now()),
			sort_by: 'model_created',
			sort_order: 'desc',
			model_name: 'wan',
			status: 'COMPLETED',
		});
		const only27 = await find({ findModel: '2.7' });
		expect(only27.items.map((item) => item.json.requestId)).toEqual([newer]);
	});

	it('an explicit window (dates or date-times) reaches older jobs', async () => {
		const id = await submitDirect();
		sim.backdate(id, 20 * DAY_MS);
		expect((await find()).items).toEqual([]);
		const from = new Date(Date.now() - 25 * DAY_MS).toISOString();
		const to = isoDay(Date.now() - 10 * DAY_MS);
		const found = await find({ findFromDate: from, findToDate: to });
		expect(found.items.map((item) => item.json.requestId)).toEqual([id]);
		expect(queryOf(1)).toMatchObject({ from_date: from.slice(0, 10), to_date: to });
	});

	it('pages through the history (bounded) and stops at the limit', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 130; i++) ids.push(await submitDirect());
		ids.forEach((id, i) => sim.backdate(id, (ids.length - i) * 1000));
		const all = await find({ findLimit: 500 });
		expect(all.items).toHaveLength(130);
		expect(all.items.map((item) => item.json.requestId)).toEqual([...ids].reverse());
		expect(
			historyRequests().map((request) => queryOf(historyRequests().indexOf(request)).page),
		).toEqual(['1', '2']);

		sim.reset();
		sim.configure({ historyEnvelope: 'array', generationMs: 0, queueMs: 0 });
		for (let i = 0; i < 3; i++) await submitDirect();
		const bare = await find({ findLimit: 500 });
		expect(bare.items).toHaveLength(3);
		// No total_pages in a bare array: it reads on until an empty page.
		expect(historyRequests()).toHaveLength(2);

		sim.reset();
		for (let i = 0; i < 5; i++) await submitDirect();
		const limited = await find({ findLimit: 2 });
		expect(limited.items).toHaveLength(2);
		expect(historyRequests()).toHaveLength(1);
	});

	it('one item per request: a multi-output request (listed twice) once, its video URL first', async () => {
		sim.configure({ historyMultiOutput: true });
		const id = await submitDirect();
		const found = await find();
		expect(found.items).toHaveLength(1);
		expect(found.items[0].json).toMatchObject({
			requestId: id,
			cost: 0.075,
			outputUrl: `${sim.filesUrl}/outputs/${id}.mp4`,
			outputUrls: [
				`${sim.filesUrl}/outputs/${id}.mp4`,
				`${sim.filesUrl}/assets/${id}-last-frame.png`,
			],
		});
	});

	it('rows without the optional fields, under rows/items/results envelopes', async () => {
		const id = await submitDirect();
		for (const envelope of ['rows', 'items', 'results'] as const) {
			sim.configure({ historyEnvelope: envelope, historySparseRows: envelope === 'results' });
			const found = await find();
			expect([envelope, found.items.map((item) => item.json.requestId)]).toEqual([envelope, [id]]);
		}
		const sparse = await find();
		expect(sparse.items[0].json).toEqual({
			requestId: id,
			model: null,
			status: 'COMPLETED',
			cost: null,
			createdAt: null,
			updatedAt: null,
			latencyMs: null,
			inputs: null,
			outputUrl: null,
			outputUrls: [],
			jobError: null,
		});
	});

	it('a server that ignores `page` cannot hold the item: the repeated page ends the search', async () => {
		const id = await submitDirect();
		const row = { request_id: id, model_status: 'COMPLETED' };
		sim.failNext('history', { status: 200, body: { data: [row] } }, Infinity);
		const found = await find({ findLimit: 500 });
		expect(found.items.map((item) => item.json.requestId)).toEqual([id]);
		expect(historyRequests()).toHaveLength(2);
	});

	it('an answer holding no list, and a 401: errors naming what was asked', async () => {
		sim.failNext('history', { status: 200, body: { message: 'ok', count: 0 } });
		const odd = await find({ findStatus: 'FAILED' });
		expect(odd.error?.message).toMatch(
			/without a list of requests \(page 1; any model, status FAILED, /,
		);

		sim.failNext('history', { status: 401, body: { error: 'Invalid API key' } });
		const denied = await find({ findModel: 'wan2.7' });
		expect(denied.error?.message).toMatch(
			/^Segmind 401: Segmind's request history \(page 1; model containing "wan2.7", any status, .*Invalid API key/,
		);
		expect((denied.error as NodeApiError).description).toMatch(/API key/);
	});

	it.each([
		[{ findFromDate: '2026-02-30' }, /"From Date" \(findFromDate\) for item 0: .*not a date/],
		[{ findToDate: 'yesterday' }, /"To Date" \(findToDate\) for item 0: .*YYYY-MM-DD/],
		[
			{ findFromDate: '2026-01-01', findToDate: '2026-03-01' },
			/"From Date" \(findFromDate\) for item 0: .*at most 31 days/,
		],
		[
			{ findFromDate: '2026-03-02', findToDate: '2026-03-01' },
			/"From Date" \(findFromDate\) for item 0: .*after "To Date"/,
		],
		[{ findLimit: 0 }, /"Limit" \(findLimit\) for item 0: .*1 to 500/],
		[{ findLimit: 501 }, /"Limit" \(findLimit\) for item 0: .*1 to 500/],
	])('refuses %j before sending anything', async (parameters, message) => {
		const result = await find(parameters);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toMatch(message);
		expect((result.error as NodeOperationError).description).toMatch(/Nothing was sent to Segmind/);
		expect(sim.requests).toEqual([]);
	});

	it('sends the key to the History URL only, and never a generation', async () => {
		await submitDirect();
		const before = sim.requests.length;
		const found = await find();
		expect(found.error).toBeUndefined();
		const made = sim.requests.slice(before);
		expect(made.map((request) => request.server)).toEqual(['history']);
		expect(made[0].headers['x-api-key']).toBe(API_KEY);
		expect(sim.submits).toBe(1);
	});
});

/** The page defaults the node sends with a Flash request (its declaration). */
function defaultsOf(id: string): Record<string, unknown> {
	const body = sim.jobs.get(id)!.body as Record<string, unknown>;
	const { image, prompt, ...rest } = body;
	void image;
	void prompt;
	return rest;
}
