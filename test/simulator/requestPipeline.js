'use strict';

/**
 * The simulator's three servers and the pipeline every request goes through: read body →
 * record → route (404/405) → scripted fault → auth (401) → rate limit (429, api host) →
 * handler. Handlers answer through ctx.send, which applies send-time faults (truncate,
 * reset-midway, afterAccept). Simulator (segmindSimulator.js) extends this class; the state
 * these methods use is set up there.
 */

const http = require('node:http');
const { HTML_405, readBody, summarizeBody, toBuffer } = require('./httpUtil');
const { faultResponse, SEND_TIME_KINDS } = require('./faults');
const { match } = require('./router');

/** Close a connection abruptly (TCP RST where supported) so the client sees ECONNRESET. */
function resetSocket(socket) {
	if (!socket || socket.destroyed) return;
	if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
	else socket.destroy();
}

class RequestPipeline {
	async _listen() {
		const { host, port, uploadPort, filesPort, historyPort } = this._startOptions;
		const plan = { api: port, upload: uploadPort, files: filesPort, history: historyPort };
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
				const mode = f && SEND_TIME_KINDS.includes(f.kind) ? f.kind : null;
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
		if (mode === 'cut-close-delimited')
			return this._writeCloseDelimitedCut(ctx, status, headers, buf);
		if (mode === 'hold-open') return this._writeHeldOpen(ctx, status, headers, buf);
		if (mode === 'drip') return this._writeDrip(ctx, status, headers, buf);
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

	/**
	 * A close-delimited body (no Content-Length, no chunking) cut in half: written on the raw
	 * socket, since Node's server would add one of the two framings.
	 */
	_writeCloseDelimitedCut(ctx, status, headers, buf) {
		const socket = ctx.req.socket;
		const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status] || 'Status'}`];
		for (const [name, value] of Object.entries(headers)) {
			if (/^(content-length|transfer-encoding|connection)$/i.test(name)) continue;
			lines.push(`${name}: ${value}`);
		}
		lines.push('connection: close', '', '');
		socket.write(lines.join('\r\n'));
		socket.write(buf.subarray(0, Math.floor(buf.length / 2)), () => socket.end());
	}

	/** Headers and the whole body (chunked), then the response is never ended. */
	_writeHeldOpen(ctx, status, headers, buf) {
		const { res, record } = ctx;
		record.clientClosedEarly = false;
		res.on('close', () => {
			record.clientClosedEarly = true;
		});
		res.writeHead(status, headers);
		res.write(buf);
	}

	/**
	 * Headers at once, then a few bytes per tick, never the end (spaces once the body is out):
	 * the body a socket idle timeout never trips on. Stops when the client hangs up, and on
	 * reset() / close() (stopDrips), so no timer outlives the test.
	 */
	_writeDrip(ctx, status, headers, buf) {
		const { req, res, record } = ctx;
		const { bytesPerTick = 1, tickMs = 500, contentLength } = ctx.fault;
		const head = {};
		for (const [name, value] of Object.entries(headers))
			if (!/^(content-length|transfer-encoding)$/i.test(name)) head[name] = value;
		if (contentLength) head['content-length'] = String(contentLength);
		record.clientClosedEarly = false;
		record.bytesDripped = 0;
		const drip = { timer: null, socket: req.socket };
		drip.stop = () => {
			clearTimeout(drip.timer);
			this._drips.delete(drip);
		};
		this._drips.add(drip);
		res.on('close', () => {
			record.clientClosedEarly = true;
			drip.stop();
		});
		res.writeHead(status, head);
		res.flushHeaders();
		let sent = 0;
		const tick = () => {
			if (res.destroyed || req.socket.destroyed) return drip.stop();
			const piece = Buffer.alloc(bytesPerTick, 0x20);
			if (sent < buf.length) buf.copy(piece, 0, sent, Math.min(buf.length, sent + bytesPerTick));
			sent += bytesPerTick;
			record.bytesDripped += bytesPerTick;
			res.write(piece);
			drip.timer = setTimeout(tick, tickMs);
		};
		drip.timer = setTimeout(tick, tickMs);
	}

	/** Ends every drip: their connections are dropped and their timers cleared. */
	_stopDrips() {
		for (const drip of [...(this._drips || [])]) {
			drip.stop();
			if (drip.socket && !drip.socket.destroyed) drip.socket.destroy();
		}
	}

	async _handle(server, req, res) {
		const at = Date.now();
		let rawBody;
		try {
			const rate = server === 'upload' ? this.options.uploadReadBytesPerSecond : null;
			const limit = server === 'upload' ? this.options.uploadBodyLimitBytes : undefined;
			rawBody = await readBody(
				req,
				limit,
				rate ? { bytesPerSecond: rate, delay: (ms) => this._delay(ms) } : undefined,
			);
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
			if (fault.kind === 'drip' && fault.status !== undefined) {
				ctx.fault = fault;
				const r = faultResponse(fault);
				return this._write(ctx, r.status, r.headers, toBuffer(r.body), 'drip');
			}
			if (!fault.afterAccept && fault.kind === undefined) {
				const r = faultResponse(fault);
				const mode = fault.holdOpen ? 'hold-open' : null;
				return this._write(ctx, r.status, r.headers, toBuffer(r.body), mode);
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

module.exports = { RequestPipeline };
