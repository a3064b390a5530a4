'use strict';

const { parseRange } = require('./httpUtil');

/**
 * The files host: public, unauthenticated object storage (an S3 bucket look-alike) for
 * generated videos and uploaded assets. Supports HEAD and single `Range: bytes=` requests.
 */

/** A body sent chunked: no Content-Length, so the client cannot know its size up front. */
function sendChunked(ctx, headers, bytes) {
	ctx.record.status = 200;
	ctx.res.writeHead(200, headers);
	if (ctx.req.method === 'HEAD') ctx.res.end();
	else ctx.res.end(bytes);
}

/**
 * Serve `bytes` honouring Range (unless `ranges` is false); HEAD is handled by ctx.send
 * (headers only). `length: false` sends a whole body chunked.
 */
function serveBytes(ctx, bytes, contentType, encoder, { ranges = true, length = true } = {}) {
	const base = {
		'content-type': contentType,
		...(ranges ? { 'accept-ranges': 'bytes' } : {}),
		'cache-control': 'public, max-age=604800',
	};
	const range = ranges ? parseRange(ctx.req.headers.range, bytes.length) : null;
	if (range === 'unsatisfiable') {
		ctx.send(
			416,
			{
				...base,
				'content-type': 'application/json',
				'content-range': `bytes */${bytes.length}`,
			},
			{
				error: 'Requested range not satisfiable',
			},
		);
		return;
	}
	if (range) {
		const { start, end } = range;
		ctx.send(
			206,
			{ ...base, 'content-range': `bytes ${start}-${end}/${bytes.length}` },
			bytes.subarray(start, end + 1),
		);
		return;
	}
	if (encoder) {
		const encoded = encoder.encodeVideo(ctx.req, bytes, base);
		if (!length && !encoded.headers['content-encoding']) sendChunked(ctx, encoded.headers, bytes);
		else ctx.send(200, encoded.headers, encoded.body);
		return;
	}
	if (!length) sendChunked(ctx, base, bytes);
	else ctx.send(200, base, bytes);
}

/** GET /outputs/{id}.mp4: a v1 output, or the output of a COMPLETED v2 job. */
function download(sim, ctx) {
	const m = /^(.+)\.mp4$/.exec(ctx.params.file);
	const id = m ? m[1] : null;
	let bytes = id ? sim.outputs.get(id) : undefined;
	if (!bytes && id) {
		// Output files outlive the job's result record (kept ~7 days), so sim.expire does not hide
		// them.
		const job = sim._jobs.jobs.get(id);
		if (job && job.status === 'COMPLETED') bytes = job.video;
	}
	if (!bytes) {
		ctx.error(404, 'Not found');
		return;
	}
	serveBytes(ctx, bytes, 'video/mp4', sim, {
		ranges: sim.options.videoRanges,
		length: sim.options.videoLength,
	});
}

/** GET /assets/{name}: something uploaded through /upload-asset. */
function asset(sim, ctx) {
	const entry = sim.assets.get(ctx.params.file);
	if (!entry) {
		ctx.error(404, 'Not found');
		return;
	}
	serveBytes(ctx, entry.bytes, entry.mime);
}

module.exports = { download, asset };
