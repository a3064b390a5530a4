// One measured run in a fresh process: the Segmind Wan node (or the buffer baseline) through
// n8n-core's real WorkflowExecute (test/harness, binary data mode 'filesystem'), against a
// simulator that lives in the PARENT process. Prints one line `BENCH_RESULT {json}`.
//
//   node --expose-gc bench/lib/child.mjs '<json config>'
//
// config: { kind: 'node' | 'baseline', apiKey, apiUrl, uploadUrl, warmup?: {...}, parameters?,
// items?,
// url? + mode? ('buffer' | 'stream', baseline), expectBytes?, expectHead?, memory?, timeoutMs?,
//           videoFacts? (false: the MP4 reader switched off, for the reader-on/off comparison),
//           expectFacts? (fields item.json.video must have: proves the reader ran),
// blockBytes? (the removed storage blocks of this size put back, for the storage-block comparison),
// idleBeforeMs? (baseline: idle this long before the download, as the node's process does while
// its job runs), requestOptions? (baseline: the node's download options merged into the
// floor's request, for bench/probes/requestOptions.mjs) }
//   kind 'uploadBaseline': uploads the input's binary `data` the way n8n's built-in vendor nodes
//   do (the whole file, its base64 data URL and the JSON body in memory). items[].binary[k].file:
//   a path stored into n8n's binary store as a stream before the measured node runs.
//   memoryFromExecute: the peak and the RSS before are taken from the measured node's execute()
//   (so storing the input items is not counted).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { BUILD_DIR, require } from './common.mjs';
import { generatorStage } from './generatorStage.mjs';
import { addStorageBlocks } from './storageBlocks.mjs';

const { runNode } = require(path.join(BUILD_DIR, 'test', 'harness', 'index.js'));
const { SegmindWan } = require(path.join(BUILD_DIR, 'nodes', 'SegmindWan', 'SegmindWan.node.js'));
const { SegmindApi } = require(path.join(BUILD_DIR, 'credentials', 'SegmindApi.credentials.js'));

const config = JSON.parse(process.argv[2]);
/** The run in progress (the warm-up, then the measured run): what the baselines read. */
let activeRun = config;

if (config.heapPrimerBytes) {
	// One large allocation freed before anything runs: glibc then raises its dynamic mmap and
	// trim thresholds (to the size and twice it), so it stops giving back and re-faulting the
	// HTTP parser's chunk memory. Applied to every client alike (BENCH_HEAP_PRIMER_MIB).
	let primer = Buffer.allocUnsafeSlow(config.heapPrimerBytes);
	primer.fill(1);
	primer = null;
	global.gc();
}

if (config.videoFacts === false) {
	// Reader off: the videoStream stage still hands it every chunk, but it does nothing with them.
	const { Mp4FactsReader } = require(
		path.join(BUILD_DIR, 'nodes', 'SegmindWan', 'videoFacts', 'mp4', 'mp4FactsReader.js'),
	);
	Mp4FactsReader.prototype.push = () => {};
	Mp4FactsReader.prototype.finish = () => ({ facts: null, reason: 'reader off (benchmark)' });
}

if (config.blockBytes) {
	// The removed 512 KiB storage blocks put back, for the blocks comparison (storageBlocks.mjs).
	addStorageBlocks(config.blockBytes);
}

// ---- memory probes -------------------------------------------------------------------------

function statusKb(field) {
	const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(
		fs.readFileSync('/proc/self/status', 'utf8'),
	);
	return match ? Number(match[1]) * 1024 : undefined;
}

/** Resets the kernel's peak-RSS mark (VmHWM) to the current RSS; false where not allowed. */
function resetPeak() {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/** RSS sampled every 20 ms (a cross-check of VmHWM, and the fallback without clear_refs). */
function startSampler() {
	let peak = process.memoryUsage.rss();
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, 20);
	return () => {
		clearInterval(timer);
		return Math.max(peak, process.memoryUsage.rss());
	};
}

// ---- node types ----------------------------------------------------------------------------

/**
 * Records CPU, page faults and time while n8n's prepareBinaryData stores (summed over the
 * run's calls: one per item): the transfer alone for a streamed body, for node and floor alike
 * (the node's execute() also runs its job); for the buffer baseline, only the write.
 */
