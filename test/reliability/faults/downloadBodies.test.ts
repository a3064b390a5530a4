/**
 * Hostile answers, round 2 (issue 20): video bodies that lie. A close-delimited download (no
 * Content-Length, not chunked) cut mid-body ends like a normal end of stream; a refused body
 * (a page at the output URL, a failed download's error text) can be a gzip bomb that never
 * ends; a compressed "video" can inflate a thousandfold; an MP4 can arrive as a
 * `data:text/html` URI. None may become a short, fake or mislabelled video item, and none may
 * make the node hold more than a few KiB of a body it refuses.
 */
import { sleep } from 'n8n-workflow';

import { freeBox } from '../../fixtures';
import { gzip, zeroMp4 } from '../../fixtures/hostileMedia';
import type { RunNodeResult } from '../../harness';
import { useSimulator } from '../../harness/serverPerFile';
import type { Simulator } from '../../simulator/segmindSimulator';
import { caseTest } from '../cases';
import { simulatorChecks } from '../simulatorChecks';
import { expectError, flash } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('faults', () => sim);

const { requestsTo, onlyJobId, expectVideo } = simulatorChecks(() => sim);

const MiB = 1024 * 1024;

/** The simulator saw the client hang up on a body that never ends (give the close a moment). */
async function expectClientHungUp() {
	for (let waited = 0; waited < 3000; waited += 50) {
		if (requestsTo('download').every((request) => request.clientClosedEarly)) break;
		await sleep(50);
	}
	const downloads = requestsTo('download');
	expect(downloads.length).toBeGreaterThanOrEqual(1);
	for (const request of downloads) expect(request.clientClosedEarly).toBe(true);
}

/** Every download was cut: a few retries (bounded), then an error with the request id, no item. */
function expectGaveUpAfterRetries(result: RunNodeResult, words: string) {
	expectError(result, [words], onlyJobId());
	const downloads = requestsTo('download').length;
	expect(downloads).toBeGreaterThan(1);
	expect(downloads).toBeLessThanOrEqual(4);
}

describe('a close-delimited video cut mid-body is never emitted', () => {
	test('cut once: the MP4 boxes show the cut, the download is retried, right bytes', async ({
		run,
	}) => {
		sim.failNext('download', { kind: 'cut-close-delimited' });
		const { result } = await run(flash);
		expectVideo(result);
		expect(requestsTo('download')).toHaveLength(2);
	});

	test('cut every time: bounded retries, then an error with the request id, no item', async ({
		run,
	}) => {
		sim.failNext('download', { kind: 'cut-close-delimited' }, Infinity);
		const { result } = await run(flash);
		expectGaveUpAfterRetries(result, 'cut short');
	});

	test('a raw sync video cut (close-delimited): an error with the request id, no item, not resent', async ({
		run,
	}) => {
		sim.failNext('v1', { kind: 'cut-close-delimited' });
		const { result } = await run({ ...flash, executionMode: 'sync' });
		const [requestId] = [...sim.outputs.keys()];
		expectError(result, ['cut short'], requestId, false);
	});
});

/**
 * On n8n 2.x the body n8n hands over is axios's wrapper, not the socket's message, so the node
 * cannot tell a raw body from a decoded one and does not compare stored bytes with
 * Content-Length there (videoStream.ts, bodyMayBeDecoded). Node's HTTP parser is what fails a
 * raw body that ends short of it: these cuts land where the MP4's boxes end, so the box check
 * cannot see them.
 */
describe('a video short of its Content-Length is never emitted, even cut where its boxes end', () => {
	test('cut once (orderly close after the MP4, before its padding): retried, right bytes', async ({
		run,
	}) => {
		const mp4 = sim.video;
		// The simulator's cut sends half the body: exactly the MP4, none of the padding box.
		sim.configure({ video: Buffer.concat([mp4, freeBox(mp4.length)]) });
		sim.failNext('download', { kind: 'truncate' });
		const { result } = await run(flash);
		expectVideo(result);
		expect(requestsTo('download')).toHaveLength(2);
	});

	test('cut every time: bounded retries, then an error with the request id, no item', async ({
		run,
	}) => {
		const mp4 = sim.video;
		sim.configure({ video: Buffer.concat([mp4, freeBox(mp4.length)]) });
		sim.failNext('download', { kind: 'truncate' }, Infinity);
		const { result } = await run(flash);
		expectGaveUpAfterRetries(result, 'downloading the video');
	});
});

describe('refused bodies are read only a few KiB (gzip bombs that never end)', () => {
	// 64 MiB of text gzipped to about 64 KiB, then the response is held open: reading it whole
	// would hold 64 MiB and then wait forever.
	const bomb = () => gzip(Buffer.alloc(64 * MiB, 'a'));

	test('an HTML page (gzip bomb) at the output URL: refused as not a video, the connection dropped', async ({
		run,
	}) => {
		sim.failNext('download', {
			status: 200,
			contentType: 'text/html',
			headers: { 'content-encoding': 'gzip' },
			body: bomb(),
			holdOpen: true,
		});
		const { result } = await run(flash);
		expectError(result, ['not a video'], onlyJobId());
		await expectClientHungUp();
	});

	test('a 404 download whose error body is a gzip bomb: the error quotes a few KiB of it, the connection dropped', async ({
		run,
	}) => {
		sim.failNext('download', {
			status: 404,
			contentType: 'text/plain',
			headers: { 'content-encoding': 'gzip' },
			body: bomb(),
			holdOpen: true,
		});
		const { result } = await run(flash);
		const error = expectError(result, ['Could not download the video'], onlyJobId());
		expect(JSON.stringify(error).length).toBeLessThan(64 * 1024);
		await expectClientHungUp();
	});
});

describe('a compressed body that inflates far beyond any video is refused', () => {
	test('an MP4 signature and 32 MiB of zeros gzipped 1000:1: refused with the request id, no item', async ({
		run,
	}) => {
		const body = gzip(zeroMp4(32 * MiB));
		expect(body.length).toBeLessThan(100 * 1024);
		sim.failNext(
			'download',
			{ status: 200, contentType: 'video/mp4', headers: { 'content-encoding': 'gzip' }, body },
			Infinity,
		);
		const { result } = await run(flash);
		expectError(result, ['inflate more than'], onlyJobId());
	});
});

describe('the stored MIME type comes from the checked signature', () => {
	test('an MP4 sent as a data:text/html URI is stored as video/mp4', async ({ run }) => {
		const uri = `data:text/html;base64,${sim.video.toString('base64')}`;
		sim.failNext('result', { status: 200, body: { status: 'COMPLETED', output: uri } });
		const { result } = await run(flash);
		expectVideo(result);
	});
});
