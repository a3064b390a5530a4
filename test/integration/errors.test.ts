import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Simulator } from '../simulator/segmindSimulator';
import { generationBodies, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started));

const flash = { model: 'wan-2.2-i2v-flash', image: 'https://example.com/cat.png', prompt: 'a cat' };

describe("Segmind errors on submit become NodeApiErrors with Segmind's message", () => {
	it.each([
		[400, 'Invalid parameter: resolution'],
		[401, 'Invalid API key'],
		[403, 'Forbidden for this key'],
		[404, 'Model not found'],
		[406, 'Insufficient credits'],
		[410, 'This model has been retired'],
	])('%i', async (status, message) => {
		sim.failNext('submit', { status, body: { error: message } });
		const result = await runSegmind(sim, flash);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toContain(`Segmind ${status}`);
		expect(result.error!.message).toContain(message);
		expect((result.error as NodeApiError).httpCode).toBe(String(status));
		expect(sim.submits).toBe(0);
	});

	it.each([429])('%i is retried, because Segmind turned the submit away', async (status) => {
		sim.failNext('submit', { status, headers: { 'retry-after': '0' } });
		const result = await runSegmind(sim, flash);
		expect(result.error).toBeUndefined();
		expect(sim.submits).toBe(1);
	});

	it.each([500, 502, 503, 504])(
		'%i is not retried: the job may exist, and is never paid twice',
		async (status) => {
			sim.failNext('submit', { status, body: { error: 'upstream trouble' } });
			const result = await runSegmind(sim, flash);
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error!.message).toContain(`Segmind ${status}`);
			expect(sim.requests.filter((request) => request.route === 'submit')).toHaveLength(1);
		},
	);

	it('an HTML 405 page is reduced to its text', async () => {
		sim.failNext('submit', {
			status: 405,
			body: '<html><body><h1>405 Not Allowed</h1></body></html>',
			contentType: 'text/html',
		});
		const result = await runSegmind(sim, flash);
		expect(result.error!.message).toContain('405 Not Allowed');
		expect(result.error!.message).not.toContain('<h1>');
	});
});

describe('after submit, every error carries the request id', () => {
	it("422 FAILED (content block) gives Segmind's error text and the id", async () => {
		sim.failJob({ error: 'Content blocked by safety filter' });
		const result = await runSegmind(sim, flash);
		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Content blocked by safety filter');
		const [requestId] = [...sim.jobs.keys()];
		expect(error.message).toContain(requestId);
		expect(error.context.requestId).toBe(requestId);
	});

	it('a status check failing for good still names the id and says how to recover', async () => {
		sim.failNext('status', { status: 403, body: { error: 'Forbidden' } });
		const result = await runSegmind(sim, flash);
		const [requestId] = [...sim.jobs.keys()];
		expect(result.error!.message).toContain(requestId);
		expect((result.error as NodeApiError).description).toContain('Get Result');
	});

	it('a 404 unknown to the history too names the id but does not advise Get Result, which cannot help', async () => {
		sim.failNext('status', { status: 404, body: { error: 'Request not found' } });
		sim.failNext('historyRecord', { status: 404, body: { error: 'Request not found' } });
		const result = await runSegmind(sim, flash);
		const [requestId] = [...sim.jobs.keys()];
		expect(result.error!.message).toContain(requestId);
		expect((result.error as NodeApiError).description).not.toContain('Get Result');
	});

	it('transient 5xx while polling are retried, not fatal', async () => {
		sim.failNext('status', { status: 502 }, 2);
		sim.failNext('result', { status: 500 });
		const result = await runSegmind(sim, flash);
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(sim.submits).toBe(1);
	});

	it('when one item fails, the jobs other items finished meanwhile are named in the error', async () => {
		sim.failJob({ error: 'Content blocked by safety filter' });
		const result = await runSegmind(sim, flash, { input: [{ json: {} }, { json: {} }] });
		const [failedId, finishedId] = [...sim.jobs.keys()];
		expect(result.error!.message).toContain(failedId);
		expect((result.error as NodeApiError).description).toContain(`: ${finishedId}`);
		expect(sim.submits).toBe(2);
	});

	it('a synchronous request id is named without suggesting Get Result, which cannot fetch it', async () => {
		sim.configure({ v1Response: 'json-url' });
		sim.failNext('download', { status: 502 }, 4);
		const result = await runSegmind(sim, { ...flash, executionMode: 'sync' });
		const error = result.error as NodeApiError;
		expect(error.message).toContain('Could not download the video');
		expect(error.description).toMatch(/Request ID: \S+/);
		expect(error.description).not.toContain('Get Result');
	});

	it('the maximum wait ends the run with the id; the job is not resubmitted', async () => {
		sim.configure({ generationMs: 60_000 });
		const result = await runSegmind(sim, { ...flash, options: { maxWaitMinutes: 0.1 } });
		const [requestId] = [...sim.jobs.keys()];
		expect(result.error!.message).toContain('maximum wait');
		expect(result.error!.message).toContain(requestId);
		expect(sim.submits).toBe(1);
	});

	it('a completed job without a video says so, with the id', async () => {
		sim.configure({ outputShape: 'missing' });
		const result = await runSegmind(sim, flash);
		const [requestId] = [...sim.jobs.keys()];
		expect(result.error!.message).toContain('holds no video');
		expect(result.error!.message).toContain(requestId);
	});
});

