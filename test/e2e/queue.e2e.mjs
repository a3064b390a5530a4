#!/usr/bin/env node
// Segmind Wan in n8n 2.41.1 queue mode (scaling mode): a private redis-server,
// one `n8n start` main and one `n8n worker`, both with EXECUTIONS_MODE=queue,
// N8N_DEFAULT_BINARY_DATA_MODE=database, one shared sqlite database and user
// folder (so one community-package install in .n8n/nodes/node_modules is
// loaded by both) and the same encryption key. The Segmind simulator
// (test/simulator/cli.js) stands in for Segmind.
//
// Two published workflows, Webhook (POST, respond when the last node finishes)
// -> Segmind Wan (wan-2.2-i2v-flash, executionMode wait, image URL, prompt from
// the webhook body): one answers with the first item's JSON, the other with
// its binary. Each is triggered over its production webhook URL on 127.0.0.1.
// Checks:
//   - the main enqueued the execution and the worker ran it (their logs name
//     the execution id: "Enqueued execution N" / "Worker started|finished
//     execution N"), the main never ran it itself
//   - GET /rest/executions/:id (owner session): status success, mode webhook,
//     the Segmind node's item has binary "data" in database mode (id database:…)
//   - GET /rest/binary-data?id=…&action=download through the main, the row
//     read straight from the sqlite table, and the webhook's binary response
//     are all byte-identical to test/fixtures/sample.mp4
//   - every process (redis, main, worker, simulator) stopped by PID, ports free
//
// Run:  node test/e2e/queue.e2e.mjs    (installs redis-server with apt-get if missing)
// Env:  SEGMIND_E2E_TARBALL=<tgz>  use this tarball (no build/pack here)
//       SEGMIND_E2E_SKIP_BUILD=1   pack the current dist/ without `npm run build`
//       N8N_E2E_KEEP=1             keep the temp N8N_USER_FOLDER
// Prints PASS/FAIL lines and a final "N passed, N failed"; exit 1 on any failure.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { getFreePort, sleep } from '../../scripts/e2e/processes.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { readBinary, runN8n } from '../../scripts/e2e/n8nCli.mjs';
import { setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';
import {
	EXAMPLE_IMAGE_URL,
	NODE_TYPE,
	PACKAGE_NAME,
	importCredentials,
	importWorkflows,
	ourTarball,
	randomApiKey,
	readSampleMp4,
	segmindCredential,
	startSimulator,
} from '../../scripts/e2e/segmind.mjs';
import {
	downloadBinary,
	ensureRedis,
	getExecution,
	queueEnv,
	redisCommand,
	restLogin,
	startRedis,
	startWorker,
	waitForExecutions,
} from '../../scripts/e2e/queueMode.mjs';

const R = createReporter();
const check = R.check;

const CRED_ID = 'segmindQueueCred1';
const MODEL = 'wan-2.2-i2v-flash';
const SEGMIND_NODE = 'Segmind Wan';
const PROMPT = 'A cat on a worker process slowly blinks at the camera';

const tail = (s, n = 3000) => (s.length > n ? `…${s.slice(-n)}` : s);
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/** Webhook (POST, lastNode) -> Segmind Wan. responseData: firstEntryJson | firstEntryBinary. */
function webhookWorkflow({ id, name, webhookPath, responseData, credential }) {
	const webhook = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode: 'lastNode',
			responseData,
			...(responseData === 'firstEntryBinary' ? { responseBinaryPropertyName: 'data' } : {}),
			options: {},
		},
	};
	const segmind = {
		id: randomUUID(),
		name: SEGMIND_NODE,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [260, 0],
		parameters: {
			operation: 'generate',
			model: MODEL,
			executionMode: 'wait',
			imageSource: 'url',
			image: EXAMPLE_IMAGE_URL,
			prompt: '={{ $json.body.prompt }}',
		},
		credentials: { segmindApi: { id: credential.id, name: credential.name } },
	};
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, segmind],
		connections: { Webhook: { main: [[{ node: SEGMIND_NODE, type: 'main', index: 0 }]] } },
		pinData: {},
	};
}

