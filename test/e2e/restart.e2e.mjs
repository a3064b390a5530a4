#!/usr/bin/env node
// Long jobs survive restarts, in a real n8n 2.41.1 (regular mode, then queue mode). Every
// Segmind simulator runs as its own process with its own request log, so "one paid submit"
// is counted per scenario. Each mode shares one n8n (and one crash) between its scenarios:
//
//   1. Restart during the Wait: examples/submit-wait-get-result.json as shipped, with only the
//      trigger (Webhook), the credential and the wait length swapped. The Wait is 66 s: the
//      Wait node keeps waits under 65 000 ms in memory (Wait.node.js measures the rest after
//      computing waitTill, so "65 s" can come out as 64 999 ms) and otherwise saves the
//      execution as "waiting" with its waitTill; the WaitTracker (main, leader) loads the
//      waits due within 70 s at start and every 60 s.
//      n8n (regular) or the worker (queue) is killed with SIGKILL while the execution waits
//      and started again: the execution resumes by itself, Get Result returns the MP4.
//   2. Crash during Wait for Result: Generate Video (wait mode) on a slow job; the process
//      running it is killed. Its log holds "Segmind Wan: job submitted, request ID …"; a Get
//      Result with that ID in a new execution delivers the video.
//   3. The example's loop is bounded (regular mode): a job that never finishes, Wait 1 s and a
//      limit of 2 checks: Get Result runs twice, then "Give up" fails naming the request ID.
//   4. Queue mode only (issue 26): two workers, n8n's stall detection shortened. Scenario 2's
//      worker is the one holding the run; the other then takes a second Generate Video run and
//      is stopped with SIGTERM (n8n's default 30 s graceful timeout): it exits after the
//      timeout with the job still running. Both executions end "error" (n8n 2.x never re-runs
//      a stalled job) and Find Jobs → Get Result delivers each job's MP4.
//   5. n8n 1.123.81 queue mode (restart/stalledRerun.mjs): the default re-run of a stalled
//      execution pays twice; QUEUE_WORKER_MAX_STALLED_COUNT=0 pays once.
// Every case but 5's default: exactly one paid submit at its simulator, the exact MP4 bytes (read
// back through n8n's REST API), every process stopped by PID, ports free.
//
// Run:  flock /tmp/e2e.lock node test/e2e/restart.e2e.mjs [--only=regular|queue|n8n1]
// Env:  SEGMIND_E2E_TARBALL=<tgz> | SEGMIND_E2E_SKIP_BUILD=1 (see scripts/e2e/segmind.mjs)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { getFreePort, isAlive } from '../../scripts/e2e/processes.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { runSuite } from '../../scripts/e2e/reporter.mjs';
import { importCredentials, importWorkflows, readSampleMp4 } from '../../scripts/e2e/segmind.mjs';
import {
	ensureRedis,
	getExecution,
	queueEnv,
	restLogin,
	startRedis,
	startWorker,
} from '../../scripts/e2e/queueMode.mjs';
import { R, check, tail, secs, logOf } from './suiteReport.mjs';
import {
	EXAMPLE_FILE,
	exampleWorkflow,
	findThenGetWorkflow,
	generateWorkflow,
	getResultWorkflow,
} from './restart/workflows.mjs';
import {
	FAST_STALL_ENV,
	JOB_LINE,
	holderOf,
	jobCompleted,
	recoverWithFindJobs,
	checkSigtermExit,
	checkStalledRun,
	settledStatus,
	startSigtermCase,
} from './restart/queueCrash.mjs';
import { runStalledRerun } from './restart/stalledRerun.mjs';
import { simulatorWithCredential, stopQueueStack, withTarball } from './restart/stack.mjs';
import {
	activate,
	checkVideo,
	crash,
	executionIn,
	lastRunItems,
	paidSubmits,
	postWebhook,
	simRequests,
	until,
} from './restart/n8nRest.mjs';

/** The shortest Wait n8n surely persists (65 s exactly can stay in memory, see above). */
const PERSISTED_WAIT_S = 66;
const PATHS = {
	wait: 'restart-wait',
	generate: 'restart-generate',
	recover: 'restart-recover',
	bound: 'restart-bound',
	term: 'restart-term',
	findSlow: 'restart-find-slow',
	findTerm: 'restart-find-term',
};
/** n8n's default N8N_GRACEFUL_SHUTDOWN_TIMEOUT (s): a stopped worker exits after it at the latest. */
const GRACEFUL_S = 30;

// ------------------------------------------------------------------ one mode

/**
 * Sets up one n8n (regular or queue mode) with the scenarios' simulators and workflows,
 * starts scenarios 1 and 2, kills the process running executions, restarts it and checks.
 */
