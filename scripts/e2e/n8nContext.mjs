// A fresh n8n instance folder per test (N8N_USER_FOLDER in the OS temp dir, so runs never share
// a database) and the clean environment every n8n process of it runs with.
//
// Typical use (see n8nCli.mjs, communityPackage.mjs, n8nServer.mjs):
//   const tc = await ensureToolchain();
//   const ctx = await createN8nContext({ toolchain: tc });
//   await installCommunityPackage(ctx, await packPackage(pkgDir, ctx.root));
//   await importCredential(ctx, { id, name, type, data });
//   await importWorkflow(ctx, workflowJson);
//   const { exitCode, json } = await executeWorkflow(ctx, workflowJson.id);
//   await ctx.dispose();
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { getFreePort, log, stopAll } from './processes.mjs';
import { ensureToolchain } from './toolchain.mjs';

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
