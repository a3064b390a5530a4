// Get Result after Segmind's one-hour retention: /v2/requests/{id} answers 404, the account
// history (the credential's History URL) still knows the request and its output URL.
import type { NodeApiError } from 'n8n-workflow';

import type { Simulator } from '../simulator/segmindSimulator';

import { API_KEY, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started), { queueMs: 0, generationMs: 0 });

const DAY_MS = 24 * 60 * 60 * 1000;

async function submitted(): Promise<string> {
	const result = await runSegmind(sim, {
		operation: 'submit',
		model: 'wan-2.2-i2v-flash',
		image: 'https://example.com/cat.png',
		prompt: 'a cat jumps onto a sofa',
	});
	expect(result.error).toBeUndefined();
	return String(result.items[0].json.requestId);
}

async function getResult(requestId: string) {
	return await runSegmind(sim, { operation: 'getResult', requestId });
}

const submits = () => sim.requests.filter((request) => request.route === 'submit').length;

describe('Get Result after the hour (history fallback)', () => {
	it('delivers the video of a job /v2/requests has forgotten, from its history record', async () => {
		const id = await submitted();
		sim.completeJob(id);
		sim.expire(id);
		sim.backdate(id, 3 * DAY_MS);
		const result = await getResult(id);
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toMatchObject({
			requestId: id,
			model: 'wan-2.2-i2v-flash',
			status: 'COMPLETED',
			done: true,
			resultFrom: 'history',
			videoUrl: `${sim.filesUrl}/outputs/${id}.mp4`,
			cost: 0.075,
		});
		expect(item.binary!.data.buffer.equals(sim.video)).toBe(true);
		const history = sim.requests.filter((request) => request.server === 'history');
		expect(history.map((request) => request.path)).toEqual([
			`/inference-request/request-history/${id}`,
		]);
		expect(history[0].headers['x-api-key']).toBe(API_KEY);
		expect(submits()).toBe(1);
		expect(sim.keyLeaks).toEqual([]);
	});

	it('a job still running is a status item, PENDING in the history', async () => {
		sim.configure({ generationMs: 60_000 });
		const id = await submitted();
		sim.expire(id);
		const result = await getResult(id);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			requestId: id,
			status: 'PENDING',
			done: false,
			resultFrom: 'history',
			metrics: {},
		});
	});

	it('a failed job: "Segmind\'s history says FAILED" with its error and the request ID', async () => {
		sim.failJob({ error: 'Content blocked by safety filter' });
		const id = await submitted();
		sim.expire(id);
		const result = await getResult(id);
		expect(result.error?.message).toBe(
			`Segmind's history says FAILED: Content blocked by safety filter (request ${id})`,
		);
		expect((result.error as NodeApiError).context.requestId).toBe(id);
	});

	it("an ID neither endpoint knows: no such request in this key's history", async () => {
		const id = '0123456789abcdef0123456789abcdef';
		const result = await getResult(id);
		expect(result.error?.message).toBe(
			`Segmind 404: no such request in this key's history, and /v2/requests no longer knows it (request ${id})`,
		);
		expect((result.error as NodeApiError).description).toMatch(
			/wrong, or belongs to another Segmind account/,
		);
		expect(sim.requests.map((request) => request.route)).toEqual(['status', 'historyRecord']);
	});

	it('a completed record without an output URL says so', async () => {
		const id = await submitted();
		sim.expire(id);
		sim.configure({ historySparseRows: true });
		const result = await getResult(id);
		expect(result.error?.message).toBe(
			`Segmind's history says COMPLETED but gives no output URL (request ${id})`,
		);
	});

	it('an output file no longer kept: the download error names the request', async () => {
		const id = await submitted();
		sim.expire(id);
		sim.failNext('download', { status: 404 }, 10);
		const result = await getResult(id);
		expect(result.error?.message).toContain(id);
		expect(result.error?.message).toMatch(/history/);
	});

	it('reads the record under other envelopes ({data: row}, {data: [row]})', async () => {
		for (const envelope of ['data', 'list'] as const) {
			const id = await submitted();
			sim.expire(id);
			sim.configure({ historyRecordEnvelope: envelope });
			const result = await getResult(id);
			expect([envelope, result.error?.message]).toEqual([envelope, undefined]);
			expect(result.items[0].json.done).toBe(true);
		}
	});

	it('a wrong key: the history\'s 401 is reported, not "not found"', async () => {
		const id = await submitted();
		sim.expire(id);
		sim.failNext('historyRecord', { status: 401, body: { error: 'Invalid API key' } });
		const result = await getResult(id);
		expect(result.error?.message).toMatch(/^Segmind 401: .*Invalid API key/);
		expect(result.error?.message).toContain(id);
	});
});
