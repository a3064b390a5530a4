#!/usr/bin/env node
// Never pay twice, in a real n8n 2.41.1 (regular mode, packed package, EXECUTIONS_TIMEOUT=30);
// the Retry On Fail and Retry execution scenarios again in n8n 1.123.81 (Node 22).
// Every scenario has its own Segmind simulator process (its request log is that scenario's
// alone), started with the fault it needs; all run against one n8n:
//
//   retry1 / retry3   Retry On Fail (Max Tries 3, 1000 ms), 1 and 3 items, the first video
//                     download answers 404 once: paid submits == items, every video out.
//   sibling3          Retry On Fail, 3 items, the second submit is refused (406): the run stops,
//                     the retry resumes the two paid jobs and submits the refused item once.
//   retryExec         no Retry On Fail, the download 404s once: the execution fails naming the
//                     request; "Retry" (POST /rest/executions/:id/retry, what the executions
//                     list calls) resumes the job from the custom data: no new submit.
//   timeout           a job longer than EXECUTIONS_TIMEOUT: n8n cancels the run; the saved
//                     execution (REST) names the request ID in its custom data.
//   reuse             "Reuse an Identical Job" on, run twice: one paid submit; off: one more.
// Every video is read back through n8n's REST API and compared byte for byte.
//
// Run:  flock /tmp/e2e.lock node test/e2e/paidOnce.e2e.mjs
// Env:  SEGMIND_E2E_TARBALL=<tgz> | SEGMIND_E2E_SKIP_BUILD=1 (see scripts/e2e/segmind.mjs)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { runSuite } from '../../scripts/e2e/reporter.mjs';
import {
	importCredentials,
	importWorkflows,
	ourTarball,
	randomApiKey,
	readSampleMp4,
	segmindCredential,
	startSimulator,
} from '../../scripts/e2e/segmind.mjs';
import { downloadBinary, getExecution, restLogin } from '../../scripts/e2e/queueMode.mjs';
import { R, check, secs, logOf } from './suiteReport.mjs';
import {
	activateAny as activate,
	executionIn,
	executionsOf,
	lastRunItems,
	postWebhook,
	setupOwnerWhenReady,
	simRequests,
	until,
} from './restart/n8nRest.mjs';
import { GENERATE, RETRY_ON_FAIL, generateWorkflow, itemsBody } from './paidOnce/workflows.mjs';

const TIMEOUT_S = 30;
const FINAL = ['success', 'error', 'crashed', 'canceled'];
/** Accepted (billed) generation requests in a simulator's log. */
const accepted = (sim) => simRequests(sim).filter((l) => /^api POST \/v[12]\/.* → 200$/.test(l));
const JOB_LINE =
	/Segmind Wan: job submitted, request ID (\S+) \(model [^,]+, item (\d+), execution (\S+)\)/g;

const SCENARIOS = {
	retry1: { items: 1, fail: ['download:404'], settings: RETRY_ON_FAIL },
	retry3: { items: 3, fail: ['download:404'], settings: RETRY_ON_FAIL },
	sibling3: { items: 3, fail: ['submit:406:1'], settings: RETRY_ON_FAIL },
	// A 404 on a status or result check that the account history cannot answer either (a 404 it
	// can answer is followed there) is not retried by the node: n8n's Retry On Fail re-runs it.
	result3: { items: 3, fail: ['result:404', 'historyRecord:404'], settings: RETRY_ON_FAIL },
	status3: { items: 3, fail: ['status:404', 'historyRecord:404'], settings: RETRY_ON_FAIL },
	retryExec: { items: 1, fail: ['download:404'] },
	timeout: { items: 1, generationMs: 600_000 },
	reuseOn: { items: 1, sim: 'reuse', options: { reuseIdenticalJob: true } },
	reuseOff: { items: 1, sim: 'reuse' },
};

