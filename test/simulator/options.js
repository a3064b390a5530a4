'use strict';

/** The simulator's options: what each one does, their defaults, and checking what a test passes. */

const fs = require('node:fs');

/** Runtime-configurable behaviour (sim.configure / sim.reset). */
const DEFAULTS = Object.freeze({
	apiKey: 'sim-test-key',
	/** v1: how long the request is held; v2: ms from submit to COMPLETED/FAILED */
	generationMs: 50,
	/** v2: ms a job stays QUEUED before PROCESSING */
	queueMs: 20,
	/**
	 * 'raw' (recorded: sync wan-2.2-i2v-flash answers video/mp4 bytes) | 'json-url' |
	 * 'json-video-object' | 'json-base64' | 'json-data-uri'
	 */
	v1Response: 'raw',
	/**
	 * shape of a COMPLETED v2 result: 'string' (`output: url`) | 'array' | 'video-object' |
	 * 'media-url' (`output: {media_url: [url]}`) | 'image-url' (`image: {url}`) |
	 * 'with-thumbnail' (`output` = a PNG last frame, the video at `video.url`) | 'missing'
	 */
	outputShape: 'string',
	/** 'file_urls' (recorded: `{file_urls, message}`) | 'urls' (docs page) */
	uploadResponse: 'file_urls',
	/** 'hex' (recorded: 32 hex digits) | 'uuid' */
	requestIds: 'hex',
	/** FAILED (422) bodies carry request_id (older docs); recorded ones do not */
	failedBodyRequestId: false,
	/**
	 * Content-Encoding of video bodies (downloads, raw v1 answers): null (identity) | 'gzip'
	 * (when the client accepts it) | 'gzip-always' (even when it asked for identity)
	 */
	videoEncoding: null,
	/** the files host honours `Range` on generated videos (false: answers 200 with the whole file) */
	videoRanges: true,
	/** generated videos carry Content-Length (false: sent chunked, their size unstated) */
	videoLength: true,
	/** the upload host reads request bodies at this many bytes/s (null: as fast as it can) */
	uploadReadBytesPerSecond: null,
	/** the upload host's body cap: the node's largest binary (100 MB video) as base64 JSON fits */
	uploadBodyLimitBytes: 160 * 1024 * 1024,
	/** empty balance: v2 submits answer 402, v1 answers 406 (recorded texts) */
	outOfCredits: false,
	/** Buffer (or file path) served as every generated video; null → by input shape (videoShapes.js) */
	video: null,
	/**
	 * body of GET /v1/get-user-credits (any JSON value, served as is); null → 404 "No credits
	 * found for the user" (reported for a valid key without a balance record)
	 */
	credits: Object.freeze({ credits: 12.5, 'free-credits': 0.0184 }),
	/** Cost of a generation (x-cost, metrics.cost); null → the model page's price (PAGE_COSTS) */
	cost: null,
	/** metrics of a COMPLETED v2 job */
	metrics: Object.freeze({
		inference_time: 13.06,
		queue_time: 0.2,
		total_time: 13.3,
		cost: 0.625,
		remaining_credits: 11.8,
	}),
	/** null, or { perMinute, windowMs = 60000 } per API key on the api host */
	rateLimit: null,
	/** results (not output files) are kept this long after submission (Segmind's docs: 1 hour) */
	resultTtlMs: 60 * 60 * 1000,
	/** reject bodies that break the model pages' parameter rules with 400 */
	validateParams: true,
	/** history host: the key the rows sit under, or 'array' for a bare array (history.js) */
	historyEnvelope: 'data',
	/** history host, one record: 'bare' (the row) | 'data' ({data: row}) | 'list' ({data: [row]}) */
	historyRecordEnvelope: 'bare',
	/** history rows carry only request_id and model_status (every other field is optional) */
	historySparseRows: false,
	/** a completed request appears twice in the history list (video, then last frame) */
	historyMultiOutput: false,
	/** optional (line: string) => void called once per finished request */
	log: null,
});

/** Fixed when the servers start. */
const START_ONLY = Object.freeze({
	host: '127.0.0.1',
	port: 0,
	uploadPort: 0,
	filesPort: 0,
	historyPort: 0,
	models: [],
});

const ENUMS = {
	v1Response: ['raw', 'json-url', 'json-video-object', 'json-base64', 'json-data-uri'],
	outputShape: [
		'string',
		'array',
		'video-object',
		'media-url',
		'image-url',
		'with-thumbnail',
		'missing',
	],
	uploadResponse: ['urls', 'file_urls'],
	requestIds: ['hex', 'uuid'],
	videoEncoding: [null, 'gzip', 'gzip-always'],
	historyEnvelope: ['data', 'rows', 'items', 'results', 'array'],
	historyRecordEnvelope: ['bare', 'data', 'list'],
};

function checkOptions(partial) {
	for (const key of Object.keys(partial)) {
		if (!(key in DEFAULTS) && !(key in START_ONLY))
			throw new TypeError(`unknown simulator option ${JSON.stringify(key)}`);
	}
	for (const [key, allowed] of Object.entries(ENUMS)) {
		if (partial[key] !== undefined && !allowed.includes(partial[key])) {
			throw new TypeError(
				`${key} must be one of ${allowed.join(', ')}; got ${JSON.stringify(partial[key])}`,
			);
		}
	}
	const out = {};
	for (const key of Object.keys(DEFAULTS)) if (partial[key] !== undefined) out[key] = partial[key];
	if (typeof out.video === 'string') out.video = fs.readFileSync(out.video);
	if (out.video !== undefined && out.video !== null && !Buffer.isBuffer(out.video)) {
		throw new TypeError('video must be a Buffer or a file path');
	}
	return out;
}

module.exports = { DEFAULTS, START_ONLY, checkOptions };
