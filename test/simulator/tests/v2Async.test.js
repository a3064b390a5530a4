'use strict';

/**
 * v2: submit, status, result, and the video taking the shape of the input image.
 * Tests for the Segmind simulator itself (test/simulator/), over real HTTP with the global fetch,
 * the way the node under test talks to it.
 */

const { startSimulator } = require('../segmindSimulator');
const {
	MP4,
	PNG,
	PORTRAIT_PNG,
	LANDSCAPE_PNG,
	PORTRAIT_MP4,
	LANDSCAPE_MP4,
	sleep,
	VALID_BODY,
	post,
	get,
	bytesOf,
	jobHelpers,
	closeSimulator,
} = require('./simulatorHttp');

let sim;
afterEach(async () => (sim = await closeSimulator(sim)));

const { submitJob, waitForStatus } = jobHelpers(() => sim);

describe('v2 asynchronous', () => {
	test("a completed job's metrics.cost is its model page's price (Flash $0.075)", async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 0 });
		const res = await post(`${sim.apiUrl}/v2/wan-2.2-i2v-flash`, VALID_BODY['wan-2.2-i2v-flash']);
		const { request_id: id } = await res.json();
		const done = await waitForStatus(id, 'COMPLETED');
		expect(done.body.metrics.cost).toBe(0.075);
	});

	test('submit → QUEUED → PROCESSING → COMPLETED, result and download', async () => {
		sim = await startSimulator({ queueMs: 150, generationMs: 400 });
		const submitted = await submitJob();
		const id = submitted.request_id;
		expect(submitted).toEqual({
			request_id: id,
			status: 'QUEUED',
			poll_url: `${sim.apiUrl}/v1/requests/${id}`,
			status_url: `${sim.apiUrl}/v2/requests/${id}/status`,
			response_url: `${sim.apiUrl}/v2/requests/${id}`,
		});

		let res = await get(submitted.status_url);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({
			status: 'QUEUED',
			request_id: id,
			metrics: {},
		});
		res = await get(submitted.response_url);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ status: 'QUEUED', request_id: id });

		const processing = await waitForStatus(id, 'PROCESSING');
		expect(processing.body).toEqual({
			status: 'PROCESSING',
			request_id: id,
			metrics: {},
		});
		res = await get(submitted.response_url);
		expect(await res.json()).toEqual({ status: 'PROCESSING', request_id: id });

		const done = await waitForStatus(id, 'COMPLETED');
		const metrics = {
			inference_time: 13.06,
			queue_time: 0.2,
			total_time: 13.3,
			cost: 0.625,
			remaining_credits: 11.8,
		};
		expect(done.body).toEqual({ status: 'COMPLETED', request_id: id, metrics });

		res = await get(submitted.response_url);
		const result = await res.json();
		expect(result).toEqual({
			status: 'COMPLETED',
			request_id: id,
			metrics,
			output: `${sim.filesUrl}/outputs/${id}.mp4`,
		});

		// the legacy poll_url answers like the result endpoint
		res = await get(submitted.poll_url);
		expect(await res.json()).toEqual(result);

		const video = await fetch(result.output);
		expect((await bytesOf(video)).equals(MP4)).toBe(true);

		const job = sim.jobs.get(id);
		expect(job).toMatchObject({
			slug: 'wan2.1-i2v-720p',
			body: VALID_BODY['wan2.1-i2v-720p'],
			status: 'COMPLETED',
		});
		expect(job.completedAt - job.submittedAt).toBe(400);
		expect(sim.submits).toBe(1);
	});

	test('the output file is not served before the job completes', async () => {
		sim = await startSimulator({ generationMs: 10_000 });
		const { request_id: id } = await submitJob();
		expect((await fetch(`${sim.filesUrl}/outputs/${id}.mp4`)).status).toBe(404);
		expect(sim.jobs.get(id).completedAt).toBeNull();
		sim.completeJob(id);
		const res = await get(`${sim.apiUrl}/v2/requests/${id}/status`);
		expect((await res.json()).status).toBe('COMPLETED');
		expect((await fetch(`${sim.filesUrl}/outputs/${id}.mp4`)).status).toBe(200);
	});

	test.each([
		['array', (url) => ({ output: [url] })],
		[
			'video-object',
			(url, id) => ({
				output: { video: { url } },
				video: {
					url,
					content_type: 'video/mp4',
					file_name: `${id}.mp4`,
					file_size: MP4.length,
					last_frame_url: null,
				},
			}),
		],
		['missing', () => ({})],
	])("outputShape '%s'", async (outputShape, expected) => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1, outputShape });
		const { request_id: id } = await submitJob();
		await sleep(10);
		const body = await (await get(`${sim.apiUrl}/v2/requests/${id}`)).json();
		const { status, request_id: rid, metrics, ...rest } = body;
		expect([status, rid, typeof metrics]).toEqual(['COMPLETED', id, 'object']);
		expect(rest).toEqual(expected(`${sim.filesUrl}/outputs/${id}.mp4`, id));
	});

	test('failJob → FAILED as HTTP 422 on status and result', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 30 });
		sim.failJob({ error: 'Content blocked by safety filter' });
		const failed = await submitJob();
		const ok = await submitJob();
		await sleep(60);
		// The recorded shape: no request_id in the body.
		const expected = {
			status: 'FAILED',
			error: 'Content blocked by safety filter',
			metrics: { inference_time: 0.003372, queue_time: 0.025989 },
		};
		for (const url of [failed.status_url, failed.response_url, failed.poll_url]) {
			const res = await get(url);
			expect(res.status).toBe(422);
			expect(await res.json()).toEqual(expected);
		}
		expect(sim.jobs.get(failed.request_id).status).toBe('FAILED');
		expect((await get(ok.status_url)).status).toBe(200);
		expect((await fetch(`${sim.filesUrl}/outputs/${failed.request_id}.mp4`)).status).toBe(404);
	});

	test('unknown, expired and past-retention ids → 404', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 1 });
		for (const url of [
			`${sim.apiUrl}/v2/requests/nope/status`,
			`${sim.apiUrl}/v2/requests/nope`,
			`${sim.apiUrl}/v1/requests/nope`,
		]) {
			const res = await get(url);
			expect(res.status).toBe(404);
			expect(await res.json()).toEqual({ error: 'Request not found' });
		}

		const job = await submitJob();
		await sleep(5);
		expect((await get(job.status_url)).status).toBe(200);
		sim.expire(job.request_id);
		expect((await get(job.status_url)).status).toBe(404);
		expect((await get(job.response_url)).status).toBe(404);
		// output files outlive the result record
		expect((await fetch(`${sim.filesUrl}/outputs/${job.request_id}.mp4`)).status).toBe(200);

		sim.configure({ resultTtlMs: 20 });
		const job2 = await submitJob();
		await sleep(5);
		expect((await get(job2.response_url)).status).toBe(200);
		await sleep(40);
		expect((await get(job2.response_url)).status).toBe(404);
	});

	test('maxConcurrentJobs, submits and the jobs map', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 200 });
		await Promise.all([submitJob(), submitJob(), submitJob()]);
		expect(sim.maxConcurrentJobs).toBe(3);
		await sleep(250);
		await submitJob();
		expect(sim.maxConcurrentJobs).toBe(3);
		expect(sim.submits).toBe(4);
		expect(sim.jobs.size).toBe(4);
	});

	test('configure() after submit does not change running jobs', async () => {
		sim = await startSimulator({ queueMs: 0, generationMs: 5000 });
		const job = await submitJob();
		sim.configure({ generationMs: 1 });
		await sleep(20);
		expect((await (await get(job.status_url)).json()).status).toBe('PROCESSING');
	});
});