const WORKFLOWS = [
	{
		id: 'segmindQueueJson1',
		name: 'Segmind Wan queue e2e (JSON)',
		webhookPath: 'segmind-queue-json',
		responseData: 'firstEntryJson',
	},
	{
		id: 'segmindQueueMp41',
		name: 'Segmind Wan queue e2e (MP4)',
		webhookPath: 'segmind-queue-mp4',
		responseData: 'firstEntryBinary',
	},
];

/** Lines of a process's log (stdout + stderr: n8n logs to stdout). */
const logOf = (proc) => {
	const o = proc.output();
	return `${o.stdout}\n${o.stderr}`;
};

/**
 * POSTs to a production webhook. n8n reports ready before it has registered the published
 * workflows' webhooks, so a 404 "is not registered" (nothing was executed) is retried for a
 * bounded time; any other answer is returned as it is.
 */
async function postWebhook(url, body) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const res = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(180_000),
		});
		if (res.status !== 404 || Date.now() > deadline) return res;
		const text = await res.text();
		if (!text.includes('is not registered')) return new Response(text, { status: res.status, headers: res.headers });
		await sleep(500);
	}
}

/**
 * Triggers one workflow over its production webhook, finds its execution, and
 * checks where it ran, its status and its binary.
 */
async function runOne(ctx, { main, worker, session, sim, expected }, wf) {
	const tag = wf.responseData === 'firstEntryBinary' ? 'MP4' : 'JSON';
	const simFrom = sim.output().stderr.length;
	let t = Date.now();
	const url = `${main.baseUrl}/webhook/${wf.webhookPath}`;
	const res = await postWebhook(url, { prompt: PROMPT });
	const body = Buffer.from(await res.arrayBuffer());
	const webhookMs = secs(t);
	check(
		`[${tag}] POST ${new URL(url).pathname} on 127.0.0.1 answered 200 (${webhookMs})`,
		res.status === 200,
		{
			status: res.status,
			body: body.toString('utf8').slice(0, 2000),
		},
	);
	if (wf.responseData === 'firstEntryJson') {
		let json = null;
		try {
			json = JSON.parse(body.toString('utf8'));
		} catch {
			// reported below
		}
		check(
			`[${tag}] webhook answered the Segmind node's JSON (model ${MODEL}, status COMPLETED, requestId)`,
			json?.model === MODEL &&
				json?.status === 'COMPLETED' &&
				typeof json?.requestId === 'string' &&
				json.requestId.length > 0,
			json ?? body.toString('utf8').slice(0, 2000),
		);
	} else {
		check(
			`[${tag}] webhook answered the MP4 itself (content-type video/mp4, ${body.length} bytes, byte-identical to sample.mp4)`,
			/^video\/mp4/.test(res.headers.get('content-type') ?? '') &&
				Buffer.compare(body, expected) === 0,
			{
				contentType: res.headers.get('content-type'),
				size: body.length,
				expected: expected.length,
			},
		);
	}

	// --- the execution, read back through the main's REST API
	t = Date.now();
	const list = await waitForExecutions(session, wf.id, { count: 1, timeoutMs: 120_000 });
	const summary = list[0];
	const execId = String(summary?.id ?? '');
	check(
		`[${tag}] execution ${execId} listed by GET /rest/executions (${secs(t)})`,
		list.length === 1 && execId !== '',
		list,
	);

	const execution = await getExecution(ctx, session, execId);
	check(
		`[${tag}] execution ${execId}: status success, finished, mode webhook`,
		execution.status === 'success' && execution.finished === true && execution.mode === 'webhook',
		{
			status: execution.status,
			finished: execution.finished,
			mode: execution.mode,
			error: execution.data?.resultData?.error,
		},
	);

	// --- where it ran: enqueued by the main, run by the worker
	const mainLog = logOf(main);
	const workerLog = logOf(worker);
	const enqueued = new RegExp(`Enqueued execution ${execId} \\(job (\\d+)\\)`).exec(mainLog);
	const started = new RegExp(`Worker started execution ${execId} \\(job (\\d+)\\)`).exec(workerLog);
	const finished = new RegExp(`Worker finished execution ${execId} \\(job (\\d+)\\)`).exec(
		workerLog,
	);
	check(
		`[${tag}] main log: "Enqueued execution ${execId} (job ${enqueued?.[1]})"; worker log: "Worker started/finished execution ${execId}" (same job)`,
		!!enqueued &&
			!!started &&
			!!finished &&
			enqueued[1] === started[1] &&
			started[1] === finished[1],
		{
			enqueued: enqueued?.[0],
			started: started?.[0],
			finished: finished?.[0],
			mainLog: tail(mainLog, 1500),
			workerLog: tail(workerLog, 1500),
		},
	);
	check(
		`[${tag}] main did not run execution ${execId} itself (no "Worker started execution" in the main log)`,
		!/Worker started execution/.test(mainLog),
	);

	// --- the output item and its binary
	const runData = execution.data?.resultData?.runData ?? {};
	const items = runData[SEGMIND_NODE]?.[0]?.data?.main?.[0];
	const item = items?.[0];
	const bin = item?.binary?.data;
	check(
		`[${tag}] ${SEGMIND_NODE} output: one item, model ${MODEL}, prompt from the webhook body, status COMPLETED`,
		items?.length === 1 &&
			item.json?.model === MODEL &&
			item.json?.status === 'COMPLETED' &&
			runData.Webhook?.[0]?.data?.main?.[0]?.[0]?.json?.body?.prompt === PROMPT,
		{ json: item?.json, webhook: runData.Webhook?.[0]?.data?.main?.[0]?.[0]?.json?.body },
	);
	check(
		`[${tag}] binary "data" stored in database mode (id ${bin?.id}), mimeType video/mp4, ${bin?.fileSize ?? '?'}`,
		/^database:/.test(bin?.id ?? '') && bin?.mimeType === 'video/mp4',
		bin,
	);
	if (bin?.id) {
		try {
			const { buffer, contentType } = await downloadBinary(session, bin.id);
			check(
				`[${tag}] GET /rest/binary-data?id=${bin.id}&action=download (main) is byte-identical to sample.mp4 (${buffer.length} bytes, ${contentType})`,
				Buffer.compare(buffer, expected) === 0,
				{ size: buffer.length, expected: expected.length, contentType },
			);
		} catch (e) {
			check(
				`[${tag}] GET /rest/binary-data (main) is byte-identical to sample.mp4`,
				false,
				e.message,
			);
		}
		try {
			const raw = await readBinary(ctx, bin);
			check(
				`[${tag}] binary_data row in the shared sqlite DB is byte-identical to sample.mp4`,
				Buffer.compare(raw, expected) === 0,
				{
					size: raw.length,
				},
			);
		} catch (e) {
			check(
				`[${tag}] binary_data row in the shared sqlite DB is byte-identical to sample.mp4`,
				false,
				e.message,
			);
		}
	}

	const reqs = sim
		.output()
		.stderr.slice(simFrom)
		.split('\n')
		.filter((l) => l.startsWith('[segmind-sim] '))
		.map((l) => l.slice('[segmind-sim] '.length));
	check(
		`[${tag}] simulator saw one v2 submit for ${MODEL} and one video download, all 200`,
		reqs.filter((l) => l.startsWith(`api POST /v2/${MODEL}`)).length === 1 &&
			reqs.filter((l) => /^files GET /.test(l)).length === 1 &&
			reqs.every((l) => / → 200$/.test(l)),
		reqs,
	);
	return execId;
}

