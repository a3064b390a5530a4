// 4. Transfer: how fast the node moves a 500 MiB output from the files host into n8n's binary
// storage (filesystem mode), vs curl fetching the same loopback URL into a file on the same disk.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {
	API_KEY,
	MiB,
	median,
	RAW_DOWNLOAD_SCRIPT,
	runChild,
	sec,
	table,
	verdict,
	videoFile,
} from './lib/common.mjs';
import { headHex, nodeParameters } from './memory.mjs';
import { REMOVED_BLOCK_BYTES } from './lib/storageBlocks.mjs';

const SIZE_MIB = 500;
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
/**
 * Issue 21 (was issue 13's 110 %, out of reach through n8n's store): the node's median
 * throughput ≥ 97 % of n8n's own streaming floor's, on Node 24 and Node 20.
 */
const TARGET_VS_FLOOR = 0.97;
/** …and no node round slower than 1.5 × the floor's median time. */
const SLOWEST_ROUND_VS_FLOOR = 1.5;
const MIN_ROUNDS = 7;
/**
 * How long the node's process sits idle on its job before the download: its first status
 * check comes 2 s after the submit (pollSchedule), and the simulator's job is done by then. An
 * idle process downloads more slowly afterwards (V8 and glibc give memory back meanwhile), so
 * the floor is also measured after the same idle time (BENCHMARKS.md, 2026-12-07 evening).
 */
const NODE_JOB_WAIT_MS = 2000;

const mibps = (bytes, ms) => bytes / MiB / (ms / 1000);

/**
 * A node run in a fresh child, timed from the files host receiving the video GET to the
 * node's execute() returning (the video is then stored in n8n's binary storage).
 */
async function harnessRun(sim, config) {
	const before = sim.requests.length;
	const result = await runChild(config);
	const downloads = sim.requests.slice(before).filter((r) => r.route === 'download');
	if (downloads.length !== 1)
		throw new Error(`expected one download request, saw ${downloads.length}`);
	// cpuMs: the child's user+system CPU during execute(); store*: while n8n stored the body.
	if (!(result.storeMs > 0)) throw new Error('the run stored nothing through prepareBinaryData');
	return {
		ms: result.endAt - downloads[0].at,
		cpuMs: result.cpuMs,
		systemMs: result.systemMs,
		pageFaults: result.pageFaults,
		storeCpuMs: result.storeCpuMs,
		storeSystemMs: result.storeSystemMs,
		storePageFaults: result.storePageFaults,
		waitedSeconds: result.items?.[0]?.waitedSeconds,
	};
}

/** Plain Node without n8n (bench/lib/rawDownload.mjs), timed inside the child from its GET. */
async function rawRun(url, mode, bytes) {
	const result = await runChild({ url, mode }, { script: RAW_DOWNLOAD_SCRIPT });
	if (result.bytes !== bytes)
		throw new Error(`raw ${mode} got ${result.bytes} bytes, expected ${bytes}`);
	return { ms: result.ms, cpuMs: result.cpuMs };
}

/**
 * curl into a file in os.tmpdir() (the same disk as the harness's binary storage). Spawned
 * asynchronously: the simulator serving the file runs in this process's event loop.
 */
async function curlRun(url, bytes) {
	const out = path.join(os.tmpdir(), `segmind-wan-bench-curl-${process.pid}.mp4`);
	try {
		const { code, stdout, stderr } = await new Promise((resolve, reject) => {
			const curlArgs = [
				'-sS',
				'--noproxy',
				'*',
				'-o',
				out,
				'-w',
				'%{time_total} %{size_download}',
				url,
			];
			// /usr/bin/time reports curl's CPU (user system, seconds) on stderr's last line.
			const child = TIME
				? spawn(TIME, ['-f', '%U %S', 'curl', ...curlArgs])
				: spawn('curl', curlArgs);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => (stdout += chunk));
			child.stderr.on('data', (chunk) => (stderr += chunk));
			child.on('error', reject);
			child.on('close', (code) => resolve({ code, stdout, stderr }));
		});
		if (code !== 0) throw new Error(`curl failed (${code}): ${stderr}`);
		const [total, size] = stdout.trim().split(' ').map(Number);
		if (size !== bytes || fs.statSync(out).size !== bytes)
			throw new Error(`curl got ${size} bytes, expected ${bytes}`);
		const [user, system] = TIME
			? stderr.trim().split('\n').pop().split(' ').map(Number)
			: [NaN, NaN];
		return { ms: total * 1000, cpuMs: (user + system) * 1000 };
	} finally {
		fs.rmSync(out, { force: true });
	}
}

