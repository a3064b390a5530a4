#!/usr/bin/env node
// Proves the real-n8n e2e pipeline with a throwaway community package
// (test/e2e/fixtures/probe-package, `n8n-nodes-e2e-probe`), before the real
// node is built:
//   install path + node type naming, zod resolved from n8n's own copy,
//   credential import (clear-text data), workflow import + `n8n execute`.
//
// Run:  node test/e2e/probe.e2e.mjs        (installs the toolchain on first use)
// Env:  N8N_E2E_KEEP=1 keeps the temp N8N_USER_FOLDER for inspection.
// Prints PASS/FAIL lines and a final "N passed, N failed"; exit 1 on any failure.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage, packPackage } from '../../scripts/e2e/communityPackage.mjs';
import {
	executeWorkflow,
	importCredential,
	importWorkflow,
	nodeItems,
	nodeOutput,
	readBinary,
} from '../../scripts/e2e/n8nCli.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(HERE, 'fixtures', 'probe-package');

const R = createReporter();
const check = R.check;

const CREDENTIAL = {
	id: 'e2eProbeCred0001',
	name: 'E2E probe credential',
	type: 'e2eProbeApi',
	data: {
		apiKey: 'sk-e2e-probe-not-a-real-key',
		baseUrl: 'http://127.0.0.1:9/v1',
		uploadUrl: 'http://127.0.0.1:9/upload',
	},
};

const WORKFLOW = {
	id: 'e2eProbeWorkflow1',
	name: 'E2E probe',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: {
		'Manual Trigger': { main: [[{ node: 'Probe', type: 'main', index: 0 }]] },
	},
	nodes: [
		{
			id: '0f5e7b43-0000-4000-8000-000000000001',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '0f5e7b43-0000-4000-8000-000000000002',
			name: 'Probe',
			type: 'n8n-nodes-e2e-probe.e2eProbe',
			typeVersion: 1,
			position: [220, 0],
			parameters: { label: '={{ "expr-" + (1 + 1) }}', emitBinary: true },
			credentials: { e2eProbeApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
		},
	],
	pinData: {},
};

async function main() {
	const toolchain = await ensureToolchain();
	check('toolchain installed (Node 24 + n8n)', !!toolchain.n8nBin, toolchain);
	const ctx = await createN8nContext({ toolchain });
	try {
		const tarball = await packPackage(FIXTURE, path.join(ctx.root, 'pack'), { toolchain });
		check('npm pack probe package', tarball.endsWith('n8n-nodes-e2e-probe-0.0.1.tgz'), tarball);

		const installed = await installCommunityPackage(ctx, tarball);
		check(
			'installed under $N8N_USER_FOLDER/.n8n/nodes/node_modules/<pkg>',
			installed.dir ===
				path.join(ctx.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-e2e-probe'),
			installed.dir,
		);

		const cred = await importCredential(ctx, CREDENTIAL);
		check('import:credentials (clear-text data)', cred.exitCode === 0);

		const wf = await importWorkflow(ctx, WORKFLOW);
		check('import:workflow', wf.exitCode === 0);

		const started = Date.now();
		const run = await executeWorkflow(ctx, WORKFLOW.id);
		const ms = Date.now() - started;
		const ok = check(`n8n execute exit 0 (${ms} ms)`, run.exitCode === 0, {
			exitCode: run.exitCode,
			stdoutTail: run.stdout.slice(-3000),
			stderrTail: run.stderr.slice(-3000),
		});
		check('rawOutput JSON parsed', run.json && typeof run.json === 'object');
		check('no execution error', !run.error, run.error);
		const out = nodeOutput(run.json, 'Probe');
		if (!ok || !out) console.log(run.stdout.slice(-4000), run.stderr.slice(-4000));
		const item = out?.[0] ?? {};
		check(
			'node type n8n-nodes-e2e-probe.e2eProbe executed',
			Array.isArray(out) && out.length === 1,
			out,
		);
		check('zod resolved (3.25.x)', /^3\.25\.\d+$/.test(item.zodVersion ?? ''), item.zodVersion);
		check(
			"zod is n8n's own copy (from the n8n install, not the package)",
			typeof item.zodPackageJson === 'string' &&
				item.zodPackageJson.startsWith(toolchain.n8nDir + path.sep) &&
				!item.zodPackageJson.includes(`${path.sep}.n8n${path.sep}`),
			item.zodPackageJson,
		);
		check('zod works at runtime', item.zodParseOk === true, item);
		check(
			"n8n-workflow is n8n's own copy (peer dependency stripped on install)",
			typeof item.n8nWorkflowPackageJson === 'string' &&
				item.n8nWorkflowPackageJson.startsWith(toolchain.n8nDir + path.sep) &&
				/^2\./.test(item.n8nWorkflowVersion ?? ''),
			{ version: item.n8nWorkflowVersion, file: item.n8nWorkflowPackageJson },
		);
		check('runs on Node 24', /^v24\./.test(item.nodeVersion ?? ''), item.nodeVersion);
		check('expression evaluated in parameter', item.label === 'expr-2', item.label);
		check(
			'credential decrypted and passed to node',
			item.credential?.baseUrl === CREDENTIAL.data.baseUrl &&
				item.credential?.uploadUrl === CREDENTIAL.data.uploadUrl &&
				item.credential?.apiKeyLength === CREDENTIAL.data.apiKey.length,
			item.credential,
		);

		const bin = nodeItems(run.json, 'Probe')?.[0]?.binary?.data;
		check(
			'binary (filesystem mode) metadata',
			bin?.mimeType === 'video/mp4' &&
				bin?.fileName === 'probe.mp4' &&
				/^filesystem-v2:/.test(bin?.id ?? ''),
			bin,
		);
		const bytesFs = bin ? (await readBinary(ctx, bin)).toString('utf8') : null;
		check(
			'binary (filesystem mode) bytes readable',
			bytesFs === 'e2e-probe-binary-payload',
			bytesFs,
		);

		const runDb = await executeWorkflow(ctx, WORKFLOW.id, {
			env: { N8N_DEFAULT_BINARY_DATA_MODE: 'database' },
		});
		const binDb = nodeItems(runDb.json, 'Probe')?.[0]?.binary?.data;
		check(
			'binary (database mode) metadata',
			runDb.exitCode === 0 && /^database:/.test(binDb?.id ?? ''),
			binDb ?? runDb.stdout.slice(-2000),
		);
		const bytesDb = binDb ? (await readBinary(ctx, binDb)).toString('utf8') : null;
		check('binary (database mode) bytes readable', bytesDb === 'e2e-probe-binary-payload', bytesDb);
	} finally {
		await ctx.dispose();
	}
	await R.portsFree([ctx.ports.main, ctx.ports.broker]);
}

await runSuite('probe e2e', R, main);
