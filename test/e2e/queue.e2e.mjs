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
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { getFreePort } from '../../scripts/e2e/processes.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { runN8n } from '../../scripts/e2e/n8nCli.mjs';
import { setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { runSuite } from '../../scripts/e2e/reporter.mjs';
import {
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
	ensureRedis,
	queueEnv,
	redisCommand,
	restLogin,
	startRedis,
	startWorker,
} from '../../scripts/e2e/queueMode.mjs';
import { R, check, tail, secs, logOf } from './suiteReport.mjs';
import {
	BIG_VIDEO,
	bigVideoWorkflow,
	CRED_ID,
	webhookWorkflow,
	WORKFLOWS,
} from './queue/webhookWorkflows.mjs';
import { runOne, runWithoutPackage } from './queue/executionChecks.mjs';
import { runBigVideoCases } from './queue/bigVideoChecks.mjs';
import { readFile } from 'node:fs/promises';

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

	// n8n's database store limit between the simulator's 16:9 video (sample.mp4, which the
	// other executions store) and its 9:16 one, which the store must refuse (issue 21).
	const sizes = await videoSizes();
	const redisPort = await getFreePort();
	const ctx = await createN8nContext({
		toolchain,
		binaryDataMode: 'database',
		env: {
			...queueEnv({ redisPort }),
			N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: String(sizes.storeLimitMb),
		},
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
		await importWorkflows(ctx, [
			...WORKFLOWS.map((w) => webhookWorkflow({ ...w, credential })),
			bigVideoWorkflow({ credential }),
		]);
		for (const wf of [...WORKFLOWS, BIG_VIDEO]) {
			const res = await runN8n(ctx, ['publish:workflow', `--id=${wf.id}`]);
			if (res.exitCode !== 0)
				throw new Error(
					`publish:workflow ${wf.id} failed\n${tail(res.stdout)}\n${tail(res.stderr)}`,
				);
		}
		timings.importPublish = Date.now() - t;
		check(
			`credential + 3 webhook workflows imported and published with the n8n CLI (${timings.importPublish} ms)`,
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
		timings.bigVideo = await runBigVideoCases({ main, sim }, sizes);

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
	await R.portsFree(
		ports,
		`no process left (redis, main, worker, simulator), ports free (${ports.join(', ')})`,
		{
			timeoutMs: 15_000,
		},
	);
	console.log(`queue e2e timings (ms): ${JSON.stringify(timings)}`);
}

/** The simulator's 16:9 and 9:16 videos (videoShapes.js) and a store limit between them, in MB. */
async function videoSizes() {
	const fixture = (name) => readFile(new URL(`../fixtures/${name}`, import.meta.url));
	const small = (await fixture('sample.mp4')).length;
	const large = (await fixture('portrait-faststart-audio.mp4')).length;
	const storeLimitMb = Number(((small + large) / 2 / (1024 * 1024)).toPrecision(3));
	if (!(small / 1024 ** 2 < storeLimitMb && storeLimitMb < large / 1024 ** 2))
		throw new Error(`no store limit between ${small} and ${large} bytes`);
	return { small, large, storeLimitMb };
}

await runSuite('queue e2e', R, main);
