/**
 * Hostile and real-world answers (issue 9): redirects to other hosts, waits Segmind asks for
 * that outlast Max Wait, compressed videos, slow uploads, web pages at the output URL,
 * cancellation mid-transfer, the shapes recorded from real Segmind, and submits that must not
 * be resent. Tallied with the fault matrix (redirect cases with the secrets suite).
 */
import { NodeApiError, sleep } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { samplePng } from '../fixtures';
import type { RunNodeResult } from '../harness';
import type { EchoServer } from '../harness/echoServer';
import { API_KEY } from '../harness/nodeRun';
import { useEchoServer, useSimulator } from '../harness/serverPerFile';
import type { Route, Simulator } from '../simulator/segmindSimulator';
import { caseTest } from './cases';
import { simulatorChecks } from './simulatorChecks';
import type { CaseTools } from './cases';
import { runProbe, submitFlash, uploadFile } from './timeoutProbe';

let sim: Simulator;
let foreign: EchoServer;
useSimulator((started) => (sim = started));
useEchoServer((started) => (foreign = started));

const test = caseTest('faults', () => sim);
const secretsTest = caseTest('secrets', () => sim);

const flash: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
};
const withPng = {
	input: [{ json: {}, binary: { data: { data: samplePng, mimeType: 'image/png' } } }],
};
const MAY_HAVE_STARTED = 'may have started (and billed)';

const { requestsTo, onlyJobId, expectVideo } = simulatorChecks(() => sim);

function expectError(result: RunNodeResult, fragments: string[], requestId?: string) {
	const error = result.error as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	for (const fragment of fragments)
		expect(`${error.message} ${error.description ?? ''}`).toContain(fragment);
	expect(result.items).toEqual([]);
	if (requestId) expect(error.context.requestId).toBe(requestId);
	return error;
}

/** Nothing secret reached the other host: no key, and no uploaded bytes. */
function expectForeignGotNothing() {
	for (const request of foreign.requests) {
		expect(request.headers['x-api-key']).toBeUndefined();
		expect(request.body.length).toBe(0);
	}
}

describe('redirects to another host (the key and the uploaded file stay with Segmind)', () => {
	const away = (status: number) => ({
		status,
		headers: { location: `${foreign.url}/collect` },
		body: '',
	});

	secretsTest(
		'302 on a status check to another host: not followed, error names the host and the request id',
		async ({ run }) => {
			sim.failNext('status', away(302), Infinity);
			const { result } = await run(flash);
			expectForeignGotNothing();
			expectError(result, ['redirect', `127.0.0.1:${foreign.port}`], onlyJobId());
			expect(`${result.error!.message}${(result.error as NodeApiError).description}`).not.toContain(
				API_KEY,
			);
		},
	);

	secretsTest(
		'302 on the result to another host: not followed, request id kept',
		async ({ run }) => {
			sim.failNext('result', away(302), Infinity);
			const { result } = await run(flash);
			expectForeignGotNothing();
			expectError(result, ['redirect', `127.0.0.1:${foreign.port}`], onlyJobId());
		},
	);

	secretsTest(
		'307 on the upload (which would re-send the file): neither key nor bytes leave',
		async ({ run }) => {
			sim.failNext('upload', away(307), Infinity);
			const { result } = await run({ ...flash, imageSource: 'binary' }, withPng, {
				jobs: 0,
				generationPosts: 0,
			});
			expectForeignGotNothing();
			expectError(result, ['redirect', `127.0.0.1:${foreign.port}`]);
		},
	);

	secretsTest(
		'307 on the submit: neither key nor body leave, nothing is resent',
		async ({ run }) => {
			sim.failNext('submit', away(307), Infinity);
			const { result } = await run(flash, {}, { jobs: 0 });
			expectForeignGotNothing();
			expectError(result, ['redirect', `127.0.0.1:${foreign.port}`]);
		},
	);

	secretsTest(
		'a same-origin redirect on a status check is followed (with the key), the video arrives',
		async ({ run }) => {
			sim.failNext('status', {
				status: 302,
				headers: { location: '/v2/requests/moved/status' },
				body: '',
			});
			sim.failNext('status', { status: 200, body: { status: 'COMPLETED' } });
			const { result } = await run(flash);
			expectVideo(result);
			expect(foreign.requests).toEqual([]);
		},
	);
});