const RETRY_ON_FAIL_CASES = ['retry1', 'retry3', 'sibling3', 'result3', 'status3'];

/** Every item of the node's last run carries the simulator's MP4, read back through REST. */
async function videosOut(session, execution, count, expected) {
	const items = lastRunItems(execution, GENERATE);
	if (items.length !== count) return { ok: false, items: items.length };
	for (const item of items) {
		const bin = item.binary?.data;
		if (!bin?.id) return { ok: false, json: item.json };
		const { buffer } = await downloadBinary(session, bin.id);
		if (Buffer.compare(buffer, expected) !== 0) return { ok: false, size: buffer.length };
	}
	return { ok: true, resumed: items.map((item) => item.json.resumedJob ?? null) };
}

/** The saved execution's custom data as n8n's REST API returns it. */
const customDataOf = (execution) => ({
	...(execution.data?.resultData?.metadata ?? {}),
	...Object.fromEntries(
		(Array.isArray(execution.customData) ? execution.customData : []).map((e) => [e.key, e.value]),
	),
	...(execution.customData && !Array.isArray(execution.customData) ? execution.customData : {}),
});

async function checkRetryOnFail(name, { tag, ctx, session, wf, sims, expected }) {
	const { items } = SCENARIOS[name];
	const t = Date.now();
	const done = await executionIn(session, wf[name].id, FINAL, 90_000);
	const run = await getExecution(ctx, session, done.id);
	const videos = await videosOut(session, run, items, expected);
	const sim = sims[name];
	const faulted = simRequests(sim).some((l) => / → (404|406)$/.test(l));
	check(
		`${tag}[${name}] Retry On Fail, ${items} item(s), ${SCENARIOS[name].fail[0]}: execution ${run.status}, ${items} video(s) byte-identical, the fault hit (${secs(t)})`,
		run.status === 'success' && videos.ok && faulted,
		{
			status: run.status,
			videos,
			error: run.data?.resultData?.error?.message,
			log: simRequests(sim),
		},
	);
	check(
		`${tag}[${name}] paid submits ${accepted(sim).length} == items ${items}; resumed: ${JSON.stringify(videos.resumed)}`,
		accepted(sim).length === items && (videos.resumed ?? []).includes('retry'),
		simRequests(sim),
	);
}

async function checkRetryExecution({ tag, ctx, session, wf, sims, expected }) {
	const sim = sims.retryExec;
	let t = Date.now();
	const failed = await executionIn(session, wf.retryExec.id, FINAL, 60_000);
	const failedRun = await getExecution(ctx, session, failed.id);
	const [requestId] = accepted(sim).length === 1 ? [lastId(failedRun)] : [];
	check(
		`${tag}[retryExec] the first execution ${failed.id} failed at the download (404) naming request ${requestId} (${secs(t)})`,
		failedRun.status === 'error' &&
			String(failedRun.data?.resultData?.error?.message).includes(String(requestId)),
		{ status: failedRun.status, error: failedRun.data?.resultData?.error?.message },
	);
	const record = JSON.stringify(customDataOf(failedRun));
	check(
		`${tag}[retryExec] the failed execution's custom data names the request: ${record}`,
		typeof requestId === 'string' && record.includes(requestId),
		failedRun.customData,
	);
	t = Date.now();
	const answer = await session.post(`/rest/executions/${failed.id}/retry`, { loadWorkflow: false });
	const retried = await until(
		'the retried execution',
		async () =>
			(await executionsOf(session, wf.retryExec.id)).find(
				(e) => String(e.id) !== String(failed.id) && FINAL.includes(e.status),
			),
		60_000,
	);
	const retriedRun = await getExecution(ctx, session, retried.id);
	const videos = await videosOut(session, retriedRun, 1, expected);
	check(
		`${tag}[retryExec] POST /rest/executions/${failed.id}/retry → ${answer?.status ?? JSON.stringify(answer)}: execution ${retried.id} (${retriedRun.mode}, retryOf ${retriedRun.retryOf}) ${retriedRun.status}, video byte-identical, resumed ${JSON.stringify(videos.resumed)} (${secs(t)})`,
		retriedRun.status === 'success' && videos.ok && videos.resumed?.[0] === 'retriedExecution',
		{ status: retriedRun.status, videos, error: retriedRun.data?.resultData?.error?.message },
	);
	check(
		`${tag}[retryExec] paid submits over both executions: ${accepted(sim).length} (expected 1)`,
		accepted(sim).length === 1,
		simRequests(sim),
	);
}

