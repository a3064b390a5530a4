'use strict';

/**
 * Small HTTP helpers shared by the three simulated hosts.
 * Only Node built-ins: the simulator must run in CI with nothing but `node`.
 */

/** Upload bodies carry base64 data URLs; keep a generous but finite cap. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Segmind's nginx answers a wrong method with an HTML page, not JSON. */
const HTML_405 = '<html><body><h1>405 Not Allowed</h1></body></html>';

/**
 * Read the whole request body into a Buffer (rejects with code TOO_LARGE past the cap).
 * `throttle` reads slowly but steadily (a slow upload endpoint): after each chunk the request
 * is paused for as long as that chunk takes at `bytesPerSecond`.
 */
function readBody(req, limit = MAX_BODY_BYTES, throttle) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (throttle) {
				req.pause();
				throttle.delay((chunk.length / throttle.bytesPerSecond) * 1000).then(() => req.resume());
			}
			if (size > limit) {
				const err = new Error('Request body too large');
				err.code = 'TOO_LARGE';
				reject(err);
				req.resume();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Parse a JSON body; `ok` is false for empty or malformed input. */
function parseJson(buf) {
	if (!buf || buf.length === 0) return { ok: false };
	try {
		return { ok: true, value: JSON.parse(buf.toString('utf8')) };
	} catch {
		return { ok: false };
	}
}

/** What `sim.requests[i].body` holds: the parsed JSON, or just the size for anything else. */
function summarizeBody(buf) {
	const parsed = parseJson(buf);
	return parsed.ok ? parsed.value : { length: buf ? buf.length : 0 };
}

/** True for a non-null, non-array object (the only valid model-parameter body). */
function isPlainObject(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turn a response body into bytes: Buffer as is, string as UTF-8, anything else as JSON. */
function toBuffer(body) {
	if (body === undefined || body === null) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.from(JSON.stringify(body), 'utf8');
}

/**
 * Parse a single `Range: bytes=` header against a resource of `size` bytes.
 * Returns null (serve the whole thing), 'unsatisfiable' (416), or {start, end} (inclusive).
 * Multi-range requests are answered with the full body, which RFC 9110 allows.
 */
function parseRange(header, size) {
	if (!header) return null;
	const m = /^bytes=(\d*)-(\d*)$/.exec(String(header).trim());
	if (!m) return null;
	const [, startStr, endStr] = m;
	if (startStr === '' && endStr === '') return null;
	let start;
	let end;
	if (startStr === '') {
		// Suffix range: the last N bytes.
		const suffix = Number(endStr);
		if (suffix === 0) return 'unsatisfiable';
		start = Math.max(0, size - suffix);
		end = size - 1;
	} else {
		start = Number(startStr);
		end = endStr === '' ? size - 1 : Math.min(Number(endStr), size - 1);
		if (endStr !== '' && Number(endStr) < start) return null; // invalid → ignore the header
	}
	if (start >= size || size === 0) return 'unsatisfiable';
	return { start, end };
}

const MIME_TO_EXT = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/jpg': 'jpg',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'audio/wav': 'wav',
	'audio/wave': 'wav',
	'audio/x-wav': 'wav',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'video/quicktime': 'mov',
};

function mimeToExt(mime) {
	return MIME_TO_EXT[String(mime).toLowerCase()] || 'bin';
}

/**
 * Decode `data:<mime>;base64,<payload>`. Returns null when it is not a base64 data URL
 * or the payload is not valid base64 (Buffer.from would silently skip bad characters).
 */
function decodeDataUrl(dataUrl) {
	if (typeof dataUrl !== 'string') return null;
	const m = /^data:([\w.+-]+\/[\w.+-]+)((?:;[\w-]+=[^;,]*)*);base64,([A-Za-z0-9+/=\s]*)$/.exec(
		dataUrl,
	);
	if (!m) return null;
	const payload = m[3].replace(/\s+/g, '');
	if (payload.length === 0 || payload.length % 4 !== 0) return null;
	return { mime: m[1].toLowerCase(), bytes: Buffer.from(payload, 'base64') };
}

module.exports = {
	MAX_BODY_BYTES,
	HTML_405,
	readBody,
	parseJson,
	summarizeBody,
	isPlainObject,
	toBuffer,
	parseRange,
	mimeToExt,
	decodeDataUrl,
};
