// What the restart suite's queue-mode crash cases share (issue 26): n8n's stall detection made
// fast, which worker holds an execution, a worker stopped the way a deploy stops it (SIGTERM),
// and the recovery every case ends with: Find Jobs → Get Result in a new execution.
import { isAlive, sleep, stopProcess } from '../../../scripts/e2e/processes.mjs';
import { getExecution } from '../../../scripts/e2e/queueMode.mjs';
import { check, logOf, secs, tail } from '../suiteReport.mjs';
import {
	checkVideo,
	executionIn,
	executionsOf,
	lastRunItems,
	paidSubmits,
	postWebhook,
	simRequests,
	until,
} from './n8nRest.mjs';

/**
 * Bull's stall detection, shortened (defaults: lock 60 s renewed every 10 s, a check every 30 s,
 * so a dead worker's job is noticed 1–1.5 min later). Same names in n8n 1.123.81 and 2.41.1
 * (@n8n/config scaling-mode.config.js); 2.x ignores QUEUE_WORKER_MAX_STALLED_COUNT and always
 * uses 0 (scaling.service.js), 1.x reads it (default 1). The lock is still 5 renewals long, so
 * a busy CI machine does not stall a live worker.
 */
export const FAST_STALL_ENV = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

/** What n8n 2.x (and 1.x with a max stalled count of 0) reports for a job whose worker died. */
export const STALLED_ERROR = /failed to be processed too many times and will no longer retry/;

export const JOB_LINE =
	/Segmind Wan: job submitted, request ID (\S+) \(model ([^,]+), item (\d+), execution (\S+)\)/g;

/** The request IDs an n8n process logged for an execution, in order. */
export const loggedJobs = (proc, executionId) =>
	[...logOf(proc).matchAll(JOB_LINE)].filter((m) => m[4] === String(executionId)).map((m) => m[1]);

/** The worker whose log names the execution's submit (waits for it); { worker, requestId }. */
export async function holderOf(workers, executionId, timeoutMs = 30_000) {
	return await until(
		`the worker logging the submit of execution ${executionId}`,
		() => {
			for (const worker of workers) {
				const [requestId] = loggedJobs(worker, executionId);
				if (requestId) return { worker, requestId };
			}
			return null;
		},
		timeoutMs,
	);
}

/**
 * Stops a worker as a deploy does: SIGTERM to the n8n process alone (what Docker's or
 * Kubernetes' init forwards), then waits for it to exit by itself; what is left of its group
 * (the task runner) is stopped after, and the worker SIGKILLed only after graceMs. Resolves with
 * the seconds it took and whether it exited on its own.
 */
export async function stopLikeADeploy(worker, graceMs) {
	const t = Date.now();
	process.kill(worker.pid, 'SIGTERM');
	while (Date.now() - t < graceMs && isAlive(worker.pid)) await sleep(100);
	const seconds = (Date.now() - t) / 1000;
	const byItself = !isAlive(worker.pid);
	await stopProcess(worker.pid, { graceMs: 5_000 });
	return { seconds, byItself };
}

/** The status of one execution once n8n no longer reports it new or running. */
export async function settledStatus(session, workflowId, executionId, timeoutMs) {
	return await until(
		`execution ${executionId} no longer running`,
		async () => {
			const e = (await executionsOf(session, workflowId)).find(
				(x) => String(x.id) === String(executionId),
			);
			return e && !['new', 'running'].includes(e.status) ? e : null;
		},
		timeoutMs,
		1_000,
	);
}

/** Whether the simulator reports the job COMPLETED (asked directly, the test's own view). */
export async function jobCompleted(sim, requestId) {
	const r = await fetch(`${sim.apiUrl}/v2/requests/${requestId}/status`, {
		headers: { 'x-api-key': sim.apiKey },
	});
	return r.ok && (await r.json()).status === 'COMPLETED';
}

/**
 * Once the job is done at Segmind: a Find Jobs → Get Result workflow (Webhook) run in a new
 * execution lists the one job of this simulator's key, which nothing in n8n kept, and delivers
 * its MP4, byte-identical; the simulator received one paid submit in all.
 */