/** The request ID in a failed execution's error (NodeApiError context). */
function lastId(run) {
	const error = run.data?.resultData?.error ?? {};
	return error.context?.requestId ?? String(error.message).match(/request (\S+?)\)/)?.[1];
}

async function checkTimeout({ tag, ctx, session, main, wf }) {
	const t = Date.now();
	const done = await executionIn(session, wf.timeout.id, FINAL, (TIMEOUT_S + 60) * 1000);
	const run = await getExecution(ctx, session, done.id);
	const logged = [...logOf(main).matchAll(JOB_LINE)].find((m) => m[3] === String(done.id));
	const record = JSON.stringify(customDataOf(run));
	check(
		`${tag}[timeout] EXECUTIONS_TIMEOUT=${TIMEOUT_S}: execution ${done.id} is "${run.status}"; its saved custom data (REST) names request ${logged?.[1]}: ${record} (${secs(t)})`,
		run.status === 'canceled' && logged !== undefined && record.includes(logged[1]),
		{ status: run.status, customData: run.customData, metadata: run.data?.resultData?.metadata },
	);
}

async function checkReuse({ tag, ctx, session, main, wf, sims, expected }) {
	const sim = sims.reuse;
	const runOnce = async (name, count) => {
		const res = await postWebhook(main.baseUrl, wf[name].id, itemsBody(1));
		if (res.status !== 200) throw new Error(`webhook ${name}: HTTP ${res.status} ${res.text}`);
		const list = await until(
			`${count} finished execution(s) of ${name}`,
			async () => {
				const all = await executionsOf(session, wf[name].id);
				return all.length === count && all.every((e) => FINAL.includes(e.status)) ? all : null;
			},
			60_000,
		);
		return await getExecution(ctx, session, list[0].id);
	};
	const t = Date.now();
	const first = await runOnce('reuseOn', 1);
	const second = await runOnce('reuseOn', 2);
	const firstVideo = await videosOut(session, first, 1, expected);
	const secondVideo = await videosOut(session, second, 1, expected);
	const afterOn = accepted(sim).length;
	check(
		`${tag}[reuse] option on, the same job twice: ${afterOn} paid submit, the second delivered the first's job (${JSON.stringify(secondVideo.resumed)}), both videos byte-identical (${secs(t)})`,
		afterOn === 1 && firstVideo.ok && secondVideo.ok && secondVideo.resumed?.[0] === 'identical',
		{ firstVideo, secondVideo, log: simRequests(sim) },
	);
	const off = await runOnce('reuseOff', 1);
	const offVideo = await videosOut(session, off, 1, expected);
	check(
		`${tag}[reuse] option off, the same job again: a new paid submit (${accepted(sim).length - afterOn})`,
		accepted(sim).length - afterOn === 1 && offVideo.ok && offVideo.resumed?.[0] === null,
		{ offVideo, log: simRequests(sim) },
	);
}

/**
 * One n8n with the given scenarios, each with its own simulator. The independent scenarios run
 * at once; "reuse" runs its executions one after the other.
 */