/**
 * Triggers a workflow while the only worker lacks our package: the main
 * enqueues it, that worker takes it, and the execution fails on the unknown
 * node type without a request to Segmind. Returns the time it took (ms).
 */
async function runWithoutPackage(ctx, { main, worker, session, sim }, wf) {
	const t = Date.now();
	const simFrom = sim.output().stderr.length;
	const res = await postWebhook(`${main.baseUrl}/webhook/${wf.webhookPath}`, { prompt: PROMPT });
	const text = await res.text();
	check(
		`[no package] webhook does not answer 200 (HTTP ${res.status})`,
		res.status !== 200,
		text.slice(0, 1000),
	);
	const list = await waitForExecutions(session, wf.id, { count: 2, timeoutMs: 120_000 });
	const newest = [...list].sort((a, b) => Number(b.id) - Number(a.id))[0];
	const execution = await getExecution(ctx, session, String(newest.id));
	const err = execution.data?.resultData?.error;
	const workerLog = logOf(worker);
	check(
		`[no package] execution ${newest.id} taken by the package-less worker ("Worker started execution ${newest.id}")`,
		new RegExp(`Worker started execution ${newest.id} \\(job`).test(workerLog),
		tail(workerLog, 2000),
	);
	const errText = `${err?.message ?? ''} ${err?.description ?? ''}`;
	check(
		`[no package] execution ${newest.id} status error: "${String(err?.message ?? '').slice(0, 120)}"`,
		execution.status === 'error' && errText.includes(`Unrecognized node type: ${NODE_TYPE}`),
		{ status: execution.status, error: err, workerLog: tail(workerLog, 1500) },
	);
	const reqs = sim
		.output()
		.stderr.slice(simFrom)
		.split('\n')
		.filter((l) => l.startsWith('[segmind-sim] '));
	check('[no package] nothing was sent to Segmind', reqs.length === 0, reqs);
	return Date.now() - t;
}

