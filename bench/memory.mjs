// 1. Memory: peak RSS growth while the node stores a 10 / 100 / 500 MiB video through n8n-core
// (binary data mode 'filesystem'), vs the buffer baseline (httpRequest arraybuffer, then
// prepareBinaryData(buffer)). Every measurement runs in a fresh child; the simulator that
// serves the file lives in this (parent) process, so its copy of the video is not counted.
import * as fs from 'node:fs';

import {
	API_KEY,
	BENCH_SLUG,
	MiB,
	median,
	mib,
	moovAtEndVideoFile,
	runChild,
	table,
	verdict,
	videoFile,
} from './lib/common.mjs';
import { REMOVED_BLOCK_BYTES } from './lib/storageBlocks.mjs';

export const SIZES_MIB = [10, 100, 500];
const TARGET_MIB = 64;
/** The MP4 reader keeps one moov box (kilobytes here): its cost must vanish in run-to-run noise. */
const READER_SLACK_MIB = 8;
const READER_SIZE_MIB = 500;

export function nodeParameters(typicalSeconds) {
	return {
		operation: 'generate',
		model: 'other',
		otherSlug: BENCH_SLUG,
		otherBody: JSON.stringify({ prompt: 'benchmark', image: 'https://example.com/cat.png' }),
		otherTypicalSeconds: typicalSeconds,
		executionMode: 'wait',
	};
}

export function headHex(file) {
	const fd = fs.openSync(file, 'r');
	const head = Buffer.alloc(32);
	fs.readSync(fd, head, 0, 32, 0);
	fs.closeSync(fd);
	return head.toString('hex');
}

export async function runMemory({ sim, warmSim, runs }) {
	console.log(
		`\n## 1. Memory: peak RSS growth while storing the video (fresh child per run, ${runs} runs, median)`,
	);
	warmSim.outputs.set('warmup', warmSim.video);
	const common = { apiKey: API_KEY, apiUrl: sim.apiUrl, uploadUrl: sim.uploadUrl };
	const warmNode = {
		apiUrl: warmSim.apiUrl,
		uploadUrl: warmSim.uploadUrl,
		expectBytes: warmSim.video.length,
		expectHead: undefined,
	};
	const warmBaseline = {
		url: `${warmSim.filesUrl}/outputs/warmup.mp4`,
		expectBytes: warmSim.video.length,
		expectHead: undefined,
	};
	const results = [];
	for (const sizeMib of SIZES_MIB) {
		const bytes = sizeMib * MiB;
		const file = videoFile(bytes);
		sim.reset();
		sim.configure({ video: file, generationMs: 50, queueMs: 10 });
		sim.outputs.set('baseline', sim.video);
		const expectHead = headHex(file);
		const samples = { node: [], baseline: [] };
		for (let run = 0; run < runs; run++) {
			// Alternate the order so drift on a shared machine hits both sides alike.
			const order = run % 2 ? ['baseline', 'node'] : ['node', 'baseline'];
			for (const kind of order) {
				const config =
					kind === 'node'
						? {
								...common,
								kind,
								parameters: nodeParameters(1),
								expectBytes: bytes,
								expectHead,
								memory: true,
								warmup: warmNode,
							}
						: {
								...common,
								kind,
								url: `${sim.filesUrl}/outputs/baseline.mp4`,
								expectBytes: bytes,
								expectHead,
								memory: true,
								warmup: warmBaseline,
							};
				const result = await runChild(config);
				if (!result.peakReset && run === 0)
					console.log('  (VmHWM reset not allowed: using the 20 ms sampler only)');
				samples[kind].push(result);
			}
		}
		const nodeGrowth = median(samples.node.map((r) => r.growth));
		const baseGrowth = median(samples.baseline.map((r) => r.growth));
		results.push({
			sizeMib,
			node: {
				growth: nodeGrowth,
				all: samples.node.map((r) => r.growth),
				before: median(samples.node.map((r) => r.rssBefore)),
			},
			baseline: {
				growth: baseGrowth,
				all: samples.baseline.map((r) => r.growth),
				before: median(samples.baseline.map((r) => r.rssBefore)),
			},
		});
	}
	sim.reset();
	table([
		[
			'video',
			'node growth (median)',
			'node runs',
			'baseline growth (median)',
			'baseline runs',
			'node / baseline',
		],
		...results.map((r) => [
			`${r.sizeMib} MiB`,
			`${mib(r.node.growth)} MiB`,
			r.node.all.map(mib).join(', '),
			`${mib(r.baseline.growth)} MiB`,
			r.baseline.all.map(mib).join(', '),
			(r.node.growth / r.baseline.growth).toFixed(3),
		]),
	]);
	console.log(
		`  RSS just before the run (median): node ${mib(results[0].node.before)} MiB, baseline ${mib(results[0].baseline.before)} MiB`,
	);
	const largest = results[results.length - 1];
	const smallest = results[0];
	const flat = largest.node.growth - smallest.node.growth;
	console.log(
		`  node growth 10 → 500 MiB changes by ${mib(flat)} MiB (flat = independent of video size)`,
	);
	const v = verdict(
		`growth ≤ ${TARGET_MIB} MiB at 500 MiB`,
		largest.node.growth <= TARGET_MIB * MiB,
		largest.node.growth <= TARGET_MIB * MiB
			? `${mib(largest.node.growth)} MiB (baseline ${mib(largest.baseline.growth)} MiB, ${(largest.baseline.growth / largest.node.growth).toFixed(1)}× more)`
			: `target missed by ${mib(largest.node.growth - TARGET_MIB * MiB)} MiB (${mib(largest.node.growth)} MiB)`,
	);
	const reader = await runReaderComparison({ sim, common, warmNode, warmBaseline, runs });
	return { results, reader: reader.rows, verdicts: [v, reader.verdict] };
}