async function runOn(toolchain, names, { tarball, expected }) {
	const tag = `[n8n ${toolchain.n8nVersion}]`;
	const ctx = await createN8nContext({
		toolchain,
		env: {
			EXECUTIONS_TIMEOUT: String(TIMEOUT_S),
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		},
	});
	const ports = [ctx.ports.main, ctx.ports.broker];
	const sims = {};
	let main;
	try {
		let t = Date.now();
		await installCommunityPackage(ctx, tarball);
		const credentials = {};
		for (const name of names) {
			const scenario = SCENARIOS[name];
			const simName = scenario.sim ?? name;
			if (!sims[simName]) {
				const args = ['--verbose', '--generation-ms', String(scenario.generationMs ?? 3000)];
				for (const fault of scenario.fail ?? []) args.push('--fail', fault);
				sims[simName] = await startSimulator({ apiKey: randomApiKey(), args });
				ports.push(...sims[simName].ports);
				credentials[simName] = segmindCredential({
					id: `paidOnceCred${Object.keys(sims).length}`.padEnd(16, '0'),
					name: `Simulator ${simName}`,
					apiKey: sims[simName].apiKey,
					baseUrl: sims[simName].apiUrl,
					uploadUrl: sims[simName].uploadUrl,
				});
			}
		}
		const wf = {};
		for (const name of names) {
			const scenario = SCENARIOS[name];
			const id = `paidOnce${name}`.slice(0, 16).padEnd(16, '0');
			wf[name] = generateWorkflow({
				id,
				credential: credentials[scenario.sim ?? name],
				webhookPath: id,
				settings: scenario.settings,
				options: scenario.options,
			});
		}
		await importCredentials(ctx, Object.values(credentials));
		await importWorkflows(ctx, Object.values(wf));
		main = await startN8n(ctx);
		await setupOwnerWhenReady(main.baseUrl);
		const session = await restLogin(main.baseUrl);
		for (const w of Object.values(wf)) await activate(main.baseUrl, session, w.id);
		check(`${tag} n8n up, ${Object.keys(wf).length} workflows published (${secs(t)})`, true);

		t = Date.now();
		const atOnce = names.filter((name) => !SCENARIOS[name].sim);
		for (const name of atOnce) {
			const res = await postWebhook(main.baseUrl, wf[name].id, itemsBody(SCENARIOS[name].items));
			if (res.status !== 200) throw new Error(`webhook ${name}: HTTP ${res.status} ${res.text}`);
		}
		const shared = { tag, ctx, session, main, wf, sims, expected };
		for (const name of RETRY_ON_FAIL_CASES.filter((n) => names.includes(n)))
			await checkRetryOnFail(name, shared);
		if (names.includes('retryExec')) await checkRetryExecution(shared);
		if (names.includes('reuseOn')) await checkReuse(shared);
		if (names.includes('timeout')) await checkTimeout(shared);
		const logs = logOf(main);
		check(
			`${tag} no API key in the n8n log`,
			Object.values(sims).every((sim) => !logs.includes(sim.apiKey)),
		);
	} finally {
		if (main) await main.stop().catch((e) => check(`${tag} n8n stopped`, false, e.message));
		for (const sim of Object.values(sims)) await sim.stop();
		await ctx.dispose();
	}
	await R.portsFree(ports, `${tag} no process left, ports free`, { timeoutMs: 15_000 });
}

async function main() {
	const installed = await ensureToolchain({ n8n1: true });
	const expected = await readSampleMp4();
	const packDir = await mkdtemp(path.join(os.tmpdir(), 'segmind-paidonce-pack-'));
	try {
		const tarball = await ourTarball(packDir, { toolchain: installed });
		await runOn(installed, Object.keys(SCENARIOS), { tarball, expected });
		// n8n 1.x: the same engine retries (Retry On Fail) and REST retry, on Node 22.
		await runOn(installed.n8n1, [...RETRY_ON_FAIL_CASES, 'retryExec'], {
			tarball,
			expected,
		});
	} finally {
		await rm(packDir, { recursive: true, force: true });
	}
}

await runSuite('paid-once e2e', R, main);
