#!/usr/bin/env node
// `npm run demo`: a real n8n 2.x with this package installed as a community package, an owner
// account, a Segmind credential and the quick-start workflow. Uses the local Segmind simulator,
// or real Segmind when SEGMIND_API_KEY is set. Ctrl-C stops everything.
//
//   npm run demo                  stay up until Ctrl-C
//   npm run demo -- --smoke       start, run the quick-start workflow once, check the MP4, stop
//   DEMO_PORT=5678 npm run demo   choose the n8n port (default: a free one)
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import {
	DEFAULT_OWNER,
	REPO_ROOT,
	createN8nContext,
	ensureToolchain,
	executeWorkflow,
	installCommunityPackage,
	nodeItems,
	readBinary,
	setupOwner,
	startN8n,
	stopAll,
} from './e2e/n8nEnv.mjs';
import { buildAndPack, importCredentials, importWorkflows, segmindCredential, startSimulator } from './e2e/segmind.mjs';

const smoke = process.argv.includes('--smoke') || process.env.DEMO_SMOKE === '1';
const realKey = process.env.SEGMIND_API_KEY;
const CREDENTIAL = { id: 'segmindDemoCred01', name: 'Segmind account' };

function say(line) {
	process.stdout.write(`${line}\n`);
}

async function main() {
	say('Preparing n8n 2.41.1 (first run installs Node 24 and n8n into ~/.cache, about 5 minutes)…');
	const toolchain = await ensureToolchain();
	const ctx = await createN8nContext({
		toolchain,
		keep: false,
		binaryDataMode: 'filesystem',
	});
	if (process.env.DEMO_PORT) ctx.ports.main = Number(process.env.DEMO_PORT);

	let stopping = false;
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		say('\nStopping n8n and the simulator…');
		await stopAll();
		await ctx.dispose();
		process.exit(code);
	};
	process.on('SIGINT', () => void shutdown(0));
	process.on('SIGTERM', () => void shutdown(0));

	try {
		say('Building and installing n8n-nodes-segmind-wan as n8n installs community packages…');
		const tarball = await buildAndPack(path.join(ctx.root, 'pack'), { toolchain });
		await installCommunityPackage(ctx, tarball);

		let apiKey = realKey;
		let endpoints = {};
		if (realKey) {
			say('SEGMIND_API_KEY is set: the demo uses real Segmind (and real credits).');
		} else {
			const sim = await startSimulator();
			apiKey = sim.apiKey;
			endpoints = { baseUrl: sim.apiUrl, uploadUrl: sim.uploadUrl };
			say(`Segmind simulator on ${sim.apiUrl} (upload ${sim.uploadUrl}, files ${sim.filesUrl})`);
		}
		await importCredentials(ctx, [segmindCredential({ ...CREDENTIAL, apiKey, ...endpoints })]);
		// Every example is imported (the demo shows them all); the quick start is the one to run.
		const examplesDir = path.join(REPO_ROOT, 'examples');
		const examples = await Promise.all(
			(await readdir(examplesDir))
				.filter((file) => file.endsWith('.json'))
				.map(async (file) => JSON.parse(await readFile(path.join(examplesDir, file), 'utf8'))),
		);
		await importWorkflows(ctx, examples);
		say(`Imported ${examples.length} example workflows: ${examples.map((example) => `"${example.name}"`).join(', ')}`);
		const workflow = examples.find((example) => example.id === 'segmindWanQuickStart');

		let smokeOk = true;
		if (smoke) {
			const run = await executeWorkflow(ctx, workflow.id);
			const [item] = nodeItems(run.json, 'Segmind Wan') ?? [];
			const bytes = item?.binary?.data ? await readBinary(ctx, item.binary.data) : undefined;
			const ok = run.exitCode === 0 && item?.json?.status === 'COMPLETED' && bytes?.length > 0;
			smokeOk = ok;
			say(
				ok
					? `Quick-start workflow ran: ${item.json.model}, request ${item.json.requestId}, ${bytes.length}-byte MP4`
					: `Quick-start workflow failed (exit ${run.exitCode}): ${run.error ?? run.stderr.slice(-2000)}`,
			);
		}

		const n8n = await startN8n(ctx);
		await setupOwner(n8n.baseUrl);
		say('');
		say(`n8n is running:  ${n8n.baseUrl}`);
		say(`  login:         ${DEFAULT_OWNER.email}`);
		say(`  password:      ${DEFAULT_OWNER.password}`);
		say('  workflow:      "Segmind Wan quick start" (open it, then "Execute workflow")');
		if (smoke) {
			const health = await fetch(`${n8n.baseUrl}/healthz/readiness`);
			say(`Smoke run: editor ${health.ok ? 'ready' : `not ready (${health.status})`}; stopping.`);
			await shutdown(health.ok && smokeOk ? 0 : 1);
			return;
		}
		say('Press Ctrl-C to stop.');
	} catch (error) {
		say(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
		await shutdown(1);
	}
}

await main();
