#!/usr/bin/env node
// The MP4 reaches n8n's own upload nodes, in a real n8n 2.41.1 (and 1.123.81): Segmind Wan's item feeds the
// unmodified YouTube (Upload a video), Google Drive (Upload file), AWS S3 V2 (Upload, custom
// endpoint), Telegram (Send Video, credential Base URL) and HTTP Request (multipart/form-data and
// a raw binary body) nodes, each against a local fake on 127.0.0.1 that records what it got. Each
// must receive the bytes the Segmind simulator served (a 2.5 MB MP4, so the resumable uploads
// take several chunks), with its file name and video/mp4 where the service takes them, with
// N8N_DEFAULT_BINARY_DATA_MODE filesystem and database (one n8n each, all chains in it).
// Google's fixed hosts are reached without the internet: chains/offlineHosts.cjs, preloaded into
// that n8n only, connects them to the fake, whose certificate comes from a CA made for the run.
// Any other host is refused and fails the suite. A workflow of deliberately broken items (MIME
// type changed, file name dropped, wrong binary property) shows the same check rejects them.
// The example workflows no other suite runs whole run here too (chains/examples.mjs).
//
// Run:  flock /tmp/e2e.lock node test/e2e/chains.e2e.mjs
// Env:  SEGMIND_E2E_TARBALL=<tgz> | SEGMIND_E2E_SKIP_BUILD=1 (see scripts/e2e/segmind.mjs)
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { sleep } from '../../scripts/e2e/processes.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { restLogin } from '../../scripts/e2e/queueMode.mjs';
import { runSuite } from '../../scripts/e2e/reporter.mjs';
import {
	SAMPLE_MP4,
	importCredentials,
	importWorkflows,
	ourTarball,
	segmindCredential,
	startSimulator,
} from '../../scripts/e2e/segmind.mjs';
import { R, check, logOf, secs } from './suiteReport.mjs';
import { GOOGLE_HOSTS, startFakes } from './chains/fakeServices.mjs';
import { makeCertificates } from './chains/tlsCa.mjs';
import { runManually, sha256, uploadProblems } from './chains/run.mjs';
import {
	VIDEO_PROPERTY,
	brokenWorkflow,
	chainsWorkflow,
	downstreamCredentials,
} from './chains/workflows.mjs';
import { exampleFixtures, examplesToRun, runExamples } from './chains/examples.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD = path.join(here, 'chains', 'offlineHosts.cjs');
/**
 * One n8n per run: 2.41.1 in both binary modes, the broken items and the examples with
 * filesystem; n8n 1.123.81 (Node 22) the chains alone, with filesystem (the cheapest 1.x check
 * that fits the suite's time budget).
 */
const RUNS = [
	{ n8n1: false, mode: 'filesystem', extras: true },
	{ n8n1: false, mode: 'database', extras: false },
	{ n8n1: true, mode: 'filesystem', extras: false },
];

/** What each upload node's service takes besides the bytes (YouTube's API takes no file name). */
const UPLOADS = [
	['YouTube', 'youtube', { fileName: false }],
	['Google Drive', 'drive', {}],
	['AWS S3', 's3', {}],
	['Telegram', 'telegram', {}],
	['HTTP Request (multipart/form-data)', 'multipart', {}],
	['HTTP Request (raw binary body)', 'raw', { fileName: false }],
];

/** The sample MP4 with a 2.5 MB `free` box after it: still a valid MP4, and big enough to chunk. */
async function bigMp4(dir) {
	const padding = randomBytes(2.5 * 1024 * 1024);
	const header = Buffer.alloc(8);
	header.writeUInt32BE(padding.length + 8, 0);
	header.write('free', 4, 'latin1');
	const bytes = Buffer.concat([await readFile(SAMPLE_MP4), header, padding]);
	const file = path.join(dir, 'chains-big.mp4');
	await writeFile(file, bytes);
	return { file, bytes };
}

