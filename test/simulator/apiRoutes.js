'use strict';

const crypto = require('node:crypto');
const { parseJson, isPlainObject } = require('./httpUtil');
const { V1_ANSWERS, validateParams } = require('./models');

/**
 * Handlers for the api host (https://api.segmind.com look-alike).
 * Each handler gets `(sim, ctx)`; ctx.params holds the path captures and ctx.send/json/error
 * write the response (through the fault layer, see requestPipeline.js).
 */

/**
 * GET /v1/get-user-credits (free). `credits: null` is a key without a balance record: 404 with
 * the reported text. Any other value is sent as the body, so odd shapes can be served too.
 */
function credits(sim, ctx) {
	if (sim.options.credits === null) return ctx.error(404, 'No credits found for the user');
	ctx.json(200, sim.options.credits);
}

/**
 * Shared front half of POST /v1/{slug} and POST /v2/{slug}: known model, JSON object body,
 * parameters valid. Returns the parsed body, or null after answering with the error.
 */
function acceptModelRequest(sim, ctx) {
	const { slug } = ctx.params;
	if (!sim.hasModel(slug)) {
		ctx.error(404, 'Model not found');
		return null;
	}
	const parsed = parseJson(ctx.rawBody);
	if (!parsed.ok || !isPlainObject(parsed.value)) {
		ctx.error(400, 'Invalid JSON body');
		return null;
	}
	if (sim.options.validateParams) {
		const problem = validateParams(sim.schemaFor(slug), parsed.value, (url) =>
			sim.checkInputUrl(url),
		);
		if (problem) {
			ctx.error(400, problem);
			return null;
		}
	}
	return parsed.value;
}

function seedFor(body) {
	const n = Number(body.seed);
	if (body.seed !== undefined && body.seed !== null && body.seed !== '' && Number.isInteger(n))
		return n;
	return crypto.randomInt(0, 2 ** 31 - 1);
}

/** Which v1 response variant to produce: `"base64": true` in the body forces base64 (Wan 2.1). */
function v1Variant(sim, body, slug) {
	if (V1_ANSWERS[slug]) return V1_ANSWERS[slug];
	const configured = sim.options.v1Response;
	if (body.base64 === true && configured !== 'json-base64' && configured !== 'json-data-uri')
		return 'json-base64';
	return configured;
}

/** POST /v1/{slug}: synchronous generation; holds the connection for generationMs. */
async function v1(sim, ctx) {
	const body = acceptModelRequest(sim, ctx);
	if (!body) return;
	if (sim.options.outOfCredits) return ctx.error(406, 'Insufficient credits');
	sim._submits += 1;

	const generationMs = sim.options.generationMs;
	// The id is Segmind's from acceptance on: the history lists the request while it runs.
	const id = sim.newRequestId();
	const startedAt = Date.now();
	const slug = ctx.params.slug;
	sim.history.recordSync({
		requestId: id,
		slug,
		body,
		startedAt,
		doneAt: startedAt + generationMs,
	});
	sim._v1InFlight += 1;
	sim._maxConcurrentV1 = Math.max(sim._maxConcurrentV1, sim._v1InFlight);
	try {
		await sim._delay(generationMs);
	} finally {
		sim._v1InFlight -= 1;
	}

	const video = sim.videoFor(body);
	sim.outputs.set(id, video); // the files host serves it under /outputs/<id>.mp4
	const url = sim.outputUrl(id);
	const headers = {
		'x-request-id': id,
		'x-cost': String(sim.costFor(ctx.params.slug)),
		'x-remaining-credits': String(sim.remainingCredits(ctx.params.slug)),
		'x-generation-time': (generationMs / 1000).toFixed(2),
		'x-seed-value': String(seedFor(body)),
	};

	switch (v1Variant(sim, body, ctx.params.slug)) {
		case 'raw': {
			const encoded = sim.encodeVideo(ctx.req, video, { ...headers, 'content-type': 'video/mp4' });
			ctx.send(200, encoded.headers, encoded.body);
			return;
		}
		case 'json-video-object':
			ctx.json(
				200,
				{
					video: {
						url,
						content_type: 'video/mp4',
						file_name: `${id}.mp4`,
						file_size: video.length,
					},
				},
				headers,
			);
			return;
		case 'json-base64':
			ctx.json(200, { output: video.toString('base64') }, headers);
			return;
		case 'json-data-uri':
			ctx.json(200, { output: `data:video/mp4;base64,${video.toString('base64')}` }, headers);
			return;
		case 'json-url':
		default:
			ctx.json(200, { output: url }, headers);
	}
}

