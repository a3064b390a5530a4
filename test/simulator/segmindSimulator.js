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
 *
 * Request pipeline (see _handle): read body → record → route (404/405) → scripted fault →
 * auth (401) → rate limit (429, api host) → handler. Handlers answer through ctx.send, which
 * applies send-time faults (truncate, reset-midway, afterAccept).
 */

const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { HTML_405, readBody, summarizeBody, toBuffer } = require('./httpUtil');
const { FaultQueue, faultResponse } = require('./faults');
const { JobStore } = require('./jobs');
const { MODEL_SCHEMAS, KNOWN_MODELS, PAGE_COSTS } = require('./models');
const { match } = require('./router');

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
	/** the upload host reads request bodies at this many bytes/s (null: as fast as it can) */
	uploadReadBytesPerSecond: null,
	/** the upload host's body cap: the node's largest binary (100 MB video) as base64 JSON fits */
	uploadBodyLimitBytes: 160 * 1024 * 1024,
	/** empty balance: v2 submits answer 402, v1 answers 406 (recorded texts) */
	outOfCredits: false,
	/** Buffer (or file path) served as every generated video; null → by input shape (videoShapes.js) */
	video: null,
	/** body of GET /v1/get-user-credits */
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
	/** optional (line: string) => void called once per finished request */
	log: null,
});

/** Fixed when the servers start. */
const START_ONLY = Object.freeze({
	host: '127.0.0.1',
	port: 0,
	uploadPort: 0,
	filesPort: 0,
	models: [],
});

