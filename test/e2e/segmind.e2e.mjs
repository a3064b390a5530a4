#!/usr/bin/env node
// Segmind Wan in a real n8n 2.41.1 (CLI), or with --n8n1 in n8n 1.123.81 (Node 22): our package
// built, packed and installed the way n8n installs community packages, the Segmind simulator
// (test/simulator/cli.js) as a child process, a segmindApi credential and workflows imported
// with the n8n CLI, run with `n8n execute --rawOutput`.
//
// Checks, once per binary data mode: filesystem and database on 2.x; filesystem and default
// (in memory, what n8n 1.x uses unless told otherwise) on 1.x:
//   - one workflow, Manual Trigger -> 18 Segmind Wan nodes (9 models x wait/sync):
//     every node outputs one item whose binary "data" (read back from n8n's
//     binary storage) is byte-identical to test/fixtures/sample.mp4, mimeType
//     video/mp4, json.model / json.requestId / json.status === COMPLETED
//   - duration 99 on wan2.7-i2v (an expression): n8n execute fails, the error
//     names the field, and nothing was sent to Segmind
//   - a credential with a wrong API key: the simulator answers 401, n8n execute
//     fails with the node's 401 message
//   - a binary input: Set (base64 PNG) -> Convert to File -> Segmind Wan with Image Source
//     "Binary File": the PNG is uploaded to the simulator, the video comes back
//   - Submit, then Get Result (its own workflow, given the request ID): the same MP4, one submit
//
// Run:  node test/e2e/segmind.e2e.mjs [--n8n1]   (npm run test:e2e runs it for both n8n lines)
// Env:  SEGMIND_E2E_TARBALL=<tgz>  use this tarball (no build/pack here)
//       SEGMIND_E2E_SKIP_BUILD=1   pack the current dist/ without `npm run build`
//       N8N_E2E_KEEP=1             keep the temp N8N_USER_FOLDER
// Prints PASS/FAIL lines and a final "N passed, N failed"; exit 1 on any failure.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { executeWorkflow, nodeItems, readBinary } from '../../scripts/e2e/n8nCli.mjs';
import { createReporter, runSuite } from '../../scripts/e2e/reporter.mjs';
import {
	EXECUTION_MODES,
	MODEL_SLUGS,
	NODE_TYPE,
	PACKAGE_NAME,
	SAMPLE_MP4,
	caseNodeName,
	fanOutWorkflow,
	importCredentials,
	importWorkflows,
	ourTarball,
	randomApiKey,
	manualTrigger,
	readSampleMp4,
	segmindCredential,
	segmindNode,
	startSimulator,
} from '../../scripts/e2e/segmind.mjs';

/** --n8n1: the n8n 1.x compatibility run (install-n8n.sh --with-n8n1). */
const N8N1 = process.argv.includes('--n8n1');
const BINARY_MODES = N8N1 ? ['filesystem', 'default'] : ['filesystem', 'database'];
const BINARY_ID_PREFIX = { filesystem: 'filesystem-v2:', database: 'database:', default: '' };

const R = createReporter();
const check = R.check;

const GOOD_CRED_ID = 'segmindE2eGood01';
const BAD_CRED_ID = 'segmindE2eBadKey1';
const WF_ALL = 'segmindE2eAllMods';
const WF_BAD_PARAM = 'segmindE2eBadPrm1';
const WF_BAD_KEY = 'segmindE2eBadKey1';
const WF_BINARY = 'segmindE2eBinary1';
const WF_SUBMIT = 'segmindE2eSubmit1';
const WF_GET_RESULT = 'segmindE2eGetRes1';
/** Get Result is one status check: at most this many runs until the simulator's job is done. */
const GET_RESULT_TRIES = 10;

/** n8n CLI runs that died with SIGSEGV and were repeated (see runN8n in scripts/e2e/n8nCli.mjs). */
let segfaults = 0;
async function execute(ctx, id, opts) {
	const run = await executeWorkflow(ctx, id, opts);
	segfaults += run.segfaults ?? 0;
	return run;
}

const CASES = MODEL_SLUGS.flatMap((model) => EXECUTION_MODES.map((mode) => ({ model, mode })));

