/**
 * Fault matrix: every way Segmind (or the network) is known to misbehave, one case each, with
 * the exact outcome the node must produce: the right bytes, or an error that states the cause,
 * Segmind's own message and, once a job exists, its request id. Every run also proves that no
 * job was submitted twice and that nothing hung (see cases.ts).
 * This file: job outcomes, sync mode answers, cancellation and request timeouts.
 */
import { sleep } from 'n8n-workflow';

import type { Fault, Route, Simulator, SimulatorOptions } from '../../simulator/segmindSimulator';
import { runSegmind } from '../../harness/nodeRun';
import { useSimulator } from '../../harness/serverPerFile';
import { caseTest } from '../cases';
import { simulatorChecks } from '../simulatorChecks';
import type { CaseTools } from '../cases';
import { checkStatus, downloadOutput, runProbe } from '../timeoutProbe';
import { expectError, flash, quickPolls } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('faults', () => sim);

const { requestsTo, onlyJobId, expectVideo } = simulatorChecks(() => sim);

describe('job outcomes', () => {
	test('unknown status "WEIRD": polling goes on until the max wait, which names it', async ({
		run,
	}) => {
		sim.configure({ generationMs: 600_000 });
		sim.failNext('status', { status: 200, body: { status: 'WEIRD' } }, Infinity);
		const { result, elapsedMs } = await run({ ...flash, options: { maxWaitMinutes: 0.1 } });
		const requestId = onlyJobId();
		const error = expectError(result, ['Still WEIRD', 'maximum wait of 6 s'], requestId);
		expect(error.description).toContain('nothing was resubmitted');
		expect(elapsedMs).toBeGreaterThanOrEqual(5900);
		const checks = requestsTo('status');
		expect(
			checks[checks.length - 1].at - sim.jobs.get(requestId)!.submittedAt,
		).toBeGreaterThanOrEqual(5500);
	});

	test('max wait reached: error with the request id, the job is not resubmitted', async ({
		run,
	}) => {
		sim.configure({ generationMs: 600_000 });
		const { result, elapsedMs } = await run({ ...flash, options: { maxWaitMinutes: 0.1 } });
		expectError(result, ['Still PROCESSING', 'maximum wait'], onlyJobId());
		expect(elapsedMs).toBeGreaterThanOrEqual(5900);
	});

	test('COMPLETED without output: error with the request id', async ({ run }) => {
		sim.configure({ outputShape: 'missing' });
		const { result } = await run(flash);
		expectError(result, ['holds no video'], onlyJobId());
	});

	for (const outputShape of ['string', 'array', 'video-object'] as const) {
		test(`output as ${outputShape}: the video is found and downloaded`, async ({ run }) => {
			sim.configure({ outputShape });
			const { result } = await run(flash);
			expectVideo(result);
			expect(result.items[0].json.videoUrl).toBe(`${sim.filesUrl}/outputs/${onlyJobId()}.mp4`);
		});
	}

	test("422 FAILED on the status check: Segmind's reason and the request id", async ({ run }) => {
		sim.failJob({ error: 'Content blocked by safety filter' });
		const { result } = await run(flash);
		const error = expectError(
			result,
			['Segmind 422', 'Content blocked by safety filter'],
			onlyJobId(),
			false,
		);
		expect(error.httpCode).toBe('422');
		expect(requestsTo('result')).toHaveLength(0);
	});

	test("422 FAILED on the result: Segmind's reason and the request id", async ({ run }) => {
		sim.failNext('result', {
			status: 422,
			body: { status: 'FAILED', error: 'Output moderation failed', metrics: {} },
		});
		const { result } = await run(flash);
		expectError(result, ['Segmind 422', 'Output moderation failed'], onlyJobId(), false);
	});

	test('404 on the status check, unknown to the history too: error with the id, no resubmit', async ({
		run,
	}) => {
		sim.failNext('status', { status: 404, body: { error: 'Request not found' } });
		sim.failNext('historyRecord', { status: 404, body: { error: 'Request not found' } });
		const { result } = await run(flash);
		// Get Result cannot fetch an unknown or expired id, so it is not suggested.
		const error = expectError(result, ['Segmind 404', 'Request not found'], onlyJobId(), false);
		expect(error.description).toContain('expired');
	});

	test('Get Result for an id neither /v2/requests nor the history knows: 404 naming the id', async ({
		run,
	}) => {
		const submitted = await run({ ...flash, operation: 'submit' });
		const requestId = String(submitted.result.items[0].json.requestId);
		expect(requestId).toBe(onlyJobId());
		sim.expire(requestId);
		sim.failNext('historyRecord', { status: 404, body: { error: 'Request not found' } });
		const { result } = await run(
			{ operation: 'getResult', requestId },
			{},
			{ jobs: 0, generationPosts: 0 },
		);
		expectError(result, ['Segmind 404', "no such request in this key's history"], requestId, false);
	});
});

