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
// Every case: exactly one paid submit at its simulator, the exact MP4 bytes (read back through
// n8n's REST API), every process stopped by PID, ports free.
//
// Run:  flock /tmp/e2e.lock node test/e2e/restart.e2e.mjs
// Env:  SEGMIND_E2E_TARBALL=<tgz> | SEGMIND_E2E_SKIP_BUILD=1 (see scripts/e2e/segmind.mjs)
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ensureToolchain, REPO_ROOT } from '../../scripts/e2e/toolchain.mjs';
import { assertPortsFree, getFreePort, isAlive, sleep } from '../../scripts/e2e/processes.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';
import {
	NODE_TYPE,
	importCredentials,
	importWorkflows,
	ourTarball,
	randomApiKey,
	readSampleMp4,
	segmindCredential,
	segmindNode,
	startSimulator,
} from '../../scripts/e2e/segmind.mjs';
import {
	downloadBinary,
	ensureRedis,
	getExecution,
	queueEnv,
	restLogin,
	startRedis,
	startWorker,
} from '../../scripts/e2e/queueMode.mjs';

const R = createReporter();
const check = R.check;

const EXAMPLE_FILE = path.join(REPO_ROOT, 'examples', 'submit-wait-get-result.json');
/** The shortest Wait n8n surely persists (65 s exactly can stay in memory, see above). */
const PERSISTED_WAIT_S = 66;
const PATHS = { wait: 'restart-wait', generate: 'restart-generate', recover: 'restart-recover', bound: 'restart-bound' };
const JOB_LINE = /Segmind Wan: job submitted, request ID (\S+) \(model ([^,]+), item (\d+), execution (\S+)\)/g;

const tail = (s, n = 3000) => (s.length > n ? `…${s.slice(-n)}` : s);
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const logOf = (proc) => `${proc.output().stdout}\n${proc.output().stderr}`;

/** What a simulator answered, one line per request: "api POST /v2/wan2.7-i2v → 200". */
const simRequests = (sim) =>
	sim
		.output()
		.stderr.split('\n')
		.filter((l) => l.startsWith('[segmind-sim] '))
		.map((l) => l.slice('[segmind-sim] '.length));
const paidSubmits = (sim) => simRequests(sim).filter((l) => /^api POST \/v[12]\//.test(l));

/** Polls fn until it returns something truthy; throws after timeoutMs with the last value. */
async function until(what, fn, timeoutMs, intervalMs = 500) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await fn();
		if (last) return last;
		if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
		await sleep(intervalMs);
	}
}

// ------------------------------------------------------------------ workflows

function webhookNode({ name = 'Webhook', webhookPath, respond = 'onReceived' }) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode: respond,
			...(respond === 'lastNode' ? { responseData: 'firstEntryJson' } : {}),
			options: {},
		},
	};
}

/**
 * examples/submit-wait-get-result.json with only what a test must swap: the Manual Trigger
 * "Start" becomes a Webhook of the same name, the credential, the Wait length, and (for the
 * bound test) the number of checks.
 */
function exampleWorkflow(example, { id, credential, webhookPath, waitSeconds, maxChecks }) {
	const wf = structuredClone(example);
	const byName = (name) => {
		const node = wf.nodes.find((n) => n.name === name);
		if (!node) throw new Error(`${path.basename(EXAMPLE_FILE)} has no node "${name}"`);
		return node;
	};
	const start = byName('Start');
	Object.assign(start, webhookNode({ name: 'Start', webhookPath }), { position: start.position });
	for (const node of wf.nodes.filter((n) => n.type === NODE_TYPE)) {
		node.credentials = { segmindApi: { id: credential.id, name: credential.name } };
	}
	byName('Wait').parameters = { amount: waitSeconds, unit: 'seconds' };
	if (maxChecks !== undefined) {
		byName('Rounds left?').parameters.conditions.conditions[0].rightValue = maxChecks;
	}
	return { ...wf, id, name: `${wf.name} [${id}]`, active: false };
}

