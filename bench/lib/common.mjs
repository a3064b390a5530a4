// Shared helpers for the benchmarks: paths, the compiled node, the simulator (in THIS
// process, never in the measured child), big video files, child processes, statistics.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH_DIR, '..');
export const BUILD_DIR = path.join(BENCH_DIR, '.build');
export const CHILD_SCRIPT = path.join(BENCH_DIR, 'lib', 'child.mjs');
export const RAW_DOWNLOAD_SCRIPT = path.join(BENCH_DIR, 'lib', 'rawDownload.mjs');
export const MiB = 1024 * 1024;
export const API_KEY = 'sk-bench-key';
/** The slug the benchmarks run through "Other (by Slug)", so the typical time can be set per run. */
export const BENCH_SLUG = 'bench-wan';

export const require = createRequire(import.meta.url);

/** Compiles nodes/, credentials/ and test/harness/ to bench/.build (plain CommonJS). */
export function compile() {
	const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
	fs.rmSync(BUILD_DIR, { recursive: true, force: true });
	const result = spawnSync(process.execPath, [tsc, '-p', path.join(BENCH_DIR, 'tsconfig.json')], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	if (result.status !== 0)
		throw new Error(`tsc -p bench/tsconfig.json failed (exit ${result.status})`);
}

export function loadPollSchedule() {
	return require(
		path.join(BUILD_DIR, 'nodes', 'SegmindWan', 'transport', 'jobs', 'pollSchedule.js'),
	);
}

export function loadModels() {
	return require(path.join(BUILD_DIR, 'nodes', 'SegmindWan', 'models', 'index.js')).MODELS;
}

const simulatorModule = () => require(path.join(ROOT, 'test', 'simulator', 'segmindSimulator.js'));

/** The Segmind simulator, in the bench's parent process (it holds served videos in memory). */
export async function startSim(options = {}) {
	return await simulatorModule().startSimulator({
		apiKey: API_KEY,
		models: [BENCH_SLUG],
		...options,
	});
}

export const FIXTURE_VIDEO = path.join(ROOT, 'test', 'fixtures', 'sample.mp4');

/**
 * A file of exactly `bytes` bytes under os.tmpdir(): the fixture MP4 (valid header)
 * followed by incompressible padding in a `free` box (the download checks that a file is as
 * long as its boxes say). Made once and reused across runs.
 */
export function videoFile(bytes) {
	const dir = path.join(os.tmpdir(), 'segmind-wan-bench');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `video-boxed-${bytes}.mp4`);
	try {
		if (fs.statSync(file).size === bytes) return file;
	} catch {
		// not made yet
	}
	const header = fs.readFileSync(FIXTURE_VIDEO);
	const block = randomBytes(MiB);
	const tmp = `${file}.${process.pid}.tmp`;
	const fd = fs.openSync(tmp, 'w');
	try {
		let written = fs.writeSync(fd, header.subarray(0, Math.min(header.length, bytes)));
		if (bytes - written >= 8) {
			const free = Buffer.alloc(8);
			// size 0: the box runs to the end of the file (past 4 GiB a 32-bit size cannot say it)
			free.writeUInt32BE(bytes - written < 2 ** 32 ? bytes - written : 0, 0);
			free.write('free', 4, 'latin1');
			written += fs.writeSync(fd, free);
		}
		while (written < bytes) {
			written += fs.writeSync(fd, block, 0, Math.min(block.length, bytes - written));
		}
	} finally {
		fs.closeSync(fd);
	}
	fs.renameSync(tmp, file);
	return file;
}

/** Real MP4 with moov after mdat (test/fixtures): 720x1280, 1.5 s, avc1, no audio. */
export const MOOV_AT_END_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'portrait-moov-end.mp4');

/**
 * A file of exactly `bytes` bytes with its moov box LAST, like an MP4 written without
 * faststart: the fixture's ftyp, one mdat of incompressible padding (a real box, sized to
 * fit), then the fixture's moov. The reader must skip ~500 MiB of mdat before the facts.
 */