describe('sync mode answers', () => {
	for (const v1Response of [
		'raw',
		'json-url',
		'json-base64',
		'json-data-uri',
		'json-video-object',
	] as const) {
		test(`${v1Response}: the right bytes, one request`, async ({ run }) => {
			sim.configure({ v1Response });
			const { result } = await run({ ...flash, executionMode: 'sync' });
			expectVideo(result);
			expect(result.items[0].json.requestId).toEqual(expect.any(String));
		});
	}
});

describe('cancellation', () => {
	/** Cancels the run once Segmind has the job (and optionally once a status check is under way). */
	async function cancelWhilePolling(
		run: CaseTools['run'],
		fault?: { route: Route; fault: Fault },
		options?: SimulatorOptions,
	) {
		sim.configure({ generationMs: 600_000, ...options });
		if (fault) sim.failNext(fault.route, fault.fault);
		let cancelledAt = 0;
		const { result } = await run(quickPolls, {
			onStarted: (handle) => {
				void handle.nodeStarted.then(async () => {
					const ready = () => (fault ? requestsTo(fault.route).length > 0 : sim.submits > 0);
					while (!ready()) await sleep(20);
					await sleep(fault ? 200 : 500);
					cancelledAt = Date.now();
					handle.cancel();
				});
			},
		});
		const stoppedAfterMs = Date.now() - cancelledAt;
		const requestsAtStop = sim.requests.length;
		// Whatever the engine reports, the node itself must have stopped: no request later on.
		await sleep(4000);
		return { result, stoppedAfterMs, laterRequests: sim.requests.length - requestsAtStop };
	}

	test('cancelled while waiting between status checks: stops within ~1 s, no more requests', async ({
		run,
	}) => {
		const { result, stoppedAfterMs, laterRequests } = await cancelWhilePolling(run);
		expect(result.cancelled).toBe(true);
		expect(stoppedAfterMs).toBeLessThan(1200);
		expect(laterRequests).toBe(0);
	});

	test('cancelled during a hanging status request: the request is aborted, stops within ~1 s', async ({
		run,
	}) => {
		const { result, stoppedAfterMs, laterRequests } = await cancelWhilePolling(run, {
			route: 'status',
			fault: { kind: 'hang', ms: 30_000 },
		});
		expect(result.cancelled).toBe(true);
		expect(stoppedAfterMs).toBeLessThan(1200);
		expect(laterRequests).toBe(0);
	});
});

describe('request timeouts (shortened to 300 ms in a probe node, see timeoutProbe.ts)', () => {
	const probe = { requestTimeoutMs: 300 };

	/** A finished job to look at, made straight through the simulator's API. */
	async function finishedJob(): Promise<string> {
		const submitted = await runSegmind(sim, { ...flash, operation: 'submit' });
		const requestId = String(submitted.items[0].json.requestId);
		sim.completeJob(requestId);
		sim.requests.length = 0;
		return requestId;
	}

	test('a status check past the timeout: classified as a timeout, retried, answered', async ({
		runWith,
	}) => {
		const requestId = await finishedJob();
		sim.failNext('status', { kind: 'hang', ms: 3000 });
		const { result } = await runWith(
			async (runTimeoutMs) =>
				await runProbe(sim, requestId, checkStatus, { ...probe, runTimeoutMs }),
			{ jobs: 0, generationPosts: 0 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.state).toBe('COMPLETED');
		expect(requestsTo('status').map((request) => request.status)).toEqual([null, 200]);
	});

	test('a download past the timeout: retried from the start, right bytes', async ({ runWith }) => {
		const requestId = await finishedJob();
		sim.failNext('download', { kind: 'hang', ms: 3000 });
		const { result } = await runWith(
			async (runTimeoutMs) =>
				await runProbe(sim, requestId, downloadOutput(`${sim.filesUrl}/outputs/${requestId}.mp4`), {
					...probe,
					runTimeoutMs,
				}),
			{ jobs: 0, generationPosts: 0 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(requestsTo('download')).toHaveLength(2);
	});

	test('a download timing out every time: a bounded number of tries, then "timed out" with the request id', async ({
		runWith,
	}) => {
		const requestId = await finishedJob();
		sim.failNext('download', { kind: 'hang', ms: 3000 }, Infinity);
		const { result } = await runWith(
			async (runTimeoutMs) =>
				await runProbe(sim, requestId, downloadOutput(`${sim.filesUrl}/outputs/${requestId}.mp4`), {
					...probe,
					runTimeoutMs,
				}),
			{ jobs: 0, generationPosts: 0 },
		);
		expectError(result, ['timed out while downloading the video'], requestId);
		expect(requestsTo('download')).toHaveLength(4);
	});
});