function watchStore(context, marks) {
	const helpers = context.helpers;
	const store = helpers.prepareBinaryData;
	Object.assign(marks, { storeMs: 0, storeCpuMs: 0, storeSystemMs: 0, storePageFaults: 0 });
	context.helpers = {
		...helpers,
		async prepareBinaryData(...args) {
			// The V8 heap the transfer's collections have to walk (first store of the run).
			marks.storeHeapUsed ??= process.memoryUsage().heapUsed;
			const cpuBefore = process.cpuUsage();
			const faultsBefore = process.resourceUsage().minorPageFault;
			const startAt = Date.now();
			try {
				return await store.apply(helpers, args);
			} finally {
				const cpu = process.cpuUsage(cpuBefore);
				marks.storeMs += Date.now() - startAt;
				marks.storeCpuMs += (cpu.user + cpu.system) / 1000;
				marks.storeSystemMs += cpu.system / 1000;
				marks.storePageFaults += process.resourceUsage().minorPageFault - faultsBefore;
			}
		},
	};
}

/** Wraps a node type so the run records when its execute started/ended and the peak RSS then. */
function instrumented(nodeType, marks) {
	const wrapped = Object.create(nodeType);
	wrapped.execute = async function (...args) {
		watchStore(this, marks);
		if (marks.fromExecute) {
			global.gc?.();
			marks.rssBefore = process.memoryUsage.rss();
			marks.peakReset = resetPeak();
			marks.stopSampler = startSampler();
		}
		marks.startAt = Date.now();
		const cpuBefore = process.cpuUsage();
		const usageBefore = process.resourceUsage();
		try {
			return await nodeType.execute.apply(this, args);
		} finally {
			marks.endAt = Date.now();
			const cpu = process.cpuUsage(cpuBefore);
			marks.cpuMs = (cpu.user + cpu.system) / 1000;
			marks.userMs = cpu.user / 1000;
			marks.systemMs = cpu.system / 1000;
			// Counts, not times: they do not move with other load on the machine.
			const usage = process.resourceUsage();
			marks.pageFaults = usage.minorPageFault - usageBefore.minorPageFault;
			marks.contextSwitches = usage.voluntaryContextSwitches - usageBefore.voluntaryContextSwitches;
			marks.hwm = statusKb('VmHWM');
			marks.sampledPeak = marks.stopSampler?.();
		}
	};
	return wrapped;
}

/** The node's own download stage (signature check, count, MP4 reader), for the 'stage' floor. */
const videoStage = () =>
	require(path.join(BUILD_DIR, 'nodes', 'SegmindWan', 'transport', 'media', 'videoStream.js'));

/** The node's whole download (transport/media/download.ts) without its job, for 'nodeDownload'. */
async function nodeDownload(context, itemIndex, url) {
	const { downloadVideo } = require(
		path.join(BUILD_DIR, 'nodes', 'SegmindWan', 'transport', 'media', 'download.js'),
	);
	const scope = {
		ctx: context,
		itemIndex,
		endpoints: { apiUrl: url, uploadUrl: url, historyUrl: url },
		redact: (value) => value,
		deadline: Date.now() + 600_000,
		jobFinished: true,
	};
	const stored = await downloadVideo(scope, url, 'video.mp4');
	return stored.binary;
}

/** Options the node's own download passes (config.requestOptions), for the floor to try one by one. */
function requestOptions(options) {
	if (!options) return {};
	const { abortSignalMs, ...rest } = options;
	return abortSignalMs ? { ...rest, abortSignal: AbortSignal.timeout(abortSignalMs) } : rest;
}

/** The video's body through n8n's httpRequest helper, as each baseline mode takes it. */
async function helperBody(context, url, mode) {
	if (mode === 'stream' || mode === 'stage' || mode === 'generatorStage') {
		let data = await context.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			json: false,
			...requestOptions(activeRun.requestOptions),
		});
		if (activeRun.requestOptions?.returnFullResponse) data = data.body;
		if (mode === 'stage') return videoStage().videoStream(data).stream;
		if (mode === 'generatorStage') return generatorStage(data);
		return data;
	}
	const body = await context.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'arraybuffer',
		json: false,
	});
	return Buffer.isBuffer(body) ? body : Buffer.from(body);
}

