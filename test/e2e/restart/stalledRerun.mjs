// n8n 1.x queue mode re-runs a stalled execution (issue 26, case 4), in a real n8n 1.123.81
// (main + 2 workers + Redis, binary data on the shared filesystem):
//
//   rerun   QUEUE_WORKER_MAX_STALLED_COUNT at 1.x's default (1): the worker holding a Generate
//           Video (Wait for Result) run is SIGKILLed after the submit; the other worker's stall
//           check puts the job back and runs the execution again from its start. Nothing the
//           node can read tells it so (same execution ID, no custom data: the worker loads the
//           execution as saved before the run, and n8n saves nothing while a node runs), so it
//           submits again: 2 paid submits for 1 video, the execution ends "success" with the
//           second job, and Find Jobs lists both.
//   zero    QUEUE_WORKER_MAX_STALLED_COUNT=0 on the workers: the execution ends "error" (n8n's
//           stall check), one paid submit, and Find Jobs → Get Result delivers the job's MP4.
import { createN8nContext } from '../../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../../scripts/e2e/communityPackage.mjs';
import { getFreePort } from '../../../scripts/e2e/processes.mjs';
import { startN8n } from '../../../scripts/e2e/n8nServer.mjs';
import {
	getExecution,
	queueEnv,
	restLogin,
	startRedis,
	startWorker,
} from '../../../scripts/e2e/queueMode.mjs';
import { importCredentials, importWorkflows } from '../../../scripts/e2e/segmind.mjs';
import { check, logOf, secs } from '../suiteReport.mjs';
import {
	activateAny,
	checkVideo,
	crash,
	executionIn,
	lastRunItems,
	paidSubmits,
	postWebhook,
	setupOwnerWhenReady,
	simRequests,
} from './n8nRest.mjs';
import {
	FAST_STALL_ENV,
	checkStalledRun,
	holderOf,
	loggedJobs,
	recoverWithFindJobs,
	settledStatus,
} from './queueCrash.mjs';
import { simulatorWithCredential, stopQueueStack } from './stack.mjs';
import { findThenGetWorkflow, generateWorkflow } from './workflows.mjs';

const CASES = ['rerun', 'zero'];

/** Both cases against one n8n 1.x main; each with its own simulator, workflows and workers. */
export async function runStalledRerun({ toolchain, tarball, expected, redisBin }) {
	const tag = `[queue n8n ${toolchain.n8nVersion}]`;
	const redisPort = await getFreePort();
	const ctx = await createN8nContext({
		toolchain,
		binaryDataMode: 'filesystem',
		env: queueEnv({ redisPort, binaryDataMode: 'filesystem', extra: FAST_STALL_ENV }),
	});
	const ports = [ctx.ports.main, ctx.ports.broker, redisPort];
	const sims = {};
	const workers = [];
	let redis;
	let main;
	try {
		redis = await startRedis({ bin: redisBin, port: redisPort, dir: `${ctx.root}/redis` });
		await installCommunityPackage(ctx, tarball);
		const wf = {};
		const credentials = [];
		for (const name of CASES) {
			const { sim, credential } = await simulatorWithCredential({
				args: ['--verbose', '--generation-ms', '20000'],
				id: `stalledCred${name}`.padEnd(16, '0'),
				name: `Simulator ${name}`,
				ports,
			});
			sims[name] = sim;
			credentials.push(credential);
			wf[name] = generateWorkflow({
				id: `stalledGen${name}`.padEnd(16, '0'),
				credential,
				webhookPath: `stalled-${name}`,
			});
			wf[`find_${name}`] = findThenGetWorkflow({
				id: `stalledFind${name}`.padEnd(16, '0'),
				credential,
				webhookPath: `stalled-find-${name}`,
			});
		}
		await importCredentials(ctx, credentials);
		await importWorkflows(ctx, Object.values(wf));
		let t = Date.now();
		const start = (env = {}) => startWorker(ctx, { concurrency: 5, env });
		workers.push(...(await Promise.all([start(), start()])));
		main = await startN8n(ctx);
		await setupOwnerWhenReady(main.baseUrl);
		const session = await restLogin(main.baseUrl);
		for (const w of Object.values(wf)) await activateAny(main.baseUrl, session, w.id);
		check(`${tag} main + 2 workers up, workflows published (${secs(t)})`, true);
		const shared = { tag, ctx, session, main, wf, sims, expected };

		await checkRerun({ ...shared, pair: workers.slice(0, 2) });
		// The zero case's workers alone take jobs: the rerun case's survivor is stopped first.
		t = Date.now();
		await Promise.all(workers.map((w) => w.stop()));
		const zeroEnv = { QUEUE_WORKER_MAX_STALLED_COUNT: '0' };
		workers.push(...(await Promise.all([start(zeroEnv), start(zeroEnv)])));
		check(`${tag}[zero] 2 workers with QUEUE_WORKER_MAX_STALLED_COUNT=0 up (${secs(t)})`, true);
		await checkZero({ ...shared, pair: workers.slice(2) });

		const logs = [logOf(main), ...workers.map(logOf)].join('\n');
		check(
			`${tag} no API key in any n8n log`,
			Object.values(sims).every((sim) => !logs.includes(sim.apiKey)),
		);
	} finally {
		await stopQueueStack({ tag, ctx, main, workers, redis, sims, ports });
	}
}

