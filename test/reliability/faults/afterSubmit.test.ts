/**
 * Fault matrix: every way Segmind (or the network) is known to misbehave, one case each, with
 * the exact outcome the node must produce: the right bytes, or an error that states the cause,
 * Segmind's own message and, once a job exists, its request id. Every run also proves that no
 * job was submitted twice and that nothing hung (see cases.ts).
 * This file: server errors after submit (retried) and broken transfers.
 */
import { sleep } from 'n8n-workflow';

import { samplePng } from '../../fixtures';
import type { Route, Simulator } from '../../simulator/segmindSimulator';
import { useSimulator } from '../../harness/serverPerFile';
import { caseTest } from '../cases';
import { simulatorChecks } from '../simulatorChecks';
import { expectError, flash, MAY_HAVE_STARTED, quickPolls } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('faults', () => sim);

const { requestsTo, onlyJobId, expectVideo } = simulatorChecks(() => sim);

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

	test('an HTML 502 page from a proxy on the status check: retried like any 502', async ({
		run,
	}) => {
		sim.failNext('status', {
			status: 502,
			body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
			contentType: 'text/html',
		});
		const { result } = await run(flash);
		expectVideo(result);
	});

	test('a plain-text 500 on the result: retried', async ({ run }) => {
		sim.failNext('result', {
			status: 500,
			body: 'upstream connect error',
			contentType: 'text/plain',
		});
		const { result } = await run(flash);
		expectVideo(result);
	});

	test('a non-JSON 200 on a status check: not understood, polling goes on', async ({ run }) => {
		sim.failNext('status', { status: 200, body: 'OK', contentType: 'text/plain' });
		const { result } = await run(quickPolls);
		expectVideo(result);
		expect(requestsTo('status')).toHaveLength(2);
	});

	test('a result that still says PROCESSING after the status said COMPLETED: asked again', async ({
		run,
	}) => {
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

	test('download failing for good: an error naming the download, its cause and the request id', async ({
		run,
	}) => {
		sim.failNext('download', { status: 502 }, Infinity);
		const { result } = await run(flash);
		expectError(
			result,
			['Segmind 502', 'Could not download the video', 'Bad Gateway'],
			onlyJobId(),
		);
		expect(requestsTo('download')).toHaveLength(4);
	});
});

describe('broken transfers', () => {
	test('TCP reset midway through the download: downloaded again from the start, right bytes', async ({
		run,
	}) => {
		sim.failNext('download', { kind: 'reset-midway' });
		const { result } = await run(flash);
		expectVideo(result);
		expect(requestsTo('download')).toHaveLength(2);
		expect(requestsTo('download').every((request) => request.headers.range === undefined)).toBe(
			true,
		);
	});

	test('truncated download (connection closed early): never emitted, downloaded again', async ({
		run,
	}) => {
		sim.failNext('download', { kind: 'truncate' });
		const { result } = await run(flash);
		expectVideo(result);
		expect(requestsTo('download')).toHaveLength(2);
	});

	test('truncated every time: an error with the request id, no truncated video emitted', async ({
		run,
	}) => {
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
		expectError(
			result,
			['ECONNRESET', 'while receiving the video', 'not resent'],
			requestId,
			false,
		);
	});

	test('truncated JSON answer in sync mode: an error naming the cause and the request id', async ({
		run,
	}) => {
		sim.configure({ v1Response: 'json-url' });
		sim.failNext('v1', { kind: 'truncate' });
		const { result } = await run({ ...flash, executionMode: 'sync' });
		const [requestId] = [...sim.outputs.keys()];
		expectError(
			result,
			['ECONNRESET', 'while receiving the video', 'not resent'],
			requestId,
			false,
		);
	});

	test('slow server within the request timeout: the status check just takes longer', async ({
		run,
	}) => {
		sim.failNext('status', { kind: 'hang', ms: 2500 });
		const { result, elapsedMs } = await run(flash);
		expectVideo(result);
		expect(elapsedMs).toBeGreaterThanOrEqual(4500);
	});

	test('sync request past its timeout (the max wait): fails as a timeout, not resent', async ({
		run,
	}) => {
		// Segmind goes on after the node gave up at 3 s and accepts the generation at 4.5 s.
		sim.failNext('v1', { kind: 'hang', ms: 4500 });
		const { result, elapsedMs } = await run({
			...flash,
			executionMode: 'sync',
			options: { maxWaitMinutes: 0.05 },
		});
		expectError(result, ['timed out', MAY_HAVE_STARTED]);
		expect(elapsedMs).toBeGreaterThanOrEqual(3000);
		expect(elapsedMs).toBeLessThan(4500);
		// The late job is the only one: the node did not send another.
		while (sim.submits === 0 && Date.now() - requestsTo('v1')[0].at < 8000) await sleep(100);
		expect(sim.submits).toBe(1);
		expect(requestsTo('v1')).toHaveLength(1);
	});
});
