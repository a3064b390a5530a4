// 1. Memory: peak RSS growth while the node stores a 10 / 100 / 500 MiB video through n8n-core
// (binary data mode 'filesystem'), vs the buffer baseline (httpRequest arraybuffer, then
// prepareBinaryData(buffer)). Every measurement runs in a fresh child; the simulator that
// serves the file lives in this (parent) process, so its copy of the video is not counted.
import * as fs from 'node:fs';

import { API_KEY, BENCH_SLUG, MiB, median, mib, runChild, table, verdict, videoFile } from './lib/common.mjs';

export const SIZES_MIB = [10, 100, 500];
const TARGET_MIB = 64;

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
	console.log(`\n## 1. Memory: peak RSS growth while storing the video (fresh child per run, ${runs} runs, median)`);
	warmSim.outputs.set('warmup', warmSim.video);
	const common = { apiKey: API_KEY, apiUrl: sim.apiUrl, uploadUrl: sim.uploadUrl };
	const warmNode = { apiUrl: warmSim.apiUrl, uploadUrl: warmSim.uploadUrl, expectBytes: warmSim.video.length, expectHead: undefined };
	const warmBaseline = { url: `${warmSim.filesUrl}/outputs/warmup.mp4`, expectBytes: warmSim.video.length, expectHead: undefined };
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
						? { ...common, kind, parameters: nodeParameters(1), expectBytes: bytes, expectHead, memory: true, warmup: warmNode }
						: { ...common, kind, url: `${sim.filesUrl}/outputs/baseline.mp4`, expectBytes: bytes, expectHead, memory: true, warmup: warmBaseline };
				const result = await runChild(config);
				if (!result.peakReset && run === 0) console.log('  (VmHWM reset not allowed: using the 20 ms sampler only)');
				samples[kind].push(result);
			}
		}
		const nodeGrowth = median(samples.node.map((r) => r.growth));
		const baseGrowth = median(samples.baseline.map((r) => r.growth));
		results.push({
			sizeMib,
			node: { growth: nodeGrowth, all: samples.node.map((r) => r.growth), before: median(samples.node.map((r) => r.rssBefore)) },
			baseline: { growth: baseGrowth, all: samples.baseline.map((r) => r.growth), before: median(samples.baseline.map((r) => r.rssBefore)) },
		});
	}
	sim.reset();
	table([
		['video', 'node growth (median)', 'node runs', 'baseline growth (median)', 'baseline runs', 'node / baseline'],
		...results.map((r) => [
			`${r.sizeMib} MiB`,
			`${mib(r.node.growth)} MiB`,
			r.node.all.map(mib).join(', '),
			`${mib(r.baseline.growth)} MiB`,
			r.baseline.all.map(mib).join(', '),
			(r.node.growth / r.baseline.growth).toFixed(3),
		]),
	]);
	console.log(`  RSS just before the run (median): node ${mib(results[0].node.before)} MiB, baseline ${mib(results[0].baseline.before)} MiB`);
	const largest = results[results.length - 1];
	const smallest = results[0];
	const flat = largest.node.growth - smallest.node.growth;
	console.log(`  node growth 10 → 500 MiB changes by ${mib(flat)} MiB (flat = independent of video size)`);
	const v = verdict(
		`growth ≤ ${TARGET_MIB} MiB at 500 MiB`,
		largest.node.growth <= TARGET_MIB * MiB,
		largest.node.growth <= TARGET_MIB * MiB
			? `${mib(largest.node.growth)} MiB (baseline ${mib(largest.baseline.growth)} MiB, ${(largest.baseline.growth / largest.node.growth).toFixed(1)}× more)`
			: `target missed by ${mib(largest.node.growth - TARGET_MIB * MiB)} MiB (${mib(largest.node.growth)} MiB)`,
	);
	return { results, verdicts: [v] };
}