async function runMode(mode, { toolchain, tarball, example, expected, redisBin }) {
	const tag = `[${mode}]`;
	const queue = mode === 'queue';
	const redisPort = queue ? await getFreePort() : undefined;
	const saveAll = { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all', EXECUTIONS_DATA_SAVE_ON_ERROR: 'all' };
	const ctx = await createN8nContext({
		toolchain,
		binaryDataMode: queue ? 'database' : 'filesystem',
		env: queue ? queueEnv({ redisPort, extra: FAST_STALL_ENV }) : saveAll,
	});
	const ports = [ctx.ports.main, ctx.ports.broker, ...(queue ? [redisPort] : [])];
	const sims = {};
	let redis;
	let main;
	let workers = [];
	try {
		if (queue) {
			redis = await startRedis({
				bin: redisBin,
				port: redisPort,
				dir: path.join(ctx.root, 'redis'),
			});
		}
		await installCommunityPackage(ctx, tarball);
		// One simulator per scenario (its request log is that scenario's alone), each with the
		// generation time the scenario needs; the bound test runs in regular mode only.
		// The SIGTERM case's job (queue mode) must outlast the worker's graceful shutdown.
		const generationMs = {
			wait: 20_000,
			slow: 40_000,
			...(queue ? { term: (GRACEFUL_S + 20) * 1000 } : { never: 3_600_000 }),
		};
		const credentials = {};
		for (const [name, ms] of Object.entries(generationMs)) {
			const started = await simulatorWithCredential({
				args: ['--verbose', '--generation-ms', String(ms)],
				id: `restartCred${name}1`,
				name: `Simulator ${name}`,
				ports,
			});
			sims[name] = started.sim;
			credentials[name] = started.credential;
		}
		const wf = {
			wait: exampleWorkflow(example, {
				id: 'restartWaitLoop1',
				credential: credentials.wait,
				webhookPath: PATHS.wait,
				waitSeconds: PERSISTED_WAIT_S,
			}),
			generate: generateWorkflow({
				id: 'restartGenerate1',
				credential: credentials.slow,
				webhookPath: PATHS.generate,
			}),
			recover: getResultWorkflow({
				id: 'restartRecover01',
				credential: credentials.slow,
				webhookPath: PATHS.recover,
			}),
		};
		if (queue) {
			wf.term = generateWorkflow({
				id: 'restartSigterm01',
				credential: credentials.term,
				webhookPath: PATHS.term,
			});
			for (const name of ['slow', 'term']) {
				wf[`find_${name}`] = findThenGetWorkflow({
					id: `restartFind${name}001`.slice(0, 16),
					credential: credentials[name],
					webhookPath: name === 'slow' ? PATHS.findSlow : PATHS.findTerm,
				});
			}
		} else {
			wf.bound = exampleWorkflow(example, {
				id: 'restartBounded1',
				credential: credentials.never,
				webhookPath: PATHS.bound,
				waitSeconds: 1,
				maxChecks: 2,
			});
		}
		await importCredentials(ctx, Object.values(credentials));
		await importWorkflows(ctx, Object.values(wf));

		let t = Date.now();
		// Queue mode: two workers, so one is alive when the other dies (issue 26).
		// The suite's contexts shorten n8n's graceful shutdown to 5 s; these workers keep n8n's
		// default, which the SIGTERM case measures.
		const workerEnv = { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(GRACEFUL_S) };
		if (queue) {
			workers = await Promise.all(
				[0, 1].map(() => startWorker(ctx, { concurrency: 5, env: workerEnv })),
			);
		}
		main = await startN8n(ctx);
		await setupOwner(main.baseUrl);
		let session = await restLogin(main.baseUrl);
		const active = [];
		for (const w of Object.values(wf)) active.push(await activate(session, w.id));
		check(
			`${tag} n8n${queue ? ' main + 2 workers' : ''} up, ${active.length} workflows published (${secs(t)})`,
			active.every(Boolean),
			active,
		);

		// --- start scenarios 1 and 2, then crash the process running them
		t = Date.now();
		for (const webhookPath of [PATHS.generate, PATHS.wait]) {
			const res = await postWebhook(main.baseUrl, webhookPath);
			if (res.status !== 200)
				throw new Error(`webhook ${webhookPath}: HTTP ${res.status} ${res.text}`);
		}
		const waiting = await executionIn(session, wf.wait.id, ['waiting'], 60_000);
		const generating = await executionIn(session, wf.generate.id, ['running', 'new'], 30_000);
		const runner = queue ? (await holderOf(workers, generating.id)).worker : main;
		const logged = await until(
			`the request ID line of execution ${generating.id} in the ${queue ? 'worker' : 'n8n'} log`,
			() => [...logOf(runner).matchAll(JOB_LINE)].find((m) => m[4] === String(generating.id)),
			30_000,
		);
		const waitSubmit = lastRunItems(await getExecution(ctx, session, waiting.id), 'Submit')[0]
			?.json;
		check(
			`${tag} execution ${waiting.id} is "waiting" in the Wait node (${PERSISTED_WAIT_S} s) after Submit (request ${waitSubmit?.requestId}, ${secs(t)})`,
			typeof waitSubmit?.requestId === 'string',
			waitSubmit,
		);
		await until('the slow job submitted', () => paidSubmits(sims.slow).length === 1, 10_000);
		t = Date.now();
		const killed = queue ? 'worker' : 'n8n start';
		const oldRunnerLog = logOf(runner);
		const gone = queue
			? await crash(runner, [runner.healthPort, runner.brokerPort])
			: await crash(main, [ctx.ports.main, ctx.ports.broker]);
		check(
			`${tag} ${killed} (pid ${runner.pid}) killed with SIGKILL while execution ${generating.id} waited on Segmind and ${waiting.id} in the Wait node`,
			gone,
		);

		// --- scenario 2: the request ID is in the dead process's log, nowhere the key
		const [, requestId, model, item] = logged;
		check(
			`${tag} the ${killed} log holds "Segmind Wan: job submitted, request ID ${requestId} (model ${model}, item ${item}, execution ${generating.id})"`,
			model === 'wan-2.2-i2v-flash' && item === '0' && requestId.length > 0,
			logged[0],
		);

		let term;
		if (queue) {
			// The other worker takes the next job and is stopped like a deploy stops it, while
			// the killed one is started again.
			const survivor = workers.find((w) => w !== runner);
			term = await startSigtermCase(tag, {
				session,
				main,
				wf: wf.term,
				webhookPath: PATHS.term,
				survivor,
				graceMs: (GRACEFUL_S + 30) * 1000,
			});
			workers.push(await startWorker(ctx, { concurrency: 5 }));
			await checkSigtermExit(tag, { term, sim: sims.term, gracefulS: GRACEFUL_S });
		} else main = await startN8n(ctx);
		session = await restLogin(main.baseUrl);
		const restarted = queue ? workers[workers.length - 1] : main;
		check(
			`${tag} ${killed} started again (pid ${restarted.pid}, ${secs(t)})`,
			restarted.pid !== runner.pid && isAlive(restarted.pid),
		);

		// --- scenario 3 (regular mode): the loop gives up after the configured number of checks
		if (!queue) await checkBoundedLoop(tag, ctx, session, main, wf.bound, sims.never);

		// --- scenario 2: Get Result with the logged ID, in a new execution
		t = Date.now();
		await until(
			`job ${requestId} completed at the simulator`,
			() => jobCompleted(sims.slow, requestId),
			90_000,
			1_000,
		);
		const answer = await postWebhook(main.baseUrl, PATHS.recover, { requestId });
		check(
			`${tag} Get Result webhook with request ID ${requestId} answered 200 (${secs(t)})`,
			answer.status === 200,
			answer,
		);
		const recovered = await executionIn(
			session,
			wf.recover.id,
			['success', 'error', 'crashed'],
			60_000,
		);
		const recoveredRun = await getExecution(ctx, session, recovered.id);
		check(
			`${tag} new execution ${recovered.id} (not ${generating.id}): success, Get Result done for ${requestId}`,
			recoveredRun.status === 'success' &&
				String(recovered.id) !== String(generating.id) &&
				lastRunItems(recoveredRun, 'Get Result')[0]?.json?.done === true &&
				lastRunItems(recoveredRun, 'Get Result')[0]?.json?.requestId === requestId,
			{
				status: recoveredRun.status,
				json: lastRunItems(recoveredRun, 'Get Result')[0]?.json,
				error: recoveredRun.data?.resultData?.error,
			},
		);
		await checkVideo(tag, session, recoveredRun, 'Get Result', expected);
		if (queue) {
			const shared = { ctx, session, main, expected };
			await recoverWithFindJobs(`${tag}[SIGKILL]`, {
				...shared,
				wf: wf.find_slow,
				webhookPath: PATHS.findSlow,
				sim: sims.slow,
				requestId,
			});
			await recoverWithFindJobs(`${tag}[SIGTERM]`, {
				...shared,
				wf: wf.find_term,
				webhookPath: PATHS.findTerm,
				sim: sims.term,
				requestId: term.requestId,
			});
		}

		// --- scenario 1: the waiting execution resumes by itself
		t = Date.now();
		const resumed = await executionIn(
			session,
			wf.wait.id,
			['success', 'error', 'crashed', 'canceled'],
			150_000,
		);
		const run = await getExecution(ctx, session, resumed.id);
		const result = lastRunItems(run, 'Get Result')[0]?.json;
		check(
			`${tag} execution ${waiting.id} resumed by itself after the restart and succeeded: Get Result done, Video ready ran (${secs(t)} after the restart check)`,
			String(resumed.id) === String(waiting.id) &&
				run.status === 'success' &&
				result?.done === true &&
				result?.requestId === waitSubmit?.requestId &&
				lastRunItems(run, 'Video ready').length === 1,
			{
				id: resumed.id,
				status: run.status,
				result,
				error: run.data?.resultData?.error,
				last: run.data?.resultData?.lastNodeExecuted,
			},
		);
		await checkVideo(tag, session, run, 'Video ready', expected);
		check(
			`${tag} the waiting job's simulator received exactly one paid submit`,
			paidSubmits(sims.wait).length === 1,
			simRequests(sims.wait),
		);
		if (queue) {
			check(
				`${tag} the restarted worker ran the resumed execution ("Worker started execution ${waiting.id}")`,
				new RegExp(`Worker started execution ${waiting.id} \\(job`).test(logOf(restarted)),
				tail(logOf(restarted), 2000),
			);
		}
		// --- the killed Generate Video execution: never run again (one paid submit). Regular
		// mode marks it crashed at the restart; in queue mode the live worker's stall check
		// fails it (n8n 2.x never re-runs a stalled job).
		if (queue) {
			const cases = [
				['SIGKILL', wf.generate, generating.id, sims.slow],
				['SIGTERM', wf.term, term.executionId, sims.term],
			];
			for (const [name, { id: workflowId }, executionId, sim] of cases) {
				await checkStalledRun(`${tag}[${name}]`, { ctx, session, workflowId, executionId, sim });
			}
		} else {
			const killedRun = await settledStatus(session, wf.generate.id, generating.id, 90_000);
			check(
				`${tag} the killed Generate Video execution ${generating.id} is "${killedRun.status}" (expected crashed) and its simulator received exactly one paid submit`,
				killedRun.status === 'crashed' && paidSubmits(sims.slow).length === 1,
				{ status: killedRun.status, requests: simRequests(sims.slow) },
			);
		}
		const logs = [oldRunnerLog, logOf(main), ...workers.map(logOf)].join('\n');
		check(
			`${tag} no API key in any n8n log`,
			Object.values(sims).every((sim) => !logs.includes(sim.apiKey)),
		);
	} finally {
		await stopQueueStack({ tag, ctx, main, workers, redis, sims, ports });
	}
}

/** The example's loop with a job that never finishes: two checks, then a clear error. */
async function checkBoundedLoop(tag, ctx, session, main, wf, sim) {
	const t = Date.now();
	const res = await postWebhook(main.baseUrl, PATHS.bound);
	if (res.status !== 200) throw new Error(`webhook restart-bound: HTTP ${res.status} ${res.text}`);
	const done = await executionIn(
		session,
		wf.id,
		['success', 'error', 'crashed', 'canceled'],
		60_000,
	);
	const run = await getExecution(ctx, session, done.id);
	const requestId = lastRunItems(run, 'Submit')[0]?.json?.requestId;
	const error = run.data?.resultData?.error;
	const checks = run.data?.resultData?.runData?.['Get Result']?.length;
	check(
		`${tag} bounded loop: a job that never finishes, limit 2 checks: Get Result ran ${checks} times, then "Give up" failed the execution naming request ${requestId} (${secs(t)})`,
		run.status === 'error' &&
			checks === 2 &&
			run.data?.resultData?.lastNodeExecuted === 'Give up' &&
			typeof requestId === 'string' &&
			String(error?.message).includes(`Segmind job ${requestId} is still`),
		{
			status: run.status,
			checks,
			last: run.data?.resultData?.lastNodeExecuted,
			error: error?.message,
		},
	);
	const statusChecks = simRequests(sim).filter((l) =>
		/^api GET \/v2\/requests\/.+\/status/.test(l),
	);
	check(
		`${tag} bounded loop: one paid submit, ${statusChecks.length} status checks at the simulator`,
		paidSubmits(sim).length === 1 && statusChecks.length === 2,
		simRequests(sim),
	);
}

async function main() {
	const toolchain = await ensureToolchain({ n8n1: true });
	const redis = await ensureRedis();
	const example = JSON.parse(await readFile(EXAMPLE_FILE, 'utf8'));
	const expected = await readSampleMp4();
	await withTarball('segmind-restart-pack-', toolchain, async (tarball) => {
		// --only=queue (or regular, n8n1): one part alone, while working on it.
		const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
		for (const mode of ['regular', 'queue']) {
			if (only && only !== mode) continue;
			await runMode(mode, { toolchain, tarball, example, expected, redisBin: redis.bin });
		}
		if (!only || only === 'n8n1') {
			await runStalledRerun({ toolchain: toolchain.n8n1, tarball, expected, redisBin: redis.bin });
		}
	});
}

await runSuite('restart e2e', R, main);
