#!/usr/bin/env node
// `npm run demo`: the Segmind Wan node in a real n8n, from a fresh clone (after `npm ci`).
//
// 1. installs Node 24 + n8n 2.41.1 into ~/.cache/n8n-nodes-segmind-wan (scripts/e2e/install-n8n.sh;
//      cold: a few minutes, warm: a second)
// 2. builds this package, packs it and installs the tarball the way n8n installs a community
// package
// 3. starts the Segmind simulator (test/simulator/cli.js) on 127.0.0.1, or, when SEGMIND_API_KEY is
//      set, uses the real Segmind API (https://api.segmind.com; generations are billed to that key)
//   4. imports a "Segmind account" credential and every workflow in examples/ (they share that
// credential); examples/quick-start.json is Manual Trigger -> Segmind Wan (Wan 2.2 Flash, wait)
//   5. starts `n8n start` on 127.0.0.1 (port 5678 when free) with an owner account, prints the URL,
//      e-mail and password, and stays up until Ctrl-C, which stops n8n and the simulator by PID
//
// Usage:  npm run demo [-- --smoke] [-- --port N] [-- --no-build]
//   --smoke     (or DEMO_SMOKE=1) start everything, run the quick-start workflow once through n8n's
// REST API (as the editor's "Execute workflow" does), print the result, shut down, exit 0
//   --port N    (or DEMO_PORT=N) port for n8n (default 5678, or a free one when 5678 is taken)
//   --no-build  pack the existing dist/ (skip `npm run build`)
// Env:    SEGMIND_API_KEY  use real Segmind instead of the simulator
//         N8N_E2E_KEEP=1   keep the temporary n8n folder after exit
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureToolchain, REPO_ROOT } from './e2e/toolchain.mjs';
import { assertPortsFree, isPortFree, setSignalHandler, sleep, stopAll } from './e2e/processes.mjs';
import { createN8nContext } from './e2e/n8nContext.mjs';
import { installCommunityPackage } from './e2e/communityPackage.mjs';
import { setupOwner, startN8n } from './e2e/n8nServer.mjs';
import {
	buildAndPack,
	importCredentials,
	importWorkflows,
	readSampleMp4,
	randomApiKey,
	segmindCredential,
	startSimulator,
} from './e2e/segmind.mjs';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const QUICK_START_ID = 'segmindWanQuickStart'; // examples/quick-start.json
const SEGMIND_API_URL = 'https://api.segmind.com';
const SEGMIND_UPLOAD_URL = 'https://workflows-api.segmind.com';
const BROWSER_ID = `demo-${randomBytes(6).toString('hex')}`;

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
	const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
	if (i === -1) return undefined;
	return argv[i].includes('=') ? argv[i].split('=').slice(1).join('=') : argv[i + 1];
};
const SMOKE = flag('--smoke') || process.env.DEMO_SMOKE === '1';
const BUILD = !flag('--no-build') && process.env.SEGMIND_E2E_SKIP_BUILD !== '1';
const REQUESTED_PORT = Number(option('--port') ?? process.env.DEMO_PORT ?? 0) || null;
const REAL_KEY = (process.env.SEGMIND_API_KEY ?? '').trim();

const t0 = Date.now();
const secs = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (...args) => console.log('[demo]', ...args);

function randomPassword() {
	// n8n: 8-64 characters, at least one digit and one upper-case letter.
	return `Demo-${randomBytes(6).toString('hex')}-X9`;
}

async function choosePort(ctx) {
	if (REQUESTED_PORT) {
		if (!(await isPortFree(REQUESTED_PORT))) throw new Error(`port ${REQUESTED_PORT} is in use`);
		return REQUESTED_PORT;
	}
	return (await isPortFree(5678)) ? 5678 : ctx.ports.main;
}

// ------------------------------------------------------------------ REST (smoke)

/** A tiny client for n8n's internal REST API with the session cookie of a login. */
function restClient(baseUrl) {
	let cookie = '';
	async function call(method, url, body) {
		const res = await fetch(`${baseUrl}${url}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': BROWSER_ID,
				...(cookie ? { cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) cookie = auth.split(';')[0];
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 500)}`);
		return { res, json, text };
	}
	return {
		call,
		async login(email, password) {
			await call('POST', '/rest/login', { emailOrLdapLoginId: email, password });
		},
		async raw(url) {
			const res = await fetch(`${baseUrl}${url}`, {
				headers: { 'browser-id': BROWSER_ID, cookie },
			});
			if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
			return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
		},
	};
}

/**
 * Runs a saved workflow the way the editor's "Execute workflow" button does
 * (POST /rest/workflows/:id/run from its trigger) and waits for the execution.
 * @returns {Promise<{executionId:string, execution:any, runData:any}>}
 */
