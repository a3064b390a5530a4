// n8n queue mode (scaling mode: one main + workers + Redis) for the real-n8n
// e2e tests. Plain ESM, no dependencies beyond the e2e helpers here; every process is
// started with spawnTracked() (processes.mjs) (own process group, stopped by PID).
//
// What n8n 2.41.1 needs for queue mode (read from its dist/):
//   - EXECUTIONS_MODE=queue on the main; `n8n worker` forces it on itself.
//   - Redis: QUEUE_BULL_REDIS_HOST / QUEUE_BULL_REDIS_PORT (Bull queue "jobs",
//     plus pub/sub between main and workers, plus Redis locking).
//   - One database shared by main and workers, and the same N8N_ENCRYPTION_KEY
//     (workers decrypt credentials themselves). sqlite is NOT refused: n8n only
//     logs "Scaling mode is not officially supported with sqlite. Please use
//     PostgreSQL instead." (commands/base-command.js). Main and worker on one
//     host can share one sqlite file (WAL, pooled driver: DB_SQLITE_POOL_SIZE>0);
//     across hosts you need PostgreSQL.
//   - Binary data a worker writes must be readable by the main: in queue mode
//     n8n's default N8N_DEFAULT_BINARY_DATA_MODE becomes `database`
//     (n8n-core binary-data.config.js); `filesystem` only works when main and
//     workers share the folder, `s3` is the other option.
//   - Community packages: every process loads its own
//     $N8N_USER_FOLDER/.n8n/nodes/node_modules, so the package must be
//     installed on every worker (here main and worker share one user folder).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { getFreePort, isPortFree, sleep, spawnTracked, stopProcess } from './processes.mjs';
import { DEFAULT_OWNER, waitUntilReady } from './n8nServer.mjs';

const execFileAsync = promisify(execFile);

const log = (...args) => {
	if (process.env.N8N_E2E_QUIET !== '1') console.error('[queueMode]', ...args);
};

// ------------------------------------------------------------------ Redis

const REDIS_CANDIDATES = [
	'/usr/bin/redis-server',
	'/usr/local/bin/redis-server',
	'/usr/sbin/redis-server',
];

function findRedisServer() {
	for (const p of REDIS_CANDIDATES) if (existsSync(p)) return p;
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (dir && existsSync(path.join(dir, 'redis-server'))) return path.join(dir, 'redis-server');
	}
	return null;
}

/**
 * Makes sure Debian's redis-server is installed; idempotent (a no-op once it
 * is). Installs with `apt-get update` + `apt-get install -y redis-server`
 * (root only; the package's service is not started in a container without an
 * init system, and we never use it: the test runs its own redis-server).
 * @returns {Promise<{bin:string, installed:boolean, ms:number}>}
 */
export async function ensureRedis() {
	const t0 = Date.now();
	let bin = findRedisServer();
	if (bin) return { bin, installed: false, ms: Date.now() - t0 };
	if (typeof process.getuid === 'function' && process.getuid() !== 0) {
		throw new Error(
			'redis-server is not installed and this is not root: run `sudo apt-get update && sudo apt-get install -y redis-server`',
		);
	}
	log('redis-server missing: apt-get update && apt-get install -y redis-server');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const opts = { env, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60 * 1000 };
	await execFileAsync('apt-get', ['update'], opts);
	await execFileAsync(
		'apt-get',
		['install', '-y', '--no-install-recommends', 'redis-server'],
		opts,
	);
	bin = findRedisServer();
	if (!bin)
		throw new Error('apt-get install redis-server succeeded but redis-server is not on disk');
	log(`redis-server installed (${Date.now() - t0} ms)`);
	return { bin, installed: true, ms: Date.now() - t0 };
}

/**
 * Sends one command to Redis over RESP and resolves with the raw reply text
 * (enough for PING / INFO / CLIENT LIST / DBSIZE; no pipelining).
 */
