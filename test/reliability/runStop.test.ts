/**
 * A run that stops at an error (no "continue on fail") while other items are in flight: the
 * error must still hand over every paid job the run did not deliver, with its item, in the
 * description and in `context.submittedJobs` / `context.requestIds`, and keep the first
 * failure's own message and request id. Items run concurrently, so which item fails first is
 * not fixed: the cases assert on sets and on "the other item".
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { samplePng } from '../fixtures';
import type { RunNodeResult } from '../harness';
import { useSimulator } from '../harness/serverPerFile';
import type { Simulator } from '../simulator/segmindSimulator';
import { caseTest } from './cases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('runStop', () => sim);

const flash: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
	options: { concurrency: 2, maxWaitMinutes: 0.1 },
};
const twoItems = { input: [{ json: {} }, { json: {} }] };

interface SubmittedJob {
	itemIndex: number;
	requestId: string;
	state: string;
}

/** The stopping error, the index of the item that raised it, and its list of undelivered jobs. */
function stopError(result: RunNodeResult) {
	const error = result.error as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	expect(result.items).toEqual([]);
	const failedItem = error.context.itemIndex as number;
	expect([0, 1]).toContain(failedItem);
	const jobs = (error.context.submittedJobs ?? []) as unknown as SubmittedJob[];
	return { error, failedItem, otherItem: 1 - failedItem, jobs };
}

describe('the error that stops a run lists every paid job it did not deliver', () => {
	test('one item refused on submit (406), the other accepted then past Max Wait: its request id is listed with its item', async ({
		run,
	}) => {
		sim.configure({ generationMs: 600_000 });
		sim.failNext('submit', { status: 406, body: { error: 'Insufficient credits' } });
		const { result } = await run(flash, twoItems, { jobs: 1, generationPosts: 2 });
		const { error, otherItem, jobs } = stopError(result);
		const [requestId] = [...sim.jobs.keys()];
		expect(sim.jobs.size).toBe(1);
		// The first failure keeps its own message (no job, so no request id of its own).
		expect(error.message).toContain('Insufficient credits');
		expect(error.context.requestId).toBeUndefined();
		expect(jobs).toEqual([
			expect.objectContaining({ itemIndex: otherItem, requestId, state: 'failed' }),
		]);
		expect(error.context.requestIds).toEqual([requestId]);
		expect(error.description).toContain(`item ${otherItem}: ${requestId}`);
	});

	test("one item refused on submit, the other's job FAILED later: listed as failed", async ({
		run,
	}) => {
		sim.failNext('submit', { status: 406, body: { error: 'Insufficient credits' } });
		sim.failJob({ error: 'Content blocked by safety filter' });
		const { result } = await run(flash, twoItems, { jobs: 1, generationPosts: 2 });
		const { error, otherItem, jobs } = stopError(result);
		const [requestId] = [...sim.jobs.keys()];
		expect(error.message).toContain('Insufficient credits');
		expect(jobs).toEqual([
			expect.objectContaining({ itemIndex: otherItem, requestId, state: 'failed' }),
		]);
		expect(error.description).toContain(`item ${otherItem}: ${requestId}`);
		expect(error.description).toContain('Content blocked by safety filter');
	});

	test('one item refused on submit, the other finished: not output, listed as finished', async ({
		run,
	}) => {
		sim.failNext('submit', { status: 406, body: { error: 'Insufficient credits' } });
		const { result } = await run(flash, twoItems, { jobs: 1, generationPosts: 2 });
		const { otherItem, jobs, error } = stopError(result);
		const [requestId] = [...sim.jobs.keys()];
		expect(jobs).toEqual([
			expect.objectContaining({ itemIndex: otherItem, requestId, state: 'finished' }),
		]);
		expect(error.context.requestIds).toEqual([requestId]);
		expect(error.description).toContain(`item ${otherItem}: ${requestId}`);
	});

	test('both accepted, one FAILED first, the other past Max Wait: the first keeps its own id, both are listed', async ({
		run,
	}) => {
		sim.configure({ generationMs: 600_000 });
		// The first status check of either job answers FAILED; the other job runs on.
		sim.failNext('status', {
			status: 422,
			body: { status: 'FAILED', error: 'Content blocked by safety filter', metrics: {} },
		});
		const { result } = await run(flash, twoItems, { jobs: 2 });
		const { error, failedItem, otherItem, jobs } = stopError(result);
		const ids = [...sim.jobs.keys()];
		expect(ids).toHaveLength(2);
		const failedId = error.context.requestId as string;
		expect(ids).toContain(failedId);
		const runningId = ids.find((id) => id !== failedId);
		expect(error.message).toContain('Content blocked by safety filter');
		expect(error.message).toContain(`(request ${failedId})`);
		expect(error.context.requestId).toBe(failedId);
		const byItem = Object.fromEntries(jobs.map((job) => [job.itemIndex, job.requestId]));
		expect(byItem).toEqual({ [failedItem]: failedId, [otherItem]: runningId });
		expect([...(error.context.requestIds as string[])].sort()).toEqual(
			[failedId, runningId].sort(),
		);
		expect(error.description).toContain(`item ${otherItem}: ${runningId}`);
	});

	test('an item still uploading when another fails does not send its paid request afterwards', async ({
		run,
	}) => {
		sim.failNext('upload', { kind: 'hang', ms: 4000 });
		sim.failNext('submit', { status: 406, body: { error: 'Insufficient credits' } });
		const png = { data: samplePng, mimeType: 'image/png', fileName: 'cat.png' };
		const { result } = await run(
			{ ...flash, imageSource: 'binary' },
			{
				input: [
					{ json: {}, binary: { data: png } },
					{ json: {}, binary: { data: png } },
				],
			},
			{ jobs: 0, generationPosts: 1 },
		);
		const { error, otherItem, jobs } = stopError(result);
		expect(error.message).toContain('Insufficient credits');
		expect(jobs).toEqual([]);
		expect(error.context.notSentItems).toEqual([otherItem]);
		expect(sim.requests.filter((request) => request.route === 'upload')).toHaveLength(2);
	});

	test('an item held by the shared 429 gate when another fails does not send its paid request afterwards', async ({
		run,
	}) => {
		// Whichever submit arrives first is told to wait 2 s (the gate shuts for both items), the
		// second is refused: the run stops while the first item waits to resend.
		sim.failNext('submit', {
			status: 429,
			headers: { 'retry-after': '2' },
			body: { error: 'Rate limit exceeded' },
		});
		sim.failNext('submit', { status: 406, body: { error: 'Insufficient credits' } });
		const { result } = await run(flash, twoItems, { jobs: 0, generationPosts: 2 });
		const { error, otherItem, jobs } = stopError(result);
		expect(error.message).toContain('Insufficient credits');
		expect(jobs).toEqual([]);
		expect(error.context.notSentItems).toEqual([otherItem]);
		expect(sim.jobs.size).toBe(0);
	});

	test('with continue on fail nothing changes: each item carries its own request id', async ({
		run,
	}) => {
		sim.configure({ generationMs: 600_000 });
		sim.failNext('submit', { status: 406, body: { error: 'Insufficient credits' } });
		const { result } = await run(
			flash,
			{ ...twoItems, continueOnFail: true },
			{ jobs: 1, generationPosts: 2 },
		);
		expect(result.error).toBeUndefined();
		const [requestId] = [...sim.jobs.keys()];
		const errors = result.items.map((item) => item.json as IDataObject);
		expect(errors.map((json) => json.requestId ?? null).sort()).toEqual([requestId, null].sort());
	});
});