async function main() {
	const timings = {};
	const toolchain = await ensureToolchain();

	let t = Date.now();
	const redisInfo = await ensureRedis();
	timings.ensureRedis = Date.now() - t;
	check(
		`redis-server available (${redisInfo.installed ? 'installed now with apt-get' : 'already installed'}: ${redisInfo.bin}, ${timings.ensureRedis} ms)`,
		!!redisInfo.bin,
	);

	const redisPort = await getFreePort();
	const ctx = await createN8nContext({
		toolchain,
		binaryDataMode: 'database',
		env: queueEnv({ redisPort }),
	});
	let sim;
	let redis;
	let main;
	let worker;
	let bare;
	const ports = [ctx.ports.main, ctx.ports.broker, redisPort];
	try {
		t = Date.now();
		redis = await startRedis({
			bin: redisInfo.bin,
			port: redisPort,
			dir: path.join(ctx.root, 'redis'),
		});
		check(
			`redis-server started on 127.0.0.1:${redisPort} (pid ${redis.pid}, --save '' --appendonly no, ${Date.now() - t} ms)`,
			!!redis.pid,
		);

		t = Date.now();
		const tarball = await ourTarball(path.join(ctx.root, 'pack'), { toolchain });
		const installed = await installCommunityPackage(ctx, tarball);
		timings.packInstall = Date.now() - t;
		check(
			`${path.basename(tarball)} installed once into the shared ${path.relative(ctx.userFolder, installed.dir)} (${timings.packInstall} ms)`,
			installed.name === PACKAGE_NAME &&
				installed.dir === path.join(ctx.nodesDir, 'node_modules', PACKAGE_NAME),
			installed,
		);

		sim = await startSimulator({ apiKey: randomApiKey(), args: ['--verbose'] });
		ports.push(...sim.ports);
		check(`simulator started (pid ${sim.pid}, ${sim.apiUrl})`, !!sim.pid);

		const credential = segmindCredential({
			id: CRED_ID,
			name: 'Segmind (simulator)',
			apiKey: sim.apiKey,
			baseUrl: sim.apiUrl,
			uploadUrl: sim.uploadUrl,
		});
		t = Date.now();
		await importCredentials(ctx, [credential]);
		await importWorkflows(
			ctx,
			WORKFLOWS.map((w) => webhookWorkflow({ ...w, credential })),
		);
		for (const wf of WORKFLOWS) {
			const res = await runN8n(ctx, ['publish:workflow', `--id=${wf.id}`]);
			if (res.exitCode !== 0)
				throw new Error(
					`publish:workflow ${wf.id} failed\n${tail(res.stdout)}\n${tail(res.stderr)}`,
				);
		}
		timings.importPublish = Date.now() - t;
		check(
			`credential + 2 webhook workflows imported and published with the n8n CLI (${timings.importPublish} ms)`,
			true,
		);

		// Main and worker: same env (ctx.env: DB, user folder, encryption key, queue env).
		t = Date.now();
		worker = await startWorker(ctx, { concurrency: 5 });
		ports.push(worker.healthPort, worker.brokerPort);
		timings.workerStart = Date.now() - t;
		check(
			`n8n worker ready (pid ${worker.pid}, /healthz/readiness on 127.0.0.1:${worker.healthPort}, ${timings.workerStart} ms)`,
			!!worker.pid,
		);

		t = Date.now();
		main = await startN8n(ctx);
		timings.mainStart = Date.now() - t;
		check(
			`n8n start (main, EXECUTIONS_MODE=queue) ready on ${main.baseUrl} (pid ${main.pid}, ${timings.mainStart} ms)`,
			!!main.pid,
		);

		const mainLog = logOf(main);
		check(
			'n8n on sqlite in queue mode: only the warning "Scaling mode is not officially supported with sqlite"',
			/Scaling mode is not officially supported with sqlite/.test(mainLog),
			tail(mainLog, 2000),
		);
		check(
			'worker log says "n8n worker is now ready"',
			/n8n worker is now ready/.test(logOf(worker)),
			tail(logOf(worker), 2000),
		);

		await setupOwner(main.baseUrl);
		const session = await restLogin(main.baseUrl);
		check('owner set up (POST /rest/owner/setup) and logged in (POST /rest/login)', !!session);

		const info = await redisCommand(redisPort, ['INFO', 'clients']);
		const clients = Number(/connected_clients:(\d+)/.exec(info ?? '')?.[1] ?? 0);
		check(`main and worker connected to redis (${clients} clients)`, clients >= 2, info);

		const expected = await readSampleMp4();
		const ids = [];
		t = Date.now();
		for (const wf of WORKFLOWS)
			ids.push(await runOne(ctx, { main, worker, session, sim, expected }, wf));
		timings.executions = Date.now() - t;
		check(
			`two executions, two ids (${ids.join(', ')})`,
			new Set(ids).size === 2 && ids.every(Boolean),
			ids,
		);

		// --- why the package must be installed on every worker: a worker
		// whose user folder lacks it (its own N8N_USER_FOLDER, same sqlite
		// DB, same key, same Redis) takes the job and cannot run our node.
		t = Date.now();
		await worker.stop();
		const bareUser = path.join(ctx.root, 'bare-worker-user');
		bare = await startWorker(ctx, {
			env: {
				N8N_USER_FOLDER: bareUser,
				HOME: bareUser,
				DB_SQLITE_DATABASE: path.join(ctx.n8nFolder, 'database.sqlite'),
			},
		});
		ports.push(bare.healthPort, bare.brokerPort);
		check(
			`worker without the package ready (own user folder, shared DB/key/Redis; pid ${bare.pid}, ${secs(t)})`,
			!!bare.pid,
		);
		timings.noPackageRun = await runWithoutPackage(
			ctx,
			{ main, worker: bare, session, sim },
			WORKFLOWS[0],
		);
	} finally {
		t = Date.now();
		if (main) await main.stop().catch((e) => check('main stopped', false, e.message));
		if (worker) await worker.stop();
		if (bare) await bare.stop();
		if (redis) await redis.stop();
		if (sim) await sim.stop();
		await ctx.dispose();
		timings.shutdown = Date.now() - t;
	}
	await R.portsFree(ports, `no process left (redis, main, worker, simulator), ports free (${ports.join(', ')})`, {
		timeoutMs: 15_000,
	});
	console.log(`queue e2e timings (ms): ${JSON.stringify(timings)}`);
}

await runSuite('queue e2e', R, main);
