/**
 * Every answer read whole is bounded in bytes (ANSWER_BOUNDS.maxWholeBytes, 256 MiB shipped):
 * real answers past it, over real sockets. The cap is 1 MiB in this file only
 * (jest.replaceProperty), and each answer carries 2 MiB of padding. What counts: the node stops
 * reading, says the answer was too large, keeps the request id it knows, and pays no second time.
 */
import { ANSWER_BOUNDS } from '../../../nodes/SegmindWan/transport/http/answerBounds';
import { freeBox, sampleMp4, samplePng } from '../../fixtures';
import { useSimulator } from '../../harness/serverPerFile';
import type { Simulator } from '../../simulator/segmindSimulator';
import { caseTest } from '../cases';
import { simulatorChecks } from '../simulatorChecks';
import { expectError, flash, MAY_HAVE_STARTED } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('faults', () => sim);

const { requestsTo, onlyJobId } = simulatorChecks(() => sim);

beforeEach(() => jest.replaceProperty(ANSWER_BOUNDS, 'maxWholeBytes', 1024 * 1024));
afterEach(() => jest.restoreAllMocks());

const TOO_LARGE = 'The answer is larger than 1 MiB';
const padding = 'x'.repeat(2 * 1024 * 1024);
/** A real MP4 padded to 2 MiB (a top-level free box any MP4 may carry). */
const bigVideo = Buffer.concat([sampleMp4, freeBox(2 * 1024 * 1024)]);

describe('answers past the byte cap', () => {
	test('a 2 MiB submit answer after the job was accepted: "larger than", it may have started, not resent', async ({
		run,
	}) => {
		sim.failNext('submit', { status: 200, afterAccept: true, body: { padding } });
		const { result } = await run(flash);
		// The id sits in the answer that was not read: the error cannot name it.
		expectError(result, [TOO_LARGE, MAY_HAVE_STARTED]);
		expect(sim.submits).toBe(1);
		expect(requestsTo('submit')).toHaveLength(1);
	});

	test('a 2 MiB status answer: "larger than", with the request id and "Get Result"', async ({
		run,
	}) => {
		sim.failNext('status', { status: 200, body: { status: 'PROCESSING', padding } }, Infinity);
		const { result } = await run(flash);
		expectError(result, [TOO_LARGE], onlyJobId());
		expect(sim.submits).toBe(1);
	});

	test('a synchronous answer carrying a 2 MiB video as base64: "larger than", billed, not resent, with its request id', async ({
		run,
	}) => {
		// Segmind's real answer, headers and all (the request id), only larger than the cap.
		sim.configure({ v1Response: 'json-base64', video: bigVideo });
		const { result } = await run({ ...flash, executionMode: 'sync' });
		expect(requestsTo('v1')).toHaveLength(1);
		const [requestId] = [...sim.outputs.keys()];
		expectError(result, [TOO_LARGE, 'not resent'], requestId, false);
	});

	test('a 2 MiB error page on the upload: an upload error naming the status, a short quote, nothing generated', async ({
		run,
	}) => {
		sim.failNext('upload', { status: 400, contentType: 'text/html', body: padding });
		const { result } = await run(
			{ ...flash, imageSource: 'binary' },
			{ input: [{ json: {}, binary: { data: { data: samplePng, mimeType: 'image/png' } } }] },
			{ jobs: 0, generationPosts: 0 },
		);
		const error = expectError(result, ['Segmind 400', 'Could not upload the binary input']);
		// A short quote of the page, not 2 MiB of it.
		expect(error.message.length).toBeLessThan(1000);
		expect(sim.submits).toBe(0);
		expect(requestsTo('upload')).toHaveLength(1);
	});
});
