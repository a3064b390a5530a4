// Helpers shared by the Segmind Wan e2e tests (test/e2e/*.e2e.mjs) and the demo
// (scripts/demo.mjs): build + pack this package, run the Segmind simulator as a
// child process, and build credentials / workflows for our node.
// Plain ESM, no dependencies beyond the e2e helpers here.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { REPO_ROOT } from './toolchain.mjs';
import { sleep, spawnTracked, stopProcess } from './processes.mjs';
import { packPackage } from './communityPackage.mjs';
import { runN8n } from './n8nCli.mjs';

const execFileAsync = promisify(execFile);

export const PACKAGE_NAME = 'n8n-nodes-segmind-wan';
export const NODE_TYPE = `${PACKAGE_NAME}.segmindWan`;
export const CREDENTIAL_TYPE = 'segmindApi';
export const SAMPLE_MP4 = path.join(REPO_ROOT, 'test', 'fixtures', 'sample.mp4');
export const SIMULATOR_CLI = path.join(REPO_ROOT, 'test', 'simulator', 'cli.js');
export const EXAMPLE_IMAGE_URL = 'https://example.com/cat.png';
export const EXAMPLE_PROMPT =
	'A cat slowly turns its head toward the camera and blinks, soft daylight';

/** Every model the node declares, in the node's order. */
export const MODEL_SLUGS = Object.freeze([
	'wan2.7-i2v',
	'wan-2.6-i2v',
	'wan2.7-r2v',
	'wan-2.2-i2v-flash',
	'wan2.1-i2v-720p',
	'wan2.7-t2v',
	'wan-2.2-t2v-fast',
	'wan3.0-video',
	'wan-animate',
]);
/**
 * Inputs the newer models need in every node version (declared without a default, see
 * nodes/SegmindWan/models/): a prompt, and Wan Animate's input video.
 */
export const EXAMPLE_VIDEO_URL = 'https://example.com/dance.mp4';
export const EXTRA_INPUTS = Object.freeze({
	'wan3.0-video': { prompt: EXAMPLE_PROMPT },
	'wan-animate': { inputVideo: EXAMPLE_VIDEO_URL, prompt: EXAMPLE_PROMPT },
});
/** Models without a default image / prompt on their page: the workflow must give both. */
export const NEEDS_IMAGE_AND_PROMPT = Object.freeze([
	'wan-2.6-i2v',
	'wan-2.2-i2v-flash',
	'wan2.1-i2v-720p',
]);
export const EXECUTION_MODES = Object.freeze(['wait', 'sync']);

export const randomApiKey = (prefix = 'sim') => `${prefix}-${randomBytes(12).toString('hex')}`;

const log = (...args) => {
	if (process.env.N8N_E2E_QUIET !== '1') console.error('[segmind-e2e]', ...args);
};

// ------------------------------------------------------------------ build + pack

/** `npm run build` in the repo (tsc + gulp into dist/). */
export async function buildPackage() {
	const t0 = Date.now();
	await execFileAsync('npm', ['run', 'build'], {
		cwd: REPO_ROOT,
		maxBuffer: 64 * 1024 * 1024,
		timeout: 10 * 60 * 1000,
	});
	log(`npm run build (${Date.now() - t0} ms)`);
}

/**
 * The tarball to install. SEGMIND_E2E_TARBALL (set by scripts/e2e/run-e2e.mjs,
 * which builds and packs once for all e2e files) wins; otherwise build (unless
 * SEGMIND_E2E_SKIP_BUILD=1) and `npm pack` into destDir.
 * The tarball is checked to hold the built node, credential and icons, since
 * other `npm run build`s on the same checkout empty dist/ while they run.
 */
export async function ourTarball(destDir, { toolchain } = {}) {
	const given = process.env.SEGMIND_E2E_TARBALL;
	if (given) {
		if (!existsSync(given)) throw new Error(`SEGMIND_E2E_TARBALL=${given} does not exist`);
		return given;
	}
	if (process.env.SEGMIND_E2E_SKIP_BUILD !== '1') await buildPackage();
	const tarball = await packPackage(REPO_ROOT, destDir, { toolchain });
	await assertTarballComplete(tarball);
	return tarball;
}

export const REQUIRED_TARBALL_FILES = Object.freeze([
	'package/package.json',
	'package/dist/nodes/SegmindWan/SegmindWan.node.js',
	'package/dist/nodes/SegmindWan/description/nodeProperties.js',
	'package/dist/credentials/SegmindApi.credentials.js',
	'package/dist/icons/segmind.svg',
	'package/dist/icons/segmind.dark.svg',
]);

