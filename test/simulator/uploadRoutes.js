'use strict';

const crypto = require('node:crypto');
const { parseJson, isPlainObject, decodeDataUrl, mimeToExt } = require('./httpUtil');

/**
 * POST /upload-asset on the upload host (https://workflows-api.segmind.com look-alike).
 * Body `{"data_urls": ["data:<mime>;base64,…", …]}`; each decoded file is stored and served
 * back, without auth, from `<filesUrl>/assets/<uuid>.<ext>`.
 * Two documented answer shapes: `{"urls": […]}` (docs page) or
 * `{"file_urls": […], "message": "Uploaded"}` (Python SDK), chosen by options.uploadResponse.
 */
function upload(sim, ctx) {
	const parsed = parseJson(ctx.rawBody);
	if (!parsed.ok || !isPlainObject(parsed.value)) {
		ctx.error(400, 'Invalid JSON body');
		return;
	}
	const dataUrls = parsed.value.data_urls;
	if (!Array.isArray(dataUrls) || dataUrls.length === 0) {
		ctx.error(400, "'data_urls' must be a non-empty array of data URLs");
		return;
	}
	const decoded = dataUrls.map(decodeDataUrl);
	const bad = decoded.findIndex((d) => d === null || d.bytes.length === 0);
	if (bad !== -1) {
		ctx.error(400, `Invalid data URL at index ${bad}`);
		return;
	}
	const urls = decoded.map(({ mime, bytes }) => {
		const name = `${crypto.randomUUID()}.${mimeToExt(mime)}`;
		sim.assets.set(name, { mime, bytes });
		return `${sim.filesUrl}/assets/${name}`;
	});
	if (sim.options.uploadResponse === 'file_urls') {
		ctx.json(200, { file_urls: urls, message: 'Files uploaded successfully' });
	} else {
		ctx.json(200, { urls });
	}
}

module.exports = { upload };
