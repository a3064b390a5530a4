// Measured `n8n execute` runs for the real-n8n bench (bench/n8nModes.mjs): the e2e lock, the
// run under /usr/bin/time -v (peak RSS of the n8n process tree, CPU, wall time), and reading how
// many bytes n8n stored for the output binary.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { parseRawOutput } from '../../scripts/e2e/n8nCli.mjs';
import { getFreePort, spawnTracked, stopProcess } from '../../scripts/e2e/processes.mjs';

const execFileAsync = promisify(execFile);
export const LOCK_FILE = '/tmp/e2e.lock';
export const TIME = '/usr/bin/time';

/**
 * Takes /tmp/e2e.lock (only one real n8n runs on the machine at a time) and resolves with a
 * release function. flock holds the lock while its `cat` reads our stdin; closing stdin ends cat
 * and so releases it. Waits at most `timeoutMs` for others to let go.
 */
export function takeLock({ timeoutMs = 30 * 60_000 } = {}) {
	return new Promise((resolve, reject) => {
		const holder = spawn(
			'flock',
			['-w', String(timeoutMs / 1000), LOCK_FILE, 'sh', '-c', 'echo locked; exec cat'],
			{ stdio: ['pipe', 'pipe', 'inherit'] },
		);
		holder.on('error', reject);
		holder.on('close', (code) => reject(new Error(`flock ${LOCK_FILE} ended (${code})`)));
		holder.stdout.once('data', () => {
			holder.removeAllListeners('close');
			resolve(
				() =>
					new Promise((done) => {
						holder.once('close', done);
						holder.stdin.end();
					}),
			);
		});
	});
}

/** The fields of `time -v` this bench reports; sizes in bytes, times in ms. */
function parseTimeV(stderr) {
	const field = (label) => {
		const m = new RegExp(`^\\s*${label}: (.+)$`, 'm').exec(stderr);
		return m ? m[1].trim() : undefined;
	};
	const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)') ?? '';
	const wallMs = wall.split(':').reduce((total, part) => total * 60 + Number(part), 0) * 1000;
	return {
		peakRss: Number(field('Maximum resident set size \\(kbytes\\)')) * 1024,
		cpuMs:
			(Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'))) *
			1000,
		wallMs,
		signal: /Command terminated by signal (\d+)/.exec(stderr)?.[1],
	};
}

/**
 * `n8n execute --id=ID --rawOutput` under /usr/bin/time -v. Its peak RSS is the largest of the
 * n8n process and the children it waited for (the task runner is far smaller). n8n 2.41.1's CLI
 * sometimes segfaults on its way out after printing a complete result (scripts/e2e/n8nCli.mjs):
 * such a run still measured the whole execution and counts; without a result it runs again.
 */
export async function measuredExecute(ctx, workflowId, { env, timeoutMs = 600_000 } = {}) {
	for (let attempt = 0; ; attempt++) {
		const { done } = spawnTracked(
			TIME,
			[
				'-v',
				ctx.toolchain.node,
				ctx.toolchain.n8nBin,
				'execute',
				`--id=${workflowId}`,
				'--rawOutput',
			],
			{
				env: ctx.env({ N8N_RUNNERS_BROKER_PORT: String(await getFreePort()), ...env }),
				cwd: ctx.tmpDir,
				label: `n8n execute ${workflowId}`,
				timeoutMs,
			},
		);
		const res = await done;
		const json = parseRawOutput(res.stdout);
		const time = parseTimeV(res.stderr);
		if (!json && time.signal === '11' && attempt < 3) continue;
		if (!json || json.data?.resultData?.error) {
			throw new Error(
				`n8n execute ${workflowId} failed (exit ${res.exitCode})\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`,
			);
		}
		return { ...time, json, segfaulted: time.signal === '11' };
	}
}

/** n8n's own sqlite3 (built for the toolchain's Node) runs `sql` on the context's database. */
async function sqlite(ctx, sql, params = []) {
	const script = `
		const sqlite3 = require('sqlite3');
		const db = new sqlite3.Database(process.argv[1]);
		db.all(process.argv[2], JSON.parse(process.argv[3]), (err, rows) => {
			if (err) { console.error(err.message); process.exit(2); }
			process.stdout.write(JSON.stringify(rows));
			db.close();
		});`;
	const { stdout } = await execFileAsync(
		ctx.toolchain.node,
		['-e', script, path.join(ctx.n8nFolder, 'database.sqlite'), sql, JSON.stringify(params)],
		{ cwd: ctx.toolchain.n8nDir },
	);
	return JSON.parse(stdout);
}

/** How many bytes n8n stored for this binary (filesystem-v2:… or database:… id). */
export async function storedBytes(ctx, binary) {
	const id = String(binary?.id ?? '');
	const ref = id.slice(id.indexOf(':') + 1);
	if (id.startsWith('filesystem-v2:')) {
		return (await stat(path.join(ctx.n8nFolder, 'storage', ref))).size;
	}
	if (id.startsWith('database:')) {
		const rows = await sqlite(ctx, 'SELECT length(data) AS n FROM binary_data WHERE fileId = ?', [
			ref,
		]);
		return rows[0]?.n;
	}
	throw new Error(`unexpected binary id ${JSON.stringify(id)}`);
}

/** Drops what the measured runs stored, so 500 MiB copies do not pile up across runs. */
export async function dropStoredBinaries(ctx) {
	const storage = path.join(ctx.n8nFolder, 'storage');
	if (existsSync(storage)) {
		for (const entry of await readdir(storage)) {
			await rm(path.join(storage, entry), { recursive: true, force: true });
		}
	}
	await sqlite(ctx, 'DELETE FROM binary_data');
}

export { stopProcess };
