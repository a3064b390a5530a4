/**
 * Never pay twice: n8n's Retry On Fail re-runs the node's execute() with the same items. Every
 * item whose job was already submitted must be resumed (status, result, download), not paid
 * again, whatever failed after the submit; a retried Submit returns the job it created. The
 * "Reuse an Identical Job" option extends that to identical jobs of later runs; the execution's
 * custom data names every paid job, also when the run is cancelled.
 */
import { sleep } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { clearLedger } from '../../nodes/SegmindWan/actions/paidJobs/ledger';
import { samplePng } from '../fixtures';
import type { RunNodeResult } from '../harness';
import { runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';
import type { Simulator } from '../simulator/segmindSimulator';
import { caseTest } from './cases';

let sim: Simulator;
useSimulator((started) => (sim = started));
beforeEach(() => clearLedger());

const test = caseTest('paidOnce', () => sim);

const flash: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
	options: { concurrency: 3 },
};
/** n8n's node settings for Retry On Fail (n8n waits 1 s between tries when 0 is set). */
const retryOnFail = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };
const items = (count: number) => Array.from({ length: count }, (_, index) => ({ json: { index } }));

/** Every item has its video, byte for byte, and its own paid job; returns the request ids. */
function expectEveryVideo(result: RunNodeResult, count: number): string[] {
	expect(result.error).toBeUndefined();
	expect(result.status).toBe('success');
	// n8n did retry: the first try's error is what the retry recovered from.
	expect(result.retriedErrors.length).toBeGreaterThan(0);
	expect(result.items).toHaveLength(count);
	result.items.forEach((item, index) => {
		expect(item.binary?.data.buffer.equals(sim.video)).toBe(true);
		expect(item.pairedItem).toEqual({ item: index });
	});
	const ids = result.items.map((item) => item.json.requestId as string);
	expect(new Set(ids)).toEqual(new Set(sim.jobs.keys()));
	return ids;
}