export function redisCommand(port, args, { host = '127.0.0.1', timeoutMs = 5_000 } = {}) {
	return new Promise((resolve, reject) => {
		const sock = net.createConnection({ host, port });
		let buf = '';
		const timer = setTimeout(() => {
			sock.destroy();
			reject(new Error(`redis ${args[0]} timed out`));
		}, timeoutMs);
		const finish = (fn, v) => {
			clearTimeout(timer);
			sock.destroy();
			fn(v);
		};
		sock.setEncoding('utf8');
		sock.on('connect', () => {
			sock.write(
				`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`,
			);
		});
		sock.on('data', (d) => {
			buf += d;
			// Simple (+/-/:) replies end at the first CRLF; bulk ($n) after n bytes.
			if (/^[+\-:]/.test(buf) && buf.includes('\r\n')) {
				return buf[0] === '-'
					? finish(reject, new Error(`redis: ${buf.slice(1).trim()}`))
					: finish(resolve, buf.slice(1, buf.indexOf('\r\n')));
			}
			const m = buf.match(/^\$(-?\d+)\r\n/);
			if (m) {
				const n = Number(m[1]);
				if (n < 0) return finish(resolve, null);
				const body = Buffer.from(buf.slice(m[0].length), 'utf8');
				if (body.length >= n) finish(resolve, body.subarray(0, n).toString('utf8'));
			}
		});
		sock.on('error', (e) => finish(reject, e));
	});
}

/**
 * Starts a private `redis-server --port P --bind 127.0.0.1 --save '' --appendonly no`
 * (no persistence, working dir = dir) and waits until it answers PING.
 * @returns {Promise<{pid:number, port:number, bin:string, output:()=>{stdout:string,stderr:string},
 * stop:()=>Promise<void>}>}
 */
export async function startRedis({ bin, port, dir, timeoutMs = 30_000 } = {}) {
	bin ??= findRedisServer();
	if (!bin) throw new Error('redis-server not found (call ensureRedis() first)');
	port ??= await getFreePort();
	if (!(await isPortFree(port))) throw new Error(`redis port ${port} is busy`);
	if (dir) await mkdir(dir, { recursive: true });
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--save',
		'',
		'--appendonly',
		'no',
		'--daemonize',
		'no',
		'--protected-mode',
		'yes',
		'--logfile',
		'', // stdout
		...(dir ? ['--dir', dir] : []),
	];
	const proc = spawnTracked(bin, args, {
		env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
		cwd: dir,
		label: 'redis-server',
	});
	let exited = null;
	proc.done.then((r) => (exited = r));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited)
			throw new Error(
				`redis-server exited early (${exited.exitCode})\n${exited.stdout}\n${exited.stderr}`,
			);
		try {
			if ((await redisCommand(port, ['PING'], { timeoutMs: 1_000 })) === 'PONG') break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stopProcess(proc.pid, { graceMs: 2_000 });
			throw new Error(
				`redis-server did not answer PING within ${timeoutMs} ms\n${proc.output().stdout}`,
			);
		}
		await sleep(100);
	}
	return {
		pid: proc.pid,
		port,
		bin,
		output: proc.output,
		done: proc.done,
		async stop() {
			// SIGTERM: redis-server exits at once (nothing to save with --save '').
			await stopProcess(proc.pid, { graceMs: 5_000 });
		},
	};
}

// ------------------------------------------------------------------ n8n env

/**
 * Environment shared by the main, the workers and every n8n CLI command of a
 * queue-mode context (pass it as createN8nContext({ env })).
 */
export function queueEnv({ redisPort, binaryDataMode = 'database', extra = {} }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_DEFAULT_BINARY_DATA_MODE: binaryDataMode,
		// Keep all executions with their data, so the test can read them back.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		...extra,
	};
}

/**
 * Starts `n8n worker` for a context (same user folder, DB, encryption key and
 * env as the main) with its own task-runner broker port and a health server
 * on 127.0.0.1:<healthPort>; resolves once /healthz/readiness answers 200
 * (set only after the worker has connected to Redis and the queue).
 * @returns {Promise<{pid:number, healthPort:number, brokerPort:number,
 * output:()=>{stdout:string,stderr:string}, stop:()=>Promise<void>}>}
 */
