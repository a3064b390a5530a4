'use strict';

/**
 * Scripted faults: `sim.failNext(route, fault, count)` queues misbehaviour for the next
 * `count` requests that hit `route`. Queued faults are consumed in FIFO order.
 *
 * Fault shapes:
 *   { status, body?, headers?, contentType? }  answer with that instead of the real response
 *   { kind: 'reset' }                          drop the connection (TCP RST) without answering
 *   { kind: 'reset-midway' }                   headers + half of the body, then RST
 *   { kind: 'truncate' }                       full Content-Length, half the body, then close
 *   { kind: 'cut-close-delimited' }            no Content-Length, not chunked (the body ends when
 *                                              the connection closes, legal HTTP/1.1): half the
 *                                              body, then an orderly close
 *   { kind: 'hang', ms }                       wait `ms`, then answer normally
 *   { kind: 'drip', bytesPerTick?, tickMs?, contentLength?, status?, body?, headers?,
 *     contentType? }                           headers at once, then `bytesPerTick` bytes (default
 *                                              1) every `tickMs` (default 500) and never the end:
 *                                              once the body is out, spaces follow. With `status`
 *                                              it answers that (like a status fault) before the
 *                                              handler runs; without, it drips the handler's real
 *                                              answer (a submit's job IS created). No framing by
 *                                              default (chunked); `contentLength` states a length
 *                                              (e.g. far more than is ever sent). Stops writing
 *                                              when the client hangs up (`clientClosedEarly`
 *                                              turns true), on reset() and on close().
 * Optional on any fault:
 *   delayMs      wait this long before the fault takes effect
 *   holdOpen     (status faults) send the headers and body chunked, then never end the
 *                response: a client that reads the body to its end waits forever. The request
 *                record's `clientClosedEarly` turns true when the client hangs up.
 *   skip         let this many requests on the route through untouched first (e.g. skip: 1
 *                refuses the second submit: a sibling item failing after the first was paid)
 *   afterAccept  run the real handler first (a job IS created / billed), then replace its
 *                response with the fault: models "the gateway timed out but the backend
 *                accepted it", which is why submits must not be blindly retried.
 * `reset-midway`, `truncate` and `cut-close-delimited` always act at send time, i.e. after the handler ran.
 */

/** Every route name a request can be tagged with (and failNext accepts). */
const ROUTES = Object.freeze([
	'credits', // GET  api   /v1/get-user-credits
	'v1', //      POST api   /v1/{slug}
	'poll', //    GET  api   /v1/requests/{id}   (the submit response's poll_url)
	'submit', //  POST api   /v2/{slug}
	'status', //  GET  api   /v2/requests/{id}/status
	'result', //  GET  api   /v2/requests/{id}
	'upload', //  POST upload /upload-asset
	'download', // GET files /outputs/{id}.mp4
	'asset', //   GET  files /assets/{name}
	'history', // GET  history /inference-request/request-history
	'historyRecord', // GET history /inference-request/request-history/{id}
]);

const KINDS = Object.freeze([
	'reset',
	'reset-midway',
	'truncate',
	'cut-close-delimited',
	'hang',
	'drip',
]);
/** Kinds that act when the handler sends its answer (a drip with its own status acts before). */
const SEND_TIME_KINDS = Object.freeze(['reset-midway', 'truncate', 'cut-close-delimited', 'drip']);

const STATUS_TEXT = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	406: 'Insufficient credits',
	410: 'Model has been retired',
	422: 'Unprocessable Entity',
	429: 'Rate limit exceeded',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

function normalizeFault(fault) {
	if (typeof fault === 'number') fault = { status: fault };
	if (!fault || typeof fault !== 'object') throw new TypeError('fault must be an object');
	if (fault.kind !== undefined && !KINDS.includes(fault.kind)) {
		throw new TypeError(
			`unknown fault kind ${JSON.stringify(fault.kind)}; expected one of ${KINDS.join(', ')}`,
		);
	}
	if (fault.kind === undefined && typeof fault.status !== 'number') {
		throw new TypeError('fault needs a numeric status or a kind');
	}
	if (fault.kind === 'hang' && typeof fault.ms !== 'number') {
		throw new TypeError("a 'hang' fault needs ms");
	}
	if (fault.kind === 'drip') {
		for (const name of ['bytesPerTick', 'tickMs', 'contentLength', 'status']) {
			if (fault[name] !== undefined && !(Number.isInteger(fault[name]) && fault[name] > 0))
				throw new TypeError(`a 'drip' fault's ${name} must be a positive integer`);
		}
	}
	return { ...fault };
}

/** Build the HTTP response a status fault stands for. Body defaults to `{"error": "<reason>"}`. */
function faultResponse(fault) {
	const headers = { ...(fault.headers || {}) };
	let body = fault.body;
	if (body === undefined) body = { error: STATUS_TEXT[fault.status] || `HTTP ${fault.status}` };
	let contentType = fault.contentType;
	if (!contentType) {
		contentType =
			typeof body === 'string' || Buffer.isBuffer(body)
				? 'text/plain; charset=utf-8'
				: 'application/json';
	}
	headers['content-type'] = contentType;
	return { status: fault.status, headers, body };
}

class FaultQueue {
	constructor() {
		this.queues = new Map();
	}

	add(route, fault, count = 1) {
		if (!ROUTES.includes(route)) {
			throw new TypeError(
				`unknown route ${JSON.stringify(route)}; expected one of ${ROUTES.join(', ')}`,
			);
		}
		if (!(count > 0)) throw new TypeError('count must be > 0 (Infinity allowed)');
		const list = this.queues.get(route) || [];
		list.push({ fault: normalizeFault(fault), remaining: count });
		this.queues.set(route, list);
	}

	/** Consume and return the next fault for `route`, or null. */
	take(route) {
		const list = this.queues.get(route);
		if (!list || list.length === 0) return null;
		const entry = list[0];
		if (entry.fault.skip > 0) {
			entry.fault.skip -= 1;
			return null;
		}
		entry.remaining -= 1;
		if (entry.remaining <= 0) list.shift();
		return entry.fault;
	}

	/** Faults still queued per route (handy for asserting a test consumed them all). */
	pending() {
		const out = {};
		for (const [route, list] of this.queues) {
			const n = list.reduce((sum, e) => sum + e.remaining, 0);
			if (n > 0) out[route] = n;
		}
		return out;
	}

	clear() {
		this.queues.clear();
	}
}

module.exports = { ROUTES, KINDS, SEND_TIME_KINDS, FaultQueue, normalizeFault, faultResponse };