describe('Retry On Fail resumes paid jobs instead of submitting them again', () => {
	for (const count of [1, 3]) {
		test(`${count} item(s), the first video download 404s once: one paid submit per item`, async ({
			run,
		}) => {
			sim.failNext('download', { status: 404 });
			const { result } = await run(
				flash,
				{ input: items(count), nodeSettings: retryOnFail },
				{ jobs: count },
			);
			expectEveryVideo(result, count);
			expect(sim.submits).toBe(count);
			expect(sim.pendingFaults).toEqual({});
			expect(result.items.some((item) => item.json.resumedJob === 'retry')).toBe(true);
		});
	}

	for (const route of ['result', 'status'] as const) {
		test(`3 items, the ${route} check answers 404 once, unknown to the history too (not retried by the node): one paid submit per item`, async ({
			run,
		}) => {
			sim.failNext(route, { status: 404 });
			// A 404 the account history can answer is followed there, with no error to retry.
			sim.failNext('historyRecord', { status: 404 });
			const { result } = await run(
				flash,
				{ input: items(3), nodeSettings: retryOnFail },
				{ jobs: 3 },
			);
			expectEveryVideo(result, 3);
			expect(sim.submits).toBe(3);
			expect(sim.pendingFaults).toEqual({});
		});
	}

	test('3 items, the second submit is refused (406) and stops the run: the paid jobs are resumed, only the refused item is submitted again', async ({
		run,
	}) => {
		sim.failNext('submit', { status: 406, skip: 1, body: { error: 'Insufficient credits' } });
		const { result } = await run(
			flash,
			{ input: items(3), nodeSettings: retryOnFail },
			{ jobs: 3, generationPosts: 4 },
		);
		expectEveryVideo(result, 3);
		expect(sim.submits).toBe(3);
		expect(result.items.filter((item) => item.json.resumedJob === 'retry')).toHaveLength(2);
	});

	test('Submit, the second item refused (406): the retried Submit returns the job it created', async ({
		run,
	}) => {
		sim.failNext('submit', { status: 406, skip: 1, body: { error: 'Insufficient credits' } });
		const { result } = await run(
			{ ...flash, operation: 'submit', options: { concurrency: 1 } },
			{ input: items(2), nodeSettings: retryOnFail },
			{ jobs: 2, generationPosts: 3 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(sim.submits).toBe(2);
		expect(result.items[0].json.resumedJob).toBe('retry');
		expect(new Set(result.items.map((item) => item.json.requestId))).toEqual(
			new Set(sim.jobs.keys()),
		);
	});
});

describe('what a resumed job does', () => {
	test('a binary image input: the retry neither uploads nor submits again (the fingerprint is taken before uploading)', async ({
		run,
	}) => {
		sim.failNext('download', { status: 404 });
		const { result } = await run(
			{ ...flash, image: undefined, imageSource: 'binary' },
			{
				input: [{ json: {}, binary: { data: { data: samplePng, mimeType: 'image/png' } } }],
				nodeSettings: retryOnFail,
			},
		);
		expectEveryVideo(result, 1);
		expect(sim.submits).toBe(1);
		expect(sim.requests.filter((request) => request.route === 'upload')).toHaveLength(1);
	});

	test('a job Segmind reports FAILED is not paid again by the retry: every try names the same request', async ({
		run,
	}) => {
		sim.failJob({ error: 'Content blocked' });
		const { result } = await run(
			flash,
			{ input: items(1), nodeSettings: retryOnFail },
			{ jobs: 1 },
		);
		const [requestId] = [...sim.jobs.keys()];
		expect(result.status).toBe('error');
		expect(sim.submits).toBe(1);
		expect(result.error?.message).toContain(requestId);
	});
});

/** The node's record in the execution's custom data: "<item>:<fingerprint>:<request id>:<time>". */
function customData(result: RunNodeResult): Record<string, string> {
	return (result.run?.data.resultData.metadata ?? {}) as Record<string, string>;
}

describe("the execution's custom data names every paid job", () => {
	test("a finished run of 3 items: each request id in the custom data, within n8n's limits", async ({
		run,
	}) => {
		const { result } = await run(flash, { input: items(3) }, { jobs: 3 });
		const ids = expectEveryVideoOnce(result);
		const record = customData(result);
		const text = Object.values(record).join(' ');
		for (const id of ids) expect(text).toContain(id);
		for (const [key, value] of Object.entries(record)) {
			expect(key).toMatch(/^[A-Za-z0-9_]{1,50}$/);
			expect(value.length).toBeLessThanOrEqual(255);
		}
	});

	test('a run cancelled while the job runs (as a timeout or Stop does): the saved run data names the request id', async ({
		run,
	}) => {
		sim.configure({ generationMs: 600_000 });
		const { result } = await run(flash, {
			onStarted: (handle) => {
				void handle.nodeStarted.then(async () => {
					while (sim.submits === 0) await sleep(20);
					await sleep(300);
					handle.cancel();
				});
			},
		});
		const [requestId] = [...sim.jobs.keys()];
		expect(result.cancelled).toBe(true);
		expect(Object.values(customData(result)).join(' ')).toContain(requestId);
	});
});

describe('when the custom data is full', () => {
	test('25 items: at least 16 jobs fit in the custom data, each one that does not is named in a warning (Retry execution would pay for it again)', async ({
		run,
	}) => {
		const { result } = await run(
			{ ...flash, options: { concurrency: 20 } },
			{ input: items(25) },
			{ jobs: 25 },
		);
		const ids = expectEveryVideoOnce(result);
		const recorded = Object.values(customData(result)).join(' ');
		const missing = ids.filter((id) => !recorded.includes(id));
		expect(ids.length - missing.length).toBeGreaterThanOrEqual(16);
		expect(missing.length).toBeGreaterThan(0);
		const warnings = result.logs.filter(
			(line) => line.level === 'warn' && line.message.includes('did not fit'),
		);
		expect(warnings).toHaveLength(missing.length);
		for (const id of missing) expect(warnings.some((line) => line.message.includes(id))).toBe(true);
	});
});

describe('Reuse an Identical Job', () => {
	test('on: a second run of the same job pays nothing and delivers the same video; off: it pays for a new one', async ({
		run,
	}) => {
		const reuse = { ...flash, options: { reuseIdenticalJob: true } };
		const first = await run(reuse, {}, { jobs: 1 });
		expect(sim.submits).toBe(1);
		const again = await run(reuse, {}, { jobs: 0, generationPosts: 0 });
		expect(sim.submits).toBe(1);
		expect(again.result.items[0].json).toMatchObject({
			requestId: first.result.items[0].json.requestId,
			resumedJob: 'identical',
		});
		expect(again.result.items[0].binary?.data.buffer.equals(sim.video)).toBe(true);

		const changed = await run({ ...reuse, prompt: 'a dog' }, {}, { jobs: 1 });
		expect(changed.result.items[0].json.resumedJob).toBeUndefined();
		await run(flash, {}, { jobs: 1 });
		expect(sim.submits).toBe(3);
	});
});

describe('Reuse an Identical Job and a FAILED job', () => {
	test('a job Segmind reported FAILED is not reused: the next run pays for a new attempt', async ({
		run,
	}) => {
		const reuse = { ...flash, options: { reuseIdenticalJob: true } };
		sim.failJob({ error: 'Content blocked' });
		const failed = await run(reuse, {}, { jobs: 1 });
		expect(failed.result.status).toBe('error');
		const again = await run(reuse, {}, { jobs: 1 });
		expect(again.result.error).toBeUndefined();
		expect(again.result.items[0].json.resumedJob).toBeUndefined();
		expect(sim.submits).toBe(2);
	});
});

/** Every item has its video and request id (a run without retries). */
function expectEveryVideoOnce(result: RunNodeResult): string[] {
	expect(result.error).toBeUndefined();
	for (const item of result.items) expect(item.binary?.data.buffer.equals(sim.video)).toBe(true);
	return result.items.map((item) => item.json.requestId as string);
}

describe('Synchronous mode (v1: a request that cannot be looked up later)', () => {
	const sync = { ...flash, executionMode: 'sync' };

	test('the answer named the video URL (JSON) and its download 404s once: the retry downloads it again, one paid request', async ({
		run,
	}) => {
		sim.configure({ v1Response: 'json-url' });
		sim.failNext('download', { status: 404 });
		const { result } = await run(sync, { nodeSettings: retryOnFail }, { jobs: 1 });
		expect(result.error).toBeUndefined();
		expect(result.retriedErrors.length).toBeGreaterThan(0);
		expect(result.items[0].binary?.data.buffer.equals(sim.video)).toBe(true);
		expect(result.items[0].json.resumedJob).toBe('retry');
		expect(sim.submits).toBe(1);
	});

	// The documented exception (README "Money"): not a reliability case, since it does pay twice.
	it('the answer was the video itself and arrived truncated: the retry pays for a second generation', async () => {
		sim.failNext('v1', { kind: 'truncate' });
		const result = await runSegmind(sim, sync, { nodeSettings: retryOnFail });
		expect(result.error).toBeUndefined();
		expect(result.retriedErrors[0]?.message).toMatch(/incomplete/);
		expect(sim.submits).toBe(2);
	});
});

describe('the recovery route: an error item → Get Result', () => {
	test('a download that fails becomes an error item (Continue On Fail) with its request id; Get Result with it delivers the video, nothing paid again', async ({
		run,
	}) => {
		// A 404 at the output URL is not retried by the node (it is not a transient failure).
		sim.failNext('download', { status: 404 });
		const { result } = await run(flash, { continueOnFail: true }, { jobs: 1 });
		const [failed] = result.items;
		const [requestId] = [...sim.jobs.keys()];
		expect(failed.json.requestId).toBe(requestId);
		const recovered = await run(
			{ operation: 'getResult', requestId },
			{},
			{ jobs: 0, generationPosts: 0 },
		);
		expect(recovered.result.items[0].binary?.data.buffer.equals(sim.video)).toBe(true);
		expect(sim.submits).toBe(1);
	});

	test('with Continue (using error output) the failed item lands on the error output with details.requestId; Get Result at its default Request ID delivers the video, nothing paid again', async ({
		run,
	}) => {
		sim.failNext('download', { status: 404 });
		const { result } = await run(flash, { continueOnFail: 'continueErrorOutput' }, { jobs: 1 });
		const [requestId] = [...sim.jobs.keys()];
		expect(result.outputs[0] ?? []).toEqual([]);
		const [failed] = result.outputs[1] ?? [];
		expect(failed.json.error).toEqual(expect.any(String));
		expect(failed.json.details).toEqual(expect.objectContaining({ requestId }));
		// No Request ID parameter: Get Result's default Request ID expression finds details.requestId.
		const recovered = await run(
			{ operation: 'getResult' },
			{ input: [{ json: failed.json }] },
			{ jobs: 0, generationPosts: 0 },
		);
		expect(recovered.result.error).toBeUndefined();
		expect(recovered.result.items[0].binary?.data.buffer.equals(sim.video)).toBe(true);
		expect(recovered.result.items[0].json.requestId).toBe(requestId);
		expect(sim.submits).toBe(1);
	});
});