/** Starts a case's Generate Video run and SIGKILLs the worker holding it after the submit. */
async function startAndKill(name, { tag, session, main, wf, pair }) {
	const res = await postWebhook(main.baseUrl, `stalled-${name}`);
	if (res.status !== 200) throw new Error(`webhook stalled-${name}: HTTP ${res.status}`);
	const execution = await executionIn(session, wf[name].id, ['new', 'running'], 30_000);
	const { worker, requestId } = await holderOf(pair, execution.id);
	const gone = await crash(worker, [worker.healthPort, worker.brokerPort]);
	check(
		`${tag}[${name}] execution ${execution.id} submitted job ${requestId}; its worker (pid ${worker.pid}) killed with SIGKILL`,
		gone,
	);
	return { executionId: execution.id, requestId, survivor: pair.find((w) => w !== worker) };
}

async function checkRerun(shared) {
	const { tag, ctx, session, wf, sims, expected } = shared;
	const t = Date.now();
	const { executionId, requestId, survivor } = await startAndKill('rerun', shared);
	const settled = await settledStatus(session, wf.rerun.id, executionId, 180_000);
	const run = await getExecution(ctx, session, executionId);
	const second = loggedJobs(survivor, executionId);
	const delivered = lastRunItems(run, 'Generate Video')[0]?.json?.requestId;
	const trace = JSON.stringify([run.customData, run.data?.resultData?.metadata]);
	check(
		`${tag}[rerun] the other worker ran execution ${executionId} again from its start and submitted again (job ${second[0]}): "${settled.status}" with the second job's video, no trace of job ${requestId} (${secs(t)})`,
		settled.status === 'success' &&
			new RegExp(`Worker started execution ${executionId} \\(job`).test(logOf(survivor)) &&
			second.length === 1 &&
			second[0] !== requestId &&
			delivered === second[0] &&
			!trace.includes(requestId),
		{ status: settled.status, second, delivered, trace },
	);
	await checkVideo(`${tag}[rerun]`, session, run, 'Generate Video', expected);
	check(
		`${tag}[rerun] the simulator received 2 paid submits for 1 video (n8n 1.x's re-run pays twice)`,
		paidSubmits(sims.rerun).length === 2,
		simRequests(sims.rerun),
	);
}

async function checkZero(shared) {
	const { tag, ctx, session, main, wf, sims, expected } = shared;
	const { executionId, requestId } = await startAndKill('zero', shared);
	await checkStalledRun(`${tag}[zero]`, {
		ctx,
		session,
		workflowId: wf.zero.id,
		executionId,
		sim: sims.zero,
	});
	await recoverWithFindJobs(`${tag}[zero]`, {
		ctx,
		session,
		main,
		expected,
		wf: wf.find_zero,
		webhookPath: 'stalled-find-zero',
		sim: sims.zero,
		requestId,
	});
}