describe('waits Segmind asks for are capped by Max Wait', () => {
	const maxWait = { options: { maxWaitMinutes: 0.1 } };

	test('429 on submit with Retry-After: 3600: fails by Max Wait with "rate-limited until"', async ({
		run,
	}) => {
		sim.failNext('submit', {
			status: 429,
			headers: { 'retry-after': '3600' },
			body: { error: 'Rate limit exceeded' },
		});
		const { result, elapsedMs } = await run(
			{ ...flash, ...maxWait },
			{},
			{ jobs: 0, generationPosts: 1 },
		);
		expectError(result, ['rate-limited until']);
		expect(elapsedMs).toBeLessThan(12_000);
	});

	test('429 on submit with x-rate-limit-reset-at-utc an hour ahead (a skewed clock): same', async ({
		run,
	}) => {
		const resetAt = new Date(Date.now() + 3_600_000).toISOString();
		sim.failNext('submit', {
			status: 429,
			headers: { 'x-rate-limit-reset-at-utc': resetAt },
			body: { error: 'Rate limit exceeded' },
		});
		const { result } = await run({ ...flash, ...maxWait }, {}, { jobs: 0, generationPosts: 1 });
		expectError(result, ['rate-limited until']);
	});

	test('429 with Retry-After: 3600 on every status check: fails at Max Wait with the request id', async ({
		run,
	}) => {
		sim.configure({ generationMs: 600_000 });
		sim.failNext(
			'status',
			{ status: 429, headers: { 'retry-after': '3600' }, body: { error: 'Rate limit exceeded' } },
			Infinity,
		);
		const { result, elapsedMs } = await run({ ...flash, ...maxWait });
		expectError(result, ['rate-limited until'], onlyJobId());
		expect(elapsedMs).toBeLessThan(12_000);
	});
});