/** Webhook (answers at once) -> Segmind Wan, Generate Video, Wait for Result. */
function generateWorkflow({ id, credential, webhookPath }) {
	const webhook = webhookNode({ webhookPath });
	const generate = segmindNode({ name: 'Generate Video', model: 'wan-2.2-i2v-flash', mode: 'wait', credential });
	return {
		id,
		name: `Generate Video [${id}]`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, generate],
		connections: { Webhook: { main: [[{ node: generate.name, type: 'main', index: 0 }]] } },
		pinData: {},
	};
}

/** Webhook (answers with the last node's JSON) -> Segmind Wan, Get Result of body.requestId. */
function getResultWorkflow({ id, credential, webhookPath }) {
	const webhook = webhookNode({ webhookPath, respond: 'lastNode' });
	const getResult = {
		id: randomUUID(),
		name: 'Get Result',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [260, 0],
		parameters: { operation: 'getResult', requestId: '={{ $json.body.requestId }}', options: {} },
		credentials: { segmindApi: { id: credential.id, name: credential.name } },
	};
	return {
		id,
		name: `Get Result [${id}]`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, getResult],
		connections: { Webhook: { main: [[{ node: 'Get Result', type: 'main', index: 0 }]] } },
		pinData: {},
	};
}

// ------------------------------------------------------------------ n8n over REST

/** Publishes a workflow the way the editor's Publish button does; returns whether it is active. */
async function activate(session, id) {
	const wf = await session.get(`/rest/workflows/${id}`);
	const published = await session.post(`/rest/workflows/${id}/activate`, { versionId: wf.versionId });
	return published.active === true;
}

async function executionsOf(session, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return (await session.get(`/rest/executions?filter=${filter}&limit=50`)).results ?? [];
}

/**
 * POSTs to a production webhook. In queue mode the main may register a just-published workflow's
 * webhook a moment after the REST call returns: a 404 "is not registered" (nothing ran) is retried
 * for a bounded time.
 */
async function postWebhook(baseUrl, webhookPath, body = {}) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const res = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(120_000),
		});
		const answer = { status: res.status, text: await res.text() };
		if (res.status !== 404 || !answer.text.includes('is not registered') || Date.now() > deadline) return answer;
		await sleep(500);
	}
}

/** The one execution of a workflow, once it reaches one of the given statuses. */
async function executionIn(session, workflowId, statuses, timeoutMs) {
	return await until(
		`an execution of ${workflowId} in status ${statuses.join('/')}`,
		async () => {
			const list = await executionsOf(session, workflowId);
			return list.length === 1 && statuses.includes(list[0].status) ? list[0] : null;
		},
		timeoutMs,
	);
}

/** Items of a node's last run in an execution read back with GET /rest/executions/:id. */
const lastRunItems = (execution, node) => {
	const runs = execution.data?.resultData?.runData?.[node] ?? [];
	return runs[runs.length - 1]?.data?.main?.[0] ?? [];
};

/** Checks a node's first output item carries the simulator's MP4, read back through n8n's REST API. */
async function checkVideo(tag, session, execution, node, expected) {
	const bin = lastRunItems(execution, node)[0]?.binary?.data;
	if (!check(`${tag} ${node} output has binary "data" (video/mp4)`, bin?.id && bin.mimeType === 'video/mp4', bin)) return;
	const { buffer } = await downloadBinary(session, bin.id);
	check(
		`${tag} ${node}'s MP4 via GET /rest/binary-data is byte-identical to the simulator's (${buffer.length} bytes)`,
		Buffer.compare(buffer, expected) === 0,
		{ size: buffer.length, expected: expected.length },
	);
}

