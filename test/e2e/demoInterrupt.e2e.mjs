#!/usr/bin/env node
// `npm run demo` stays up until Ctrl-C, and Ctrl-C stops everything it started.
//
// Starts scripts/demo.mjs as a user would (its own process group, as a terminal's
// foreground job), waits for the banner, checks that n8n answers and the quick-start
// workflow page is served, then sends SIGINT to the demo (what Ctrl-C delivers; n8n
// and the simulator run in process groups of their own, so only the demo gets it).
// The demo must exit 0 within 60 s, and n8n's and the simulator's PIDs and ports
// must be gone.
//
// Run:  node test/e2e/demoInterrupt.e2e.mjs   (npm run test:e2e runs it with the others)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { isAlive, sleep } from '../../scripts/e2e/processes.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const R = createReporter();
const check = R.check;

/** PIDs of n8n and the simulator as the demo reports them. */
function started(output) {
	return [/n8n started \(pid (\d+)/, /simulator up \(pid (\d+)/]
		.map((re) => Number(output.match(re)?.[1]))
		.filter(Boolean);
}

/** `promise`'s value, or null if it has not settled within ms; the timer never outlives it. */
async function within(promise, ms) {
	let timer;
	const timeout = new Promise((resolve) => {
		timer = setTimeout(() => resolve(null), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** Resolves with the first match of `pattern` in the output so far, or null after timeoutMs. */
async function waitFor(getOutput, pattern, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const match = getOutput().match(pattern);
		if (match) return match;
		await sleep(250);
	}
	return null;
}

async function main() {
	// The suite runner has built dist/ already when it says so.
	const args = [
		path.join(ROOT, 'scripts', 'demo.mjs'),
		...(process.env.SEGMIND_E2E_SKIP_BUILD === '1' ? ['--no-build'] : []),
	];
	const demo = spawn(process.execPath, args, {
		cwd: ROOT,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, SEGMIND_API_KEY: '' },
	});
	let output = '';
	demo.stdout.on('data', (chunk) => (output += chunk));
	demo.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) =>
		demo.on('exit', (code, signal) => resolve({ code, signal })),
	);

	try {
		const banner = await waitFor(
			() => output,
			/URL\s+(http:\/\/127\.0\.0\.1:(\d+))\//,
			15 * 60_000,
		);
		if (
			!check(
				'demo prints the n8n URL and login',
				!!banner && /email\s+\S+@/.test(output) && /password\s+\S+/.test(output),
				output.slice(-3000),
			)
		)
			return;
		const baseUrl = banner[1];
		const [n8nPid, simPid] = started(output);
		const simPorts = [
			...(output.match(/api (http:\/\/127\.0\.0\.1:\d+), upload (http:\/\/127\.0\.0\.1:\d+)/) ??
				[]),
		]
			.slice(1)
			.map((url) => Number(new URL(url).port));
		const health = await fetch(`${baseUrl}/healthz`).catch(() => null);
		const page = await fetch(`${baseUrl}/workflow/segmindWanQuickStart`).catch(() => null);
		check(
			`n8n (pid ${n8nPid}) answers on ${baseUrl} and serves the quick-start workflow page; simulator pid ${simPid}`,
			health?.ok && page?.ok && isAlive(n8nPid) && isAlive(simPid) && simPorts.length === 2,
			{ health: health?.status, page: page?.status, n8nPid, simPid, simPorts },
		);

		const t = Date.now();
		process.kill(demo.pid, 'SIGINT');
		const result = await within(exited, 60_000);
		check(
			`Ctrl-C (SIGINT): the demo exits 0 (${((Date.now() - t) / 1000).toFixed(1)} s)`,
			result?.code === 0,
			{ result, output: output.slice(-2000) },
		);
		check('n8n and the simulator processes are gone', !isAlive(n8nPid) && !isAlive(simPid), {
			n8nPid,
			simPid,
		});
		await R.portsFree([Number(new URL(baseUrl).port), ...simPorts], 'their ports are free');
	} finally {
		// Whatever happened above, nothing of the demo outlives the test: a second signal makes the
		// demo kill its children at once; then their groups are killed by PID.
		if (demo.exitCode === null && demo.signalCode === null) {
			for (const signal of ['SIGTERM', 'SIGTERM']) {
				try {
					process.kill(demo.pid, signal);
				} catch {
					// already gone
				}
				if (await within(exited, 10_000)) break;
			}
		}
		for (const pid of [demo.pid, ...started(output)]) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	}
}
await runSuite('demo Ctrl-C e2e', R, main);
