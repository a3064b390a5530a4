// `n8n start` for a context, and setting up its owner over REST (or through env at boot).
import { createRequire } from 'node:module';
import path from 'node:path';

import { assertPortsFree, isPortFree, sleep, spawnTracked, stopProcess } from './processes.mjs';

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
			throw new Error(
				`${label} not ready after ${timeoutMs} ms\n--- stdout\n${o.stdout}\n--- stderr\n${o.stderr}`,
			);
		}
		await sleep(250);
	}
}

/**
 * Starts `n8n start` on 127.0.0.1:ctx.ports.main and waits for /healthz/readiness.
 * @returns {Promise<{pid:number, baseUrl:string, stop:()=>Promise<void>,
 * output:()=>{stdout:string,stderr:string}}>}
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