export async function runTransfer({ sim, warmSim, runs: baseRuns }) {
	// Cheap (≈ 15 s a round) and noisy on a shared machine: at least 7 rounds.
	const runs = Math.max(baseRuns, MIN_ROUNDS);
	console.log(
		`\n## 4. Transfer: ${SIZE_MIB} MiB output into n8n's filesystem binary storage vs curl -o FILE (same URL, same disk; ${runs} runs each, rotating order, median)`,
	);
	const bytes = SIZE_MIB * MiB;
	const file = videoFile(bytes);
	sim.reset();
	sim.configure({ video: file, generationMs: 50, queueMs: 10 });
	sim.outputs.set('direct', sim.video);
	warmSim.outputs.set('warmup', warmSim.video);
	const url = `${sim.filesUrl}/outputs/direct.mp4`;
	const expectHead = headHex(file);
	// BENCH_HEAP_PRIMER_MIB: every harness child primes glibc's thresholds first (child.mjs).
	const primerMiB = Number(process.env.BENCH_HEAP_PRIMER_MIB ?? 0);
	if (primerMiB > 0)
		console.log(
			`  every harness child first allocates and frees ${primerMiB} MiB (glibc trim threshold ${2 * primerMiB} MiB)`,
		);
	const common = {
		heapPrimerBytes: primerMiB * MiB,
		apiKey: API_KEY,
		apiUrl: sim.apiUrl,
		uploadUrl: sim.uploadUrl,
		expectBytes: bytes,
		expectHead,
	};
	const warmNode = {
		apiUrl: warmSim.apiUrl,
		uploadUrl: warmSim.uploadUrl,
		expectBytes: warmSim.video.length,
		expectHead: undefined,
	};
	const warmUrl = (mode) => ({
		url: `${warmSim.filesUrl}/outputs/warmup.mp4`,
		mode,
		expectBytes: warmSim.video.length,
		expectHead: undefined,
	});
	// A harness client: the node, or n8n's own download helpers by mode ('baseline').
	const nodeRun =
		(extra = {}) =>
		() =>
			harnessRun(sim, {
				...common,
				kind: 'node',
				parameters: nodeParameters(1),
				warmup: warmNode,
				...extra,
			});
	const baselineRun =
		(mode, extra = {}) =>
		() =>
			harnessRun(sim, {
				...common,
				kind: 'baseline',
				url,
				mode,
				warmup: { ...warmUrl(mode), idleBeforeMs: 0 },
				...extra,
			});
	const allClients = [
		{
			id: 'node',
			name: 'node (Segmind Wan, harness, filesystem)',
			run: nodeRun({ expectFacts: { width: 320, height: 240 } }),
		},
		{ id: 'readerOff', name: 'node, video-facts reader off', run: nodeRun({ videoFacts: false }) },
		{
			id: 'floor',
			name: 'n8n floor: httpRequest stream → prepareBinaryData',
			run: baselineRun('stream'),
		},
		{
			id: 'floorAfterWait',
			name: `n8n floor, idle ${NODE_JOB_WAIT_MS / 1000} s first (as long as the node's job)`,
			run: baselineRun('stream', { idleBeforeMs: NODE_JOB_WAIT_MS }),
		},
		{
			id: 'nodeDownload',
			name: `the node's own download, no job before it (idle ${NODE_JOB_WAIT_MS / 1000} s first)`,
			run: baselineRun('nodeDownload', { idleBeforeMs: NODE_JOB_WAIT_MS }),
		},
		{
			id: 'buffer',
			name: 'buffer baseline: arraybuffer → prepareBinaryData',
			run: baselineRun('buffer'),
		},
		{ id: 'curl', name: 'curl -o FILE', run: () => curlRun(url, bytes) },
		// Where the time goes (plain Node, no n8n):
		{
			id: 'rawWriteFile',
			name: 'plain Node: http.get → fs.promises.writeFile',
			run: () => rawRun(url, 'writeFile', bytes),
		},
		{
			id: 'rawWriteStream',
			name: 'plain Node: http.get → WriteStream (1 MiB buffer)',
			run: () => rawRun(url, 'writeStream1m', bytes),
		},
		{
			id: 'rawDiscard',
			name: 'plain Node: http.get → discard',
			run: () => rawRun(url, 'discard', bytes),
		},
		// The floor with the node's own download stage and nothing else of the node (issue 21).
		{ id: 'stage', name: "n8n floor + the node's videoStream stage", run: baselineRun('stage') },
		{
			id: 'generatorStage',
			name: 'n8n floor + the removed generator stage',
			run: baselineRun('generatorStage'),
		},
		// What the removed 512 KiB storage blocks would buy (the memory section shows their cost).
		{
			id: 'blocks',
			name: 'node with the removed 512 KiB storage blocks put back',
			run: nodeRun({ blockBytes: REMOVED_BLOCK_BYTES }),
		},
	];
	// BENCH_TRANSFER_CLIENTS=node,floor,stage,curl: only those (more rounds in the same time).
	const only = process.env.BENCH_TRANSFER_CLIENTS?.split(',').filter(Boolean);
	for (const id of only ?? [])
		if (!allClients.some((c) => c.id === id))
			throw new Error(
				`unknown transfer client "${id}" (${allClients.map((c) => c.id).join(', ')})`,
			);
	for (const id of ['node', 'floor', 'curl'])
		if (only && !only.includes(id)) throw new Error(`BENCH_TRANSFER_CLIENTS must include ${id}`);
	const clients = only ? allClients.filter((c) => only.includes(c.id)) : allClients;
	await curlRun(url, bytes); // warms the page cache and the server path; not counted
	const samples = clients.map(() => []);
	for (let run = 0; run < runs; run++) {
		for (let k = 0; k < clients.length; k++) {
			// Rotate, so drift on a shared machine hits all alike; odd rounds go backwards, so no
			// client always follows the same one (e.g. the disk writeback of a 500 MiB write).
			const step = run % 2 ? clients.length - 1 - k : k;
			const index = (step + run) % clients.length;
			samples[index].push(await clients[index].run());
		}
	}
	sim.reset();
	const at = Object.fromEntries(clients.map((c, i) => [c.id, i]));
	const times = samples.map((list) => list.map((s) => s.ms));
	const medians = times.map(median);
	const cpu = samples.map((list) => median(list.map((s) => s.cpuMs)));
	// CPU while n8n's store took the body: the transfer alone (the node's execute() also runs its job).
	const storeCpu = samples.map((list) => median(list.map((s) => s.storeCpuMs)));
	const [node, floor, curl] = [at.node, at.floor, at.curl];
	const [nodeMs, floorMs, curlMs] = [medians[node], medians[floor], medians[curl]];
	console.log('  round by round (node vs n8n floor, each round in rotated order):');
	table([
		[
			'round',
			'node',
			'floor',
			'curl',
			'node throughput / floor',
			'node store CPU',
			'floor store CPU',
		],
		...times[node].map((_, round) => [
			String(round + 1),
			`${sec(times[node][round])} s`,
			`${sec(times[floor][round])} s`,
			`${sec(times[curl][round])} s`,
			`${((times[floor][round] / times[node][round]) * 100).toFixed(1)} %`,
			`${sec(samples[node][round].storeCpuMs)} s`,
			`${sec(samples[floor][round].storeCpuMs)} s`,
		]),
	]);
	const harness = (i) => samples[i][0].pageFaults !== undefined;
	table([
		[
			'client',
			'time (median)',
			'runs',
			'throughput',
			'vs curl',
			'CPU (median)',
			'store CPU',
			'store system CPU',
			'store page faults',
		],
		...clients.map((client, i) => [
			client.name,
			`${sec(medians[i])} s`,
			times[i].map(sec).join(', '),
			`${mibps(bytes, medians[i]).toFixed(0)} MiB/s`,
			`${((curlMs / medians[i]) * 100).toFixed(1)} %`,
			Number.isFinite(cpu[i]) ? `${sec(cpu[i])} s` : 'n/a',
			harness(i) ? `${sec(storeCpu[i])} s` : 'n/a',
			harness(i) ? `${sec(median(samples[i].map((s) => s.storeSystemMs)))} s` : 'n/a',
			harness(i) ? samples[i].map((s) => s.storePageFaults).join(', ') : 'n/a',
		]),
	]);
	console.log(
		"  time: from the files host receiving the GET to the video being stored (node: execute() returned); CPU: user+system of the client process during execute() (the node's includes its job); store CPU: while n8n's prepareBinaryData took the body",
	);
	const vsFloor = floorMs / nodeMs;
	const cpuVsFloor = storeCpu[node] / storeCpu[floor];
	const slowest = Math.max(...times[node]);
	console.log(
		`  node vs n8n's own streaming floor: ${(vsFloor * 100).toFixed(1)} % of its throughput, ${(cpuVsFloor * 100).toFixed(0)} % of its store CPU (${((cpu[node] / cpu[floor]) * 100).toFixed(0)} % of its execute() CPU); node ${((curlMs / nodeMs) * 100).toFixed(1)} % of curl, floor ${((curlMs / floorMs) * 100).toFixed(1)} % of curl`,
	);
	if (at.stage !== undefined)
		console.log(
			`  the floor with the node's stage: ${((floorMs / medians[at.stage]) * 100).toFixed(1)} % of the floor's throughput; the node ${((medians[at.stage] / nodeMs) * 100).toFixed(1)} % of the floor-with-stage's`,
		);
	if (at.generatorStage !== undefined)
		console.log(
			`  the floor with the removed generator stage: ${((floorMs / medians[at.generatorStage]) * 100).toFixed(1)} % of the floor's throughput`,
		);
	if (at.blocks !== undefined)
		console.log(
			`  removed storage blocks: the node with them put back reaches ${((nodeMs / medians[at.blocks]) * 100).toFixed(1)} % of the shipped node's throughput, at ${((storeCpu[at.blocks] / storeCpu[node]) * 100).toFixed(0)} % of its store CPU (${((floorMs / medians[at.blocks]) * 100).toFixed(1)} % of the floor)`,
		);
	const waits = samples[node].map((x) => x.waitedSeconds).filter(Number.isFinite);
	console.log(
		`  the node's job wait before its download: ${waits.length ? median(waits).toFixed(2) : 'n/a'} s (median); the idle floor waits ${NODE_JOB_WAIT_MS / 1000} s`,
	);
	// Per round (rotated order), another client's time over the node's (or `against`'s): robust
	// to drift across rounds.
	const pairedRatio = (other, against = node) =>
		median(times[against].map((ms, round) => times[other][round] / ms));
	console.log(
		`  per-round median of floor time / node time: ${(pairedRatio(floor) * 100).toFixed(1)} %${at.floorAfterWait === undefined ? '' : `; against the floor idle as long: ${(pairedRatio(at.floorAfterWait) * 100).toFixed(1)} %`}`,
	);
	const verdicts = [
		verdict(
			`node median ≥ ${Math.round(TARGET_VS_FLOOR * 100)} % of the n8n floor's throughput (${runs} interleaved rounds)`,
			vsFloor >= TARGET_VS_FLOOR,
			vsFloor >= TARGET_VS_FLOOR
				? `${(vsFloor * 100).toFixed(1)} % (node ${sec(nodeMs)} s, floor ${sec(floorMs)} s; ${((curlMs / nodeMs) * 100).toFixed(1)} % of curl)`
				: `target missed by ${((TARGET_VS_FLOOR - vsFloor) * 100).toFixed(1)} points (${(vsFloor * 100).toFixed(1)} %; ${((curlMs / nodeMs) * 100).toFixed(1)} % of curl)`,
		),
		verdict(
			`no node round slower than ${SLOWEST_ROUND_VS_FLOOR} × the floor's median`,
			slowest <= SLOWEST_ROUND_VS_FLOOR * floorMs,
			`slowest node round ${sec(slowest)} s against ${sec(SLOWEST_ROUND_VS_FLOOR * floorMs)} s (${(slowest / floorMs).toFixed(2)} × the floor's median)`,
		),
		verdict(
			"node CPU per 500 MiB stored ≤ the floor's",
			Number.isFinite(cpuVsFloor) && cpuVsFloor <= 1,
			`node ${sec(storeCpu[node])} s, floor ${sec(storeCpu[floor])} s (${(cpuVsFloor * 100).toFixed(0)} %)`,
		),
	];
	if (at.floorAfterWait !== undefined) {
		const idle = at.floorAfterWait;
		const vsIdle = medians[idle] / nodeMs;
		const cpuVsIdle = storeCpu[node] / storeCpu[idle];
		console.log(
			`  node vs the floor idle as long as the node's job: ${(vsIdle * 100).toFixed(1)} % of its throughput, ${(cpuVsIdle * 100).toFixed(0)} % of its store CPU (the idle floor ${((floorMs / medians[idle]) * 100).toFixed(1)} % of the floor's throughput)`,
		);
		verdicts.push(
			verdict(
				`like for like: node median ≥ ${Math.round(TARGET_VS_FLOOR * 100)} % of the throughput of the floor idle as long as the node's job`,
				vsIdle >= TARGET_VS_FLOOR,
				`${(vsIdle * 100).toFixed(1)} % (node ${sec(nodeMs)} s, idle floor ${sec(medians[idle])} s)`,
			),
			verdict(
				"like for like: node store CPU ≤ the idle floor's",
				cpuVsIdle <= 1,
				`node ${sec(storeCpu[node])} s, idle floor ${sec(storeCpu[idle])} s (${(cpuVsIdle * 100).toFixed(0)} %)`,
			),
		);
	}
	if (at.nodeDownload !== undefined) {
		// The download path alone against the job before it: splits the node's residue in two.
		const download = at.nodeDownload;
		const idle = at.floorAfterWait ?? floor;
		console.log(
			`  the node's download without its job: ${((medians[idle] / medians[download]) * 100).toFixed(1)} % of the ${at.floorAfterWait === undefined ? '' : 'idle '}floor's throughput at ${((storeCpu[download] / storeCpu[idle]) * 100).toFixed(0)} % of its store CPU (per round ${(pairedRatio(idle, download) * 100).toFixed(1)} %); the node ${((medians[download] / nodeMs) * 100).toFixed(1)} % of it`,
		);
	}
	let readerRatio;
	if (at.readerOff !== undefined) {
		readerRatio = medians[at.readerOff] / nodeMs;
		console.log(
			`  video-facts reader: node with it reaches ${(readerRatio * 100).toFixed(1)} % of the throughput without it (runs: on ${times[node].map(sec).join(', ')} s; off ${times[at.readerOff].map(sec).join(', ')} s)`,
		);
		verdicts.push(
			verdict(
				'reader on within noise of reader off (≥ 95 % of its throughput)',
				readerRatio >= 0.95,
				`${(readerRatio * 100).toFixed(1)} % (on ${sec(nodeMs)} s, off ${sec(medians[at.readerOff])} s, medians)`,
			),
		);
	}
	return {
		clients: clients.map((c, i) => ({
			id: c.id,
			name: c.name,
			medianMs: medians[i],
			runs: times[i],
			cpuMs: cpu[i],
			storeCpuMs: storeCpu[i],
		})),
		ratio: curlMs / nodeMs,
		floorRatio: curlMs / floorMs,
		vsFloor,
		cpuVsFloor,
		slowestNodeMs: slowest,
		readerRatio,
		verdicts,
	};
}
