'use strict';
// Test-only preload for the n8n under test in chains.e2e.mjs (NODE_OPTIONS=--require this file);
// never part of the package. n8n's YouTube and Google Drive nodes call fixed hosts
// (https://www.googleapis.com): their TLS connections are sent to the local fake instead, which
// presents a certificate of a CA made for this run (NODE_EXTRA_CA_CERTS). Every other name that
// is not local is refused before any packet leaves, and the refusal is logged so the suite fails.
const dns = require('node:dns');
const tls = require('node:tls');

const fakeHosts = new Set((process.env.CHAINS_FAKE_HOSTS || '').split(',').filter(Boolean));
const fakePort = Number(process.env.CHAINS_FAKE_TLS_PORT);
const LOCAL = new Set(['localhost', '127.0.0.1', '::1']);

if (fakeHosts.size > 0 && fakePort > 0) {
	// The suite requires this line in n8n's log: without the hook nothing would be proven offline.
	console.error(`CHAINS-OFFLINE active in pid ${process.pid}`);
	const refuse = (hostname) => {
		console.error(`CHAINS-OFFLINE refused ${hostname}`);
		const error = new Error(`chains e2e: ${hostname} is not a local host`);
		error.code = 'ENOTFOUND';
		return error;
	};
	const lookup = dns.lookup;
	dns.lookup = function (hostname, options, callback) {
		if (LOCAL.has(hostname)) return lookup.call(this, hostname, options, callback);
		const cb = typeof options === 'function' ? options : callback;
		process.nextTick(cb, refuse(hostname));
		return {};
	};
	const connect = tls.connect;
	tls.connect = function (...args) {
		const options = args.find((a) => a && typeof a === 'object');
		const host = options && (options.servername || options.host);
		if (options && fakeHosts.has(host)) {
			// Same TLS handshake (SNI and certificate check against the real name), local socket.
			Object.assign(options, { host: '127.0.0.1', port: fakePort, servername: host });
			return connect.call(this, options, ...args.filter((a) => typeof a === 'function'));
		}
		return connect.apply(this, args);
	};
}