/**
 * Baselines, as plain n8n nodes run through the same harness:
 * - 'buffer': what n8n's built-in MiniMax / OpenAI video nodes do with a generated video:
 *   download it whole (`encoding: 'arraybuffer'`), then prepareBinaryData(buffer).
 * - 'stream': the least any streaming n8n node can do: httpRequest `encoding: 'stream'`,
 *   then prepareBinaryData(stream) (the floor of n8n's own helpers, for the transfer figure).
 * - 'stage': 'stream' with the node's videoStream stage between the two, nothing else of the
 *   node (no job, no session): tells the stage's cost from the rest of the node's.
 * - 'generatorStage': 'stream' with the stage as it was until 2026-12-07 (generatorStage.mjs).
 * - 'nodeDownload': the node's own downloadVideo (request, stage, store), in a process that ran
 *   no job: tells the download path's cost from that of the job before it.
 */
const baselineNodeType = {
	description: {
		displayName: 'Download Baseline',
		name: 'benchDownloadBaseline',
		group: ['transform'],
		version: 1,
		description: 'Downloads a URL with n8n helpers into binary data',
		defaults: { name: 'Download Baseline' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'buffer' },
		],
	},
	async execute() {
		const out = [];
		const items = this.getInputData();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const url = this.getNodeParameter('url', itemIndex);
			const mode = this.getNodeParameter('mode', itemIndex);
			// As long idle as the node's process is while its job runs (config.idleBeforeMs);
			// the buffer baseline never idles.
			if (mode !== 'buffer' && activeRun.idleBeforeMs)
				await new Promise((resolve) => setTimeout(resolve, activeRun.idleBeforeMs));
			const binary =
				mode === 'nodeDownload'
					? await nodeDownload(this, itemIndex, url)
					: await this.helpers.prepareBinaryData(
							await helperBody(this, url, mode),
							'baseline.mp4',
							'video/mp4',
						);
			out.push({
				json: { fileSizeBytes: binary.bytes },
				binary: { data: binary },
				pairedItem: { item: itemIndex },
			});
		}
		return [out];
	},
};

/** Uploads like n8n's Alibaba / MiniMax nodes: buffer, base64 data URL, JSON body, all in memory. */
const uploadBaselineNodeType = {
	description: {
		displayName: 'Upload Baseline',
		name: 'benchUploadBaseline',
		group: ['transform'],
		version: 1,
		description: 'Uploads a binary input as a data URL built in memory',
		defaults: { name: 'Upload Baseline' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Upload URL', name: 'uploadUrl', type: 'string', default: '' },
			{ displayName: 'API Key', name: 'apiKey', type: 'string', default: '' },
		],
	},
	async execute() {
		const out = [];
		for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
			const binary = this.getInputData()[itemIndex].binary.data;
			const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, 'data');
			const dataUrl = `data:${binary.mimeType};base64,${buffer.toString('base64')}`;
			const answer = await this.helpers.httpRequest({
				method: 'POST',
				url: `${this.getNodeParameter('uploadUrl', itemIndex)}/upload-asset`,
				headers: { 'x-api-key': this.getNodeParameter('apiKey', itemIndex) },
				body: { data_urls: [dataUrl] },
				json: true,
			});
			out.push({
				json: { url: (answer.file_urls ?? answer.urls)[0] },
				pairedItem: { item: itemIndex },
			});
		}
		return [out];
	},
};

/** Input items whose binaries are given as files are stored from a read stream (never whole in memory). */
function inputItems(items) {
	return items.map((item) => ({
		...item,
		binary: item.binary
			? Object.fromEntries(
					Object.entries(item.binary).map(([key, b]) => [
						key,
						b.file
							? {
									data: fs.createReadStream(b.file),
									mimeType: b.mimeType,
									fileName: path.basename(b.file),
								}
							: b,
					]),
				)
			: undefined,
	}));
}

function credentials(run) {
	return {
		type: 'segmindApi',
		data: { apiKey: run.apiKey, baseUrl: run.apiUrl, uploadUrl: run.uploadUrl },
		credentialType: new SegmindApi(),
	};
}

