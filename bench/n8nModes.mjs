// `npm run bench:n8n`: peak memory of a real n8n (2.41.1 CLI on Node 24, its runtime) storing one
// big video, per binary data mode, the Segmind Wan node against n8n's own floor (the HTTP Request
// node, response format File, downloading the same URL from the same server) in the same round.
// Issue 21 part 1. A benchmark, not a test: it exits 1 only when a run breaks or stores the
// wrong number of bytes.
//
//   npm run bench:n8n                         filesystem + database, fixture / 100 / 500 MiB
//   BENCH_RUNS=5 npm run bench:n8n            rounds (default 3), each under /tmp/e2e.lock
//   npm run bench:n8n -- --modes database --sizes 100
//   npm run bench:n8n -- --json FILE
//
// Each round runs every (mode × size × node/floor) once, the node first in odd rounds and the
// floor first in even ones. The fixture (11 kB) rows are n8n's own footprint: "over fixture" is
// what a size costs on top of it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { FIXTURE_VIDEO, MiB, median, machine, table, videoFile } from './lib/common.mjs';
import {
	dropStoredBinaries,
	measuredExecute,
	storedBytes,
	takeLock,
	TIME,
} from './lib/n8nExecute.mjs';
import { ensureToolchain } from '../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../scripts/e2e/communityPackage.mjs';
import { nodeItems } from '../scripts/e2e/n8nCli.mjs';
import { spawnTracked } from '../scripts/e2e/processes.mjs';
import {
	buildAndPack,
	fanOutWorkflow,
	importCredentials,
	importWorkflows,
	manualTrigger,
	randomApiKey,
	segmindCredential,
	startSimulator,
} from '../scripts/e2e/segmind.mjs';

const NODE_NAME = 'Segmind Wan';
const FLOOR_NAME = 'HTTP Request';
const MODEL = 'wan2.7-i2v';

function option(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	return at >= 0 ? process.argv[at + 1] : fallback;
}

const MODES = option('modes', 'filesystem,database').split(',');
const SIZES = ['fixture', ...option('sizes', '100,500').split(',').map(Number)];
const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const sizeLabel = (size) => (size === 'fixture' ? 'fixture (11 kB)' : `${size} MiB`);
const mib = (bytes) => (bytes / MiB).toFixed(0);

/** A job run through the simulator's API, for a URL the floor can download (the job's output). */
async function outputUrl(sim) {
	const headers = { 'x-api-key': sim.apiKey, 'content-type': 'application/json' };
	const submit = await (
		await fetch(`${sim.apiUrl}/v2/${MODEL}`, { method: 'POST', headers, body: '{"prompt":"x"}' })
	).json();
	for (let i = 0; i < 100; i++) {
		const status = await (await fetch(submit.status_url, { headers })).json();
		if (status.status === 'COMPLETED') break;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const result = await (await fetch(submit.response_url, { headers })).json();
	if (typeof result.output !== 'string')
		throw new Error(`no output URL: ${JSON.stringify(result)}`);
	return result.output;
}

/** Manual Trigger → HTTP Request (GET, response format File): n8n's own streaming download. */
function floorWorkflow(id, url) {
	const trigger = manualTrigger();
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			trigger,
			{
				id: `${id}-http`,
				name: FLOOR_NAME,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [240, 0],
				parameters: {
					url,
					options: { response: { response: { responseFormat: 'file' } } },
				},
			},
		],
		connections: {
			[trigger.name]: { main: [[{ node: FLOOR_NAME, type: 'main', index: 0 }]] },
		},
		pinData: {},
	};
}

