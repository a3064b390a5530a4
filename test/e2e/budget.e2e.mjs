#!/usr/bin/env node
// The budget guard in a real n8n 2.41.1 (CLI): our package packed and installed as a community
// package, the Segmind simulator as a child process answering GET /v1/get-user-credits with
// $0.30, workflows Manual Trigger -> Code (5 items) -> Segmind Wan (Wan 2.2 Flash, up to $0.18
// a video, Concurrency 3), run with `n8n execute --rawOutput`:
//   - Max Cost per Run $0.54: the execution fails at item 3 with the committed amount, the cap
//     and the items not sent; the simulator saw exactly 3 paid submits (none past item 2)
//   - the same with Continue On Fail: items 0-2 carry the MP4 (byte-identical), items 3 and 4
//     are error items naming the cap; 3 paid submits
//   - Check Credits First: $0.30 < the run's $0.90 worst case: refused, one credits call and
//     no paid request
//
// Run:  node test/e2e/budget.e2e.mjs        (npm run test:e2e runs it)
// Env:  SEGMIND_E2E_SKIP_BUILD=1 pack the current dist/ without `npm run build`
// Prints PASS/FAIL lines and a final "N passed, N failed"; exit 1 on any failure.
import path from 'node:path';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { executeWorkflow, nodeItems, readBinary } from '../../scripts/e2e/n8nCli.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';
import {
	PACKAGE_NAME,
	importCredentials,
	importWorkflows,
	manualTrigger,
	ourTarball,
	randomApiKey,
	readSampleMp4,
	segmindCredential,
	segmindNode,
	startSimulator,
} from '../../scripts/e2e/segmind.mjs';
import { simRequests } from './restart/n8nRest.mjs';

const R = createReporter();
const check = R.check;

const CRED_ID = 'segmindBudgetCred1';
const WF_CAP = 'segmindBudgetCap01';
const WF_CAP_CONTINUE = 'segmindBudgetCof01';
const WF_CREDITS = 'segmindBudgetCrd01';
const NODE = 'Segmind Wan';
const ITEMS = 5;

/** Manual Trigger -> Code (items n = 0..4) -> Segmind Wan with the given options. */
function budgetWorkflow({ id, name, credential, options, settings = {} }) {
	const trigger = manualTrigger();
	const code = {
		id: `${id}-code`,
		name: 'Five items',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [200, 0],
		parameters: {
			jsCode: `return Array.from({ length: ${ITEMS} }, (_, n) => ({ json: { n } }));`,
		},
	};
	const segmind = {
		...segmindNode({
			name: NODE,
			model: 'wan-2.2-i2v-flash',
			mode: 'wait',
			position: [400, 0],
			credential,
			extra: { prompt: '={{ "item " + $json.n }}', options: { concurrency: 3, ...options } },
		}),
		...settings,
	};
	const link = (to) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, code, segmind],
		connections: { [trigger.name]: link(code.name), [code.name]: link(segmind.name) },
		pinData: {},
	};
}