/** Counts the simulator's request log lines ("api POST /v2/slug → 200") since `from`. */
function simRequests(sim, from = 0) {
	return sim
		.output()
		.stderr.slice(from)
		.split('\n')
		.filter((l) => l.startsWith('[segmind-sim] '))
		.map((l) => l.slice('[segmind-sim] '.length))
		.filter((l) => !/shutting down/.test(l));
}

const short = (s, n = 140) => {
	const one = String(s ?? '')
		.replace(/\s+/g, ' ')
		.trim();
	return one.length > n ? `${one.slice(0, n)}…` : one;
};
const tail = (s, n = 3000) => (s.length > n ? `…${s.slice(-n)}` : s);

function errorText(run) {
	const e = run.error ?? {};
	return [e.message, e.description, e.node?.name, run.stdout, run.stderr]
		.filter(Boolean)
		.join('\n');
}

async function runMode(ctx, sim, mode, expectedMp4) {
	const env = { N8N_DEFAULT_BINARY_DATA_MODE: mode };
	const idPrefix = BINARY_ID_PREFIX[mode];
	const viaStore = (bin) =>
		idPrefix ? String(bin?.id ?? '').startsWith(idPrefix) : !bin?.id && !!bin?.data;

	// --- every model, both execution modes, one n8n execute
	let from = sim.output().stderr.length;
	let t = Date.now();
	const run = await execute(ctx, WF_ALL, { env, timeoutMs: 600_000 });
	const ms = Date.now() - t;
	const ok = check(
		`[${mode}] all ${CASES.length} model/mode nodes: n8n execute exit 0 (${(ms / 1000).toFixed(1)} s)`,
		run.exitCode === 0 && !run.error,
		{
			exitCode: run.exitCode,
			error: run.error?.message,
			stdout: tail(run.stdout),
			stderr: tail(run.stderr),
		},
	);
	if (ok) {
		for (const { model, mode: execMode } of CASES) {
			const name = caseNodeName(model, execMode);
			const items = nodeItems(run.json, name);
			const item = items?.[0];
			const bin = item?.binary?.data;
			let bytes = null;
			let readError = null;
			if (bin) {
				try {
					bytes = await readBinary(ctx, bin);
				} catch (e) {
					readError = e.message;
				}
			}
			check(
				`[${mode}] ${name}: one item, binary "data" byte-identical to sample.mp4 (${bytes?.length ?? 0} bytes via ${String(bin?.id ?? '').split(':')[0] || 'inline data'})`,
				items?.length === 1 &&
					bytes !== null &&
					Buffer.compare(bytes, expectedMp4) === 0 &&
					viaStore(bin),
				{
					items: items?.length,
					id: bin?.id,
					readError,
					size: bytes?.length,
					expected: expectedMp4.length,
				},
			);
			check(
				`[${mode}] ${name}: mimeType video/mp4, json model/requestId/status COMPLETED`,
				bin?.mimeType === 'video/mp4' &&
					item.json.model === model &&
					typeof item.json.requestId === 'string' &&
					item.json.requestId.length > 0 &&
					item.json.status === 'COMPLETED' &&
					item.json.executionMode === execMode,
				{ mimeType: bin?.mimeType, fileName: bin?.fileName, json: item?.json },
			);
		}
		const reqs = simRequests(sim, from);
		const submits = reqs.filter((l) => /^api POST \/v2\//.test(l));
		const syncs = reqs.filter((l) => /^api POST \/v1\//.test(l));
		const downloads = reqs.filter((l) => /^files GET \/outputs\//.test(l));
		// A run repeated after an n8n CLI crash (run.segfaults) talks to the simulator again.
		const counts = (seen, expected) => (run.segfaults ? seen >= expected : seen === expected);
		const n = MODEL_SLUGS.length;
		check(
			// Sync answers carry the raw video (the simulator's recorded default): only wait mode
			// downloads.
			`[${mode}] simulator saw ${n} v2 submits, ${n} v1 runs, ${n} video downloads, all 200${run.segfaults ? ' (at least: the run was repeated)' : ''}`,
			counts(submits.length, n) &&
				counts(syncs.length, n) &&
				counts(downloads.length, n) &&
				reqs.every((l) => / → 200$/.test(l)),
			reqs,
		);
	}

	// --- validation failure: duration 99 on wan2.7-i2v, given as an expression
	from = sim.output().stderr.length;
	t = Date.now();
	const bad = await execute(ctx, WF_BAD_PARAM, { env });
	const badText = errorText(bad);
	check(
		`[${mode}] duration {{ 99 }} on wan2.7-i2v: n8n execute exits non-zero (${bad.exitCode}, ${((Date.now() - t) / 1000).toFixed(1)} s)`,
		bad.exitCode !== 0 && bad.exitCode !== null,
		{ exitCode: bad.exitCode, stdout: tail(bad.stdout) },
	);
	check(
		`[${mode}] duration 99: error names the field and its range ("${short(bad.error?.message)}")`,
		/Duration/i.test(bad.error?.message ?? '') &&
			/15/.test(`${bad.error?.message} ${bad.error?.description ?? ''}`) &&
			/99/.test(badText),
		{
			message: bad.error?.message,
			description: bad.error?.description,
			output: tail(badText, 1500),
		},
	);
	const badReqs = simRequests(sim, from);
	check(`[${mode}] duration 99: nothing was sent to Segmind`, badReqs.length === 0, badReqs);

	// --- wrong API key: Segmind's 401
	from = sim.output().stderr.length;
	t = Date.now();
	const denied = await execute(ctx, WF_BAD_KEY, { env });
	check(
		`[${mode}] wrong API key: n8n execute exits non-zero (${denied.exitCode}, ${((Date.now() - t) / 1000).toFixed(1)} s)`,
		denied.exitCode !== 0 && denied.exitCode !== null,
		{ exitCode: denied.exitCode, stdout: tail(denied.stdout) },
	);
	const deniedMsg = `${denied.error?.message ?? ''} ${denied.error?.description ?? ''} ${denied.error?.httpCode ?? ''}`;
	check(
		`[${mode}] wrong API key: error is the node's 401 message ("${short(denied.error?.message)}")`,
		/API key is missing or invalid/.test(deniedMsg) &&
			(String(denied.error?.httpCode) === '401' || /401/.test(errorText(denied))),
		{ error: denied.error, output: tail(errorText(denied), 1500) },
	);
	const deniedReqs = simRequests(sim, from);
	check(
		`[${mode}] wrong API key: simulator answered 401, no job started`,
		deniedReqs.length >= 1 && deniedReqs.every((l) => / → 401$/.test(l)),
		deniedReqs,
	);

	await binaryInput(ctx, sim, mode, env, expectedMp4, viaStore);
	await submitThenGetResult(ctx, sim, mode, env, expectedMp4, viaStore);
}

/** Set (base64 PNG) -> Convert to File -> Segmind Wan reading the image from binary "data". */
async function binaryInputWorkflow(credential) {
	const png = (await readFile(path.join(path.dirname(SAMPLE_MP4), 'sample.png'))).toString(
		'base64',
	);
	const trigger = manualTrigger();
	const set = {
		id: 'e2e-set-base64',
		name: 'Image as base64',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [200, 0],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [{ id: 'png', name: 'imageBase64', value: png, type: 'string' }],
			},
			options: {},
		},
	};
	const toFile = {
		id: 'e2e-convert-to-file',
		name: 'To file',
		type: 'n8n-nodes-base.convertToFile',
		typeVersion: 1.1,
		position: [400, 0],
		parameters: {
			operation: 'toBinary',
			sourceProperty: 'imageBase64',
			binaryPropertyName: 'data',
			options: { fileName: 'sample.png', mimeType: 'image/png' },
		},
	};
	const segmind = segmindNode({
		name: 'Binary image',
		model: 'wan-2.2-i2v-flash',
		mode: 'wait',
		position: [600, 0],
		credential,
		extra: { imageSource: 'binary', imageBinaryProperty: 'data' },
	});
	const link = (to) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
	return {
		id: WF_BINARY,
		name: 'Segmind Wan e2e: binary image input',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, set, toFile, segmind],
		connections: {
			[trigger.name]: link(set.name),
			[set.name]: link(toFile.name),
			[toFile.name]: link(segmind.name),
		},
		pinData: {},
	};
}