/** Kills a process group with SIGKILL (no shutdown at all); true once it is gone and its ports are free. */
async function crash(proc, ports) {
	process.kill(-proc.pid, 'SIGKILL');
	await assertPortsFree(ports, { timeoutMs: 15_000 });
	await until(`pid ${proc.pid} gone`, () => !isAlive(proc.pid), 15_000, 100);
	return !isAlive(proc.pid);
}

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
		env: queue ? queueEnv({ redisPort }) : saveAll,
	});
	const ports = [ctx.ports.main, ctx.ports.broker, ...(queue ? [redisPort] : [])];
	const sims = {};
	let redis;
	let main;
	let worker;
	try {
		if (queue) {
			redis = await startRedis({ bin: redisBin, port: redisPort, dir: path.join(ctx.root, 'redis') });
		}
		await installCommunityPackage(ctx, tarball);
		// One simulator per scenario (its request log is that scenario's alone), each with the
		// generation time the scenario needs; the bound test runs in regular mode only.
		const generationMs = { wait: 20_000, slow: 40_000, ...(queue ? {} : { never: 3_600_000 }) };
		for (const [name, ms] of Object.entries(generationMs)) {
			const args = ['--verbose', '--generation-ms', String(ms)];
			sims[name] = await startSimulator({ apiKey: randomApiKey(), args });
			ports.push(...sims[name].ports);
		}
		const credentials = {};
		for (const [name, sim] of Object.entries(sims)) {
			credentials[name] = segmindCredential({
				id: `restartCred${name}1`,
				name: `Simulator ${name}`,
				apiKey: sim.apiKey,
				baseUrl: sim.apiUrl,
				uploadUrl: sim.uploadUrl,
			});
		}
		const wf = {
			wait: exampleWorkflow(example, {
				id: 'restartWaitLoop1',
				credential: credentials.wait,
				webhookPath: PATHS.wait,
				waitSeconds: PERSISTED_WAIT_S,
			}),
			generate: generateWorkflow({ id: 'restartGenerate1', credential: credentials.slow, webhookPath: PATHS.generate }),
			recover: getResultWorkflow({ id: 'restartRecover01', credential: credentials.slow, webhookPath: PATHS.recover }),
		};
		if (!queue) {
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
		if (queue) worker = await startWorker(ctx, { concurrency: 5 });
		main = await startN8n(ctx);
		await setupOwner(main.baseUrl);
		let session = await restLogin(main.baseUrl);
		const active = [];
		for (const w of Object.values(wf)) active.push(await activate(session, w.id));
		check(
			`${tag} n8n${queue ? ' main + worker' : ''} up, ${active.length} workflows published (${secs(t)})`,
			active.every(Boolean),
			active,
		);

		// --- start scenarios 1 and 2, then crash the process running them
		t = Date.now();
		for (const webhookPath of [PATHS.generate, PATHS.wait]) {
			const res = await postWebhook(main.baseUrl, webhookPath);
			if (res.status !== 200) throw new Error(`webhook ${webhookPath}: HTTP ${res.status} ${res.text}`);
		}
		const runner = queue ? worker : main;
		const waiting = await executionIn(session, wf.wait.id, ['waiting'], 60_000);
		const generating = await executionIn(session, wf.generate.id, ['running', 'new'], 30_000);
		const logged = await until(
			`the request ID line of execution ${generating.id} in the ${queue ? 'worker' : 'n8n'} log`,
			() => [...logOf(runner).matchAll(JOB_LINE)].find((m) => m[4] === String(generating.id)),
			30_000,
		);
		const waitSubmit = lastRunItems(await getExecution(ctx, session, waiting.id), 'Submit')[0]?.json;
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
			? await crash(worker, [worker.healthPort, worker.brokerPort])
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

		if (queue) worker = await startWorker(ctx, { concurrency: 5 });
		else main = await startN8n(ctx);
		session = await restLogin(main.baseUrl);
		const restarted = queue ? worker : main;
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
			async () => {
				const r = await fetch(`${sims.slow.apiUrl}/v2/requests/${requestId}/status`, { headers: { 'x-api-key': sims.slow.apiKey } });
				return r.ok && (await r.json()).status === 'COMPLETED';
			},
			90_000,
			1_000,
		);
		const answer = await postWebhook(main.baseUrl, PATHS.recover, { requestId });
		check(`${tag} Get Result webhook with request ID ${requestId} answered 200 (${secs(t)})`, answer.status === 200, answer);
		const recovered = await executionIn(session, wf.recover.id, ['success', 'error', 'crashed'], 60_000);
		const recoveredRun = await getExecution(ctx, session, recovered.id);
		check(
			`${tag} new execution ${recovered.id} (not ${generating.id}): success, Get Result done for ${requestId}`,
			recoveredRun.status === 'success' &&
				String(recovered.id) !== String(generating.id) &&
				lastRunItems(recoveredRun, 'Get Result')[0]?.json?.done === true &&
				lastRunItems(recoveredRun, 'Get Result')[0]?.json?.requestId === requestId,
			{ status: recoveredRun.status, json: lastRunItems(recoveredRun, 'Get Result')[0]?.json, error: recoveredRun.data?.resultData?.error },
		);
		await checkVideo(tag, session, recoveredRun, 'Get Result', expected);

		// --- scenario 1: the waiting execution resumes by itself
		t = Date.now();
		const resumed = await executionIn(session, wf.wait.id, ['success', 'error', 'crashed', 'canceled'], 150_000);
		const run = await getExecution(ctx, session, resumed.id);
		const result = lastRunItems(run, 'Get Result')[0]?.json;
		check(
			`${tag} execution ${waiting.id} resumed by itself after the restart and succeeded: Get Result done, Video ready ran (${secs(t)} after the restart check)`,
			String(resumed.id) === String(waiting.id) &&
				run.status === 'success' &&
				result?.done === true &&
				result?.requestId === waitSubmit?.requestId &&
				lastRunItems(run, 'Video ready').length === 1,
			{ id: resumed.id, status: run.status, result, error: run.data?.resultData?.error, last: run.data?.resultData?.lastNodeExecuted },
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
				new RegExp(`Worker started execution ${waiting.id} \\(job`).test(logOf(worker)),
				tail(logOf(worker), 2000),
			);
		}
		// --- the killed Generate Video execution: marked crashed, never run again (one paid submit)
		const killedRun = await until(
			`execution ${generating.id} no longer running`,
			async () => {
				const e = (await executionsOf(session, wf.generate.id)).find((x) => String(x.id) === String(generating.id));
				return e && !['new', 'running'].includes(e.status) ? e : null;
			},
			90_000,
		);
		check(
			`${tag} the killed Generate Video execution ${generating.id} is "${killedRun.status}" (expected crashed) and its simulator received exactly one paid submit`,
			killedRun.status === 'crashed' && paidSubmits(sims.slow).length === 1,
			{ status: killedRun.status, requests: simRequests(sims.slow) },
		);
		const logs = [oldRunnerLog, logOf(main), ...(queue ? [logOf(worker)] : [])].join('\n');
		check(`${tag} no API key in any n8n log`, Object.values(sims).every((sim) => !logs.includes(sim.apiKey)));
	} finally {
		if (main) await main.stop().catch((e) => check(`${tag} n8n stopped`, false, e.message));
		if (worker) await worker.stop();
		if (redis) await redis.stop();
		for (const sim of Object.values(sims)) await sim.stop();
		await ctx.dispose();
	}
	await R.portsFree(ports, `${tag} no process left, ports free`, { timeoutMs: 15_000 });
}