/**
 * The video-facts reader on vs off at 500 MiB, in the same run: moov first (the file above,
 * sample.mp4's boxes then padding) and moov at the END (a real mdat box of padding, then moov),
 * where the reader has to count past 500 MiB before it sees the movie header.
 */
async function runReaderComparison({ sim, common, warmNode, warmBaseline, runs }) {
	const bytes = READER_SIZE_MIB * MiB;
	const moovFirst = videoFile(bytes);
	const moovLast = moovAtEndVideoFile(bytes);
	const variants = [
		{ name: 'reader off, moov first', file: moovFirst, videoFacts: false },
		{
			name: 'reader on, moov first',
			file: moovFirst,
			expectFacts: { width: 320, height: 240, fileSizeBytes: bytes },
		},
		{
			name: 'reader on, moov at the end',
			file: moovLast,
			expectFacts: { width: 720, height: 1280, durationSeconds: 1.5, fileSizeBytes: bytes },
		},
		// The 512 KiB storage blocks issue 13 removed, put back: what merging would cost.
		{
			name: 'removed 512 KiB storage blocks put back, reader on, moov first',
			file: moovFirst,
			blockBytes: REMOVED_BLOCK_BYTES,
			expectFacts: { width: 320, height: 240, fileSizeBytes: bytes },
		},
		// The least any streaming n8n node can do: the node's growth is judged against it.
		{
			name: "n8n's streaming floor: httpRequest stream → prepareBinaryData",
			file: moovFirst,
			kind: 'baseline',
			mode: 'stream',
			url: `${sim.filesUrl}/outputs/baseline.mp4`,
			warmup: warmBaseline,
		},
		// The node's own download in a process that ran no job: its growth without the job's.
		{
			name: "the node's own download, no job before it (bench/lib/child.mjs 'nodeDownload')",
			file: moovFirst,
			kind: 'baseline',
			mode: 'nodeDownload',
			url: `${sim.filesUrl}/outputs/baseline.mp4`,
			warmup: warmBaseline,
		},
	];
	console.log(
		`\n  Video-facts reader, the removed storage blocks, n8n's streaming floor and the node's download without its job at ${READER_SIZE_MIB} MiB (same run; peak RSS growth, ${runs} runs each, rotating order, median):`,
	);
	const samples = variants.map(() => []);
	for (let run = 0; run < runs; run++) {
		for (let k = 0; k < variants.length; k++) {
			const index = (k + run) % variants.length;
			const variant = variants[index];
			sim.reset();
			sim.configure({ video: variant.file, generationMs: 50, queueMs: 10 });
			sim.outputs.set('baseline', sim.video);
			const { name: _name, file, ...options } = variant;
			const result = await runChild({
				...common,
				kind: 'node',
				parameters: nodeParameters(1),
				expectBytes: bytes,
				expectHead: headHex(file),
				memory: true,
				warmup: warmNode,
				...options,
			});
			samples[index].push(result.growth);
		}
	}
	sim.reset();
	const rows = variants.map((variant, i) => ({
		name: variant.name,
		growth: median(samples[i]),
		all: samples[i],
	}));
	table([
		['variant', 'growth (median)', 'runs'],
		...rows.map((row) => [row.name, `${mib(row.growth)} MiB`, row.all.map(mib).join(', ')]),
	]);
	const off = rows[0].growth;
	const worst = Math.max(rows[1].growth, rows[2].growth);
	const met = worst <= off + READER_SLACK_MIB * MiB;
	const shipped = rows[1];
	const blocks = rows[3];
	const floor = rows[4];
	const download = rows[5];
	console.log(
		`  removed storage blocks: ${mib(blocks.growth)} MiB with them against ${mib(shipped.growth)} MiB shipped (${mib(blocks.growth - shipped.growth)} MiB more)`,
	);
	console.log(
		`  n8n's own streaming floor: ${mib(floor.growth)} MiB; the shipped node ${mib(shipped.growth)} MiB (${mib(Math.abs(shipped.growth - floor.growth))} MiB ${shipped.growth >= floor.growth ? 'more' : 'less'})`,
	);
	console.log(
		`  the node's own download without its job: ${mib(download.growth)} MiB (${mib(Math.abs(download.growth - floor.growth))} MiB ${download.growth >= floor.growth ? 'more' : 'less'} than the floor)`,
	);
	return {
		rows,
		verdict: verdict(
			`reader on ≤ reader off + ${READER_SLACK_MIB} MiB at ${READER_SIZE_MIB} MiB`,
			met,
			`off ${mib(off)} MiB; on ${mib(rows[1].growth)} MiB (moov first), ${mib(rows[2].growth)} MiB (moov at the end)`,
		),
	};
}