describe('a 429 on a status check slows every item', () => {
	test('two items: after one gets 429 (Retry-After: 2), neither checks again for 2 s; both finish', async ({
		run,
	}) => {
		sim.failNext('status', {
			status: 429,
			headers: { 'retry-after': '2' },
			body: { error: 'Rate limit exceeded' },
		});
		const input = [{ json: { prompt: 'cat 0' } }, { json: { prompt: 'cat 1' } }];
		const { result } = await run(
			{ ...flash, prompt: '={{ $json.prompt }}', options: { concurrency: 2 } },
			{ input },
			{ jobs: 2 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		const checks = requestsTo('status');
		const refused = checks.find((request) => request.status === 429)!;
		// Checks already under way when the 429 came back are not held; every later one is.
		const later = checks.filter((request) => request.at > refused.at + 200);
		expect(later.length).toBeGreaterThanOrEqual(1);
		for (const request of later) expect(request.at - refused.at).toBeGreaterThanOrEqual(1900);
	});
});

describe('compressed videos are kept', () => {
	test('wait mode, the files host gzips the video whatever was asked: the right bytes', async ({
		run,
	}) => {
		sim.configure({ videoEncoding: 'gzip-always' });
		const { result } = await run(flash);
		expectVideo(result);
		expect(requestsTo('download')).toHaveLength(1);
	});

	test('sync mode, a raw gzip-encoded video answer: the right bytes, one request', async ({
		run,
	}) => {
		sim.configure({ v1Response: 'raw', videoEncoding: 'gzip-always' });
		const { result } = await run({ ...flash, executionMode: 'sync' });
		expectVideo(result);
	});
});

describe('uploads that keep flowing do not time out', () => {
	// Time compressed 100 times: the 60 s limit of the old code is 0.6 s here, and a 6 MB file
	// read at 3 MB/s takes 2.7 s (4.5 minutes at real scale) while it keeps flowing.
	test('a large upload to a slow but steady upload host succeeds', async ({ runWith }) => {
		sim.configure({ uploadReadBytesPerSecond: 3_000_000 });
		const file = Buffer.alloc(6_000_000, 7);
		const { result } = await runWith(
			async (runTimeoutMs) =>
				await runProbe(sim, '', uploadFile(file, 'image/png'), { timeScale: 100, runTimeoutMs }),
			{ jobs: 0, generationPosts: 0 },
		);
		expect(result.error).toBeUndefined();
		expect(String(result.items[0].json.url)).toContain(`${sim.filesUrl}/assets/`);
		expect(requestsTo('upload')).toHaveLength(1);
	}, 90_000);
});

describe('what is not a video is never an item', () => {
	const notVideos: Array<[string, { status: number; body: unknown; contentType: string }]> = [
		[
			'an HTML "Access denied" page',
			{ status: 200, body: '<html><body>Access denied</body></html>', contentType: 'text/html' },
		],
		[
			'a JSON document',
			{ status: 200, body: { message: 'expired' }, contentType: 'application/json' },
		],
		[
			'bytes labelled video/mp4 without an MP4 or WebM signature',
			{ status: 200, body: Buffer.alloc(4096, 0x41), contentType: 'video/mp4' },
		],
	];
	for (const [label, fault] of notVideos) {
		test(`${label} at the output URL: an error with the request id and the URL`, async ({
			run,
		}) => {
			sim.failNext('download', fault, Infinity);
			const { result } = await run(flash);
			const requestId = onlyJobId();
			expectError(result, ['not a video', `${sim.filesUrl}/outputs/${requestId}.mp4`], requestId);
		});
	}

	test('a raw sync answer of video/mp4 whose bytes are a web page: an error, no item', async ({
		run,
	}) => {
		sim.failNext('v1', {
			status: 200,
			body: '<html>Access denied</html>',
			contentType: 'video/mp4',
			headers: { 'x-request-id': 'req-html' },
		});
		const { result } = await run({ ...flash, executionMode: 'sync' }, {}, { jobs: 0 });
		expectError(result, ['not a video', 'req-html']);
	});
});

describe('cancellation mid-transfer', () => {
	async function cancelDuring(
		run: CaseTools['run'],
		route: Route,
		parameters: INodeParameters,
		extra = {},
	) {
		let cancelledAt = 0;
		const { result } = await run(
			parameters,
			{
				...extra,
				onStarted: (handle) => {
					void handle.nodeStarted.then(async () => {
						while (
							requestsTo(route).length === 0 &&
							!sim.requests.some((request) => request.route === route)
						)
							await sleep(20);
						await sleep(300);
						cancelledAt = Date.now();
						handle.cancel();
					});
				},
			},
			{ jobs: route === 'download' ? 1 : 0, generationPosts: route === 'download' ? 1 : 0 },
		);
		return { result, stoppedAfterMs: Date.now() - cancelledAt };
	}

	test('cancelled while the video downloads: the download is aborted within ~1 s', async ({
		run,
	}) => {
		sim.failNext('download', { kind: 'hang', ms: 20_000 });
		const { result, stoppedAfterMs } = await cancelDuring(run, 'download', flash);
		expect(result.cancelled).toBe(true);
		expect(stoppedAfterMs).toBeLessThan(1500);
	}, 60_000);

	test('cancelled while a binary input uploads: the upload is aborted within ~1 s, nothing submitted', async ({
		run,
	}) => {
		sim.failNext('upload', { kind: 'hang', ms: 20_000 });
		const { result, stoppedAfterMs } = await cancelDuring(
			run,
			'upload',
			{ ...flash, imageSource: 'binary' },
			withPng,
		);
		expect(result.cancelled).toBe(true);
		expect(stoppedAfterMs).toBeLessThan(1500);
	}, 60_000);

	test('a submit after the execution was cancelled is not sent, and not called "may have started"', async ({
		runWith,
	}) => {
		const { result } = await runWith(
			async (runTimeoutMs) =>
				await runProbe(sim, '', submitFlash, { timeScale: 1, runTimeoutMs, cancelled: true }),
			{ jobs: 0, generationPosts: 0 },
		);
		const error = expectError(result, ['cancelled', 'not sent']);
		expect(`${error.message} ${error.description}`).not.toContain(MAY_HAVE_STARTED);
	});
});

describe('answers recorded from real Segmind', () => {
	for (const status of ['COMPLETE', 'DONE', 'FINISHED', 'succeeded']) {
		test(`status "${status}" is a finished job: downloaded`, async ({ run }) => {
			sim.failNext('status', { status: 200, body: { status } }, Infinity);
			const { result } = await run({ ...flash, options: { maxWaitMinutes: 0.1 } });
			expectVideo(result);
		});
	}

	test('a data URI with parameters (codecs="avc1.42E01E, mp4a.40.2") as the output', async ({
		run,
	}) => {
		const uri = `data:video/mp4;codecs="avc1.42E01E, mp4a.40.2";base64,${sim.video.toString('base64')}`;
		sim.failNext('result', { status: 200, body: { status: 'COMPLETED', output: uri } });
		const { result } = await run(flash);
		expectVideo(result);
	});

	test('output {"media_url": ["https://…mp4"]}: found and downloaded', async ({ run }) => {
		sim.configure({ outputShape: 'media-url' });
		const { result } = await run(flash);
		expectVideo(result);
	});

	test('the video only at image.url: found and downloaded', async ({ run }) => {
		sim.configure({ outputShape: 'image-url' });
		const { result } = await run(flash);
		expectVideo(result);
	});

	test('a PNG last frame in output and image.url, the video at video.url: the video is taken', async ({
		run,
	}) => {
		sim.configure({ outputShape: 'with-thumbnail' });
		const { result } = await run(flash);
		expectVideo(result);
		expect(result.items[0].json.videoUrl).toBe(`${sim.filesUrl}/outputs/${onlyJobId()}.mp4`);
	});

	test('402 on submit (empty balance): one attempt, "top up your Segmind credits"', async ({
		run,
	}) => {
		sim.configure({ outOfCredits: true });
		const { result } = await run(flash, {}, { jobs: 0 });
		const error = expectError(result, [
			'Segmind 402',
			'Insufficient credits. You have 0.0 credits.',
			'top up your Segmind credits',
		]);
		expect(error.httpCode).toBe('402');
	});

	test('406 on a sync (v1) request (empty balance): one attempt, "top up your Segmind credits"', async ({
		run,
	}) => {
		sim.configure({ outOfCredits: true });
		const { result } = await run({ ...flash, executionMode: 'sync' }, {}, { jobs: 0 });
		expectError(result, ['Segmind 406', 'top up your Segmind credits']);
	});

	test('a FAILED 422 body without request_id keeps the submitted request id', async ({ run }) => {
		sim.failJob({ error: 'Prompt is required for video generation.' });
		const { result } = await run(flash);
		expectError(result, ['Segmind 422', 'Prompt is required for video generation.'], onlyJobId());
	});

	test('request ids are 32 hex digits; past the hour after SUBMISSION the result comes from the history', async ({
		run,
	}) => {
		sim.configure({ resultTtlMs: 1500, generationMs: 1000 });
		const submitted = await run({ ...flash, operation: 'submit' });
		const requestId = String(submitted.result.items[0].json.requestId);
		expect(requestId).toMatch(/^[0-9a-f]{32}$/);
		await sleep(2000);
		const { result } = await run(
			{ operation: 'getResult', requestId },
			{},
			{ jobs: 0, generationPosts: 0 },
		);
		// /v2/requests forgot it (404, retention counts from submission); the history did not.
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ requestId, done: true, resultFrom: 'history' });
		const status = sim.requests.filter((request) => request.route === 'status');
		expect(status.map((request) => request.status)).toEqual([404]);
	});
});

describe('a submit is resent only when it surely never reached Segmind', () => {
	test('503 on submit: not resent, the error says the job may exist', async ({ run }) => {
		sim.failNext('submit', {
			status: 503,
			headers: { 'retry-after': '0' },
			body: { error: 'Service Unavailable' },
		});
		const { result } = await run(flash, {}, { jobs: 0, generationPosts: 1 });
		expectError(result, ['Segmind 503', MAY_HAVE_STARTED]);
	});

	test('503 after Segmind accepted the job: one billed job, not resent', async ({ run }) => {
		sim.failNext('submit', {
			status: 503,
			afterAccept: true,
			body: { error: 'Service Unavailable' },
		});
		const { result } = await run(flash);
		expectError(result, ['Segmind 503', MAY_HAVE_STARTED]);
		expect(sim.submits).toBe(1);
	});
});
