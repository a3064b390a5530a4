'use strict';

/**
 * A faithful, scriptable fake of Segmind's HTTP API for tests (contract:
 * /work/shared/segmind-api.md and the Wan model pages).
 *
 * Real Segmind spreads one workflow over three hosts, so the simulator runs three servers
 * on 127.0.0.1 and tests can prove the API key only goes where it belongs:
 *   api     like https://api.segmind.com             (x-api-key required)
 *   upload  like https://workflows-api.segmind.com    (x-api-key required)
 *   files   like the public S3 bucket holding outputs (no auth; a key sent here is a leak)
 *   history like https://api.spotprod.segmind.com   (x-api-key required): the account's
 *           request history, every request the api host accepted (history.js)
 *
 * This file: the Simulator's state, what tests read and script, and the helpers the route
 * handlers use. Its servers and request pipeline: requestPipeline.js; its options: options.js.
 */

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { FaultQueue } = require('./faults');
const { JobStore } = require('./jobs');
const { HistoryLedger } = require('./history');
const { MODEL_SCHEMAS, KNOWN_MODELS, PAGE_COSTS } = require('./models');
const { DEFAULTS, START_ONLY, checkOptions } = require('./options');
const { RequestPipeline } = require('./requestPipeline');

/** Cost of a model whose page states no price (Wan 2.1). */
const GENERIC_COST = 0.625;

const FIXTURE_PNG_PATH = path.join(__dirname, '..', 'fixtures', 'sample.png');
const {
	FIXTURE_VIDEO_PATH,
	LANDSCAPE_VIDEO_PATH,
	PORTRAIT_VIDEO_PATH,
	defaultVideo,
	videoFor,
} = require('./videoShapes');

class Simulator extends RequestPipeline {
	constructor(options = {}) {
		super();
		const checked = checkOptions(options);
		this._startOptions = { ...START_ONLY };
		for (const key of Object.keys(START_ONLY))
			if (options[key] !== undefined) this._startOptions[key] = options[key];
		this._initialOptions = checked;
		this._servers = {};
		this._urls = {};
		this._sockets = new Set();
		this._timers = new Set();
		this._closed = false;
		this._resetState();
	}

	// ---- public read-only views ------------------------------------------------------------

	get apiUrl() {
		return this._urls.api;
	}
	get uploadUrl() {
		return this._urls.upload;
	}
	get filesUrl() {
		return this._urls.files;
	}
	get historyUrl() {
		return this._urls.history;
	}
	/** The Buffer served as generated output, unless the input image's shape picks another (videoFor). */
	get video() {
		return this.options.video || defaultVideo();
	}
	/** The video a generation with this body returns: see the rule in videoShapes.js. */
	videoFor(body) {
		return videoFor(this, body);
	}
	/** Every request received, oldest first (see _handle for the record shape). */
	get requests() {
		return this._requests;
	}
	/** Accepted generation requests (POST /v1/{slug} + POST /v2/{slug}). */
	get submits() {
		return this._submits;
	}
	/** Map id → Job { slug, body, status, submittedAt, completedAt, … }. */
	get jobs() {
		return this._jobs.jobs;
	}
	get maxConcurrentV1() {
		return this._maxConcurrentV1;
	}
	get maxConcurrentJobs() {
		return this._jobs.maxConcurrent;
	}
	/** Requests to the public files host that carried credentials (should always be empty). */
	get keyLeaks() {
		return this._requests.filter(
			(r) =>
				r.server === 'files' &&
				(r.headers['x-api-key'] !== undefined || r.headers.authorization !== undefined),
		);
	}
	/** Scripted faults not yet consumed, e.g. { status: 1 }. */
	get pendingFaults() {
		return this._faults.pending();
	}

	// ---- scripting --------------------------------------------------------------------------

	configure(partial = {}) {
		for (const key of Object.keys(partial)) {
			if (key in START_ONLY)
				throw new TypeError(`${key} can only be set when the simulator starts`);
		}
		Object.assign(this.options, checkOptions(partial));
		return this;
	}

	failNext(route, fault, count = 1) {
		this._faults.add(route, fault, count);
		return this;
	}

	/** The next `count` submitted v2 jobs end FAILED (HTTP 422) with `error`. */
	failJob({ error = 'Content blocked by safety filter' } = {}, count = 1) {
		this._jobs.failNext(error, count);
		return this;
	}

	/** Forget a job's result: status and result endpoints answer 404 from now on. */
	expire(id) {
		const job = this._jobs.jobs.get(id);
		if (!job) throw new Error(`no job ${id}`);
		job.expired = true;
		return this;
	}

	/**
	 * Make a request `ms` older in the account history (its created_at), e.g. past the default
	 * 7-day window. The v2 endpoints are not affected: use expire(id) for those.
	 */
	backdate(id, ms) {
		this.history.backdate(id, ms);
		return this;
	}

	/** Finish a running job now (handy with a long generationMs). */
	completeJob(id) {
		const job = this._jobs.jobs.get(id);
		if (!job) throw new Error(`no job ${id}`);
		if (!job.done) job.forcedDoneAt = Date.now();
		return this;
	}

	/** Accept another slug; `schema` (see models.js) enables parameter validation for it. */
	addModel(slug, schema = null) {
		this._models.set(slug, schema);
		return this;
	}

