// Real-n8n end-to-end helpers (plain ESM, no dependencies).
//
// Everything heavy (Node 24, n8n, puppeteer-core) lives in a cache outside the
// repo, installed by scripts/e2e/install-n8n.sh. Each test gets a fresh
// N8N_USER_FOLDER in the OS temp dir, so runs never share a database.
//
// Typical use:
//   const tc = await ensureToolchain();
//   const ctx = await createN8nContext({ toolchain: tc });
//   await installCommunityPackage(ctx, await packPackage(pkgDir, ctx.root));
//   await importCredential(ctx, { id, name, type, data });
//   await importWorkflow(ctx, workflowJson);
//   const { exitCode, json } = await executeWorkflow(ctx, workflowJson.id);
//   await ctx.dispose();
import { spawn, spawnSync, execFile } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const SCRIPTS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(SCRIPTS_DIR, '..', '..');
export const CACHE_DIR =
	process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-segmind-wan');

const log = (...args) => {
	if (process.env.N8N_E2E_QUIET !== '1') console.error('[n8nEnv]', ...args);
};

// ------------------------------------------------------------------ toolchain

/**
 * Runs install-n8n.sh (idempotent; a warm run takes well under a second) and
 * returns the paths it prints. With { n8n1: true } it also installs n8n 1.x (Node 22) and
 * returns it as `n8n1`: the same shape, usable wherever a toolchain is expected.
 * @returns {Promise<{cache:string,node:string,nodeBinDir:string,n8nDir:string,n8nBin:string,browserDir:string,chromium:string,n8nVersion:string,n8n1?:object}>}
 */
export async function ensureToolchain({ n8n1 = false } = {}) {
	const script = path.join(SCRIPTS_DIR, 'install-n8n.sh');
	// stderr (progress of a cold install, ~4 min) goes straight to ours.
	const stdout = await new Promise((resolve, reject) => {
		const child = spawn('bash', [script, ...(n8n1 ? ['--with-n8n1'] : [])], {
			env: { ...process.env, N8N_E2E_CACHE: CACHE_DIR },
			stdio: ['ignore', 'pipe', process.env.N8N_E2E_QUIET === '1' ? 'ignore' : 'inherit'],
		});
		let out = '';
		child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve(out) : reject(new Error(`install-n8n.sh exited ${code}\n${out}`)),
		);
	});
	const vars = Object.fromEntries(
		stdout
			.split('\n')
			.map((l) => l.match(/^(N8N_E2E_[A-Z0-9_]+)=(.*)$/))
			.filter(Boolean)
			.map((m) => [m[1], m[2]]),
	);
	const tc = {
		cache: vars.N8N_E2E_CACHE,
		node: vars.N8N_E2E_NODE,
		nodeBinDir: path.dirname(vars.N8N_E2E_NODE),
		n8nDir: vars.N8N_E2E_N8N_DIR,
		n8nBin: vars.N8N_E2E_N8N_BIN,
		browserDir: vars.N8N_E2E_BROWSER_DIR,
		chromium: vars.N8N_E2E_CHROMIUM,
	};
	for (const [k, v] of Object.entries(tc)) {
		if (!v) throw new Error(`install-n8n.sh did not report ${k}:\n${stdout}`);
	}
	tc.n8nVersion = path.basename(tc.n8nDir).match(/^n8n-([\d.]+)-/)?.[1] ?? 'unknown';
	if (n8n1) {
		if (!vars.N8N_E2E_N8N1_BIN) throw new Error(`install-n8n.sh did not report n8n 1.x:\n${stdout}`);
		tc.n8n1 = {
			...tc,
			node: vars.N8N_E2E_N8N1_NODE,
			nodeBinDir: path.dirname(vars.N8N_E2E_N8N1_NODE),
			n8nDir: vars.N8N_E2E_N8N1_DIR,
			n8nBin: vars.N8N_E2E_N8N1_BIN,
			n8nVersion: vars.N8N_E2E_N8N1_VERSION,
		};
	}
	return tc;
}