async function checkChains(tag, ctx, session, fakes, video) {
	const t = Date.now();
	const execution = await runManually(ctx, session, 'chainsAllUploads');
	const runData = execution.data?.resultData?.runData ?? {};
	const made = runData['Segmind Wan']?.[0]?.data?.main?.[0]?.[0]?.binary?.[VIDEO_PROPERTY];
	check(
		`${tag} chain workflow ran: Segmind Wan → ${UPLOADS.length} upload nodes (${execution.status}, ${secs(t)})`,
		execution.status === 'success' && /\.mp4$/.test(made?.fileName ?? ''),
		{
			status: execution.status,
			error: execution.data?.resultData?.error?.message,
			node: execution.data?.resultData?.lastNodeExecuted,
			unexpected: fakes.unexpected,
			made,
		},
	);
	const expected = { bytes: video.bytes, fileName: made?.fileName };
	for (const [nodeName, service, what] of UPLOADS) {
		const got = fakes.uploads.filter((u) => u.service === service);
		const problems =
			got.length === 1 ? uploadProblems(got[0], expected, what) : [`${got.length} uploads`];
		const nodeError = runData[nodeName]?.[0]?.data?.main?.[0]?.[0]?.json?.error;
		if (nodeError || !runData[nodeName])
			problems.push(`the node: ${JSON.stringify(nodeError ?? 'did not run')}`);
		const said = [
			`${video.bytes.length} bytes sha256 ${sha256(video.bytes)}`,
			what.fileName === false ? null : `"${expected.fileName}"`,
			'video/mp4',
		].filter(Boolean);
		check(
			`${tag} ${nodeName} delivered the MP4 Segmind served (${said.join(', ')})${got[0]?.meta?.parts ? `, ${got[0].meta.parts} part(s)` : ''}`,
			problems.length === 0,
			problems,
		);
	}
	return expected;
}

async function checkBroken(tag, ctx, session, fakes, chainExpected) {
	let expected = chainExpected;
	fakes.uploads.length = 0;
	const execution = await runManually(ctx, session, 'chainsBrokenItem');
	// This run's job has its own request ID, so its own file name.
	const made = execution.data?.resultData?.runData?.['Segmind Wan']?.[0]?.data?.main?.[0]?.[0];
	expected = { ...expected, fileName: made?.binary?.[VIDEO_PROPERTY]?.fileName };
	const upload = (t) => fakes.uploads.find((u) => u.service === 'multipart' && u.tag === t);
	const mime = uploadProblems(upload('broken-mime'), expected);
	const name = uploadProblems(upload('broken-name'), expected);
	const property = uploadProblems(upload('broken-property'), expected);
	check(
		`${tag} the check rejects a broken item: MIME type changed → ${mime.join('; ')}`,
		mime.length === 1 && mime[0].startsWith('MIME type'),
		mime,
	);
	check(
		`${tag} the check rejects a broken item: file name dropped → ${name.join('; ')}`,
		name.length === 1 && name[0].startsWith('file name'),
		name,
	);
	const failed = execution.data?.resultData?.runData?.['Upload (wrong binary property)']?.[0];
	check(
		`${tag} the check rejects a broken item: wrong binary property → ${property.join('; ')} (the node: ${JSON.stringify(failed?.data?.main?.[0]?.[0]?.json?.error ?? '')})`,
		property[0] === 'nothing was received',
		property,
	);
}

/**
 * n8n 1.123.81 answers /healthz/readiness before its REST routes are mounted (a POST to
 * /rest/owner/setup was 404 "Cannot POST" right after): try again for a bounded time.
 */
async function ownerWhenRoutesUp(baseUrl) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		try {
			return await setupOwner(baseUrl);
		} catch (error) {
			if (!/HTTP 404/.test(error.message) || Date.now() > deadline) throw error;
			await sleep(500);
		}
	}
}

