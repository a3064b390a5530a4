// Where the e2e toolchain (Node 24, n8n, chromium, optionally n8n 1.x) lives, and installing it.
//
// Everything heavy lives in a cache outside the repo, installed by scripts/e2e/install-n8n.sh.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCRIPTS_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(SCRIPTS_DIR, '..', '..');
export const CACHE_DIR =
	process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-segmind-wan');

/**
 * Runs install-n8n.sh (idempotent; a warm run takes well under a second) and
 * returns the paths it prints. With { n8n1: true } it also installs n8n 1.x (Node 22) and
 * returns it as `n8n1`: the same shape, usable wherever a toolchain is expected.
 * @returns
 * {Promise<{cache:string,node:string,nodeBinDir:string,n8nDir:string,n8nBin:string,browserDir:string,chromium:string,n8nVersion:string,n8n1?:object}>}
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
		if (!vars.N8N_E2E_N8N1_BIN)
			throw new Error(`install-n8n.sh did not report n8n 1.x:\n${stdout}`);
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

/**
 * puppeteer-core needs Node >= 22.12 and CI runs Node 20: under an older Node the calling
 * script runs again with the toolchain's Node 24, and this process exits with its status.
 */
export async function rerunUnderNode24(scriptUrl) {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major > 22 || (major === 22 && minor >= 12)) return;
	const toolchain = await ensureToolchain();
	const r = spawnSync(toolchain.node, [fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
		stdio: 'inherit',
	});
	process.exit(r.status ?? 1);
}