async function runWorkflowViaRest(client, toolchain, workflowId, { timeoutMs = 20 * 60_000 } = {}) {
	const { json: wf } = await client.call('GET', `/rest/workflows/${workflowId}`);
	const workflowData = wf.data;
	const trigger = workflowData.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	const { json: started } = await client.call('POST', `/rest/workflows/${workflowId}/run`, {
		workflowData,
		triggerToStartFrom: { name: trigger.name },
	});
	const executionId = started?.data?.executionId;
	if (!executionId)
		throw new Error(`run did not return an executionId: ${JSON.stringify(started)}`);
	const deadline = Date.now() + timeoutMs;
	const flatted = createRequire(path.join(toolchain.n8nDir, 'package.json'))('flatted');
	for (;;) {
		const { json } = await client.call('GET', `/rest/executions/${executionId}`);
		const execution = json?.data;
		if (
			execution?.finished ||
			['success', 'error', 'crashed', 'canceled'].includes(execution?.status)
		) {
			const data =
				typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
			return { executionId, execution, data, runData: data?.resultData?.runData ?? {} };
		}
		if (Date.now() > deadline)
			throw new Error(`execution ${executionId} not finished after ${timeoutMs} ms`);
		await sleep(1_000);
	}
}

async function smokeRun({ client, toolchain, workflow, simulated }) {
	const t = Date.now();
	say(`smoke: running "${workflow.name}" through POST /rest/workflows/${workflow.id}/run …`);
	const { executionId, execution, data, runData } = await runWorkflowViaRest(
		client,
		toolchain,
		workflow.id,
	);
	const segmindNode = workflow.nodes.find((n) => n.type.endsWith('.segmindWan'));
	const item = runData[segmindNode.name]?.[0]?.data?.main?.[0]?.[0];
	const error = data?.resultData?.error;
	const binary = item?.binary?.data;
	say(`smoke: execution ${executionId} ${execution.status} in ${secs(t)}`);
	if (error)
		say(`smoke: error: ${error.message}${error.description ? ` — ${error.description}` : ''}`);
	const problems = [];
	if (execution.status !== 'success') problems.push(`status ${execution.status}`);
	if (!item) problems.push('no output item');
	if (item?.json?.status !== 'COMPLETED') problems.push(`json.status ${item?.json?.status}`);
	if (binary?.mimeType !== 'video/mp4') problems.push(`binary mimeType ${binary?.mimeType}`);
	if (item) {
		const {
			model,
			requestId,
			status,
			executionMode,
			fileName,
			fileSizeBytes,
			cost,
			elapsedSeconds,
		} = item.json;
		say(
			'smoke: result',
			JSON.stringify({
				model,
				requestId,
				status,
				executionMode,
				fileName,
				fileSizeBytes,
				cost,
				elapsedSeconds,
			}),
		);
	}
	if (binary?.id) {
		// The same URL the editor's "Download" button uses.
		const q = new URLSearchParams({
			id: binary.id,
			action: 'download',
			fileName: binary.fileName ?? 'video.mp4',
			mimeType: binary.mimeType ?? '',
		});
		const file = await client.raw(`/rest/binary-data?${q}`);
		say(`smoke: downloaded the video through n8n: ${file.bytes.length} bytes, ${file.type}`);
		if (file.bytes.length === 0) problems.push('empty video');
		if (simulated && Buffer.compare(file.bytes, await readSampleMp4()) !== 0)
			problems.push('video bytes differ from test/fixtures/sample.mp4');
		if (file.bytes.subarray(4, 8).toString('latin1') !== 'ftyp')
			problems.push('not an MP4 (no ftyp box)');
	} else if (binary) {
		problems.push('binary has no id');
	}
	return problems;
}

// ------------------------------------------------------------------ main

let stopping = null;
let ctx;
let sim;
let server;

/** Stops n8n and the simulator (each by its PID) and removes the temporary n8n folder. */
async function shutdown(reason) {
	if (stopping) return stopping;
	stopping = (async () => {
		say(`${reason}: stopping n8n and the simulator …`);
		if (server) await server.stop().catch((e) => say(`n8n stop: ${e.message}`));
		if (sim) await sim.stop().catch((e) => say(`simulator stop: ${e.message}`));
		if (ctx) await ctx.dispose().catch(() => {});
		await stopAll();
		const ports = [ctx?.ports.main, ctx?.ports.broker, ...(sim?.ports ?? [])].filter(Boolean);
		await assertPortsFree(ports).catch((e) => say(e.message));
		say('stopped.');
	})();
	return stopping;
}