// ------------------------------------------------------------------ processes

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
 * @returns {{ pid:number, child:import('node:child_process').ChildProcess, done:Promise<{exitCode:number|null,signal:string|null,stdout:string,stderr:string}>, output:()=>{stdout:string,stderr:string} }}
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

// ------------------------------------------------------------------ ports

export function getFreePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
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

// ------------------------------------------------------------------ user folder + env

/**
 * Environment for every n8n process: built from scratch (the caller's env does
 * not leak in), offline and quiet (see the comments per variable).
 */
export function buildN8nEnv(ctx, extra = {}) {
	const env = {
		PATH: [ctx.toolchain.nodeBinDir, '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
		HOME: ctx.userFolder,
		TMPDIR: ctx.tmpDir,
		LANG: 'C.UTF-8',
		TZ: 'UTC',
		NODE_ENV: 'production', // unset => n8n treats itself as "development"
		N8N_USER_FOLDER: ctx.userFolder, // n8n uses $N8N_USER_FOLDER/.n8n
		N8N_ENCRYPTION_KEY: ctx.encryptionKey,
		DB_TYPE: 'sqlite', // fresh database.sqlite per context (migrations take ~2 s)
		DB_SQLITE_POOL_SIZE: '2',
		// No telemetry / remote lookups (there is no network but the registries):
		N8N_DIAGNOSTICS_ENABLED: 'false', // PostHog/RudderStack
		N8N_PERSONALIZATION_ENABLED: 'false', // no survey modal in the editor
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_PUBLIC_API_DISABLED: 'true',
		// Community packages are on by default; said explicitly because our
		// package is loaded from $N8N_USER_FOLDER/.n8n/nodes/node_modules.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true', // config file is created 0600
		N8N_SECURE_COOKIE: 'false', // plain http on 127.0.0.1
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: ctx.logLevel,
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_DEFAULT_BINARY_DATA_MODE: ctx.binaryDataMode,
		// Task runner broker (n8n execute and n8n start both start it): own port
		// per context so parallel runs and a running `n8n start` never clash.
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(ctx.ports.broker),
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(ctx.ports.main),
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${ctx.ports.main}/`,
		N8N_WEBHOOK_URL: `http://127.0.0.1:${ctx.ports.main}/`,
		// The only module that reaches out on startup (api.n8n.io MCP server list); n8n 1.x has
		// no such module and refuses to start when told to disable it.
		N8N_DISABLED_MODULES: /^1\./.test(ctx.toolchain.n8nVersion ?? '') ? undefined : 'mcp-registry',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		...ctx.extraEnv,
		...extra,
	};
	for (const [k, v] of Object.entries(env)) if (v === undefined || v === null) delete env[k];
	return env;
}

/**
 * Creates a fresh, empty N8N_USER_FOLDER (and a scratch dir) in the OS temp dir.
 * @param {object} [opts]
 * @param {object} [opts.toolchain]   result of ensureToolchain() (default: runs it)
 * @param {'filesystem'|'database'} [opts.binaryDataMode]
 * @param {string} [opts.logLevel]    n8n log level (info keeps import/execute diagnostics)
 * @param {object} [opts.env]         extra env for every n8n process of this context
 * @param {boolean} [opts.keep]       keep the folders on dispose (debugging); also N8N_E2E_KEEP=1
 */
export async function createN8nContext(opts = {}) {
	const toolchain = opts.toolchain ?? (await ensureToolchain());
	const root = await mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-'));
	const userFolder = path.join(root, 'user');
	const tmpDir = path.join(root, 'tmp');
	await mkdir(userFolder, { recursive: true });
	await mkdir(tmpDir, { recursive: true });
	const ctx = {
		toolchain,
		root,
		userFolder,
		tmpDir,
		n8nFolder: path.join(userFolder, '.n8n'),
		// Where n8n 2.41.1 keeps community packages installed from the panel
		// (InstanceSettings.nodesDownloadDir + 'node_modules').
		nodesDir: path.join(userFolder, '.n8n', 'nodes'),
		encryptionKey: `e2e-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`,
		binaryDataMode: opts.binaryDataMode ?? 'filesystem',
		logLevel: opts.logLevel ?? 'info',
		extraEnv: opts.env ?? {},
		ports: { main: await getFreePort(), broker: await getFreePort() },
		env: (extra) => buildN8nEnv(ctx, extra),
		async dispose() {
			await stopAll();
			if (opts.keep || process.env.N8N_E2E_KEEP === '1') {
				log(`keeping ${root}`);
				return;
			}
			await rm(root, { recursive: true, force: true });
		},
	};
	return ctx;
}

// ------------------------------------------------------------------ community package

/**
 * `npm pack` a package directory. Returns the absolute tarball path.
 * Runs under Node 24 (the toolchain's), with the user's npmrc left alone.
 */
export async function packPackage(packageDir, destDir, { toolchain } = {}) {
	await mkdir(destDir, { recursive: true });
	const env = { ...process.env };
	if (toolchain) env.PATH = `${toolchain.nodeBinDir}${path.delimiter}${env.PATH}`;
	const { stdout } = await execFileAsync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
		{ cwd: packageDir, env, maxBuffer: 64 * 1024 * 1024 },
	);
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
	return path.join(destDir, info.filename);
}