export async function assertTarballComplete(tarball) {
	const { stdout } = await execFileAsync('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
	const files = new Set(stdout.split('\n').filter(Boolean));
	const missing = REQUIRED_TARBALL_FILES.filter((f) => !files.has(f));
	if (missing.length) {
		throw new Error(
			`${path.basename(tarball)} lacks ${missing.join(', ')} (was dist/ rebuilt while packing? run again)`,
		);
	}
	return [...files];
}

/** Builds (unless skipped), packs into destDir, checks the tarball. */
export async function buildAndPack(destDir, { toolchain, build = true } = {}) {
	if (build) await buildPackage();
	await mkdir(destDir, { recursive: true });
	const tarball = await packPackage(REPO_ROOT, destDir, { toolchain });
	await assertTarballComplete(tarball);
	return tarball;
}

// ------------------------------------------------------------------ simulator

/**
 * Starts `node test/simulator/cli.js --api-key KEY …` as a child process (own
 * process group, tracked by processes.mjs so an aborted run never leaves it behind)
 * and waits for its one JSON line {"apiUrl","uploadUrl","filesUrl","historyUrl","pid"}.
 * @returns
 * {Promise<{apiUrl:string,uploadUrl:string,filesUrl:string,historyUrl:string,pid:number,apiKey:string,ports:number[],output:()=>{stdout:string,stderr:string},stop:()=>Promise<void>}>}
 */
export async function startSimulator({
	apiKey = randomApiKey(),
	args = [],
	node = process.execPath,
	timeoutMs = 30_000,
} = {}) {
	const proc = spawnTracked(node, [SIMULATOR_CLI, '--api-key', apiKey, ...args], {
		env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' },
		cwd: REPO_ROOT,
		label: 'segmind simulator',
	});
	let exited = null;
	proc.done.then((r) => (exited = r));
	const deadline = Date.now() + timeoutMs;
	let info = null;
	while (!info) {
		const line = proc.output().stdout.split('\n')[0];
		if (proc.output().stdout.includes('\n')) {
			info = JSON.parse(line);
			break;
		}
		if (exited) {
			throw new Error(`simulator exited early (${exited.exitCode})\n${exited.stderr}`);
		}
		if (Date.now() > deadline) {
			await stopProcess(proc.pid, { graceMs: 2_000 });
			throw new Error(`simulator printed nothing within ${timeoutMs} ms\n${proc.output().stderr}`);
		}
		await sleep(50);
	}
	const hosts = ['apiUrl', 'uploadUrl', 'filesUrl', 'historyUrl'];
	for (const key of hosts) {
		const u = new URL(info[key]);
		if (u.hostname !== '127.0.0.1')
			throw new Error(`simulator ${key} is not on 127.0.0.1: ${info[key]}`);
	}
	const ports = hosts.map((k) => Number(new URL(info[k]).port));
	return {
		...info,
		pid: proc.pid,
		apiKey,
		ports,
		output: proc.output,
		done: proc.done,
		async stop() {
			await stopProcess(proc.pid, { graceMs: 5_000 });
		},
	};
}

// ------------------------------------------------------------------ credentials + workflows

/** A segmindApi credential for `n8n import:credentials` (data in clear text). */
export function segmindCredential({ id, name, apiKey, baseUrl, uploadUrl, historyUrl }) {
	const data = { apiKey };
	if (baseUrl) data.baseUrl = baseUrl;
	if (uploadUrl) data.uploadUrl = uploadUrl;
	if (historyUrl) data.historyUrl = historyUrl;
	return { id, name, type: CREDENTIAL_TYPE, data };
}

/**
 * Parameters that make a model run: the three models without page defaults get image + prompt;
 * from node version 2 (prompts start empty) every model gets a prompt.
 */
export function modelParameters(
	model,
	{
		mode = 'wait',
		image = EXAMPLE_IMAGE_URL,
		prompt = EXAMPLE_PROMPT,
		extra = {},
		typeVersion = 1,
	} = {},
) {
	const parameters = { operation: 'generate', model, executionMode: mode };
	if (NEEDS_IMAGE_AND_PROMPT.includes(model)) {
		parameters.imageSource = 'url';
		parameters.image = image;
	}
	if (NEEDS_IMAGE_AND_PROMPT.includes(model) || typeVersion >= 2) parameters.prompt = prompt;
	return { ...parameters, ...EXTRA_INPUTS[model], ...extra };
}

const nodeId = () => randomUUID();

/** One Segmind Wan node. */
export function segmindNode({
	name,
	model,
	mode = 'wait',
	position = [240, 0],
	credential,
	extra,
	image,
	prompt,
	typeVersion = 1,
}) {
	return {
		id: nodeId(),
		name,
		type: NODE_TYPE,
		typeVersion,
		position,
		parameters: modelParameters(model, { mode, extra, image, prompt, typeVersion }),
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
	};
}

export function manualTrigger(name = 'Manual Trigger') {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/**
 * A Webhook trigger (POST). With responseMode 'lastNode' it answers with the last node's
 * `responseData`: firstEntryJson, or firstEntryBinary (the binary "data", e.g. the MP4).
 */
export function webhookTrigger({
	name = 'Webhook',
	webhookPath,
	responseMode = 'onReceived',
	responseData = 'firstEntryJson',
}) {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData } : {}),
			...(responseData === 'firstEntryBinary' ? { responseBinaryPropertyName: 'data' } : {}),
			options: {},
		},
	};
}