async function runMode({ mode, extras }, { toolchain, tarball, certs, fakes, video, fixtures }) {
	const tag = `[${toolchain.n8nVersion} ${mode}]`;
	fakes.reset();
	const ctx = await createN8nContext({
		toolchain,
		binaryDataMode: mode,
		env: {
			NODE_OPTIONS: `--require ${PRELOAD}`,
			NODE_EXTRA_CA_CERTS: certs.caFile,
			CHAINS_FAKE_HOSTS: GOOGLE_HOSTS.join(','),
			CHAINS_FAKE_TLS_PORT: String(fakes.tlsPort),
		},
	});
	const ports = [ctx.ports.main, ctx.ports.broker];
	let n8n;
	try {
		const t = Date.now();
		await installCommunityPackage(ctx, tarball);
		const chainsSim = await startSimulator({ args: ['--video', video.file] });
		const examplesSim = await startSimulator({});
		ports.push(...chainsSim.ports, ...examplesSim.ports);
		const segmind = (sim, id) =>
			segmindCredential({
				id,
				name: id,
				apiKey: sim.apiKey,
				baseUrl: sim.apiUrl,
				uploadUrl: sim.uploadUrl,
				historyUrl: sim.historyUrl,
			});
		const chainsCredential = segmind(chainsSim, 'chainsSegmind001');
		const examplesCredential = segmind(examplesSim, 'chainsSegmind002');
		const credentials = downstreamCredentials(fakes);
		const context = { segmindCredential: chainsCredential, credentials, fakes };
		const examples = extras ? await examplesToRun(ctx, examplesCredential, credentials) : [];
		await importCredentials(ctx, [
			chainsCredential,
			examplesCredential,
			...Object.values(credentials),
		]);
		await importWorkflows(ctx, [
			chainsWorkflow(context),
			...(extras ? [brokenWorkflow(context)] : []),
			...examples,
		]);
		n8n = await startN8n(ctx);
		await ownerWhenRoutesUp(n8n.baseUrl);
		const session = await restLogin(n8n.baseUrl);
		check(`${tag} n8n up with the chain workflows imported (${secs(t)})`, true);

		const expected = await checkChains(tag, ctx, session, fakes, video);
		if (extras) {
			await checkBroken(tag, ctx, session, fakes, expected);
			await runExamples(tag, { ctx, session, n8n, fakes, fixtures, examples });
		}
		const log = logOf(n8n);
		const refused = log.match(/CHAINS-OFFLINE refused \S+/g) ?? [];
		check(
			`${tag} nothing left 127.0.0.1: the host hook ran in n8n, no other host was asked for`,
			log.includes(`CHAINS-OFFLINE active in pid ${n8n.pid}`) && refused.length === 0,
			refused,
		);
		check(
			`${tag} the fakes were asked nothing they do not serve`,
			fakes.unexpected.length === 0,
			fakes.unexpected,
		);
	} finally {
		if (n8n) await n8n.stop().catch((e) => check(`${tag} n8n stopped`, false, e.message));
		await ctx.dispose(); // stops the simulators too (every process this run started)
	}
	return ports;
}

async function main() {
	const installed = await ensureToolchain({ n8n1: true });
	const toolchain = installed;
	const dir = await mkdtemp(path.join(os.tmpdir(), 'segmind-chains-'));
	let fakes;
	const ports = [];
	try {
		const tarball = await ourTarball(dir, { toolchain });
		const certs = await makeCertificates(dir, GOOGLE_HOSTS);
		const fixtures = await exampleFixtures();
		fakes = await startFakes({ ...certs, driveFiles: fixtures.driveFiles });
		ports.push(...fakes.ports);
		const video = await bigMp4(dir);
		for (const run of RUNS) {
			const shared = { tarball, certs, fakes, video, fixtures };
			const tc = run.n8n1 ? installed.n8n1 : installed;
			ports.push(...(await runMode(run, { ...shared, toolchain: tc })));
		}
	} finally {
		if (fakes) await fakes.stop();
		await rm(dir, { recursive: true, force: true });
	}
	await R.portsFree(ports, 'no process left, ports free', { timeoutMs: 15_000 });
}

await runSuite('chains e2e', R, main);