/** One simulator per size, serving that video; credentials and workflow ids per size. */
async function startServers() {
	const servers = [];
	for (const size of SIZES) {
		const file = size === 'fixture' ? FIXTURE_VIDEO : videoFile(size * MiB);
		const sim = await startSimulator({
			apiKey: randomApiKey(),
			args: ['--video', file, '--generation-ms', '200', '--queue-ms', '10'],
		});
		const key = size === 'fixture' ? 'fixture' : `s${size}`;
		const credential = segmindCredential({
			id: `bc${key}`.padEnd(16, '0'),
			name: `Segmind ${key}`,
			apiKey: sim.apiKey,
			baseUrl: sim.apiUrl,
		});
		const node = fanOutWorkflow({
			id: `bn${key}`.padEnd(16, '0'),
			name: `node ${key}`,
			credential,
			nodes: [{ name: NODE_NAME, model: MODEL, mode: 'wait' }],
		});
		const floor = floorWorkflow(`bf${key}`.padEnd(16, '0'), await outputUrl(sim));
		servers.push({ size, bytes: fs.statSync(file).size, sim, credential, node, floor });
	}
	return servers;
}

/** n8n 2.41.1 refuses `s3` without a licence before it connects anywhere: shown, not assumed. */
async function s3Refusal(ctx, workflowId) {
	const { done } = spawnTracked(
		ctx.toolchain.node,
		[ctx.toolchain.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'],
		{
			env: ctx.env({
				N8N_DEFAULT_BINARY_DATA_MODE: 's3',
				N8N_EXTERNAL_STORAGE_S3_HOST: '127.0.0.1:9',
				N8N_EXTERNAL_STORAGE_S3_BUCKET_NAME: 'bench',
				N8N_EXTERNAL_STORAGE_S3_BUCKET_REGION: 'us-east-1',
				N8N_EXTERNAL_STORAGE_S3_ACCESS_KEY: 'bench',
				N8N_EXTERNAL_STORAGE_S3_ACCESS_SECRET: 'bench',
			}),
			cwd: ctx.tmpDir,
			label: 'n8n execute (s3)',
			timeoutMs: 180_000,
		},
	);
	const res = await done;
	const line = `${res.stdout}\n${res.stderr}`
		.split('\n')
		.find((l) => /s3/i.test(l) && /licen/i.test(l));
	return { exitCode: res.exitCode, line: line?.trim() };
}

async function measure(ctx, server, client) {
	const workflow = server[client];
	const run = await measuredExecute(ctx, workflow.id);
	const name = client === 'node' ? NODE_NAME : FLOOR_NAME;
	const item = nodeItems(run.json, name)?.[0];
	const stored = await storedBytes(ctx, item?.binary?.data);
	if (stored !== server.bytes)
		throw new Error(`${client} ${server.size}: n8n stored ${stored} bytes, served ${server.bytes}`);
	const execMs = run.json.data.resultData.runData[name][0].executionTime;
	await dropStoredBinaries(ctx);
	return {
		peakRss: run.peakRss,
		cpuMs: run.cpuMs,
		wallMs: run.wallMs,
		execMs,
		segfaulted: run.segfaulted,
	};
}

function report(results) {
	const rows = [
		[
			'mode',
			'video',
			'node peak RSS',
			'floor peak RSS',
			'node / floor',
			'node over fixture',
			'floor over fixture',
			'node runs (MiB)',
			'floor runs (MiB)',
		],
	];
	const summary = [];
	for (const mode of MODES) {
		const peak = (size, client) => median(results[mode][size][client].map((r) => r.peakRss));
		for (const size of SIZES) {
			const node = peak(size, 'node');
			const floor = peak(size, 'floor');
			const nodeOver = node - peak('fixture', 'node');
			const floorOver = floor - peak('fixture', 'floor');
			summary.push({ mode, size, node, floor, nodeOver, floorOver });
			rows.push([
				mode,
				sizeLabel(size),
				`${mib(node)} MiB`,
				`${mib(floor)} MiB`,
				(node / floor).toFixed(3),
				size === 'fixture' ? '—' : `${mib(nodeOver)} MiB`,
				size === 'fixture' ? '—' : `${mib(floorOver)} MiB`,
				results[mode][size].node.map((r) => mib(r.peakRss)).join(', '),
				results[mode][size].floor.map((r) => mib(r.peakRss)).join(', '),
			]);
		}
	}
	console.log(`\n## Peak RSS of \`n8n execute\` (median of ${ROUNDS}; /usr/bin/time -v)`);
	table(rows);
	const times = [
		[
			'mode',
			'video',
			'node exec',
			'floor exec',
			'node CPU',
			'floor CPU',
			'node wall',
			'floor wall',
		],
	];
	for (const mode of MODES) {
		for (const size of SIZES) {
			const m = (client, field) =>
				(median(results[mode][size][client].map((r) => r[field])) / 1000).toFixed(2);
			times.push([
				mode,
				sizeLabel(size),
				m('node', 'execMs'),
				m('floor', 'execMs'),
				m('node', 'cpuMs'),
				m('floor', 'cpuMs'),
				m('node', 'wallMs'),
				m('floor', 'wallMs'),
			]);
		}
	}
	console.log(
		"\n## Time (s, median): the node's execution includes its job wait (first check at 2 s); CPU and wall are the whole `n8n execute`",
	);
	table(times);
	return summary;
}

async function main() {
	if (!fs.existsSync(TIME)) throw new Error(`${TIME} is needed for the peak RSS`);
	const info = machine();
	console.log('# Real n8n: peak memory per binary data mode (issue 21)');
	console.log(
		`  ${info.date} · nproc ${info.nproc} · memory ${info.memTotalMiB} MiB · load ${info.loadavg}`,
	);
	const started = Date.now();
	const toolchain = await ensureToolchain();
	console.log(
		`  n8n ${toolchain.n8nVersion} on ${toolchain.node} · rounds ${ROUNDS} · modes ${MODES.join(', ')}`,
	);
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmind-bench-pack-'));
	const contexts = {};
	let servers = [];
	const results = {};
	try {
		const tarball = await buildAndPack(packDir, { toolchain });
		servers = await startServers();
		for (const mode of MODES) {
			const ctx = await createN8nContext({ toolchain, binaryDataMode: mode });
			contexts[mode] = ctx;
			await installCommunityPackage(ctx, tarball);
			await importCredentials(
				ctx,
				servers.map((s) => s.credential),
			);
			await importWorkflows(
				ctx,
				servers.flatMap((s) => [s.node, s.floor]),
			);
			results[mode] = Object.fromEntries(SIZES.map((size) => [size, { node: [], floor: [] }]));
		}
		const s3 = await s3Refusal(contexts[MODES[0]], servers[0].floor.id);
		console.log(`  s3: n8n execute exit ${s3.exitCode}: ${s3.line ?? '(no licence line)'}`);
		for (let round = 1; round <= ROUNDS; round++) {
			const release = await takeLock();
			try {
				const order = round % 2 ? ['node', 'floor'] : ['floor', 'node'];
				for (const mode of MODES) {
					for (const server of servers) {
						for (const client of order) {
							const r = await measure(contexts[mode], server, client);
							results[mode][server.size][client].push(r);
							console.log(
								`  round ${round} ${mode} ${sizeLabel(server.size)} ${client}: peak ${mib(r.peakRss)} MiB, exec ${(r.execMs / 1000).toFixed(2)} s, CPU ${(r.cpuMs / 1000).toFixed(2)} s${r.segfaulted ? ' (segfault on exit)' : ''}`,
							);
						}
					}
				}
			} finally {
				await release();
			}
		}
		const summary = report(results);
		console.log(`\n  ${((Date.now() - started) / 1000).toFixed(0)} s`);
		const jsonAt = process.argv.indexOf('--json');
		if (jsonAt >= 0)
			fs.writeFileSync(
				process.argv[jsonAt + 1],
				`${JSON.stringify({ info, toolchain: toolchain.n8nVersion, s3, results, summary }, null, 2)}\n`,
			);
	} finally {
		for (const server of servers) await server.sim.stop();
		for (const ctx of Object.values(contexts)) await ctx.dispose();
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`bench failed: ${error?.stack ?? error}`);
	process.exitCode = 1;
});