/**
 * Installs a packed community package exactly the way n8n 2.41.1's
 * CommunityPackagesService.downloadPackage() does for a panel install:
 *   1. extract the tarball into  $N8N_USER_FOLDER/.n8n/nodes/node_modules/<name>
 *   2. strip devDependencies / peerDependencies / optionalDependencies from
 *      its package.json (so npm never pulls a second n8n-workflow)
 *   3. `npm install --audit=false --fund=false --bin-links=false
 *      --install-strategy=shallow --ignore-scripts=true --package-lock=false`
 *      inside that directory (installs only its runtime deps, if any)
 *   4. record it in the ledger  .n8n/nodes/package.json  {dependencies:{name:version}}
 * n8n then loads it at startup (community-packages module -> nodeLoaders ->
 * scanDirectoryForPackages('.n8n/nodes/node_modules'), glob 'n8n-nodes-*' and
 * '@*\/n8n-nodes-*'); the node type is '<package name>.<node description name>'.
 * @returns {Promise<{name:string, version:string, dir:string}>}
 */
export async function installCommunityPackage(ctx, tarball) {
	const { stdout: listing } = await execFileAsync('tar', [
		'-xOzf',
		tarball,
		'package/package.json',
	]);
	const pkg = JSON.parse(listing);
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(pkg.name)) {
		throw new Error(
			`n8n only scans packages named n8n-nodes-* or @scope/n8n-nodes-*; got ${pkg.name}`,
		);
	}
	const nodeModules = path.join(ctx.nodesDir, 'node_modules');
	const dir = path.join(nodeModules, pkg.name);
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	await execFileAsync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);

	const pjPath = path.join(dir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...stripped } = JSON.parse(
		await readFile(pjPath, 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	await writeFile(pjPath, JSON.stringify(stripped, null, 2), 'utf8');

	const npmEnv = {
		...process.env,
		PATH: `${ctx.toolchain.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		npm_config_update_notifier: 'false',
		npm_config_loglevel: 'error',
	};
	await execFileAsync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: dir, env: npmEnv, maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60 * 1000 },
	);

	const ledgerPath = path.join(ctx.nodesDir, 'package.json');
	let ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	if (existsSync(ledgerPath)) ledger = JSON.parse(await readFile(ledgerPath, 'utf8'));
	ledger.dependencies = { ...ledger.dependencies, [pkg.name]: pkg.version };
	await writeFile(ledgerPath, JSON.stringify(ledger, null, 2), 'utf8');
	return { name: pkg.name, version: pkg.version, dir };
}

// ------------------------------------------------------------------ CLI

/**
 * Runs `n8n <args>` with Node 24 and the context's clean env.
 * cwd is the scratch dir: n8n's bin loads `.env` from cwd via dotenv.
 */
export async function runN8n(ctx, args, { timeoutMs = 180_000, env, segfaultRetries = 4 } = {}) {
	// n8n 2.41.1's CLI sometimes dies with SIGSEGV on its way out (measured:
	// `n8n execute` 8 of 35 runs with the default expression engine "vm", i.e.
	// isolated-vm, 0 of 20 with N8N_EXPRESSION_ENGINE=legacy), usually after it
	// printed a complete result. The defaults stay as users run them; such a
	// run is repeated (imports are upserts; executions against the simulator
	// are free) and counted in result.segfaults.
	let segfaults = 0;
	for (;;) {
		// Every CLI process gets its own task-broker port (n8n execute starts the
		// broker too), so it never collides with a running `n8n start` of this context.
		const { done } = spawnTracked(ctx.toolchain.node, [ctx.toolchain.n8nBin, ...args], {
			env: ctx.env({ N8N_RUNNERS_BROKER_PORT: String(await getFreePort()), ...env }),
			cwd: ctx.tmpDir,
			label: `n8n ${args[0]}`,
			timeoutMs,
		});
		const res = await done;
		if (res.signal === 'SIGSEGV' && segfaults < segfaultRetries) {
			segfaults++;
			log(`n8n ${args[0]} died with SIGSEGV (n8n CLI crash, see runN8n); running it again`);
			continue;
		}
		return { ...res, segfaults };
	}
}

function assertCliOk(what, res, successText) {
	const all = `${res.stdout}\n${res.stderr}`;
	if (res.exitCode !== 0 || (successText && !all.includes(successText))) {
		const err = new Error(
			`${what} failed (exit ${res.exitCode}${res.signal ? `, ${res.signal}` : ''})\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`,
		);
		err.result = res;
		throw err;
	}
	return res;
}

/**
 * Imports one credential. `data` is given in clear text: n8n 2.41.1's
 * import:credentials encrypts any object-valued `data` with the instance key
 * (no flag needed; an already-encrypted string is stored as is).
 * @param {{id:string,name:string,type:string,data:object}} credential
 */
export async function importCredential(ctx, credential) {
	if (
		!credential?.id ||
		!credential?.name ||
		!credential?.type ||
		typeof credential.data !== 'object'
	) {
		throw new Error('importCredential needs {id, name, type, data:{...}}');
	}
	const file = path.join(ctx.tmpDir, `credential-${credential.id}.json`);
	await writeFile(file, JSON.stringify([credential], null, 2), { mode: 0o600 });
	try {
		return assertCliOk(
			'n8n import:credentials',
			await runN8n(ctx, ['import:credentials', `--input=${file}`]),
			'Successfully imported 1 credential',
		);
	} finally {
		await rm(file, { force: true });
	}
}

/** Imports one workflow object (must carry an `id`, `nodes` and `connections`). */
export async function importWorkflow(ctx, workflow) {
	if (!workflow?.id) throw new Error('importWorkflow needs a workflow with an id');
	const file = path.join(ctx.tmpDir, `workflow-${workflow.id}.json`);
	await writeFile(file, JSON.stringify(workflow, null, 2));
	return assertCliOk(
		'n8n import:workflow',
		await runN8n(ctx, ['import:workflow', `--input=${file}`]),
		'Successfully imported 1 workflow',
	);
}

/**
 * Extracts the run data JSON from `n8n execute --rawOutput` stdout.
 * execute prints it with JSON.stringify(data, null, 2): a line that is exactly
 * "{" up to the next line that is exactly "}". Log lines come before it; on a
 * failed execution n8n logs the same JSON (after "Execution error:"), so the
 * last such block wins.
 */
export function parseRawOutput(stdout) {
	const lines = stdout.split(/\r?\n/);
	let found = null;
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				found = JSON.parse(lines.slice(i, j + 1).join('\n'));
				i = j;
			} catch {
				// not a complete document yet
				continue;
			}
			break;
		}
	}
	return found;
}

/**
 * `n8n execute --id=ID --rawOutput`.
 * @returns {Promise<{exitCode:number|null, stdout:string, stderr:string, json:any, error:any}>}
 *   json  = the full IRun ({ data: { resultData: { runData, error?, lastNodeExecuted } }, status, ... })
 *   error = json.data.resultData.error when the execution failed
 */
export async function executeWorkflow(ctx, id, { timeoutMs = 300_000, env } = {}) {
	const res = await runN8n(ctx, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs, env });
	const json = parseRawOutput(res.stdout);
	return { ...res, json, error: json?.data?.resultData?.error ?? null };
}

/** Output items (json) of a node in an execute result, first run, main output 0 by default. */
export function nodeOutput(json, nodeName, { run = 0, output = 0 } = {}) {
	const runs = json?.data?.resultData?.runData?.[nodeName];
	if (!runs?.[run]) return undefined;
	return runs[run].data?.main?.[output]?.map((item) => item.json);
}

/** Full items ({json, binary}) of a node in an execute result. */
export function nodeItems(json, nodeName, { run = 0, output = 0 } = {}) {
	return json?.data?.resultData?.runData?.[nodeName]?.[run]?.data?.main?.[output];
}

/**
 * Reads the bytes behind a binary property of an execute result
 * (item.binary.<prop>), whatever N8N_DEFAULT_BINARY_DATA_MODE was:
 *   filesystem -> id "filesystem-v2:<path>", file at $N8N_USER_FOLDER/.n8n/storage/<path>
 *                 (.n8n/binaryData/<path> on n8n 1.x)
 *   database   -> id "database:<fileId>", row in the sqlite table binary_data
 *   inline     -> base64 in .data (no id)
 * @returns {Promise<Buffer>}
 */
export async function readBinary(ctx, binary) {
	if (!binary || typeof binary !== 'object')
		throw new Error('readBinary needs item.binary.<property>');
	const id = binary.id;
	if (!id) return Buffer.from(binary.data ?? '', 'base64');
	const sep = id.indexOf(':');
	const mode = id.slice(0, sep);
	const ref = id.slice(sep + 1);
	if (mode === 'filesystem-v2' || mode === 'filesystem') {
		const storage = path.join(ctx.n8nFolder, /^1\./.test(ctx.toolchain.n8nVersion ?? '') ? 'binaryData' : 'storage');
		const file = path.resolve(storage, ref);
		if (!file.startsWith(storage + path.sep)) throw new Error(`binary id escapes storage: ${id}`);
		return await readFile(file);
	}
	if (mode === 'database') {
		// n8n's own sqlite3 (built for Node 24) reads the blob; run it under Node 24.
		const script = `
			const sqlite3 = require('sqlite3');
			const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY);
			db.get('SELECT data FROM binary_data WHERE fileId = ?', [process.argv[2]], (err, row) => {
				if (err) { console.error(err.message); process.exit(2); }
				if (!row) { console.error('no such binary_data row'); process.exit(3); }
				process.stdout.write(Buffer.from(row.data).toString('base64'));
				db.close();
			});`;
		const { stdout } = await execFileAsync(
			ctx.toolchain.node,
			['-e', script, path.join(ctx.n8nFolder, 'database.sqlite'), ref],
			{ cwd: ctx.toolchain.n8nDir, maxBuffer: 1024 * 1024 * 1024 },
		);
		return Buffer.from(stdout, 'base64');
	}
	throw new Error(`unsupported binary data mode in id ${id}`);
}

// ------------------------------------------------------------------ n8n start

/**
 * Waits until `${baseUrl}/healthz/readiness` answers OK. Fails at once when the process
 * exits, and stops it when the deadline passes; both errors carry its output.
 */
export async function waitUntilReady(proc, baseUrl, label, timeoutMs) {
	let exited = null;
	proc.done.then((r) => (exited = r));
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) {
			throw new Error(
				`${label} exited early (${exited.exitCode})\n--- stdout\n${exited.stdout}\n--- stderr\n${exited.stderr}`,
			);
		}
		try {
			const r = await fetch(`${baseUrl}/healthz/readiness`);
			if (r.ok) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stopProcess(proc.pid);
			const o = proc.output();
			throw new Error(`${label} not ready after ${timeoutMs} ms\n--- stdout\n${o.stdout}\n--- stderr\n${o.stderr}`);
		}
		await sleep(250);
	}
}

/**
 * Starts `n8n start` on 127.0.0.1:ctx.ports.main and waits for /healthz/readiness.
 * @returns {Promise<{pid:number, baseUrl:string, stop:()=>Promise<void>, output:()=>{stdout:string,stderr:string}}>}
 */
export async function startN8n(ctx, { timeoutMs = 180_000, env } = {}) {
	for (const port of [ctx.ports.main, ctx.ports.broker]) {
		if (!(await isPortFree(port))) throw new Error(`port ${port} is busy before n8n start`);
	}
	const proc = spawnTracked(ctx.toolchain.node, [ctx.toolchain.n8nBin, 'start'], {
		env: ctx.env(env),
		cwd: ctx.tmpDir,
		label: 'n8n start',
	});
	const baseUrl = `http://127.0.0.1:${ctx.ports.main}`;
	await waitUntilReady(proc, baseUrl, 'n8n start', timeoutMs);
	return {
		pid: proc.pid,
		baseUrl,
		output: proc.output,
		async stop() {
			await stopProcess(proc.pid);
			await assertPortsFree([ctx.ports.main, ctx.ports.broker]);
		},
	};
}

/**
 * Creates the instance owner through the same REST call the setup screen uses
 * (POST /rest/owner/setup, no auth while the instance has no owner yet).
 * Password rules: 8-64 chars, at least one digit and one uppercase letter.
 */
export async function setupOwner(baseUrl, owner = DEFAULT_OWNER) {
	const res = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': 'e2e-setup' },
		body: JSON.stringify(owner),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`owner setup failed: HTTP ${res.status} ${text}`);
	return JSON.parse(text).data;
}