	/** Back to the state right after start: options, models, faults, jobs, records, counters. */
	reset() {
		this._resetState();
		return this;
	}

	async close() {
		if (this._closed) return;
		this._closed = true;
		this._stopDrips();
		for (const socket of this._sockets) socket.destroy();
		this._sockets.clear();
		// Wake every pending delay; their handlers find the socket gone and write nothing.
		for (const entry of this._timers) {
			clearTimeout(entry.timer);
			entry.resolve();
		}
		this._timers.clear();
		await Promise.all(
			Object.values(this._servers).map(
				(srv) => new Promise((resolve) => srv.close(() => resolve())),
			),
		);
	}

	// ---- helpers used by the route handlers ---------------------------------------------------

	hasModel(slug) {
		return this._models.has(slug);
	}

	schemaFor(slug) {
		return this._models.get(slug) || null;
	}

	/** A new request id in the configured format (recorded: 32 hex digits). */
	newRequestId() {
		return this.options.requestIds === 'uuid'
			? crypto.randomUUID()
			: crypto.randomBytes(16).toString('hex');
	}

	/**
	 * A video body as the files host (or a raw v1 answer) sends it: gzip-encoded when
	 * options.videoEncoding says so, with Content-Length counting the encoded bytes.
	 */
	encodeVideo(req, bytes, headers) {
		const mode = this.options.videoEncoding;
		const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] || ''));
		if (mode === 'gzip-always' || (mode === 'gzip' && accepts)) {
			return { headers: { ...headers, 'content-encoding': 'gzip' }, body: zlib.gzipSync(bytes) };
		}
		return { headers, body: bytes };
	}

	/** A PNG "last frame" of job `id` on the files host (some real results carry one). */
	lastFrameUrl(id) {
		const name = `${id}-last-frame.png`;
		if (!this.assets.has(name))
			this.assets.set(name, { mime: 'image/png', bytes: fs.readFileSync(FIXTURE_PNG_PATH) });
		return `${this.filesUrl}/assets/${name}`;
	}

	outputUrl(id) {
		return `${this.filesUrl}/outputs/${id}.mp4`;
	}

	/** What a generation of `slug` costs: options.cost when set, else the model page's price. */
	costFor(slug) {
		return this.options.cost ?? PAGE_COSTS[slug] ?? GENERIC_COST;
	}

	remainingCredits(slug) {
		// `credits` may be null (no balance record) or an odd shape: count what is a number.
		const balance = Number(this.options.credits?.credits);
		return Math.round(((Number.isFinite(balance) ? balance : 0) - this.costFor(slug)) * 1e6) / 1e6;
	}

	/** metrics of a COMPLETED job of `slug`: options.metrics with that model's cost. */
	metricsFor(slug) {
		return { ...this.options.metrics, cost: this.costFor(slug) };
	}

	/**
	 * Segmind fetches input URLs itself. For URLs on our own files host we know whether the
	 * fetch would work, so a never-uploaded asset is reported like the real API would (400).
	 */
	checkInputUrl(url) {
		if (!this.filesUrl || !url.startsWith(`${this.filesUrl}/`)) return null;
		const rest = url.slice(this.filesUrl.length);
		const asset = /^\/assets\/([^/?#]+)/.exec(rest);
		if (asset && this.assets.has(decodeURIComponent(asset[1]))) return null;
		const output = /^\/outputs\/([^/?#]+)\.mp4/.exec(rest);
		if (output && (this.outputs.has(output[1]) || this._jobs.jobs.has(output[1]))) return null;
		return `could not download ${url} (HTTP 404)`;
	}

	/** setTimeout that close() can cancel (resolves early) so no timer outlives the simulator. */
	_delay(ms) {
		if (!(ms > 0) || this._closed) return Promise.resolve();
		return new Promise((resolve) => {
			const entry = { resolve };
			entry.timer = setTimeout(() => {
				this._timers.delete(entry);
				resolve();
			}, ms);
			this._timers.add(entry);
		});
	}

	_resetState() {
		// A drip left running by the last test ends here (its socket dropped, its timer cleared).
		this._stopDrips();
		this._drips = new Set();
		this.options = { ...DEFAULTS, ...this._initialOptions };
		this._requests = [];
		this._faults = new FaultQueue();
		this._jobs = new JobStore();
		/** v1 outputs: id → Buffer */
		this.outputs = new Map();
		/** every accepted generation request, for the history host (history.js) */
		this.history = new HistoryLedger();
		/** uploaded files: name → { mime, bytes } */
		this.assets = new Map();
		this._models = new Map(Object.entries(MODEL_SCHEMAS));
		for (const slug of this._startOptions.models) this._models.set(slug, null);
		this._submits = 0;
		this._v1InFlight = 0;
		this._maxConcurrentV1 = 0;
		this._rateHits = [];
	}
}

/** Start the four servers; resolves once all are listening. */
async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	await sim._listen();
	return sim;
}

module.exports = {
	startSimulator,
	Simulator,
	DEFAULTS,
	KNOWN_MODELS,
	MODEL_SCHEMAS,
	FIXTURE_VIDEO_PATH,
	PORTRAIT_VIDEO_PATH,
	LANDSCAPE_VIDEO_PATH,
};
