import { samplePng, sampleMp4, sampleWav } from '../fixtures';
import type { Simulator } from '../simulator/segmindSimulator';
import { sleep } from 'n8n-workflow';

import { API_KEY, generationBodies, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started));

const png = { data: samplePng, mimeType: 'image/png', fileName: 'cat.png' };

/** The bytes the simulator's upload host stored for an uploaded URL. */
function uploaded(url: unknown): Buffer | undefined {
	const name = String(url).split('/assets/')[1];
	return sim.assets.get(name)?.bytes;
}

describe('binary inputs', () => {
	it('uploads a binary image (through the upload host) and sends its URL', async () => {
		const result = await runSegmind(
			sim,
			{
				model: 'wan-2.2-i2v-flash',
				imageSource: 'binary',
				imageBinaryProperty: 'photo',
				prompt: 'a cat',
			},
			{ input: [{ json: {}, binary: { photo: png } }] },
		);
		expect(result.error).toBeUndefined();
		const [body] = generationBodies(sim);
		expect(String(body.image)).toContain(`${sim.filesUrl}/assets/`);
		expect(uploaded(body.image)?.equals(samplePng)).toBe(true);
		const upload = sim.requests.find((request) => request.route === 'upload')!;
		expect(upload.server).toBe('upload');
		expect(upload.headers['x-api-key']).toBe(API_KEY);
		expect(sim.keyLeaks).toEqual([]);
	});

	it('works the same with binaries kept in memory (default binary mode)', async () => {
		const result = await runSegmind(
			sim,
			{ model: 'wan-2.2-i2v-flash', imageSource: 'binary', prompt: 'a cat' },
			{ input: [{ json: {}, binary: { data: png } }], binaryDataMode: 'default' },
		);
		expect(result.error).toBeUndefined();
		expect(uploaded(generationBodies(sim)[0].image)?.equals(samplePng)).toBe(true);
		expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
	});

	it('takes last frame and audio for Wan 2.7 as binaries too', async () => {
		const result = await runSegmind(
			sim,
			{
				model: 'wan2.7-i2v',
				prompt: 'the first frame melts into the last',
				imageSource: 'binary',
				lastFrameSource: 'binary',
				lastFrameBinaryProperty: 'end',
				audioUrlSource: 'binary',
				audioUrlBinaryProperty: 'voice',
			},
			{
				input: [
					{
						json: {},
						binary: {
							data: png,
							end: png,
							voice: { data: sampleWav, mimeType: 'audio/wav', fileName: 'v.wav' },
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const [body] = generationBodies(sim);
		expect(uploaded(body.image)?.equals(samplePng)).toBe(true);
		expect(uploaded(body.last_frame)?.equals(samplePng)).toBe(true);
		expect(uploaded(body.audio_url)?.equals(sampleWav)).toBe(true);
	});

	it('sends 5 references for r2v in the order given, mixing URLs and binaries', async () => {
		const result = await runSegmind(
			sim,
			{
				model: 'wan2.7-r2v',
				prompt: 'Image1 and Image2 shake hands',
				referenceImages: {
					items: [
						{ source: 'url', url: 'https://example.com/1.png' },
						{ source: 'binary', binaryPropertyName: 'second' },
						{ source: 'url', url: 'https://example.com/3.png' },
						{ source: 'url', url: 'https://example.com/4.png' },
						{ source: 'binary', binaryPropertyName: 'fifth' },
					],
				},
				referenceVideos: { items: [{ source: 'binary', binaryPropertyName: 'clip' }] },
			},
			{
				input: [
					{
						json: {},
						binary: {
							second: png,
							fifth: png,
							clip: { data: sampleMp4, mimeType: 'video/mp4', fileName: 'c.mp4' },
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const [body] = generationBodies(sim);
		const images = body.reference_images as string[];
		expect(images).toHaveLength(5);
		expect(images[0]).toBe('https://example.com/1.png');
		expect(uploaded(images[1])?.equals(samplePng)).toBe(true);
		expect(images.slice(2, 4)).toEqual(['https://example.com/3.png', 'https://example.com/4.png']);
		expect(uploaded(images[4])?.equals(samplePng)).toBe(true);
		expect(uploaded(body.reference_videos)?.equals(sampleMp4)).toBe(true);
	});

	it('refuses a missing binary field or the wrong type before anything is sent', async () => {
		const missing = await runSegmind(
			sim,
			{
				model: 'wan-2.2-i2v-flash',
				imageSource: 'binary',
				imageBinaryProperty: 'nope',
				prompt: 'a cat',
			},
			{ input: [{ json: {}, binary: { data: png } }] },
		);
		expect(missing.error!.message).toContain('no binary field "nope"');
		const wrongType = await runSegmind(
			sim,
			{
				model: 'wan-2.6-i2v',
				image: 'https://example.com/cat.png',
				prompt: 'a cat',
				audioSource: 'binary',
			},
			{ input: [{ json: {}, binary: { data: png } }] },
		);
		expect(wrongType.error!.message).toContain('image/png, expected audio/wav');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Submit, then Get Result in a later execution', () => {
	it('returns the request id at once, and the video once completed', async () => {
		sim.configure({ generationMs: 1500 });
		const submitted = await runSegmind(sim, {
			operation: 'submit',
			model: 'wan-2.2-i2v-flash',
			image: 'https://example.com/cat.png',
			prompt: 'a cat',
		});
		expect(submitted.error).toBeUndefined();
		const requestId = String(submitted.items[0].json.requestId);
		const { status } = submitted.items[0].json;
		expect(status).toBe('QUEUED');
		expect(sim.jobs.has(requestId)).toBe(true);
		expect(submitted.items[0].binary).toBeUndefined();

		const early = await runSegmind(sim, { operation: 'getResult', requestId });
		expect(early.items[0].json).toMatchObject({ requestId, done: false });
		expect(['QUEUED', 'PROCESSING']).toContain(early.items[0].json.status);

		sim.completeJob(requestId);
		const done = await runSegmind(sim, { operation: 'getResult', requestId });
		expect(done.items[0].json).toMatchObject({ requestId, done: true, status: 'COMPLETED' });
		expect(done.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(sim.submits).toBe(1);
	});

	it('a result /v2/requests has forgotten (past the hour) comes from the account history', async () => {
		const submitted = await runSegmind(sim, {
			operation: 'submit',
			model: 'wan-2.2-i2v-flash',
			image: 'https://example.com/cat.png',
			prompt: 'a cat',
		});
		const requestId = String(submitted.items[0].json.requestId);
		sim.expire(requestId);
		sim.completeJob(requestId);
		const expired = await runSegmind(sim, { operation: 'getResult', requestId });
		expect(expired.error).toBeUndefined();
		expect(expired.items[0].json).toMatchObject({ requestId, done: true, resultFrom: 'history' });
		expect(expired.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(sim.submits).toBe(1);
	});
});

describe('many items', () => {
	it('runs 10 items at most 3 at a time, keeping order and pairing', async () => {
		sim.configure({ generationMs: 300 });
		const input = Array.from({ length: 10 }, (_, index) => ({ json: { prompt: `clip ${index}` } }));
		const result = await runSegmind(
			sim,
			{
				model: 'wan-2.2-i2v-flash',
				image: 'https://example.com/cat.png',
				prompt: '={{ $json.prompt }}',
			},
			{ input, timeoutMs: 120_000 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		const promptOf = new Map([...sim.jobs.entries()].map(([id, job]) => [id, job.body.prompt]));
		expect(result.items.map((item) => promptOf.get(String(item.json.requestId)))).toEqual(
			input.map((item) => item.json.prompt),
		);
		expect(sim.maxConcurrentJobs).toBeLessThanOrEqual(3);
		expect(sim.maxConcurrentJobs).toBeGreaterThanOrEqual(2);
	}, 130_000);

	it('a 429 on one item pauses the others too (shared backoff)', async () => {
		sim.configure({ generationMs: 100 });
		sim.failNext('status', { status: 429, headers: { 'retry-after': '3' } });
		const input = Array.from({ length: 3 }, () => ({ json: {} }));
		const result = await runSegmind(
			sim,
			{ model: 'wan-2.2-i2v-flash', image: 'https://example.com/cat.png', prompt: 'a cat' },
			{ input },
		);
		expect(result.error).toBeUndefined();
		const limited = sim.requests.find((request) => request.status === 429)!;
		// Calls already on the wire when the 429 came back are allowed; after that, nothing
		// reaches the API from any item until Retry-After (3 s) has passed.
		const inFlightMs = 200;
		const later = sim.requests.filter(
			(request) => request.server === 'api' && request.at > limited.at + inFlightMs,
		);
		expect(later.length).toBeGreaterThanOrEqual(3); // the three results (and the retried status)
		expect(Math.min(...later.map((request) => request.at)) - limited.at).toBeGreaterThanOrEqual(
			2900,
		);
	});
});

describe('Other (by slug)', () => {
	it('sends the JSON body as is to any slug and returns the video', async () => {
		sim.addModel('wan-2.5-i2v');
		const result = await runSegmind(sim, {
			model: 'other',
			otherSlug: 'wan-2.5-i2v',
			otherBody: '{"prompt": "a fox", "image": "https://example.com/fox.png", "duration": 10}',
			otherTypicalSeconds: 5,
		});
		expect(result.error).toBeUndefined();
		expect(generationBodies(sim)).toEqual([
			{ prompt: 'a fox', image: 'https://example.com/fox.png', duration: 10 },
		]);
		expect(sim.requests.find((request) => request.route === 'submit')!.path).toBe(
			'/v2/wan-2.5-i2v',
		);
		expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
	});

	it('refuses a body that is not a JSON object, sending nothing', async () => {
		const result = await runSegmind(sim, {
			model: 'other',
			otherSlug: 'wan-2.5-i2v',
			otherBody: '[1, 2]',
		});
		expect(result.error!.message).toContain('Body (JSON)');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('cancellation', () => {
	it('stops polling within about a second of the execution being cancelled', async () => {
		sim.configure({ generationMs: 60_000 });
		let cancelledAt = 0;
		const result = await runSegmind(
			sim,
			{ model: 'wan-2.2-i2v-flash', image: 'https://example.com/cat.png', prompt: 'a cat' },
			{
				onStarted: (handle) => {
					void handle.nodeStarted.then(async () => {
						while (sim.submits === 0) await sleep(5);
						cancelledAt = Date.now();
						handle.cancel();
					});
				},
			},
		);
		const finishedAt = Date.now();
		expect(result.status).not.toBe('success');
		expect(finishedAt - cancelledAt).toBeLessThan(1500);
		expect(sim.requests.filter((request) => request.at > cancelledAt + 1000)).toHaveLength(0);
	});
});
