/**
 * Fault matrix: every way Segmind (or the network) is known to misbehave, one case each, with
 * the exact outcome the node must produce: the right bytes, or an error that states the cause,
 * Segmind's own message and, once a job exists, its request id. Every run also proves that no
 * job was submitted twice and that nothing hung (see cases.ts).
 */
import { NodeApiError, sleep } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { samplePng } from '../fixtures';
import type { RunNodeResult } from '../harness';
import type { Fault, Route, Simulator, SimulatorOptions } from '../simulator/segmindSimulator';
import { runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';
import { reliabilityCase } from './cases';
import { simulatorChecks } from './simulatorChecks';
import type { CaseTools } from './cases';
import { checkStatus, downloadOutput, runProbe } from './timeoutProbe';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = (name: string, body: (tools: CaseTools) => Promise<void>, timeoutMs?: number) =>
	reliabilityCase('faults', () => sim, name, body, timeoutMs);

const flash: INodeParameters = { model: 'wan-2.2-i2v-flash', image: 'https://example.com/cat.png', prompt: 'a cat' };

/**
 * The same model through "Other (by Slug)" with a 5 s typical time, so status checks come at
 * 2 s, 4 s, then every 2.75 s: cases that need several checks stay short.
 */
const quickPolls: INodeParameters = {
	model: 'other',
	otherSlug: 'wan-2.2-i2v-flash',
	otherBody: JSON.stringify({ image: 'https://example.com/cat.png', prompt: 'a cat' }),
	otherTypicalSeconds: 5,
};

const { requestsTo, onlyJobId, expectVideo } = simulatorChecks(() => sim);

/**
 * The error names the cause (every fragment) and, when given, the request id in message,
 * context and description; "Get Result" is suggested only where it can fetch the job.
 */
function expectError(result: RunNodeResult, fragments: string[], requestId?: string, recoverable = true) {
	const error = result.error as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	for (const fragment of fragments) expect(error.message).toContain(fragment);
	expect(result.items).toEqual([]);
	if (requestId) {
		expect(error.message).toContain(`(request ${requestId})`);
		expect(error.context.requestId).toBe(requestId);
		expect(error.description).toContain(`Request ID: ${requestId}.`);
		if (recoverable) expect(error.description).toContain('use the operation "Get Result" with this ID');
		else expect(error.description).not.toContain('Get Result');
	} else {
		expect(error.context.requestId).toBeUndefined();
	}
	return error;
}

const MAY_HAVE_STARTED = 'may have started (and billed) the job';

describe('rate limits on submit', () => {
	test('429 with Retry-After: waits that long, resubmits once, no duplicate job', async ({ run }) => {
		sim.failNext('submit', { status: 429, headers: { 'retry-after': '1' }, body: { error: 'Rate limit exceeded' } });
		const { result } = await run(flash, {}, { generationPosts: 2 });
		expectVideo(result);
		const [refused, accepted] = requestsTo('submit');
		expect(accepted.at - refused.at).toBeGreaterThanOrEqual(1000);
	});

	test('429 with x-rate-limit-reset-at-utc: waits until the reset time', async ({ run }) => {
		const resetAt = new Date(Date.now() + 1500).toISOString();
		sim.failNext('submit', { status: 429, headers: { 'x-rate-limit-reset-at-utc': resetAt }, body: { error: 'Rate limit exceeded' } });
		const { result } = await run(flash, {}, { generationPosts: 2 });
		expectVideo(result);
		const [, accepted] = requestsTo('submit');
		expect(accepted.at).toBeGreaterThanOrEqual(Date.parse(resetAt) - 50);
	});

	test('429 without any header: waits the 5 s fallback, then resubmits once', async ({ run }) => {
		sim.failNext('submit', { status: 429, body: { error: 'Rate limit exceeded' } });
		const { result } = await run(flash, {}, { generationPosts: 2 });
		expectVideo(result);
		const [refused, accepted] = requestsTo('submit');
		expect(accepted.at - refused.at).toBeGreaterThanOrEqual(4900);
	});

	test('429 that never ends: gives up after 3 submits with Segmind\'s message, nothing accepted', async ({ run }) => {
		sim.failNext('submit', { status: 429, headers: { 'retry-after': '0' }, body: { error: 'Rate limit exceeded' } }, Infinity);
		const { result } = await run(flash, {}, { jobs: 0, generationPosts: 3 });
		const error = expectError(result, ['Segmind 429', 'Rate limit exceeded']);
		expect(error.httpCode).toBe('429');
	});

	test('the simulator\'s real per-minute limit, shared by 3 items: all run, each submitted once', async ({ run }) => {
		sim.configure({ rateLimit: { perMinute: 2, windowMs: 1500 } });
		const input = [0, 1, 2].map((index) => ({ json: { prompt: `cat ${index}` } }));
		const { result } = await run(
			{ ...flash, prompt: '={{ $json.prompt }}' },
			{ input },
			// Each item may be turned away (429) and resubmitted, at most 3 POSTs per item.
			{ jobs: 3, generationPosts: { atLeast: 3, atMost: 9 }, budgetMs: 25_000 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.binary!.data.buffer.equals(sim.video))).toEqual([true, true, true]);
		expect(sim.submits).toBe(3);
		expect(new Set([...sim.jobs.values()].map((job) => job.body.prompt))).toEqual(new Set(['cat 0', 'cat 1', 'cat 2']));
	}, 90_000);
});

describe('server errors on submit', () => {
	for (const status of [500, 502, 504]) {
		test(`${status} on submit: not resent (the job may exist), and the error says so`, async ({ run }) => {
			sim.failNext('submit', { status, body: { error: `upstream trouble ${status}` } });
			const { result } = await run(flash, {}, { jobs: 0 });
			const error = expectError(result, [`Segmind ${status}`, `upstream trouble ${status}`]);
			expect(error.httpCode).toBe(String(status));
			expect(error.description).toContain(MAY_HAVE_STARTED);
		});
	}

	test('504 after Segmind accepted the job (gateway timeout): not resent, one billed job only', async ({ run }) => {
		sim.failNext('submit', { status: 504, afterAccept: true, body: { error: 'Gateway Timeout' } });
		const { result } = await run(flash);
		const error = expectError(result, ['Segmind 504', 'Gateway Timeout']);
		expect(error.description).toContain(MAY_HAVE_STARTED);
		expect(sim.submits).toBe(1);
	});

	test('connection reset after Segmind accepted the job: not resent, error says it may be billed', async ({ run }) => {
		sim.failNext('submit', { kind: 'reset', afterAccept: true });
		const { result } = await run(flash);
		expectError(result, ['ECONNRESET', MAY_HAVE_STARTED]);
		expect(sim.submits).toBe(1);
	});

	test('connection reset before Segmind answered: not resent either (it cannot be known)', async ({ run }) => {
		sim.failNext('submit', { kind: 'reset' });
		const { result } = await run(flash, {}, { jobs: 0 });
		expectError(result, ['ECONNRESET', MAY_HAVE_STARTED]);
	});

	test('2xx on submit without request_id: error, nothing resent', async ({ run }) => {
		sim.failNext('submit', { status: 200, afterAccept: true, body: { status: 'QUEUED' } });
		const { result } = await run(flash);
		const error = expectError(result, ['accepted the request (HTTP 200) but returned no request ID']);
		expect(error.description).toContain('dashboard');
	});

	test('non-JSON 2xx on submit: same, no request ID, nothing resent', async ({ run }) => {
		sim.failNext('submit', { status: 200, body: 'OK', contentType: 'text/plain' });
		const { result } = await run(flash, {}, { jobs: 0 });
		expectError(result, ['no request ID']);
	});

	test('405 HTML page: reduced to its text', async ({ run }) => {
		sim.failNext('submit', { status: 405, body: '<html><head><style>h1{color:red}</style></head><body><h1>405 Not Allowed</h1><hr><center>nginx</center></body></html>', contentType: 'text/html' });
		const { result } = await run(flash, {}, { jobs: 0 });
		const error = expectError(result, ['Segmind 405', '405 Not Allowed']);
		expect(error.message).not.toMatch(/<|color:red/);
	});

	const refusals: Array<[number, string, string]> = [
		[403, 'Forbidden for this key', 'may not use this model'],
		[406, 'Insufficient credits', 'top up'],
		[410, 'This model has been retired', 'retired'],
	];
	for (const [status, message, hint] of refusals) {
		test(`${status} on submit: Segmind's message and what to do`, async ({ run }) => {
			sim.failNext('submit', { status, body: { error: message } });
			const { result } = await run(flash, {}, { jobs: 0 });
			const error = expectError(result, [`Segmind ${status}`, message]);
			expect(error.httpCode).toBe(String(status));
			expect(error.description).toContain(hint);
		});
	}

	test('401 from a revoked key (the simulator\'s real auth check)', async ({ run }) => {
		sim.configure({ apiKey: 'a-different-key' });
		const { result } = await run(flash, {}, { jobs: 0 });
		const error = expectError(result, ['Segmind 401', 'Invalid API key', 'invalid or has been revoked']);
		expect(error.description).toContain('credential');
	});
});

/** 5xx once on a safe GET: retried with backoff, the job is fetched, never resubmitted. */
const transientStatuses = [500, 502, 503, 504];

describe('server errors after submit are retried', () => {
	const routes: Array<[Route, string]> = [
		['status', 'status check'],
		['result', 'result fetch'],
		['download', 'video download'],
	];
	for (const [route, label] of routes) {
		for (const status of transientStatuses) {
			test(`${status} on the ${label}: retried, right bytes, one job`, async ({ run }) => {
				sim.failNext(route, { status, body: { error: `flaky ${status}` } });
				const { result } = await run(flash);
				expectVideo(result);
				expect(requestsTo(route).map((request) => request.status)).toEqual([status, 200]);
			});
		}
	}

	test('an HTML 502 page from a proxy on the status check: retried like any 502', async ({ run }) => {
		sim.failNext('status', { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' });
		const { result } = await run(flash);
		expectVideo(result);
	});

	test('a plain-text 500 on the result: retried', async ({ run }) => {
		sim.failNext('result', { status: 500, body: 'upstream connect error', contentType: 'text/plain' });
		const { result } = await run(flash);
		expectVideo(result);
	});

	test('a non-JSON 200 on a status check: not understood, polling goes on', async ({ run }) => {
		sim.failNext('status', { status: 200, body: 'OK', contentType: 'text/plain' });
		const { result } = await run(quickPolls);
		expectVideo(result);
		expect(requestsTo('status')).toHaveLength(2);
	});

	test('a result that still says PROCESSING after the status said COMPLETED: asked again', async ({ run }) => {
		sim.failNext('result', { status: 200, body: { status: 'PROCESSING' } });
		const { result } = await run(flash);
		expectVideo(result);
		expect(requestsTo('result')).toHaveLength(2);
	});

	test('503 on the upload of a binary input: retried, uploaded once, one job', async ({ run }) => {
		sim.failNext('upload', { status: 503, body: { error: 'Service Unavailable' } });
		const { result } = await run(
			{ ...flash, imageSource: 'binary' },
			{ input: [{ json: {}, binary: { data: { data: samplePng, mimeType: 'image/png' } } }] },
		);
		expectVideo(result);
		expect(requestsTo('upload').map((request) => request.status)).toEqual([503, 200]);
		expect(sim.assets.size).toBe(1);
	});

	test('download failing for good: an error naming the download, its cause and the request id', async ({ run }) => {
		sim.failNext('download', { status: 502 }, Infinity);
		const { result } = await run(flash);
		expectError(result, ['Segmind 502', 'Could not download the video', 'Bad Gateway'], onlyJobId());
		expect(requestsTo('download')).toHaveLength(4);
	});
});

describe('broken transfers', () => {
	test('TCP reset midway through the download: downloaded again from the start, right bytes', async ({ run }) => {
		sim.failNext('download', { kind: 'reset-midway' });
		const { result } = await run(flash);
		expectVideo(result);
		expect(requestsTo('download')).toHaveLength(2);
		expect(requestsTo('download').every((request) => request.headers.range === undefined)).toBe(true);
	});

	test('truncated download (connection closed early): never emitted, downloaded again', async ({ run }) => {
		sim.failNext('download', { kind: 'truncate' });
		const { result } = await run(flash);
		expectVideo(result);
		expect(requestsTo('download')).toHaveLength(2);
	});

	test('truncated every time: an error with the request id, no truncated video emitted', async ({ run }) => {
		sim.failNext('download', { kind: 'truncate' }, Infinity);
		const { result } = await run(flash);
		expectError(result, ['downloading the video'], onlyJobId());
		expect(requestsTo('download')).toHaveLength(4);
	});

	test('truncated raw video in sync mode: the short file is not emitted', async ({ run }) => {
		sim.configure({ v1Response: 'raw' });
		sim.failNext('v1', { kind: 'truncate' });
		const { result } = await run({ ...flash, executionMode: 'sync' });
		// The simulator names a v1 output after the generation's x-request-id.
		const [requestId] = [...sim.outputs.keys()];
		expectError(result, ['ECONNRESET', 'while receiving the video', 'not resent'], requestId, false);
	});

	test('truncated JSON answer in sync mode: an error naming the cause and the request id', async ({ run }) => {
		sim.configure({ v1Response: 'json-url' });
		sim.failNext('v1', { kind: 'truncate' });
		const { result } = await run({ ...flash, executionMode: 'sync' });
		const [requestId] = [...sim.outputs.keys()];
		expectError(result, ['ECONNRESET', 'while receiving the video', 'not resent'], requestId, false);
	});

	test('slow server within the request timeout: the status check just takes longer', async ({ run }) => {
		sim.failNext('status', { kind: 'hang', ms: 2500 });
		const { result, elapsedMs } = await run(flash);
		expectVideo(result);
		expect(elapsedMs).toBeGreaterThanOrEqual(4500);
	});

	test('sync request past its timeout (the max wait): fails as a timeout, not resent', async ({ run }) => {
		// Segmind goes on after the node gave up at 3 s and accepts the generation at 4.5 s.
		sim.failNext('v1', { kind: 'hang', ms: 4500 });
		const { result, elapsedMs } = await run({ ...flash, executionMode: 'sync', options: { maxWaitMinutes: 0.05 } });
		expectError(result, ['timed out', MAY_HAVE_STARTED]);
		expect(elapsedMs).toBeGreaterThanOrEqual(3000);
		expect(elapsedMs).toBeLessThan(4500);
		// The late job is the only one: the node did not send another.
		while (sim.submits === 0 && Date.now() - requestsTo('v1')[0].at < 8000) await sleep(100);
		expect(sim.submits).toBe(1);
		expect(requestsTo('v1')).toHaveLength(1);
	});
});

describe('job outcomes', () => {
	test('unknown status "WEIRD": polling goes on until the max wait, which names it', async ({ run }) => {
		sim.configure({ generationMs: 600_000 });
		sim.failNext('status', { status: 200, body: { status: 'WEIRD' } }, Infinity);
		const { result, elapsedMs } = await run({ ...flash, options: { maxWaitMinutes: 0.1 } });
		const requestId = onlyJobId();
		const error = expectError(result, ['Still WEIRD', 'maximum wait of 6 s'], requestId);
		expect(error.description).toContain('nothing was resubmitted');
		expect(elapsedMs).toBeGreaterThanOrEqual(5900);
		const checks = requestsTo('status');
		expect(checks[checks.length - 1].at - sim.jobs.get(requestId)!.submittedAt).toBeGreaterThanOrEqual(5500);
	});

	test('max wait reached: error with the request id, the job is not resubmitted', async ({ run }) => {
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

	test('422 FAILED on the status check: Segmind\'s reason and the request id', async ({ run }) => {
		sim.failJob({ error: 'Content blocked by safety filter' });
		const { result } = await run(flash);
		const error = expectError(result, ['Segmind 422', 'Content blocked by safety filter'], onlyJobId(), false);
		expect(error.httpCode).toBe('422');
		expect(requestsTo('result')).toHaveLength(0);
	});

	test('422 FAILED on the result: Segmind\'s reason and the request id', async ({ run }) => {
		sim.failNext('result', { status: 422, body: { status: 'FAILED', error: 'Output moderation failed', metrics: {} } });
		const { result } = await run(flash);
		expectError(result, ['Segmind 422', 'Output moderation failed'], onlyJobId(), false);
	});

	test('404 on the status check (id unknown or expired): error with the id, no resubmit', async ({ run }) => {
		sim.failNext('status', { status: 404, body: { error: 'Request not found' } });
		const { result } = await run(flash);
		// Get Result cannot fetch an unknown or expired id, so it is not suggested.
		const error = expectError(result, ['Segmind 404', 'Request not found'], onlyJobId(), false);
		expect(error.description).toContain('expired');
	});

	test('Get Result for an expired id: 404 naming the id', async ({ run }) => {
		const submitted = await run({ ...flash, operation: 'submit' });
		const requestId = String(submitted.result.items[0].json.requestId);
		expect(requestId).toBe(onlyJobId());
		sim.expire(requestId);
		const { result } = await run({ operation: 'getResult', requestId }, {}, { jobs: 0, generationPosts: 0 });
		expectError(result, ['Segmind 404', 'Request not found'], requestId, false);
	});
});

describe('sync mode answers', () => {
	for (const v1Response of ['raw', 'json-url', 'json-base64', 'json-data-uri', 'json-video-object'] as const) {
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
	async function cancelWhilePolling(run: CaseTools['run'], fault?: { route: Route; fault: Fault }, options?: SimulatorOptions) {
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

	test('cancelled while waiting between status checks: stops within ~1 s, no more requests', async ({ run }) => {
		const { result, stoppedAfterMs, laterRequests } = await cancelWhilePolling(run);
		expect(result.cancelled).toBe(true);
		expect(stoppedAfterMs).toBeLessThan(1200);
		expect(laterRequests).toBe(0);
	});

	test('cancelled during a hanging status request: the request is aborted, stops within ~1 s', async ({ run }) => {
		const { result, stoppedAfterMs, laterRequests } = await cancelWhilePolling(run, { route: 'status', fault: { kind: 'hang', ms: 30_000 } });
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

	test('a status check past the timeout: classified as a timeout, retried, answered', async ({ runWith }) => {
		const requestId = await finishedJob();
		sim.failNext('status', { kind: 'hang', ms: 3000 });
		const { result } = await runWith(
			async (runTimeoutMs) => await runProbe(sim, requestId, checkStatus, { ...probe, runTimeoutMs }),
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
				await runProbe(sim, requestId, downloadOutput(`${sim.filesUrl}/outputs/${requestId}.mp4`), { ...probe, runTimeoutMs }),
			{ jobs: 0, generationPosts: 0 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(requestsTo('download')).toHaveLength(2);
	});

	test('a download timing out every time: a bounded number of tries, then "timed out" with the request id', async ({ runWith }) => {
		const requestId = await finishedJob();
		sim.failNext('download', { kind: 'hang', ms: 3000 }, Infinity);
		const { result } = await runWith(
			async (runTimeoutMs) =>
				await runProbe(sim, requestId, downloadOutput(`${sim.filesUrl}/outputs/${requestId}.mp4`), { ...probe, runTimeoutMs }),
			{ jobs: 0, generationPosts: 0 },
		);
		expectError(result, ['timed out while downloading the video'], requestId);
		expect(requestsTo('download')).toHaveLength(4);
	});
});