/**
 * Alternative to setupOwner(): env vars that make `n8n start` itself create
 * (or overwrite) the owner at boot (OwnerInstanceSettingsLoader, start only).
 * n8n wants a bcrypt hash; it is made with n8n's own bcryptjs.
 * Usage: startN8n(ctx, { env: await ownerEnv(ctx) })
 */
export async function ownerEnv(ctx, owner = DEFAULT_OWNER) {
	const require = createRequire(path.join(ctx.toolchain.n8nDir, 'package.json'));
	const bcrypt = require('bcryptjs');
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: owner.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: owner.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(owner.password, 10),
	};
}

export const DEFAULT_OWNER = Object.freeze({
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Passw0rd!',
});

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

// ------------------------------------------------------------------ reporting

/** PASS/FAIL bookkeeping shared by the e2e files. */
export function createReporter() {
	const r = {
		passed: 0,
		failed: 0,
		check(name, ok, detail) {
			if (ok) {
				r.passed++;
				console.log(`PASS ${name}`);
			} else {
				r.failed++;
				const d =
					detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
				console.log(`FAIL ${name}${d.length > 4000 ? `${d.slice(0, 4000)}…` : d}`);
			}
			return !!ok;
		},
		/** The processes a suite started are gone: their ports are free again. */
		async portsFree(ports, label = 'no process left, ports free', options) {
			await assertPortsFree(ports, options).then(
				() => r.check(label, true),
				(e) => r.check(label, false, e.message),
			);
		},
		summary() {
			console.log(`${r.passed} passed, ${r.failed} failed`);
			return r.failed === 0 && r.passed > 0 ? 0 : 1;
		},
	};
	return r;
}

/**
 * Runs a suite's main(): a crash counts as a failure and stops every process it started.
 * Sets the exit code from the reporter (non-zero on any failure or when nothing was checked).
 */
export async function runSuite(name, reporter, main) {
	const t0 = Date.now();
	try {
		await main();
	} catch (error) {
		reporter.check(`${name} run`, false, error.stack ?? String(error));
		await stopAll();
	}
	console.log(`${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	process.exitCode = reporter.summary();
}

/**
 * puppeteer-core needs Node >= 22.12 and CI runs Node 20: under an older Node the calling
 * script runs again with the toolchain's Node 24, and this process exits with its status.
 */
export async function rerunUnderNode24(scriptUrl) {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major > 22 || (major === 22 && minor >= 12)) return;
	const toolchain = await ensureToolchain();
	const r = spawnSync(toolchain.node, [fileURLToPath(scriptUrl), ...process.argv.slice(2)], { stdio: 'inherit' });
	process.exit(r.status ?? 1);
}