/** The example's loop with a job that never finishes: two checks, then a clear error. */
async function checkBoundedLoop(tag, ctx, session, main, wf, sim) {
	const t = Date.now();
	const res = await postWebhook(main.baseUrl, PATHS.bound);
	if (res.status !== 200) throw new Error(`webhook restart-bound: HTTP ${res.status} ${res.text}`);
	const done = await executionIn(session, wf.id, ['success', 'error', 'crashed', 'canceled'], 60_000);
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
		{ status: run.status, checks, last: run.data?.resultData?.lastNodeExecuted, error: error?.message },
	);
	const statusChecks = simRequests(sim).filter((l) => /^api GET \/v2\/requests\/.+\/status/.test(l));
	check(
		`${tag} bounded loop: one paid submit, ${statusChecks.length} status checks at the simulator`,
		paidSubmits(sim).length === 1 && statusChecks.length === 2,
		simRequests(sim),
	);
}

async function main() {
	const toolchain = await ensureToolchain();
	const redis = await ensureRedis();
	const example = JSON.parse(await readFile(EXAMPLE_FILE, 'utf8'));
	const expected = await readSampleMp4();
	const packDir = await mkdtemp(path.join(os.tmpdir(), 'segmind-restart-pack-'));
	const tarball = await ourTarball(packDir, { toolchain });
	try {
		for (const mode of ['regular', 'queue']) {
			await runMode(mode, { toolchain, tarball, example, expected, redisBin: redis.bin });
		}
	} finally {
		await rm(packDir, { recursive: true, force: true });
	}
}

await runSuite('restart e2e', R, main);