export async function recoverWithFindJobs(
	label,
	{ ctx, session, main, wf, webhookPath, sim, requestId, expected },
) {
	const t = Date.now();
	await until(`job ${requestId} completed`, () => jobCompleted(sim, requestId), 120_000, 1_000);
	const before = new Set((await executionsOf(session, wf.id)).map((e) => String(e.id)));
	const answer = await postWebhook(main.baseUrl, webhookPath, {});
	const done = await until(
		`a finished Find Jobs → Get Result execution of ${wf.id}`,
		async () =>
			(await executionsOf(session, wf.id)).find(
				(e) => !before.has(String(e.id)) && !['new', 'running'].includes(e.status),
			),
		60_000,
	);
	const run = await getExecution(ctx, session, done.id);
	const found = lastRunItems(run, 'Find Jobs').map((item) => item.json.requestId);
	const result = lastRunItems(run, 'Get Result')[0]?.json;
	check(
		`${label} Find Jobs → Get Result (webhook ${answer.status}), new execution ${done.id}: ${run.status}, Find Jobs listed ${JSON.stringify(found)}, Get Result done for ${requestId} (${secs(t)})`,
		answer.status === 200 &&
			run.status === 'success' &&
			found.length === 1 &&
			found[0] === requestId &&
			result?.requestId === requestId &&
			result?.done === true,
		{ status: run.status, found, result, error: run.data?.resultData?.error?.message },
	);
	await checkVideo(label, session, run, 'Get Result', expected);
	check(
		`${label} the simulator received one paid submit in all`,
		paidSubmits(sim).length === 1,
		simRequests(sim),
	);
}

/**
 * The SIGTERM case: a Generate Video run submitted on the survivor (the only live worker), then
 * the survivor stopped as a deploy stops it. Returns at once; checkSigtermExit waits for the exit.
 */
export async function startSigtermCase(tag, { session, main, wf, webhookPath, survivor, graceMs }) {
	const res = await postWebhook(main.baseUrl, webhookPath);
	if (res.status !== 200) throw new Error(`webhook ${webhookPath}: HTTP ${res.status} ${res.text}`);
	const execution = await executionIn(session, wf.id, ['running', 'new'], 30_000);
	const { requestId } = await holderOf([survivor], execution.id);
	check(
		`${tag}[SIGTERM] execution ${execution.id} submitted job ${requestId} on the other worker (pid ${survivor.pid}); it gets SIGTERM`,
		true,
	);
	const stopping = stopLikeADeploy(survivor, graceMs);
	return { executionId: execution.id, requestId, worker: survivor, stopping };
}

/** The stopped worker exits by itself after the graceful timeout, its item still waiting. */
export async function checkSigtermExit(tag, { term, sim, gracefulS }) {
	const { seconds, byItself } = await term.stopping;
	const stillRunning = !(await jobCompleted(sim, term.requestId));
	// n8n's own account of its shutdown, for the report (how long it waited, for what).
	const shutdown = logOf(term.worker).split('\n');
	const from = shutdown.findIndex((l) => l.includes('Received SIGTERM'));
	console.error(
		`[SIGTERM] the worker's log from the signal on:\n${shutdown.slice(from).join('\n')}`,
	);
	check(
		`${tag}[SIGTERM] the worker exited by itself ${seconds.toFixed(1)} s after SIGTERM (N8N_GRACEFUL_SHUTDOWN_TIMEOUT ${gracefulS} s), job ${term.requestId} still running at Segmind`,
		byItself && seconds >= gracefulS - 1 && seconds <= gracefulS + 15 && stillRunning,
		{ seconds, byItself, stillRunning, log: tail(logOf(term.worker), 3000) },
	);
}

/** A run whose worker died: the live worker's stall check fails it; one paid submit. */
export async function checkStalledRun(label, { ctx, session, workflowId, executionId, sim }) {
	const settled = await settledStatus(session, workflowId, executionId, 120_000);
	const run = await getExecution(ctx, session, executionId);
	const message = String(run.data?.resultData?.error?.message ?? '');
	const lasted = (Date.parse(run.stoppedAt) - Date.parse(run.startedAt)) / 1000;
	check(
		`${label} execution ${executionId} ends "${settled.status}" ${lasted.toFixed(1)} s after it started: "${message.slice(0, 70)}…"; one paid submit`,
		settled.status === 'error' && STALLED_ERROR.test(message) && paidSubmits(sim).length === 1,
		{ status: settled.status, message, requests: simRequests(sim) },
	);
}