describe('bad input is refused before anything is sent', () => {
	it.each([
		[
			{ model: 'wan2.7-i2v', prompt: 'x', duration: 16 },
			'Duration (Seconds)',
			'a whole number from 2 to 15',
		],
		[
			{ model: 'wan-2.6-i2v', image: 'https://a/b.png', prompt: 'x', durationWan26: 7 },
			'duration',
			'one of 5, 10, 15',
		],
		[{ model: 'wan-2.6-i2v', image: 'https://a/b.png', prompt: '   ' }, 'prompt', 'non-empty text'],
		[
			{ model: 'wan-2.2-i2v-flash', image: 'not a url', prompt: 'x' },
			'image',
			'a public http(s) URL',
		],
		[
			{ model: 'wan2.1-i2v-720p', image: 'https://a/b.png', prompt: 'x', steps: 80 },
			'steps',
			'a whole number from 10 to 70',
		],
		[{ model: 'unknown-model' }, 'unknown-model', 'wan2.7-i2v'],
	])('%j', async (parameters, field, allowed) => {
		const result = await runSegmind(sim, parameters);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toContain('item 0');
		expect(
			`${result.error!.message} ${(result.error as NodeOperationError).description}`,
		).toContain(field);
		expect(
			`${result.error!.message} ${(result.error as NodeOperationError).description}`,
		).toContain(allowed);
		expect(sim.requests).toHaveLength(0);
	});

	it('an empty required field is caught by n8n itself, before the node runs', async () => {
		const result = await runSegmind(sim, {
			model: 'wan-2.6-i2v',
			image: 'https://a/b.png',
			prompt: '',
		});
		expect(result.error?.name).toBe('WorkflowHasIssuesError');
		expect(sim.requests).toHaveLength(0);
	});

	it('one bad item stops the run before the good one is paid for', async () => {
		const result = await runSegmind(
			sim,
			{ ...flash, prompt: '={{ $json.prompt }}' },
			{
				input: [{ json: { prompt: 'fine' } }, { json: { prompt: '' } }],
			},
		);
		expect(result.error!.message).toContain('item 1');
		expect(sim.requests).toHaveLength(0);
	});

	it('with continue on fail, bad items become error items and good ones still run', async () => {
		const result = await runSegmind(
			sim,
			{ ...flash, prompt: '={{ $json.prompt }}' },
			{
				input: [{ json: { prompt: '' } }, { json: { prompt: 'a dog' } }],
				continueOnFail: true,
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toContain('prompt');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[1].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(generationBodies(sim).map((body) => body.prompt)).toEqual(['a dog']);
	});

	it('with continue on fail, a failed job gives an error item carrying the request id', async () => {
		sim.failJob({ error: 'Content blocked by safety filter' });
		const result = await runSegmind(sim, flash, { continueOnFail: true });
		const [requestId] = [...sim.jobs.keys()];
		expect(result.items[0].json).toMatchObject({ requestId, httpCode: '422' });
		expect(result.items[0].json.error).toContain('Content blocked');
	});
});
