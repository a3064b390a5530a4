#!/usr/bin/env node
// A paid job n8n ended from outside is recovered from Segmind's own records, in a real n8n
// 2.41.1 (regular mode, like n8n Cloud): n8n's execution timeout (EXECUTIONS_TIMEOUT, what every
// Cloud plan caps) cancels a Generate Video run while its job is still processing at Segmind.
// Nothing n8n kept names the job. Once /v2/requests has forgotten it (Segmind's hour, made
// RETENTION_MS here), a second workflow, Webhook → Find Jobs → Get Result (its Request ID left
// at the default {{ $json.requestId }}), lists the job from the simulator's account history and
// delivers its MP4 through the history fallback. One paid submit in total; no key in n8n's log.
// While /v2/requests forgets the job, a third workflow with its own timeout (the workflow
// setting executionTimeout, 75 s) runs Webhook → Wait 5 s → Generate Video: 75 s would fit the
// model's typical 67 s (with 7.5 s kept for the download), the 5 s already spent do not, so the
// node refuses before sending anything: it read the execution's start, not only its own.
//
// Run:  flock /tmp/e2e.lock node test/e2e/recover.e2e.mjs
// Env:  SEGMIND_E2E_TARBALL=<tgz> | SEGMIND_E2E_SKIP_BUILD=1 (see scripts/e2e/segmind.mjs)
import { randomUUID } from 'node:crypto';
import { runSuite } from '../../scripts/e2e/reporter.mjs';
import { getExecution } from '../../scripts/e2e/queueMode.mjs';
import { R, check, secs, logOf } from './suiteReport.mjs';
import { findThenGetWorkflow, generateWorkflow } from './restart/workflows.mjs';
import {
	activate,
	checkVideo,
	executionIn,
	lastRunItems,
	paidSubmits,
	postWebhook,
	simRequests,
	until,
} from './restart/n8nRest.mjs';
import { withCappedN8n } from './restart/stack.mjs';

/** n8n cancels every execution after this many seconds; the job takes longer. */
const TIMEOUT_S = 8;
const GENERATION_MS = 20_000;
/** The simulator's stand-in for Segmind's one hour: /v2/requests answers 404 after it. */
const RETENTION_MS = GENERATION_MS + 3_000;
const PATHS = { generate: 'recover-generate', find: 'recover-find', deadline: 'recover-deadline' };
/** The deadline workflow's own timeout (s) and the Wait before its Generate Video (s). */
const OWN_TIMEOUT_S = 75;
const WAIT_BEFORE_S = 5;

/** Webhook → Wait WAIT_BEFORE_S → Generate Video, with the workflow setting executionTimeout. */
function deadlineWorkflow({ id, credential, webhookPath }) {
	const wf = generateWorkflow({ id, credential, webhookPath });
	const wait = {
		id: randomUUID(),
		name: 'Wait',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [120, 0],
		webhookId: randomUUID(),
		parameters: { amount: WAIT_BEFORE_S, unit: 'seconds' },
	};
	const to = (node) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		...wf,
		name: `Generate Video after a Wait, own timeout [${id}]`,
		settings: { ...wf.settings, executionTimeout: OWN_TIMEOUT_S },
		nodes: [...wf.nodes, wait],
		connections: { Webhook: to('Wait'), Wait: to('Generate Video') },
	};
}

/** The requests in the simulator's account history, asked directly (the test's own view). */
async function historyIds(sim) {
	const res = await fetch(`${sim.historyUrl}/inference-request/request-history`, {
		headers: { 'x-api-key': sim.apiKey },
	});
	return ((await res.json()).data ?? []).map((row) => row.request_id);
}