async function outputVideo(ctx, item) {
	const bin = item?.binary?.data;
	if (!bin) return { bin, bytes: null };
	try {
		return { bin, bytes: await readBinary(ctx, bin) };
	} catch (e) {
		return { bin, bytes: null, readError: e.message };
	}
}

async function binaryInput(ctx, sim, mode, env, expectedMp4, viaStore) {
	const from = sim.output().stderr.length;
	const run = await execute(ctx, WF_BINARY, { env });
	const item = nodeItems(run.json, 'Binary image')?.[0];
	const { bin, bytes, readError } = await outputVideo(ctx, item);
	check(
		`[${mode}] binary image input (Convert to File -> Image Source "Binary File"): exit 0, the video byte-identical`,
		run.exitCode === 0 &&
			!run.error &&
			bytes !== null &&
			Buffer.compare(bytes, expectedMp4) === 0 &&
			viaStore(bin),
		{
			exitCode: run.exitCode,
			error: run.error?.message,
			id: bin?.id,
			readError,
			stdout: tail(run.stdout),
		},
	);
	const reqs = simRequests(sim, from);
	check(
		`[${mode}] binary image input: uploaded to Segmind's upload host, then one job`,
		reqs.some((l) => /^upload POST .* → 200$/.test(l)) &&
			reqs.filter((l) => /^api POST \/v2\//.test(l)).length >= 1,
		reqs,
	);
}

async function submitThenGetResult(ctx, sim, mode, env, expectedMp4, viaStore) {
	const from = sim.output().stderr.length;
	const submitted = await execute(ctx, WF_SUBMIT, { env });
	const submitItem = nodeItems(submitted.json, 'Submit')?.[0];
	const job = submitItem?.json;
	const requestId = job?.requestId;
	if (
		!check(
			`[${mode}] Submit: exit 0, a request ID and no video yet ("${short(requestId, 40)}")`,
			submitted.exitCode === 0 &&
				typeof requestId === 'string' &&
				requestId.length > 0 &&
				!submitItem.binary,
			{
				exitCode: submitted.exitCode,
				error: submitted.error?.message,
				json: job,
				stdout: tail(submitted.stdout),
			},
		)
	)
		return;
	await importWorkflows(ctx, [getResultWorkflow(requestId)]);
	let item;
	let tries = 0;
	while (tries < GET_RESULT_TRIES) {
		tries++;
		const run = await execute(ctx, WF_GET_RESULT, { env });
		item = nodeItems(run.json, 'Get Result')?.[0];
		if (run.exitCode !== 0 || item?.binary?.data || item?.json?.done !== false) break;
	}
	const { bin, bytes, readError } = await outputVideo(ctx, item);
	check(
		`[${mode}] Get Result (${tries} run(s)): the submitted job's video, byte-identical, status COMPLETED`,
		bytes !== null &&
			Buffer.compare(bytes, expectedMp4) === 0 &&
			viaStore(bin) &&
			item.json.requestId === requestId &&
			item.json.status === 'COMPLETED',
		{ json: item?.json, id: bin?.id, readError },
	);
	const submits = simRequests(sim, from).filter((l) => /^api POST \/v2\//.test(l));
	check(`[${mode}] Submit + Get Result: exactly one job submitted`, submits.length === 1, submits);
}

function getResultWorkflow(requestId) {
	const trigger = manualTrigger();
	const node = segmindNode({
		name: 'Get Result',
		model: 'wan2.7-i2v',
		credential: goodCredential,
		position: [300, 0],
	});
	node.parameters = { operation: 'getResult', requestId };
	return {
		id: WF_GET_RESULT,
		name: 'Segmind Wan e2e: Get Result',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, node],
		connections: { [trigger.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		pinData: {},
	};
}

/** Set in main(): the simulator's credential, used by the Get Result workflow built mid-run. */
let goodCredential;

async function main() {
	const installed = await ensureToolchain({ n8n1: N8N1 });
	const toolchain = N8N1 ? installed.n8n1 : installed;
	console.log(
		`n8n ${toolchain.n8nVersion} under Node ${toolchain.node.match(/node-([\d.]+)\//)?.[1]}`,
	);
	const ctx = await createN8nContext({ toolchain });
	let sim;
	try {
		let t = Date.now();
		const tarball = await ourTarball(path.join(ctx.root, 'pack'), { toolchain });
		check(
			`package packed: ${path.basename(tarball)} (${Date.now() - t} ms)`,
			tarball.endsWith('.tgz'),
		);

		t = Date.now();
		const installed = await installCommunityPackage(ctx, tarball);
		check(
			`installed as a community package into .n8n/nodes/node_modules/${PACKAGE_NAME} (${Date.now() - t} ms)`,
			installed.name === PACKAGE_NAME &&
				installed.dir === path.join(ctx.nodesDir, 'node_modules', PACKAGE_NAME),
			installed,
		);

		t = Date.now();
		sim = await startSimulator({ apiKey: randomApiKey(), args: ['--verbose'] });
		check(`simulator started (pid ${sim.pid}, api ${sim.apiUrl}, ${Date.now() - t} ms)`, !!sim.pid);

		const good = segmindCredential({
			id: GOOD_CRED_ID,
			name: 'Segmind (simulator)',
			apiKey: sim.apiKey,
			baseUrl: sim.apiUrl,
			uploadUrl: sim.uploadUrl,
		});
		const wrong = segmindCredential({
			id: BAD_CRED_ID,
			name: 'Segmind (wrong key)',
			apiKey: randomApiKey('wrong'),
			baseUrl: sim.apiUrl,
			uploadUrl: sim.uploadUrl,
		});
		goodCredential = good;
		t = Date.now();
		await importCredentials(ctx, [good, wrong]);
		check(`imported 2 segmindApi credentials (${Date.now() - t} ms)`, true);

		const workflows = [
			fanOutWorkflow({
				id: WF_ALL,
				name: 'Segmind Wan e2e: every model, wait + sync',
				credential: good,
				nodes: CASES.map(({ model, mode }) => ({ name: caseNodeName(model, mode), model, mode })),
			}),
			fanOutWorkflow({
				id: WF_BAD_PARAM,
				name: 'Segmind Wan e2e: duration 99',
				credential: good,
				nodes: [
					{ name: 'Too long', model: 'wan2.7-i2v', mode: 'wait', extra: { duration: '={{ 99 }}' } },
				],
			}),
			fanOutWorkflow({
				id: WF_BAD_KEY,
				name: 'Segmind Wan e2e: wrong key',
				credential: wrong,
				nodes: [{ name: 'Wrong key', model: 'wan-2.2-i2v-flash', mode: 'wait' }],
			}),
			await binaryInputWorkflow(good),
			fanOutWorkflow({
				id: WF_SUBMIT,
				name: 'Segmind Wan e2e: Submit',
				credential: good,
				nodes: [
					{ name: 'Submit', model: 'wan2.7-i2v', mode: 'wait', extra: { operation: 'submit' } },
				],
			}),
		];
		check(
			`workflows use node type ${NODE_TYPE} v1`,
			workflows.every((w) =>
				w.nodes
					.filter((n) => n.type.startsWith(PACKAGE_NAME))
					.every((n) => n.type === NODE_TYPE && n.typeVersion === 1),
			),
		);
		t = Date.now();
		await importWorkflows(ctx, workflows);
		check(`imported ${workflows.length} workflows (${Date.now() - t} ms)`, true);

		const expected = await readSampleMp4();
		for (const mode of BINARY_MODES) await runMode(ctx, sim, mode, expected);
	} finally {
		if (sim) await sim.stop();
		await ctx.dispose();
	}
	await R.portsFree(
		[ctx.ports.main, ctx.ports.broker, ...(sim?.ports ?? [])],
		'no process left (n8n, simulator), ports free',
	);
	if (segfaults)
		console.log(
			`note: n8n execute died with SIGSEGV ${segfaults} time(s) (an n8n CLI crash) and was run again`,
		);
}

await runSuite(N8N1 ? 'segmind e2e (n8n 1.x)' : 'segmind e2e', R, main);
