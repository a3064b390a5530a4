// What the restart, recover and data table suites set up and tear down alike: the packed
// package in a temporary folder, Segmind simulators each with the credential that points n8n at
// it, and the stack (main, workers, Redis, simulators) stopped again with its ports checked free.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createN8nContext } from '../../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../../scripts/e2e/communityPackage.mjs';
import { setupOwner, startN8n } from '../../../scripts/e2e/n8nServer.mjs';
import { restLogin } from '../../../scripts/e2e/queueMode.mjs';
import {
	importCredentials,
	importWorkflows,
	ourTarball,
	randomApiKey,
	readSampleMp4,
	segmindCredential,
	startSimulator,
} from '../../../scripts/e2e/segmind.mjs';
import { ensureToolchain } from '../../../scripts/e2e/toolchain.mjs';
import { R, check } from '../suiteReport.mjs';

/** Packs the package into a new temporary folder (prefix), runs fn(tarball), removes the folder. */
export async function withTarball(prefix, toolchain, fn) {
	const packDir = await mkdtemp(path.join(os.tmpdir(), prefix));
	try {
		return await fn(await ourTarball(packDir, { toolchain }));
	} finally {
		await rm(packDir, { recursive: true, force: true });
	}
}

/**
 * A simulator process of its own (its request log is its case's alone), started with args, and
 * the segmindApi credential { id, name } that points n8n at it; its ports join `ports`.
 */
export async function simulatorWithCredential({ args, id, name, ports }) {
	const sim = await startSimulator({ apiKey: randomApiKey(), args });
	ports.push(...sim.ports);
	const credential = segmindCredential({
		id,
		name,
		apiKey: sim.apiKey,
		baseUrl: sim.apiUrl,
		uploadUrl: sim.uploadUrl,
		historyUrl: sim.historyUrl,
	});
	return { sim, credential };
}

/**
 * Stops what a suite started, by PID: n8n's main, the workers, Redis, the simulators, then the
 * context (anything left of it); then checks that `ports` and every worker's ports are free.
 * Any part may be missing (regular mode has no workers or Redis). `tag` prefixes the checks.
 */
export async function stopQueueStack({
	tag = '',
	ctx,
	main,
	workers = [],
	redis,
	sims = {},
	ports,
}) {
	const label = (text) => (tag ? `${tag} ${text}` : text);
	try {
		if (main) await main.stop().catch((e) => check(label('n8n stopped'), false, e.message));
		for (const worker of workers) await worker.stop();
		if (redis) await redis.stop();
		for (const sim of Object.values(sims)) await sim.stop();
	} finally {
		await ctx.dispose();
	}
	const workerPorts = workers.flatMap((w) => [w.healthPort, w.brokerPort]);
	await R.portsFree([...ports, ...workerPorts], label('no process left, ports free'), {
		timeoutMs: 15_000,
	});
}

/**
 * The recover and data table suites' n8n: regular mode with EXECUTIONS_TIMEOUT=timeoutS, binary
 * data on the filesystem, every execution saved; one simulator (simArgs) with its credential
 * (credentialId, "Simulator"), the workflows made by workflows(credential) imported, n8n started
 * with its owner and a REST session. body({ ctx, sim, n8n, session, wf, expected, startedAt })
 * runs the checks (startedAt: just before n8n started); then everything is stopped and its
 * ports are checked free (stopQueueStack).
 */
export async function withCappedN8n(
	{ packPrefix, timeoutS, simArgs, credentialId, workflows },
	body,
) {
	const toolchain = await ensureToolchain();
	const expected = await readSampleMp4();
	await withTarball(packPrefix, toolchain, async (tarball) => {
		const ctx = await createN8nContext({
			toolchain,
			binaryDataMode: 'filesystem',
			env: {
				EXECUTIONS_TIMEOUT: String(timeoutS),
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
				EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
			},
		});
		const ports = [ctx.ports.main, ctx.ports.broker];
		const sims = {};
		let n8n;
		try {
			await installCommunityPackage(ctx, tarball);
			const { sim, credential } = await simulatorWithCredential({
				args: simArgs,
				id: credentialId,
				name: 'Simulator',
				ports,
			});
			sims.sim = sim;
			const wf = await workflows(credential);
			await importCredentials(ctx, [credential]);
			await importWorkflows(ctx, Object.values(wf));
			const startedAt = Date.now();
			n8n = await startN8n(ctx);
			await setupOwner(n8n.baseUrl);
			const session = await restLogin(n8n.baseUrl);
			await body({ ctx, sim, n8n, session, wf, expected, startedAt });
		} finally {
			await stopQueueStack({ ctx, main: n8n, sims, ports });
		}
	});
}