async function main() {
	const simArgs = [
		'--verbose',
		'--generation-ms',
		String(GENERATION_MS),
		'--result-ttl-ms',
		String(RETENTION_MS),
	];
	const workflows = (credential) => ({
		generate: generateWorkflow({
			id: 'recoverGenerate1',
			credential,
			webhookPath: PATHS.generate,
		}),
		find: findThenGetWorkflow({ id: 'recoverFindGet01', credential, webhookPath: PATHS.find }),
		deadline: deadlineWorkflow({
			id: 'recoverDeadline1',
			credential,
			webhookPath: PATHS.deadline,
		}),
	});
	const setup = {
		packPrefix: 'segmind-recover-pack-',
		timeoutS: TIMEOUT_S,
		simArgs,
		credentialId: 'recoverCred00001',
		workflows,
	};
	await withCappedN8n(setup, async ({ ctx, sim, n8n, session, wf, expected, startedAt }) => {
		let t = startedAt;
		const active = [];
		for (const { id } of Object.values(wf)) active.push(await activate(session, id));
		check(
			`n8n up with EXECUTIONS_TIMEOUT=${TIMEOUT_S}, ${active.length} workflows published (${secs(t)})`,
			active.every(Boolean),
			active,
		);

		// --- the capped run: n8n cancels Generate Video while the job is still processing
		t = Date.now();
		const started = await postWebhook(n8n.baseUrl, PATHS.generate);
		if (started.status !== 200) throw new Error(`webhook: HTTP ${started.status} ${started.text}`);
		const cut = await executionIn(
			session,
			wf.generate.id,
			['canceled', 'error', 'success', 'crashed'],
			60_000,
		);
		const cutRun = await getExecution(ctx, session, cut.id);
		const [jobId] = await historyIds(sim);
		check(
			`Generate Video execution ${cut.id} ended "${cut.status}" by n8n's timeout after ${secs(t)} while job ${jobId} was still processing (one paid submit)`,
			cut.status === 'canceled' && typeof jobId === 'string' && paidSubmits(sim).length === 1,
			{
				status: cut.status,
				error: cutRun.data?.resultData?.error?.message,
				requests: simRequests(sim),
			},
		);
		check(
			'the canceled execution output no item of Generate Video',
			lastRunItems(cutRun, 'Generate Video').length === 0,
			cutRun.data?.resultData?.runData?.['Generate Video'],
		);

		// --- meanwhile (the job is being forgotten): a run whose own timeout cannot hold the job
		t = Date.now();
		const sentBefore = simRequests(sim).length;
		const refusedStart = await postWebhook(n8n.baseUrl, PATHS.deadline);
		if (refusedStart.status !== 200)
			throw new Error(`webhook: HTTP ${refusedStart.status} ${refusedStart.text}`);
		const refused = await executionIn(
			session,
			wf.deadline.id,
			['canceled', 'error', 'success', 'crashed'],
			60_000,
		);
		const refusedRun = await getExecution(ctx, session, refused.id);
		const refusal = refusedRun.data?.resultData?.error?.message ?? '';
		const left = Number(/, (\d+) s left since the execution started/.exec(refusal)?.[1]);
		check(
			`execution ${refused.id} (own timeout ${OWN_TIMEOUT_S} s, Wait ${WAIT_BEFORE_S} s) ended "${refused.status}" after ${secs(t)}: Generate Video refused with ${left} s left since the execution started, nothing sent`,
			refused.status === 'error' &&
				refusal.startsWith(
					`Item 0: wan-2.2-i2v-flash typically takes 67 s, more than this workflow's timeout leaves: ${OWN_TIMEOUT_S} s (workflow setting "Timeout Workflow")`,
				) &&
				left <= OWN_TIMEOUT_S - WAIT_BEFORE_S &&
				left >= OWN_TIMEOUT_S - WAIT_BEFORE_S - 5 &&
				// The test's own history reads aside, nothing reached the simulator's api or upload host.
				!simRequests(sim)
					.slice(sentBefore)
					.some((line) => /^(api|upload) /.test(line)),
			{ status: refused.status, refusal, requests: simRequests(sim).slice(sentBefore) },
		);

		// --- recovery: Find Jobs lists it from Segmind's history, Get Result delivers it
		await until(
			`job ${jobId} forgotten by /v2/requests (404), COMPLETED in the history`,
			async () => {
				const headers = { 'x-api-key': sim.apiKey };
				const v2 = await fetch(`${sim.apiUrl}/v2/requests/${jobId}/status`, { headers });
				await v2.arrayBuffer();
				const record = await fetch(`${sim.historyUrl}/inference-request/request-history/${jobId}`, {
					headers,
				});
				return v2.status === 404 && (await record.json()).model_status === 'COMPLETED';
			},
			RETENTION_MS + 30_000,
			1_000,
		);
		t = Date.now();
		const answer = await postWebhook(n8n.baseUrl, PATHS.find);
		check(
			`Find Jobs → Get Result webhook answered 200 (${secs(t)})`,
			answer.status === 200,
			answer,
		);
		const recovered = await executionIn(
			session,
			wf.find.id,
			['success', 'error', 'canceled', 'crashed'],
			60_000,
		);
		const run = await getExecution(ctx, session, recovered.id);
		const found = lastRunItems(run, 'Find Jobs').map((item) => item.json);
		check(
			`Find Jobs listed the job nobody kept: ${jobId}, wan-2.2-i2v-flash, COMPLETED, cost ${found[0]?.cost}, inputs as sent`,
			found.length === 1 &&
				found[0].requestId === jobId &&
				found[0].model === 'wan-2.2-i2v-flash' &&
				found[0].status === 'COMPLETED' &&
				typeof found[0].inputs?.prompt === 'string',
			found,
		);
		const result = lastRunItems(run, 'Get Result')[0]?.json;
		check(
			`execution ${recovered.id}: success, Get Result (default Request ID) delivered ${jobId} through the history fallback`,
			run.status === 'success' &&
				result?.done === true &&
				result?.requestId === jobId &&
				result?.resultFrom === 'history',
			{ status: run.status, result, error: run.data?.resultData?.error?.message },
		);
		await checkVideo('', session, run, 'Get Result', expected);
		check(
			'the simulator received exactly one paid submit in all, and the history host the key',
			paidSubmits(sim).length === 1 &&
				simRequests(sim).some((line) =>
					/^history GET \/inference-request\/request-history → 200/.test(line),
				),
			simRequests(sim),
		);
		check('no API key in the n8n log', !logOf(n8n).includes(sim.apiKey));
	});
}

await runSuite('recover e2e', R, main);
