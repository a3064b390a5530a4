'use strict';
/*
 * A tiny real HTTP server on 127.0.0.1 for harness tests (plain JS so TypeScript
 * test files need not import node:http). Types: echoServer.d.ts.
 *
 * Every request is recorded (method, path, query, headers, raw body). Routes are
 * matched on method + pathname; unmatched requests get a JSON echo of the request.
 */
const http = require('node:http');

function send(res, status, body, headers) {
	if (res.headersSent || res.writableEnded) return;
	let payload = body;
	const outHeaders = Object.assign({}, headers);
	if (Buffer.isBuffer(body) || typeof body === 'string') {
		if (!outHeaders['content-type']) {
			outHeaders['content-type'] = Buffer.isBuffer(body)
				? 'application/octet-stream'
				: 'text/plain';
		}
	} else {
		payload = JSON.stringify(body === undefined ? null : body);
		if (!outHeaders['content-type']) outHeaders['content-type'] = 'application/json';
	}
	res.writeHead(status, outHeaders);
	res.end(payload);
}

function describeRequest(rec) {
	return {
		method: rec.method,
		path: rec.path,
		query: rec.query,
		headers: rec.headers,
		bodyText: rec.body.toString('utf8'),
		bodyLength: rec.body.length,
	};
}

/**
 * @param {{ routes?: Record<string, Function> }} [options]
 */
async function startEchoServer(options) {
	/** @type {Map<string, Function>} */
	const routes = new Map();
	const requests = [];
	const sockets = new Set();

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('error', () => {});
		req.on('end', () => {
			const url = new URL(req.url || '/', 'http://127.0.0.1');
			const query = {};
			for (const [k, v] of url.searchParams) query[k] = v;
			const rec = {
				method: (req.method || 'GET').toUpperCase(),
				path: url.pathname,
				query,
				headers: req.headers,
				body: Buffer.concat(chunks),
				receivedAt: Date.now(),
			};
			requests.push(rec);
			const handler = routes.get(`${rec.method} ${rec.path}`) || routes.get(`* ${rec.path}`);
			const reply = {
				json: (status, body, headers) => send(res, status, body, headers),
				raw: (status, body, headers) => send(res, status, body, headers),
				echo: (status) => send(res, status || 200, describeRequest(rec)),
				res,
			};
			try {
				const out = handler ? handler(rec, reply) : reply.echo(200);
				if (out && typeof out.then === 'function') {
					out.catch((e) => send(res, 500, { message: String(e && e.message) }));
				}
			} catch (e) {
				send(res, 500, { message: String(e && e.message) });
			}
		});
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	const url = `http://127.0.0.1:${port}`;

	const api = {
		url,
		port,
		requests,
		/** register a handler: route('POST', '/x', (req, reply) => reply.json(200, {...})); method '*' matches any */
		route(method, path, handler) {
			routes.set(`${String(method).toUpperCase()} ${path}`, handler);
			return api;
		},
		/** requests whose path equals `path` */
		requestsTo(path) {
			return requests.filter((r) => r.path === path);
		},
		reset() {
			requests.length = 0;
			routes.clear();
		},
		async close() {
			for (const s of sockets) s.destroy();
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
	if (options && options.routes) {
		for (const [key, handler] of Object.entries(options.routes)) {
			const [method, path] = key.includes(' ') ? key.split(' ') : ['*', key];
			api.route(method, path, handler);
		}
	}
	return api;
}

/** resolve after `ms` milliseconds (for handlers that simulate slow endpoints) */
function delay(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { startEchoServer, delay };