describe('the generated video takes the shape of the input image', () => {
	const dataUri = (png) => `data:image/png;base64,${png.toString('base64')}`;
	const upload = async (png) => {
		const res = await post(`${sim.uploadUrl}/upload-asset`, { data_urls: [dataUri(png)] });
		return (await res.json()).file_urls[0];
	};

	test('v1: portrait image → portrait video, landscape → landscape, square or external → sample.mp4', async () => {
		sim = await startSimulator({ generationMs: 1, v1Response: 'raw' });
		const generate = async (image) =>
			await bytesOf(await post(`${sim.apiUrl}/v1/wan-2.2-i2v-flash`, { prompt: 'x', image }));
		expect((await generate(await upload(PORTRAIT_PNG))).equals(PORTRAIT_MP4)).toBe(true);
		expect((await generate(await upload(LANDSCAPE_PNG))).equals(LANDSCAPE_MP4)).toBe(true);
		expect((await generate(await upload(PNG))).equals(MP4)).toBe(true);
		expect((await generate('https://example.com/cat.png')).equals(MP4)).toBe(true);
		expect(PORTRAIT_MP4.equals(LANDSCAPE_MP4) || PORTRAIT_MP4.equals(MP4)).toBe(false);
	});

	test('v2: an image uploaded to the files host picks the shape; a set video overrides the rule', async () => {
		sim = await startSimulator({ queueMs: 1, generationMs: 1 });
		const image = await upload(PORTRAIT_PNG);
		const { request_id: id } = await submitJob('wan-2.2-i2v-flash', { prompt: 'x', image });
		sim.completeJob(id);
		const result = await (await get(`${sim.apiUrl}/v2/requests/${id}`)).json();
		expect((await bytesOf(await fetch(result.output))).equals(PORTRAIT_MP4)).toBe(true);

		sim.configure({ video: LANDSCAPE_MP4 });
		const again = await submitJob('wan-2.2-i2v-flash', { prompt: 'x', image });
		sim.completeJob(again.request_id);
		const second = await (await get(`${sim.apiUrl}/v2/requests/${again.request_id}`)).json();
		expect((await bytesOf(await fetch(second.output))).equals(LANDSCAPE_MP4)).toBe(true);
	});
});
