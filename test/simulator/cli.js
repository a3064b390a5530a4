#!/usr/bin/env node
'use strict';

/**
 * Run the Segmind simulator as its own process, e.g. for a real n8n instance to talk to:
 *
 *   node test/simulator/cli.js [--port N] [--api-key KEY] [--generation-ms N] [--queue-ms N]
 *        [--result-ttl-ms N]
 *        [--v1-response raw|json-url|json-video-object|json-base64|json-data-uri]
 *        [--output-shape string|array|video-object|missing] [--upload-response urls|file_urls]
 *        [--video FILE.mp4] [--credits JSON] [--host 127.0.0.1] [--verbose]
 *        [--fail ROUTE:STATUS[:SKIP]]...  (repeatable) the first request on ROUTE after SKIP
 *        (default 0) untouched ones answers STATUS, once: e.g. --fail download:404 for "the first
 *        video download 404s once", --fail submit:406:1 for "the second submit is refused"
 *
 * Prints exactly one JSON line to stdout once listening:
 *   {"apiUrl":"http://127.0.0.1:P1","uploadUrl":"http://127.0.0.1:P2","filesUrl":"http://127.0.0.1:P3",
 *    "historyUrl":"http://127.0.0.1:P4","pid":123}
 * and nothing else on stdout afterwards (--verbose logs requests to stderr).
 * With --port N: api on N, upload on N+1, files on N+2, history on N+3; otherwise ephemeral ports.
 * Exits 0 on SIGTERM/SIGINT after closing the servers.
 */

const { startSimulator } = require('./segmindSimulator');

const USAGE =
	'usage: node test/simulator/cli.js [--port N] [--api-key KEY] [--generation-ms N] [--queue-ms N] ' +
	'[--result-ttl-ms N] ' +
	'[--v1-response MODE] [--output-shape SHAPE] [--upload-response urls|file_urls] [--video FILE] ' +
	'[--request-ids hex|uuid] [--video-encoding gzip|gzip-always] [--out-of-credits] [--fail-jobs N] ' +
	"[--credits JSON (GET /v1/get-user-credits body; 'null': 404 No credits found)] " +
	'[--host HOST] [--verbose] [--fail ROUTE:STATUS[:SKIP]]...';

/** flag → [option name, parser] */
const FLAGS = {
	'--port': ['port', toInt],
	'--api-key': ['apiKey', String],
	'--generation-ms': ['generationMs', toInt],
	'--queue-ms': ['queueMs', toInt],
	'--result-ttl-ms': ['resultTtlMs', toInt],
	'--v1-response': ['v1Response', String],
	'--output-shape': ['outputShape', String],
	'--upload-response': ['uploadResponse', String],
	'--request-ids': ['requestIds', String],
	'--video-encoding': ['videoEncoding', String],
	'--video': ['video', String],
	'--credits': ['credits', JSON.parse],
	'--host': ['host', String],
};

function toInt(value) {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0)
		throw new Error(`expected a non-negative integer, got ${JSON.stringify(value)}`);
	return n;
}

function parseArgs(argv) {
	const options = {};
	const faults = [];
	let verbose = false;
	let failJobs = 0;
	for (let i = 0; i < argv.length; i += 1) {
		let arg = argv[i];
		let value;
		const eq = arg.indexOf('=');
		if (arg.startsWith('--') && eq !== -1) {
			value = arg.slice(eq + 1);
			arg = arg.slice(0, eq);
		}
		if (arg === '--verbose' || arg === '-v') {
			verbose = true;
			continue;
		}
		if (arg === '--fail') {
			if (value === undefined) value = argv[++i];
			const [route, status, skip = '0'] = String(value).split(':');
			faults.push({ route, fault: { status: toInt(status), skip: toInt(skip) } });
			continue;
		}
		if (arg === '--out-of-credits') {
			options.outOfCredits = true;
			continue;
		}
		if (arg === '--fail-jobs') {
			// not a simulator option: the first N submitted v2 jobs end FAILED (sim.failJob)
			failJobs = toInt(value ?? argv[++i]);
			continue;
		}
		if (arg === '--help' || arg === '-h') {
			process.stderr.write(`${USAGE}\n`);
			process.exit(0);
		}
		const flag = FLAGS[arg];
		if (!flag) throw new Error(`unknown argument ${JSON.stringify(arg)}`);
		if (value === undefined) {
			i += 1;
			if (i >= argv.length) throw new Error(`${arg} needs a value`);
			value = argv[i];
		}
		options[flag[0]] = flag[1](value);
	}
	if (options.port) {
		options.uploadPort = options.port + 1;
		options.filesPort = options.port + 2;
		options.historyPort = options.port + 3;
	}
	if (verbose) options.log = (line) => process.stderr.write(`[segmind-sim] ${line}\n`);
	return { options, faults, failJobs };
}

async function main() {
	let options;
	let faults;
	let failJobs;
	try {
		({ options, faults, failJobs } = parseArgs(process.argv.slice(2)));
	} catch (err) {
		process.stderr.write(`${err.message}\n${USAGE}\n`);
		process.exit(2);
	}
	const sim = await startSimulator(options);
	for (const { route, fault } of faults) sim.failNext(route, fault);
	if (failJobs > 0) sim.failJob({ error: 'Content blocked by safety filter' }, failJobs);
	process.stdout.write(
		`${JSON.stringify({ apiUrl: sim.apiUrl, uploadUrl: sim.uploadUrl, filesUrl: sim.filesUrl, historyUrl: sim.historyUrl, pid: process.pid })}\n`,
	);

	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		if (options.log) options.log(`${signal}: shutting down`);
		sim.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
	process.stderr.write(`segmind simulator failed to start: ${err && err.stack}\n`);
	process.exit(1);
});
