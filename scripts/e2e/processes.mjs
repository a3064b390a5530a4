// Processes and ports of the e2e runs: every process is spawned in its own process group,
// tracked by PID and stopped by PID (never by name); ports are picked below the kernel's
// ephemeral range and checked free again.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export const log = (...args) => {
	if (process.env.N8N_E2E_QUIET !== '1') console.error('[n8nEnv]', ...args);
};

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/** PIDs (= process-group ids, children are spawned detached) started by this module. */
const started = new Map(); // pid -> { child, label }

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal); // the process group we created with detached:true
		return true;
	} catch {
		try {
			process.kill(pid, signal);
			return true;
		} catch {
			return false;
		}
	}
}

export function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return isAlive(pid);
	}
}

/**
 * Stops one process we started (and its process group: n8n's task runner):
 * SIGTERM, then SIGKILL after graceMs.
 */
export async function stopProcess(pid, { graceMs = 10_000 } = {}) {
	if (!groupAlive(pid)) {
		started.delete(pid);
		return;
	}
	killGroup(pid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (Date.now() < deadline && groupAlive(pid)) await sleep(100);
	if (groupAlive(pid)) {
		log(`pid ${pid} ignored SIGTERM for ${graceMs} ms; sending SIGKILL`);
		killGroup(pid, 'SIGKILL');
		const hard = Date.now() + 5_000;
		while (Date.now() < hard && groupAlive(pid)) await sleep(100);
	}
	started.delete(pid);
}

/** Stops every process this module started (each by its own PID). */
export async function stopAll() {
	for (const pid of [...started.keys()]) await stopProcess(pid);
}

/**
 * Register exit hooks so an aborted test run does not leave n8n behind.
 * Default on SIGINT/SIGTERM: SIGKILL every started group, exit 130. With
 * setSignalHandler(fn) the first signal calls fn(signal) instead (a graceful
 * shutdown, e.g. the demo's Ctrl-C); a second signal still kills at once.
 */
let hooksInstalled = false;
let signalHandler = null;
let signalled = false;
function installExitHooks() {
	if (hooksInstalled) return;
	hooksInstalled = true;
	const killSync = () => {
		for (const pid of started.keys()) killGroup(pid, 'SIGKILL');
	};
	process.on('exit', killSync);
	for (const sig of ['SIGINT', 'SIGTERM']) {
		process.on(sig, () => {
			if (signalHandler && !signalled) {
				signalled = true;
				signalHandler(sig);
				return;
			}
			killSync();
			process.exit(130);
		});
	}
}

/** Replaces the default signal behaviour (see installExitHooks); installs the hooks now. */
export function setSignalHandler(fn) {
	signalHandler = fn;
	installExitHooks();
}

/**
 * Spawns a command in its own process group and collects its output.
 * @returns {{ pid:number, child:import('node:child_process').ChildProcess,
 * done:Promise<{exitCode:number|null,signal:string|null,stdout:string,stderr:string}>,
 * output:()=>{stdout:string,stderr:string} }}
 */
export function spawnTracked(cmd, args, { env, cwd, label = cmd, timeoutMs } = {}) {
	installExitHooks();
	const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
	child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
	started.set(child.pid, { child, label });
	let timer;
	const done = new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (exitCode, signal) => {
			clearTimeout(timer);
			// The leader exited; make sure nothing of its group lingers (task runner).
			if (groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
			started.delete(child.pid);
			resolve({ exitCode, signal, stdout, stderr });
		});
	});
	if (timeoutMs) {
		timer = setTimeout(() => {
			log(`${label} (pid ${child.pid}) timed out after ${timeoutMs} ms; stopping it`);
			void stopProcess(child.pid, { graceMs: 3_000 });
		}, timeoutMs);
	}
	return { pid: child.pid, child, done, output: () => ({ stdout, stderr }) };
}

/** Where the kernel's ephemeral range starts: outgoing connections and listen(0) take ports from there up. */
function ephemeralLow() {
	try {
		const [low, high] = fs
			.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
			.trim()
			.split(/\s+/)
			.map(Number);
		// The upper end only tells a well-formed range.
		if (low > 0 && high >= low) return low;
	} catch {
		// not Linux
	}
	return 32768;
}

const PICKED_FLOOR = 10_000;
/** Ports this process handed out: free until their server binds them, so never handed out twice. */
const handedOut = new Set();

/**
 * A free port below the kernel's ephemeral range. A port taken with listen(0) and closed is
 * in that range, so until n8n binds it any outgoing connection or listen(0) in between (an
 * import command, a fake server) may take it ("port … is busy before n8n start", CI 2026-12-07).
 * Below the range only another explicit bind can.
 */
export async function getFreePort(host = '127.0.0.1') {
	const low = ephemeralLow();
	if (low - PICKED_FLOOR >= 1000) {
		for (let attempt = 0; attempt < 100; attempt++) {
			const port = PICKED_FLOOR + Math.floor(Math.random() * (low - PICKED_FLOOR));
			if (handedOut.has(port) || !(await isPortFree(port, host))) continue;
			handedOut.add(port);
			return port;
		}
	}
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, host, () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

export function isPortFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, host, () => srv.close(() => resolve(true)));
	});
}

/** Resolves when every port can be bound again; throws after timeoutMs. */
export async function assertPortsFree(ports, { timeoutMs = 10_000, host = '127.0.0.1' } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (const port of ports) {
		while (!(await isPortFree(port, host))) {
			if (Date.now() > deadline) throw new Error(`port ${host}:${port} is still in use`);
			await sleep(200);
		}
	}
}