async function main() {
	let interrupted = false;
	setSignalHandler((sig) => {
		interrupted = true;
		say(`${sig} received (press Ctrl-C again to kill at once)`);
		shutdown(sig).then(() => process.exit(0));
	});

	say(
		`${SMOKE ? 'smoke run' : 'demo'}: ${REAL_KEY ? 'real Segmind (SEGMIND_API_KEY is set)' : 'Segmind simulator on 127.0.0.1'}`,
	);
	let t = Date.now();
	const toolchain = await ensureToolchain();
	say(`n8n toolchain ready (${secs(t)}): ${toolchain.n8nBin}`);

	ctx = await createN8nContext({ toolchain });
	ctx.ports.main = await choosePort(ctx);

	t = Date.now();
	const tarball = await buildAndPack(path.join(ctx.root, 'pack'), { toolchain, build: BUILD });
	const installed = await installCommunityPackage(ctx, tarball);
	say(
		`${BUILD ? 'built, ' : ''}packed and installed ${installed.name}@${installed.version} (${secs(t)})`,
	);

	let credentialData;
	if (REAL_KEY) {
		credentialData = { apiKey: REAL_KEY, baseUrl: SEGMIND_API_URL, uploadUrl: SEGMIND_UPLOAD_URL };
	} else {
		t = Date.now();
		sim = await startSimulator({ apiKey: randomApiKey() });
		say(
			`Segmind simulator up (pid ${sim.pid}, ${secs(t)}): api ${sim.apiUrl}, upload ${sim.uploadUrl}`,
		);
		credentialData = { apiKey: sim.apiKey, baseUrl: sim.apiUrl, uploadUrl: sim.uploadUrl };
	}

	const examples = await Promise.all(
		(await readdir(EXAMPLES_DIR))
			.filter((file) => file.endsWith('.json'))
			.sort()
			.map(async (file) => JSON.parse(await readFile(path.join(EXAMPLES_DIR, file), 'utf8'))),
	);
	const workflow = examples.find((example) => example.id === QUICK_START_ID);
	if (!workflow)
		throw new Error(`no example workflow with id ${QUICK_START_ID} in ${EXAMPLES_DIR}`);
	const ref = workflow.nodes.find((n) => n.credentials?.segmindApi)?.credentials.segmindApi;
	t = Date.now();
	await importCredentials(ctx, [
		segmindCredential({ id: ref.id, name: ref.name, ...credentialData }),
	]);
	await importWorkflows(ctx, examples);
	say(
		`imported credential "${ref.name}" and ${examples.length} example workflows (${secs(t)}): ${examples.map((e) => `"${e.name}"`).join(', ')}`,
	);

	t = Date.now();
	server = await startN8n(ctx);
	const owner = {
		email: 'demo@example.com',
		firstName: 'Demo',
		lastName: 'Owner',
		password: randomPassword(),
	};
	await setupOwner(server.baseUrl, owner);
	say(`n8n started (pid ${server.pid}, ${secs(t)}; ${secs(t0)} in all)`);

	const banner = [
		'',
		'  n8n is running with the Segmind Wan node',
		`    URL       ${server.baseUrl}/`,
		`    workflow  ${server.baseUrl}/workflow/${workflow.id}`,
		`    email     ${owner.email}`,
		`    password  ${owner.password}`,
		`    Segmind   ${REAL_KEY ? `${SEGMIND_API_URL} (real, billed)` : `simulator ${sim.apiUrl}`}`,
		'',
	];
	console.log(banner.join('\n'));

	if (SMOKE) {
		let problems;
		try {
			const client = restClient(server.baseUrl);
			await client.login(owner.email, owner.password);
			problems = await smokeRun({ client, toolchain, workflow, simulated: !REAL_KEY });
		} catch (error) {
			problems = [error.stack ?? String(error)];
		}
		await shutdown('smoke run done');
		if (problems.length) {
			say(`SMOKE FAILED: ${problems.join('; ')}`);
			return 1;
		}
		say(`SMOKE OK: the quick-start workflow produced an MP4 in real n8n (${secs(t0)} in all)`);
		return 0;
	}

	console.log('  Open the URL, sign in, open the workflow and click "Execute workflow".');
	console.log('  Press Ctrl-C to stop n8n and the simulator.\n');
	// Stay up until a signal (handled above) or until n8n exits on its own.
	const exited = await new Promise((resolve) => {
		const timer = setInterval(async () => {
			if (interrupted) return;
			try {
				const r = await fetch(`${server.baseUrl}/healthz`);
				if (r.ok) return;
			} catch {
				// not answering: fall through
			}
			if (interrupted) return;
			clearInterval(timer);
			resolve('n8n stopped answering');
		}, 5_000);
	});
	if (!interrupted) {
		await shutdown(exited);
		return 1;
	}
	await new Promise(() => {}); // the signal handler exits
}

let code = 1;
try {
	code = await main();
} catch (error) {
	console.error('[demo] failed:', error.stack ?? String(error));
	await shutdown('error');
	code = 1;
}
process.exit(code);