const paidPosts = (lines) => lines.filter((line) => /^api POST \/v[12]\//.test(line));

async function capStopsTheRun(ctx, sim) {
	const from = sim.output().stderr.length;
	const run = await executeWorkflow(ctx, WF_CAP, { timeoutMs: 300_000 });
	const error = run.error ?? {};
	const text = `${error.message ?? ''} ${error.description ?? ''}`;
	check(
		`cap $0.54, 5 items at $0.18: the execution fails at item 3 ("${error.message}")`,
		run.exitCode !== 0 &&
			/Max Cost per Run reached: item 3 was not sent/.test(error.message ?? '') &&
			/\$0\.54 of the \$0\.54 cap already committed/.test(error.message ?? ''),
		{ exitCode: run.exitCode, error, stdout: run.stdout.slice(-2000) },
	);
	check(
		'cap: the error names the committed items and the items not sent',
		/Committed \$0\.54 \(worst case\) by items 0, 1, 2\./.test(text) &&
			/Not sent to Segmind: items 3, 4\./.test(text),
		text,
	);
	const posts = paidPosts(simRequests(sim, from));
	check(
		`cap: the simulator saw exactly 3 paid submits, none past item 2 (${posts.length})`,
		posts.length === 3 && posts.every((line) => / → 200$/.test(line)),
		posts,
	);
}

async function capWithContinueOnFail(ctx, sim, expectedMp4) {
	const from = sim.output().stderr.length;
	const run = await executeWorkflow(ctx, WF_CAP_CONTINUE, { timeoutMs: 300_000 });
	const items = nodeItems(run.json, NODE) ?? [];
	const delivered = items.filter((item) => item.binary?.data);
	const refused = items.filter((item) => item.json?.error);
	let identical = delivered.length === 3;
	for (const item of delivered) {
		const bytes = await readBinary(ctx, item.binary.data).catch(() => null);
		identical &&= bytes !== null && Buffer.compare(bytes, expectedMp4) === 0;
	}
	check(
		'cap with Continue On Fail: exit 0, items 0-2 carry the MP4 (byte-identical)',
		run.exitCode === 0 &&
			items.length === ITEMS &&
			identical &&
			JSON.stringify(delivered.map((item) => item.pairedItem?.item).sort()) === '[0,1,2]',
		{ exitCode: run.exitCode, error: run.error?.message, items: items.map((item) => item.json) },
	);
	check(
		'cap with Continue On Fail: items 3 and 4 are error items naming the cap and what was committed',
		JSON.stringify(refused.map((item) => item.pairedItem?.item).sort()) === '[3,4]' &&
			refused.every((item) => /\$0\.54 of the \$0\.54 cap already committed/.test(item.json.error)),
		refused.map((item) => item.json),
	);
	check(
		'cap with Continue On Fail: every delivered item reports cost and remainingCredits',
		delivered.every(
			(item) =>
				typeof item.json.cost === 'number' && typeof item.json.remainingCredits === 'number',
		),
		delivered.map((item) => item.json),
	);
	const posts = paidPosts(simRequests(sim, from));
	check(`cap with Continue On Fail: 3 paid submits (${posts.length})`, posts.length === 3, posts);
}

async function creditsCheckRefuses(ctx, sim) {
	const from = sim.output().stderr.length;
	const run = await executeWorkflow(ctx, WF_CREDITS, { timeoutMs: 300_000 });
	const message = run.error?.message ?? '';
	check(
		`Check Credits First, $0.30 of credits: refused ("${message}")`,
		run.exitCode !== 0 &&
			/Check Credits First: Segmind reports \$0\.30 of credits/.test(message) &&
			/worst case of \$0\.90/.test(message),
		{ exitCode: run.exitCode, error: run.error, stdout: run.stdout.slice(-2000) },
	);
	const lines = simRequests(sim, from);
	check(
		'Check Credits First: one credits call, no paid request',
		lines.filter((line) => /^api GET \/v1\/get-user-credits → 200$/.test(line)).length === 1 &&
			paidPosts(lines).length === 0,
		lines,
	);
}

async function main() {
	const toolchain = await ensureToolchain();
	const ctx = await createN8nContext({ toolchain });
	let sim;
	try {
		const tarball = await ourTarball(path.join(ctx.root, 'pack'), { toolchain });
		const installed = await installCommunityPackage(ctx, tarball);
		check(`installed ${PACKAGE_NAME} as a community package`, installed.name === PACKAGE_NAME);
		sim = await startSimulator({
			apiKey: randomApiKey(),
			args: ['--verbose', '--credits', '{"credits":0.3,"free-credits":0}'],
		});
		const credential = segmindCredential({
			id: CRED_ID,
			name: 'Segmind (simulator)',
			apiKey: sim.apiKey,
			baseUrl: sim.apiUrl,
			uploadUrl: sim.uploadUrl,
		});
		await importCredentials(ctx, [credential]);
		await importWorkflows(ctx, [
			budgetWorkflow({
				id: WF_CAP,
				name: 'Budget: cap',
				credential,
				options: { maxCostUsd: 0.54 },
			}),
			budgetWorkflow({
				id: WF_CAP_CONTINUE,
				name: 'Budget: cap, continue on fail',
				credential,
				options: { maxCostUsd: 0.54 },
				settings: { onError: 'continueRegularOutput' },
			}),
			budgetWorkflow({
				id: WF_CREDITS,
				name: 'Budget: credits check',
				credential,
				options: { checkCreditsFirst: true },
			}),
		]);
		await capStopsTheRun(ctx, sim);
		await capWithContinueOnFail(ctx, sim, await readSampleMp4());
		await creditsCheckRefuses(ctx, sim);
	} finally {
		if (sim) await sim.stop();
		await ctx.dispose();
	}
	await R.portsFree(
		[ctx.ports.main, ctx.ports.broker, ...(sim?.ports ?? [])],
		'no process left (n8n, simulator), ports free',
	);
}

await runSuite('budget e2e', R, main);