async function runOnce(run, marks) {
	activeRun = run;
	const base =
		run.kind === 'baseline'
			? baselineNodeType
			: run.kind === 'uploadBaseline'
				? uploadBaselineNodeType
				: new SegmindWan();
	const parameters =
		run.kind === 'baseline'
			? { url: run.url, mode: run.mode ?? 'buffer' }
			: run.kind === 'uploadBaseline'
				? { uploadUrl: run.uploadUrl, apiKey: run.apiKey }
				: run.parameters;
	return await runNode({
		nodeType: instrumented(base, marks),
		parameters,
		credentials: run.kind === 'node' ? credentials(run) : undefined,
		input: inputItems(run.items ?? [{ json: {} }]),
		binaryDataMode: 'filesystem',
		timeoutMs: run.timeoutMs ?? 300_000,
	});
}

function check(result, run) {
	if (result.error) throw new Error(`${run.kind} run failed: ${result.error.message}`);
	if (result.status !== 'success') throw new Error(`${run.kind} run ended ${result.status}`);
	const items = result.items;
	if (items.length !== (run.items?.length ?? 1))
		throw new Error(`expected ${run.items?.length ?? 1} items, got ${items.length}`);
	for (const item of items) {
		if (item.json.error) throw new Error(`item failed: ${item.json.error}`);
		if (run.kind === 'uploadBaseline') {
			if (typeof item.json.url !== 'string') throw new Error('upload baseline returned no URL');
			continue;
		}
		const buffer = item.binary?.data?.buffer;
		if (!buffer) throw new Error('item has no binary data');
		if (run.expectBytes !== undefined && buffer.length !== run.expectBytes) {
			throw new Error(`stored ${buffer.length} bytes, expected ${run.expectBytes}`);
		}
		if (
			run.expectHead &&
			buffer.subarray(0, run.expectHead.length / 2).toString('hex') !== run.expectHead
		) {
			throw new Error('stored bytes do not start like the served video');
		}
		for (const [field, value] of Object.entries(run.expectFacts ?? {})) {
			if (item.json.video?.[field] !== value) {
				throw new Error(
					`video.${field} is ${JSON.stringify(item.json.video?.[field])}, expected ${JSON.stringify(value)} (${item.json.videoFactsError ?? ''})`,
				);
			}
		}
	}
	return items.map((item) => ({
		requestId: item.json.requestId,
		statusChecks: item.json.statusChecks,
		waitedSeconds: item.json.waitedSeconds,
		elapsedSeconds: item.json.elapsedSeconds,
		fileSizeBytes: item.json.fileSizeBytes,
		video: item.json.video,
		videoFactsError: item.json.videoFactsError,
	}));
}

async function main() {
	if (config.warmup) {
		// Loads everything the measured run will need (axios, file-type, n8n's binary store…).
		const warmMarks = {};
		const warm = { ...config, ...config.warmup, expectFacts: undefined }; // the warm-up serves another video
		check(await runOnce(warm, warmMarks), warm);
	}
	const marks = { fromExecute: config.memory && config.memoryFromExecute };
	let rssBefore;
	let peakReset = false;
	if (config.memory && !config.memoryFromExecute) {
		for (let i = 0; i < 3; i++) {
			global.gc?.();
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		rssBefore = process.memoryUsage.rss();
		peakReset = resetPeak();
		marks.stopSampler = startSampler();
	}
	const result = await runOnce(config, marks);
	const items = check(result, config);
	delete marks.stopSampler;
	if (marks.fromExecute) ({ rssBefore, peakReset } = marks);
	const out = { ...marks, items, pid: process.pid };
	if (config.memory) {
		const peak = Math.max(peakReset ? marks.hwm : 0, marks.sampledPeak);
		Object.assign(out, {
			rssBefore,
			peakReset,
			peak,
			growth: peak - rssBefore,
			maxRssLifetime: process.resourceUsage().maxRSS * 1024,
		});
	}
	process.stdout.write(`BENCH_RESULT ${JSON.stringify(out)}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stdout.write(
			`BENCH_RESULT ${JSON.stringify({ error: String(error?.stack ?? error) })}\n`,
		);
		process.exit(0);
	},
);