/**
 * Manual Trigger with each given Segmind node as its own branch (all fed by the
 * trigger's one item). n8n's v1 order runs the branches one after the other.
 */
export function fanOutWorkflow({ id, name, credential, nodes }) {
	const trigger = manualTrigger();
	const segmindNodes = nodes.map((n, i) =>
		segmindNode({ ...n, credential, position: [300, i * 160] }),
	);
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [trigger, ...segmindNodes],
		connections: {
			[trigger.name]: {
				main: [segmindNodes.map((n) => ({ node: n.name, type: 'main', index: 0 }))],
			},
		},
		pinData: {},
	};
}

/** The node name used for a model/mode pair in the all-models workflow. */
export const caseNodeName = (model, mode) => `${model} ${mode}`;

// ------------------------------------------------------------------ CLI import (batch)

/** Imports several credentials with one `n8n import:credentials` (one n8n startup). */
export async function importCredentials(ctx, credentials) {
	const file = path.join(ctx.tmpDir, `credentials-${Date.now()}.json`);
	await writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	try {
		const res = await runN8n(ctx, ['import:credentials', `--input=${file}`]);
		const all = `${res.stdout}\n${res.stderr}`;
		if (
			res.exitCode !== 0 ||
			!all.includes(`Successfully imported ${credentials.length} credential`)
		) {
			throw new Error(`n8n import:credentials failed (exit ${res.exitCode})\n${all.slice(-4000)}`);
		}
		return res;
	} finally {
		await rm(file, { force: true });
	}
}

/** Imports several workflows with one `n8n import:workflow --separate`. */
export async function importWorkflows(ctx, workflows) {
	const dir = path.join(ctx.tmpDir, `workflows-${Date.now()}`);
	await mkdir(dir, { recursive: true });
	for (const wf of workflows)
		await writeFile(path.join(dir, `${wf.id}.json`), JSON.stringify(wf, null, 2));
	try {
		const res = await runN8n(ctx, ['import:workflow', '--separate', `--input=${dir}`]);
		const all = `${res.stdout}\n${res.stderr}`;
		if (res.exitCode !== 0 || !all.includes(`Successfully imported ${workflows.length} workflow`)) {
			throw new Error(`n8n import:workflow failed (exit ${res.exitCode})\n${all.slice(-4000)}`);
		}
		return res;
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

export async function readSampleMp4() {
	return await readFile(SAMPLE_MP4);
}

// ------------------------------------------------------------------ node description

/** The node's properties as built into dist/ (needs `npm run build` first). */
export function loadNodeProperties() {
	const require = createRequire(import.meta.url);
	const file = path.join(
		REPO_ROOT,
		'dist',
		'nodes',
		'SegmindWan',
		'description',
		'nodeProperties.js',
	);
	return require(file).nodeProperties;
}

function isDisplayed(property, values) {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	const plain = (list, key) => {
		if (list.some((v) => v !== null && typeof v === 'object'))
			throw new Error(
				`displayOptions condition objects are not supported (${property.name}.${key})`,
			);
		return list;
	};
	for (const [key, allowed] of Object.entries(show)) {
		if (!plain(allowed, key).includes(values[key])) return false;
	}
	for (const [key, denied] of Object.entries(hide)) {
		if (plain(denied, key).includes(values[key])) return false;
	}
	return true;
}

/**
 * The top-level properties n8n shows for the given parameter values (everything
 * else at its default), in description order, each name once: [{name, label}].
 * Mirrors n8n's displayOptions rules (show: every key matches; hide: any key matches);
 * `@version` is the node's type version, given in `overrides`.
 */
export function expectedVisibleParameters(properties, overrides) {
	let values = { ...overrides };
	for (let round = 0; round < 10; round++) {
		const next = { ...overrides };
		for (const p of properties) {
			if (!(p.name in next) && isDisplayed(p, values)) next[p.name] = p.default;
		}
		const stable = JSON.stringify(next) === JSON.stringify(values);
		values = next;
		if (stable) break;
	}
	const seen = new Map();
	for (const p of properties) {
		if (isDisplayed(p, values) && !seen.has(p.name))
			seen.set(p.name, { name: p.name, label: p.displayName });
	}
	return [...seen.values()];
}

/** The first property named `name` shown for these parameter values (e.g. a model's `resolution`). */
export function shownProperty(properties, overrides, name) {
	const visible = expectedVisibleParameters(properties, overrides).map((p) => p.name);
	if (!visible.includes(name)) return undefined;
	return properties.find((p) => p.name === name && isDisplayed(p, { ...overrides }));
}

/** [{value, name}] of the node's Model selector. */
export function modelOptions(properties) {
	const model = properties.find((p) => p.name === 'model');
	return model.options.map((o) => ({ value: o.value, name: o.name }));
}
