/**
 * Every wait is bounded: answers that drip (headers at once, then a byte or a few every tick,
 * never the end). A socket idle timeout never trips on them, so before the bounds of
 * transport/http/answerBounds.ts each of these runs hung. Each case checks the item ends
 * within its bound (the harness's budget) and that the node hung up on the dripping answer.
 *
 * The bounds are shortened for this file only (jest.replaceProperty on ANSWER_BOUNDS): every
 * call's total deadline is its timeoutMs / 30 (API calls 2 s instead of 60 s, the download's
 * headers and error body 4 s instead of 120 s), and the video stall window is 1 s instead of
 * 60 s (64 KiB must move in it). The budgets leave room for the retries' backoff (up to about
 * 31 s over 6 attempts), not for timings.
 */
import { sleep } from 'n8n-workflow';

import { ANSWER_BOUNDS } from '../../../nodes/SegmindWan/transport/http/answerBounds';
import { samplePng } from '../../fixtures';
import { useSimulator } from '../../harness/serverPerFile';
import type { Route, Simulator } from '../../simulator/segmindSimulator';
import { caseTest } from '../cases';
import { simulatorChecks } from '../simulatorChecks';
import { expectError, flash, MAY_HAVE_STARTED } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('faults', () => sim);

const { requestsTo, onlyJobId, expectVideo } = simulatorChecks(() => sim);

beforeEach(() => {
	jest.replaceProperty(ANSWER_BOUNDS, 'deadlineDivisor', 30);
	jest.replaceProperty(ANSWER_BOUNDS, 'stallWindowMs', 1000);
});
afterEach(() => jest.restoreAllMocks());

/** One byte every 200 ms: a JSON answer of a few hundred bytes would take a minute or more. */
const DRIP = { kind: 'drip', tickMs: 200 } as const;

/** The node hung up on every dripping answer to `route` (give the close a moment to arrive). */
async function expectHungUp(route: Route) {
	const dripped = () => requestsTo(route).filter((r) => r.clientClosedEarly !== undefined);
	for (let waited = 0; waited < 3000; waited += 50) {
		if (dripped().every((request) => request.clientClosedEarly)) break;
		await sleep(50);
	}
	expect(dripped().length).toBeGreaterThanOrEqual(1);
	for (const request of dripped()) expect(request.clientClosedEarly).toBe(true);
}

describe('API answers that drip end at the call deadline', () => {
	test('the submit answer drips: "timed out", it may have been accepted, not resent', async ({
		run,
	}) => {
		sim.failNext('submit', DRIP);
		const { result } = await run(flash, {}, { budgetMs: 10_000 });
		// The answer holding the request id never arrived whole, so the error cannot name it.
		expectError(result, ['timed out', MAY_HAVE_STARTED]);
		expect(sim.submits).toBe(1);
		expect(requestsTo('submit')).toHaveLength(1);
		await expectHungUp('submit');
	});

	test('every status answer drips: retried as timeouts, then an error with the request id and "Get Result"', async ({
		run,
	}) => {
		sim.failNext('status', DRIP, Infinity);
		const { result } = await run(flash, {}, { budgetMs: 60_000 });
		expectError(result, ['timed out'], onlyJobId());
		expect(requestsTo('status')).toHaveLength(6);
		await expectHungUp('status');
	}, 90_000);

	test('every result answer drips: retried as timeouts, then an error with the request id and "Get Result"', async ({
		run,
	}) => {
		sim.failNext('result', DRIP, Infinity);
		const { result } = await run(flash, {}, { budgetMs: 60_000 });
		expectError(result, ['timed out'], onlyJobId());
		expect(requestsTo('result')).toHaveLength(6);
		await expectHungUp('result');
	}, 90_000);
});

describe('the synchronous answer and the upload answer drip', () => {
	test('the synchronous JSON answer drips: "timed out" at Max Wait, billed, not resent, with its request id', async ({
		run,
	}) => {
		sim.configure({ v1Response: 'json-url' });
		sim.failNext('v1', DRIP);
		// Max Wait 1 min is the sync call's deadline: 2 s here (divisor 30).
		const sync = { ...flash, executionMode: 'sync', options: { maxWaitMinutes: 1 } };
		const { result } = await run(sync, {}, { budgetMs: 10_000 });
		const [requestId] = [...sim.outputs.keys()];
		expectError(result, ['timed out', 'not resent'], requestId, false);
		expect(requestsTo('v1')).toHaveLength(1);
		await expectHungUp('v1');
	});

	test('the upload answer drips once: "timed out", uploaded again (nothing was generated yet), one job', async ({
		run,
	}) => {
		sim.failNext('upload', DRIP);
		const { result } = await run(
			{ ...flash, imageSource: 'binary' },
			{ input: [{ json: {}, binary: { data: { data: samplePng, mimeType: 'image/png' } } }] },
			{ budgetMs: 15_000 },
		);
		expectVideo(result);
		expect(requestsTo('upload')).toHaveLength(2);
		await expectHungUp('upload');
	});
});

describe('a 429 whose body drips is still a 429', () => {
	const dripping429 = {
		...DRIP,
		status: 429,
		headers: { 'retry-after': '0' },
		body: { error: 'Rate limit exceeded' },
	};

	test('on a status check: the body is cut at the deadline, the wait honoured, then the video', async ({
		run,
	}) => {
		sim.failNext('status', dripping429);
		const { result } = await run(flash, {}, { budgetMs: 15_000 });
		expectVideo(result);
		expect(requestsTo('status')[0].status).toBe(429);
		await expectHungUp('status');
	});

	test('on a submit: surely not accepted, so sent again once, one job', async ({ run }) => {
		sim.failNext('submit', dripping429);
		const { result } = await run(flash, {}, { budgetMs: 15_000, generationPosts: 2 });
		expectVideo(result);
		expect(requestsTo('submit').map((request) => request.status)).toEqual([429, 200]);
		await expectHungUp('submit');
	});
});

describe('the video download', () => {
	test('a 404 at the output URL whose error body drips: the error with the request id, at the deadline', async ({
		run,
	}) => {
		sim.failNext('download', {
			...DRIP,
			status: 404,
			contentType: 'text/plain',
			body: 'NoSuchKey: the output is gone',
		});
		const { result } = await run(flash, {}, { budgetMs: 15_000 });
		expectError(result, ['Could not download the video'], onlyJobId());
		expect(requestsTo('download')).toHaveLength(1);
		await expectHungUp('download');
	});

	// 2.5 KiB/s, stating 500 MB: the stall rule (64 KiB per window) ends each attempt, not a
	// total time (which would also end a large video on a slow but working link).
	const dripVideo = {
		kind: 'drip',
		bytesPerTick: 256,
		tickMs: 100,
		contentLength: 500 * 1024 * 1024,
	} as const;

	test('the video drips once: stalled, downloaded again from the start, right bytes', async ({
		run,
	}) => {
		sim.failNext('download', dripVideo);
		const { result } = await run(flash, {}, { budgetMs: 15_000 });
		expectVideo(result);
		expect(requestsTo('download')).toHaveLength(2);
		await expectHungUp('download');
	});

	test('the video drips every time: 4 stalled attempts, then the error with the request id', async ({
		run,
	}) => {
		sim.failNext('download', dripVideo, Infinity);
		const { result } = await run(flash, {}, { budgetMs: 25_000 });
		expectError(result, ['stalled', 'while downloading the video'], onlyJobId());
		expect(requestsTo('download')).toHaveLength(4);
		await expectHungUp('download');
	});
});