const ENUMS = {
	v1Response: ['raw', 'json-url', 'json-video-object', 'json-base64', 'json-data-uri'],
	outputShape: ['string', 'array', 'video-object', 'media-url', 'image-url', 'with-thumbnail', 'missing'],
	uploadResponse: ['urls', 'file_urls'],
	requestIds: ['hex', 'uuid'],
	videoEncoding: [null, 'gzip', 'gzip-always'],
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

/** Close a connection abruptly (TCP RST where supported) so the client sees ECONNRESET. */
function resetSocket(socket) {
	if (!socket || socket.destroyed) return;
	if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
	else socket.destroy();
}

class Simulator {
	constructor(options = {}) {
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
		return this.options.requestIds === 'uuid' ? crypto.randomUUID() : crypto.randomBytes(16).toString('hex');
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
		if (!this.assets.has(name)) this.assets.set(name, { mime: 'image/png', bytes: fs.readFileSync(FIXTURE_PNG_PATH) });
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
		return Math.round((this.options.credits.credits - this.costFor(slug)) * 1e6) / 1e6;
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
		this.options = { ...DEFAULTS, ...this._initialOptions };
		this._requests = [];
		this._faults = new FaultQueue();
		this._jobs = new JobStore();
		/** v1 outputs: id → Buffer */
		this.outputs = new Map();
		/** uploaded files: name → { mime, bytes } */
		this.assets = new Map();
		this._models = new Map(Object.entries(MODEL_SCHEMAS));
		for (const slug of this._startOptions.models) this._models.set(slug, null);
		this._submits = 0;
		this._v1InFlight = 0;
		this._maxConcurrentV1 = 0;
		this._rateHits = [];
	}

	// ---- servers ------------------------------------------------------------------------------

	async _listen() {
		const { host, port, uploadPort, filesPort } = this._startOptions;
		const plan = { api: port, upload: uploadPort, files: filesPort };
		try {
			for (const [name, wanted] of Object.entries(plan)) {
				const server = http.createServer((req, res) => {
					this._handle(name, req, res).catch((err) => {
						process.stderr.write(`[segmind-sim] handler crashed: ${err && err.stack}\n`);
						if (!res.headersSent && !res.destroyed) {
							res.writeHead(500, { 'content-type': 'application/json' });
							res.end(JSON.stringify({ error: 'Internal Server Error' }));
						}
					});
				});
				server.on('connection', (socket) => {
					this._sockets.add(socket);
					socket.on('close', () => this._sockets.delete(socket));
				});
				this._servers[name] = server;
				await new Promise((resolve, reject) => {
					server.once('error', reject);
					server.listen(wanted, host, () => {
						server.off('error', reject);
						resolve();
					});
				});
				this._urls[name] = `http://${host}:${server.address().port}`;
			}
		} catch (err) {
			await this.close();
			throw err;
		}
	}

	/** Per-request context handed to route handlers. */
	_context(server, req, res, rawBody, record, matched) {
		const sim = this;
		const ctx = {
			server,
			req,
			res,
			rawBody,
			record,
			route: matched ? matched.route : null,
			params: matched ? matched.params : {},
			/** a consumed fault that acts at send time (truncate / reset-midway / afterAccept) */
			fault: null,
			send(status, headers, body) {
				const f = ctx.fault;
				if (f && f.afterAccept && f.kind === 'reset') return resetSocket(req.socket);
				if (f && f.afterAccept && f.kind === undefined) {
					const r = faultResponse(f);
					return sim._write(ctx, r.status, r.headers, toBuffer(r.body), null);
				}
				const mode = f && (f.kind === 'truncate' || f.kind === 'reset-midway') ? f.kind : null;
				return sim._write(ctx, status, headers, toBuffer(body), mode);
			},
			json(status, obj, headers = {}) {
				return ctx.send(status, { ...headers, 'content-type': 'application/json' }, obj);
			},
			error(status, message) {
				return ctx.json(status, { error: message });
			},
		};
		return ctx;
	}

	/** Write a complete response, or a deliberately broken one (`mode`). */
	_write(ctx, status, headers, buf, mode) {
		const { req, res } = ctx;
		if (res.headersSent || res.destroyed || req.socket.destroyed) return;
		ctx.record.status = status;
		res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		if (!mode) {
			res.end(buf);
			return;
		}
		// Broken body: Content-Length promises everything, only the first half arrives.
		const half = buf.subarray(0, Math.floor(buf.length / 2));
		const socket = req.socket;
		const breakConnection = () => {
			if (mode === 'truncate') {
				socket.end(); // orderly close: the client sees a premature end of body
			} else {
				// Give the half body a moment on the wire, then RST.
				this._delay(20).then(() => resetSocket(socket));
			}
		};
		if (half.length > 0) res.write(half, breakConnection);
		else {
			res.flushHeaders();
			breakConnection();
		}
	}

	async _handle(server, req, res) {
		const at = Date.now();
		let rawBody;
		try {
			const rate = server === 'upload' ? this.options.uploadReadBytesPerSecond : null;
			const limit = server === 'upload' ? this.options.uploadBodyLimitBytes : undefined;
			rawBody = await readBody(req, limit, rate ? { bytesPerSecond: rate, delay: (ms) => this._delay(ms) } : undefined);
		} catch (err) {
			if (err.code === 'TOO_LARGE' && !res.headersSent) {
				res.writeHead(413, {
					'content-type': 'application/json',
					connection: 'close',
				});
				res.end(JSON.stringify({ error: 'Request body too large' }));
			} else {
				resetSocket(req.socket);
			}
			return;
		}
		const url = new URL(req.url, 'http://simulator.invalid');
		const matched = match(server, req.method, url.pathname);
		/** the shape of sim.requests[i] */
		const record = {
			server,
			method: req.method,
			path: url.pathname,
			query: url.search,
			headers: { ...req.headers },
			body: summarizeBody(rawBody),
			at,
			route: matched ? matched.route : null,
			status: null, // filled in when answered; stays null if the connection was dropped
		};
		this._requests.push(record);
		if (typeof this.options.log === 'function') {
			const log = this.options.log;
			res.on('close', () =>
				log(
					`${server} ${record.method} ${record.path}${record.query} → ${record.status ?? 'dropped'}`,
				),
			);
		}

		const ctx = this._context(server, req, res, rawBody, record, matched);
		if (!matched) return ctx.error(404, 'Not Found');
		if (!matched.methodAllowed) {
			return ctx.send(
				405,
				{ 'content-type': 'text/html', allow: matched.methods.join(', ') },
				HTML_405,
			);
		}

		// Scripted faults come first: gateways fail before auth is ever checked.
		const fault = this._faults.take(matched.route);
		if (fault) {
			if (fault.delayMs) await this._delay(fault.delayMs);
			if (fault.kind === 'hang') await this._delay(fault.ms);
			if (!fault.afterAccept && fault.kind === 'reset') return resetSocket(req.socket);
			if (!fault.afterAccept && fault.kind === undefined) {
				const r = faultResponse(fault);
				return this._write(ctx, r.status, r.headers, toBuffer(r.body), null);
			}
			ctx.fault = fault;
		}

		if (server !== 'files') {
			if (!this._checkAuth(ctx)) return;
			if (server === 'api' && !this._checkRateLimit(ctx)) return;
		}
		await matched.handler(this, ctx);
	}

	_checkAuth(ctx) {
		const key = ctx.req.headers['x-api-key'];
		if (key === undefined || key === '') {
			ctx.error(401, 'Missing API key');
			return false;
		}
		if (key !== this.options.apiKey) {
			ctx.json(401, {
				error: 'Invalid API key',
				error_description: 'The API key provided is invalid or has been revoked.',
				status_code: 401,
			});
			return false;
		}
		return true;
	}

	/** Sliding window of accepted api-host requests; beyond perMinute → 429. */
	_checkRateLimit(ctx) {
		const limit = this.options.rateLimit;
		if (!limit || !limit.perMinute) return true;
		const windowMs = limit.windowMs || 60_000;
		const now = Date.now();
		this._rateHits = this._rateHits.filter((t) => now - t < windowMs);
		if (this._rateHits.length >= limit.perMinute) {
			const resetAt = new Date(this._rateHits[0] + windowMs).toISOString();
			ctx.json(429, { error: 'Rate limit exceeded' }, { 'x-rate-limit-reset-at-utc': resetAt });
			return false;
		}
		this._rateHits.push(now);
		return true;
	}
}

/** Start the three servers; resolves once all are listening. */
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