export async function startWorker(ctx, { concurrency = 5, env = {}, timeoutMs = 180_000 } = {}) {
	const healthPort = await getFreePort();
	const brokerPort = await getFreePort();
	const proc = spawnTracked(
		ctx.toolchain.node,
		[ctx.toolchain.n8nBin, 'worker', `--concurrency=${concurrency}`],
		{
			env: ctx.env({
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				...env,
			}),
			cwd: ctx.tmpDir,
			label: 'n8n worker',
		},
	);
	await waitUntilReady(proc, `http://127.0.0.1:${healthPort}`, 'n8n worker', timeoutMs);
	return {
		pid: proc.pid,
		healthPort,
		brokerPort,
		output: proc.output,
		done: proc.done,
		async stop() {
			await stopProcess(proc.pid, { graceMs: 20_000 });
		},
	};
}

// ------------------------------------------------------------------ REST session

/**
 * Logs in as the owner (POST /rest/login) and returns a tiny client that sends
 * the auth cookie and the same browser-id header the JWT is bound to.
 */
export async function restLogin(baseUrl, owner = DEFAULT_OWNER) {
	const browserId = `e2e-queue-${Date.now().toString(36)}`;
	const res = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`login failed: HTTP ${res.status} ${text}`);
	const cookies = (res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie') ?? ''])
		.map((c) => c.split(';')[0])
		.filter((c) => c.startsWith('n8n-auth='));
	if (!cookies.length) throw new Error('login answered without an n8n-auth cookie');
	const headers = { cookie: cookies.join('; '), 'browser-id': browserId };
	const request = async (method, p, { body, raw = false } = {}) => {
		const r = await fetch(`${baseUrl}${p}`, {
			method,
			headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (raw) return r;
		const t = await r.text();
		if (!r.ok) throw new Error(`${method} ${p}: HTTP ${r.status} ${t.slice(0, 2000)}`);
		const json = JSON.parse(t);
		return json.data ?? json;
	};
	return {
		headers,
		get: (p, o) => request('GET', p, o),
		post: (p, body, o) => request('POST', p, { ...o, body }),
		/** Raw Response (status, headers, arrayBuffer()). */
		fetch: (p, method = 'GET') => request(method, p, { raw: true }),
	};
}

/**
 * Polls GET /rest/executions?filter={"workflowId":…} until `count` executions
 * of that workflow have finished (status not new/running/waiting).
 * @returns {Promise<object[]>} the list summaries, newest first
 */
export async function waitForExecutions(
	session,
	workflowId,
	{ count = 1, timeoutMs = 120_000 } = {},
) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await session.get(`/rest/executions?filter=${filter}&limit=50`);
		const results = last.results ?? [];
		const done = results.filter(
			(e) => !['new', 'running', 'waiting', 'unknown'].includes(e.status),
		);
		if (done.length >= count) return results;
		if (Date.now() > deadline) {
			throw new Error(
				`no ${count} finished execution(s) of ${workflowId} after ${timeoutMs} ms: ${JSON.stringify(last).slice(0, 2000)}`,
			);
		}
		await sleep(500);
	}
}

/**
 * GET /rest/executions/:id and unflattens its `data` (n8n stores and sends it
 * in `flatted` format) with n8n's own copy of flatted.
 */
export async function getExecution(ctx, session, id) {
	const execution = await session.get(`/rest/executions/${encodeURIComponent(id)}`);
	if (typeof execution.data === 'string') {
		const require = createRequire(path.join(ctx.toolchain.n8nDir, 'package.json'));
		const { parse } = require('flatted');
		execution.data = parse(execution.data);
	}
	return execution;
}

/** GET /rest/binary-data?id=…&action=download → Buffer (bytes served by the main). */
export async function downloadBinary(session, binaryId) {
	const r = await session.fetch(
		`/rest/binary-data?id=${encodeURIComponent(binaryId)}&action=download`,
	);
	if (!r.ok)
		throw new Error(`binary-data download ${binaryId}: HTTP ${r.status} ${await r.text()}`);
	return { buffer: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get('content-type') };
}