export function moovAtEndVideoFile(bytes) {
	const fixture = fs.readFileSync(MOOV_AT_END_FIXTURE);
	const boxes = [];
	for (let offset = 0; offset < fixture.length; offset += fixture.readUInt32BE(offset)) {
		boxes.push({
			type: fixture.toString('latin1', offset + 4, offset + 8),
			bytes: fixture.subarray(offset, offset + fixture.readUInt32BE(offset)),
		});
	}
	const ftyp = boxes.find((box) => box.type === 'ftyp').bytes;
	const moov = boxes.find((box) => box.type === 'moov').bytes;
	const dir = path.join(os.tmpdir(), 'segmind-wan-bench');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `video-moov-end-${bytes}.mp4`);
	try {
		if (fs.statSync(file).size === bytes) return file;
	} catch {
		// not made yet
	}
	const mdatBytes = bytes - ftyp.length - moov.length;
	const mdatHeader = Buffer.alloc(8);
	mdatHeader.writeUInt32BE(mdatBytes, 0);
	mdatHeader.write('mdat', 4, 'latin1');
	const block = randomBytes(MiB);
	const tmp = `${file}.${process.pid}.tmp`;
	const fd = fs.openSync(tmp, 'w');
	try {
		fs.writeSync(fd, ftyp);
		fs.writeSync(fd, mdatHeader);
		for (let left = mdatBytes - 8; left > 0;)
			left -= fs.writeSync(fd, block, 0, Math.min(block.length, left));
		fs.writeSync(fd, moov);
	} finally {
		fs.closeSync(fd);
	}
	fs.renameSync(tmp, file);
	return file;
}

/** Runs bench/lib/child.mjs (or `script`) with `config` in a fresh Node process; resolves with its result. */
export function runChild(config, { timeoutMs = 600_000, script = CHILD_SCRIPT } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', script, JSON.stringify(config)], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const line = stdout.split('\n').find((entry) => entry.startsWith('BENCH_RESULT '));
			if (code !== 0 || !line) {
				reject(
					new Error(
						`bench child failed (code ${code}, signal ${signal}): ${stderr.slice(-2000) || stdout.slice(-2000)}`,
					),
				);
				return;
			}
			const result = JSON.parse(line.slice('BENCH_RESULT '.length));
			if (result.error) reject(new Error(`bench child: ${result.error}`));
			else resolve(result);
		});
	});
}

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const mib = (bytes) => (bytes / MiB).toFixed(1);
export const sec = (ms) => (ms / 1000).toFixed(2);
export const pct = (ratio) => `${(ratio * 100).toFixed(1)} %`;

export function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Prints an aligned table: `rows` are arrays of cells, the first row is the header. */
export function table(rows) {
	const widths = rows[0].map((_, column) =>
		Math.max(...rows.map((row) => String(row[column]).length)),
	);
	for (const [index, row] of rows.entries()) {
		console.log(`  ${row.map((cell, column) => String(cell).padEnd(widths[column])).join('  ')}`);
		if (index === 0) console.log(`  ${widths.map((width) => '-'.repeat(width)).join('  ')}`);
	}
}

/** "target met" / "target missed by X" line. */
export function verdict(name, met, detail) {
	console.log(`  ${met ? 'TARGET MET' : 'TARGET MISSED'} (${name}): ${detail}`);
	return { name, met, detail };
}

export function machine() {
	const version =
		spawnSync('curl', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? 'curl ?';
	return {
		date: new Date().toISOString(),
		nproc: os.availableParallelism?.() ?? os.cpus().length,
		cpu: os.cpus()[0]?.model ?? 'unknown',
		memTotalMiB: Math.round(os.totalmem() / MiB),
		memFreeMiB: Math.round(os.freemem() / MiB),
		loadavg: os
			.loadavg()
			.map((load) => load.toFixed(2))
			.join(' '),
		node: process.version,
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		tmpdir: os.tmpdir(),
		curl: version,
	};
}
