'use strict';

const api = require('./apiRoutes');
const { upload } = require('./uploadRoutes');
const { download, asset } = require('./filesRoutes');
const history = require('./history');

/**
 * Route table per host. Order matters: the first pattern matching the path wins, and if the
 * method does not fit that route the answer is 405 (so `POST /v1/get-user-credits` is a 405,
 * not a request for a model called "get-user-credits").
 */
const SEG = '([^/]+)';
const TABLE = {
	api: [
		{
			route: 'credits',
			methods: ['GET'],
			re: /^\/v1\/get-user-credits$/,
			keys: [],
			handler: api.credits,
		},
		{
			route: 'poll',
			methods: ['GET'],
			re: new RegExp(`^/v1/requests/${SEG}$`),
			keys: ['id'],
			handler: api.poll,
		},
		{
			route: 'v1',
			methods: ['POST'],
			re: new RegExp(`^/v1/${SEG}$`),
			keys: ['slug'],
			handler: api.v1,
		},
		{
			route: 'status',
			methods: ['GET'],
			re: new RegExp(`^/v2/requests/${SEG}/status$`),
			keys: ['id'],
			handler: api.status,
		},
		{
			route: 'result',
			methods: ['GET'],
			re: new RegExp(`^/v2/requests/${SEG}$`),
			keys: ['id'],
			handler: api.result,
		},
		{
			route: 'submit',
			methods: ['POST'],
			re: new RegExp(`^/v2/${SEG}$`),
			keys: ['slug'],
			handler: api.submit,
		},
	],
	upload: [
		{
			route: 'upload',
			methods: ['POST'],
			re: /^\/upload-asset$/,
			keys: [],
			handler: upload,
		},
	],
	history: [
		{
			route: 'history',
			methods: ['GET'],
			re: /^\/inference-request\/request-history$/,
			keys: [],
			handler: history.list,
		},
		{
			route: 'historyRecord',
			methods: ['GET'],
			re: new RegExp(`^/inference-request/request-history/${SEG}$`),
			keys: ['id'],
			handler: history.record,
		},
	],
	files: [
		{
			route: 'download',
			methods: ['GET', 'HEAD'],
			re: new RegExp(`^/outputs/${SEG}$`),
			keys: ['file'],
			handler: download,
		},
		{
			route: 'asset',
			methods: ['GET', 'HEAD'],
			re: new RegExp(`^/assets/${SEG}$`),
			keys: ['file'],
			handler: asset,
		},
	],
};

/**
 * Returns null (no such path), or { route, handler, params, methodAllowed, methods }.
 */
function match(server, method, pathname) {
	const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
	for (const entry of TABLE[server]) {
		const m = entry.re.exec(path);
		if (!m) continue;
		const params = {};
		try {
			entry.keys.forEach((key, i) => {
				params[key] = decodeURIComponent(m[i + 1]);
			});
		} catch {
			return null; // malformed %-escape: treat as an unknown path
		}
		return {
			route: entry.route,
			handler: entry.handler,
			params,
			methods: entry.methods,
			methodAllowed: entry.methods.includes(method),
		};
	}
	return null;
}

module.exports = { match };