/** POST /v2/{slug}: async submit. Each accepted POST is a new (billed) job. */
function submit(sim, ctx) {
	const body = acceptModelRequest(sim, ctx);
	if (!body) return;
	if (sim.options.outOfCredits) {
		return ctx.error(402, 'Insufficient credits. You have 0.0 credits.');
	}
	sim._submits += 1;
	const job = sim._jobs.create({
		id: sim.newRequestId(),
		slug: ctx.params.slug,
		body,
		queueMs: sim.options.queueMs,
		generationMs: sim.options.generationMs,
		video: sim.videoFor(body),
	});
	sim.history.recordJob(job);
	const id = job.id;
	ctx.json(200, {
		request_id: id,
		status: 'QUEUED',
		poll_url: `${sim.apiUrl}/v1/requests/${id}`,
		status_url: `${sim.apiUrl}/v2/requests/${id}/status`,
		response_url: `${sim.apiUrl}/v2/requests/${id}`,
	});
}

/** Finds the job for ctx.params.id or answers 404; FAILED answers 422 on every poll endpoint. */
function lookupJob(sim, ctx) {
	const job = sim._jobs.lookup(ctx.params.id, sim.options.resultTtlMs);
	if (!job) {
		ctx.error(404, 'Request not found');
		return null;
	}
	if (job.status === 'FAILED') {
		// Recorded: `{"error", "metrics": {inference_time, queue_time}, "status": "FAILED"}`, no
		// request_id.
		const body = {
			error: job.failError,
			metrics: { inference_time: 0.003372, queue_time: 0.025989 },
			status: 'FAILED',
		};
		if (sim.options.failedBodyRequestId) body.request_id = job.id;
		ctx.json(422, body);
		return null;
	}
	return job;
}

/** GET /v2/requests/{id}/status */
function status(sim, ctx) {
	const job = lookupJob(sim, ctx);
	if (!job) return;
	const state = job.status;
	const metrics = state === 'COMPLETED' ? sim.metricsFor(job.slug) : {};
	ctx.json(200, { status: state, request_id: job.id, metrics });
}

/** The `output` (and optional `video`) fields of a COMPLETED result, per options.outputShape. */
function outputFields(sim, job) {
	const url = sim.outputUrl(job.id);
	switch (sim.options.outputShape) {
		case 'array':
			return { output: [url] };
		case 'video-object':
			return {
				output: { video: { url } },
				video: {
					url,
					content_type: 'video/mp4',
					file_name: `${job.id}.mp4`,
					file_size: job.video.length,
					last_frame_url: null,
				},
			};
		case 'media-url':
			return { output: { media_url: [url] } };
		case 'image-url':
			return { image: { url } };
		case 'with-thumbnail': {
			const frame = sim.lastFrameUrl(job.id);
			return { output: frame, image: { url: frame }, video: { url, last_frame_url: frame } };
		}
		case 'missing':
			return {};
		case 'string':
		default:
			return { output: url };
	}
}

/** GET /v2/requests/{id} (and the legacy poll_url GET /v1/requests/{id}). */
function result(sim, ctx) {
	const job = lookupJob(sim, ctx);
	if (!job) return;
	const state = job.status;
	if (state !== 'COMPLETED') {
		// Still running: report the live state (QUEUED or PROCESSING).
		ctx.json(200, { status: state, request_id: job.id });
		return;
	}
	ctx.json(200, {
		status: 'COMPLETED',
		request_id: job.id,
		metrics: sim.metricsFor(job.slug),
		...outputFields(sim, job),
	});
}

module.exports = { credits, v1, submit, status, result, poll: result };
