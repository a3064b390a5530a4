// 5. Upload memory: peak RSS growth while the node uploads a binary input (filesystem binary
// mode) to Segmind's upload host, vs a baseline that builds the data URL in memory as n8n's
// built-in vendor nodes do (buffer → base64 → JSON body). Fresh child per run; the simulator
// (which decodes the data URL) lives in this parent process, so its copy is not counted.
import * as fs from 'node:fs';

import { API_KEY, MiB, median, mib, runChild, table, verdict, videoFile } from './lib/common.mjs';

const MB = 1_000_000;
/** The largest binary input the node accepts (a video, models/limits.ts): 100 × 2^20 bytes. */
const LARGEST = 100 * MiB;
export const UPLOAD_SIZES = [10 * MB, 100 * MB, LARGEST];
const TARGET_MIB = 64;

const label = (bytes) => (bytes === LARGEST ? '100 MiB (largest accepted)' : `${bytes / MB} MB`);

/** wan2.7-r2v with one reference video from the input's binary field `data`. */
const nodeParameters = {
	model: 'wan2.7-r2v',
	prompt: 'Video1 waves',
	referenceVideos: { items: [{ source: 'binary', binaryPropertyName: 'data' }] },
};

const items = (file) => [{ json: {}, binary: { data: { file, mimeType: 'video/mp4' } } }];

/** The one upload the simulator received decoded to exactly the file's bytes. */
function checkUploaded(sim, file, kind) {
	const assets = [...sim.assets.values()];
	if (assets.length !== 1)
		throw new Error(`${kind}: expected one uploaded asset, saw ${assets.length}`);
	if (!assets[0].bytes.equals(fs.readFileSync(file)))
		throw new Error(`${kind}: the uploaded bytes differ from the file`);
	sim.assets.clear();
}

export async function runUpload({ sim, warmSim, runs }) {
	console.log(
		`\n## 5. Upload memory: peak RSS growth while uploading a binary input (filesystem mode; fresh child per run, ${runs} runs, median)`,
	);
	sim.reset();
	warmSim.reset();
	sim.configure({ generationMs: 50, queueMs: 10 });
	const warmFile = videoFile(256 * 1024);
	const common = { apiKey: API_KEY, memory: true, memoryFromExecute: true };
	const configs = {
		node: (file, s) => ({
			...common,
			kind: 'node',
			apiUrl: s.apiUrl,
			uploadUrl: s.uploadUrl,
			parameters: nodeParameters,
			items: items(file),
		}),
		baseline: (file, s) => ({
			...common,
			kind: 'uploadBaseline',
			apiUrl: s.apiUrl,
			uploadUrl: s.uploadUrl,
			items: items(file),
		}),
	};
	const results = [];
	for (const bytes of UPLOAD_SIZES) {
		const file = videoFile(bytes);
		const samples = { node: [], baseline: [] };
		for (let run = 0; run < runs; run++) {
			const order = run % 2 ? ['baseline', 'node'] : ['node', 'baseline'];
			for (const kind of order) {
				const { memory, memoryFromExecute, ...warm } = configs[kind](warmFile, warmSim);
				const result = await runChild({
					...configs[kind](file, sim),
					warmup: { ...warm, items: items(warmFile) },
				});
				checkUploaded(sim, file, kind);
				warmSim.assets.clear();
				samples[kind].push(result);
			}
		}
		results.push({
			bytes,
			node: {
				growth: median(samples.node.map((r) => r.growth)),
				all: samples.node.map((r) => r.growth),
			},
			baseline: {
				growth: median(samples.baseline.map((r) => r.growth)),
				all: samples.baseline.map((r) => r.growth),
			},
		});
	}
	sim.reset();
	table([
		[
			'binary input',
			'node growth (median)',
			'node runs',
			'in-memory baseline (median)',
			'baseline runs',
			'node / baseline',
		],
		...results.map((r) => [
			label(r.bytes),
			`${mib(r.node.growth)} MiB`,
			r.node.all.map(mib).join(', '),
			`${mib(r.baseline.growth)} MiB`,
			r.baseline.all.map(mib).join(', '),
			(r.node.growth / r.baseline.growth).toFixed(3),
		]),
	]);
	console.log(
		"  growth: peak RSS (VmHWM) during the node's execute() minus the RSS when it started; every run's upload decoded by the simulator equals the file",
	);
	const worst = Math.max(...results.map((r) => r.node.growth));
	const spread =
		Math.max(...results.map((r) => r.node.growth)) - Math.min(...results.map((r) => r.node.growth));
	console.log(
		`  node growth from ${label(UPLOAD_SIZES[0])} to ${label(LARGEST)} varies by ${mib(spread)} MiB (flat = independent of the file's size)`,
	);
	const met = worst <= TARGET_MIB * MiB;
	const v = verdict(
		`upload growth ≤ ${TARGET_MIB} MiB at every size`,
		met,
		met
			? `at most ${mib(worst)} MiB (baseline at the largest: ${mib(results[results.length - 1].baseline.growth)} MiB)`
			: `target missed by ${mib(worst - TARGET_MIB * MiB)} MiB (${mib(worst)} MiB)`,
	);
	return { results, verdicts: [v] };
}
