#!/usr/bin/env node
// The long-job pattern that fits any execution cap, in a real n8n 2.41.1 (regular mode, no
// licence): Submit writes each request ID to an n8n Data Table; a Schedule Trigger workflow runs
// Get Result for the pending rows every few seconds, hands a finished video on and marks its row
// done. n8n's EXECUTIONS_TIMEOUT is shorter than the job, yet no execution waits more than
// seconds: one paid submit, one video, the row done, no execution cancelled.
//
// Run:  flock /tmp/e2e.lock node test/e2e/dataTable.e2e.mjs
// Env:  SEGMIND_E2E_TARBALL=<tgz> | SEGMIND_E2E_SKIP_BUILD=1 (see scripts/e2e/segmind.mjs)
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureToolchain } from '../../scripts/e2e/toolchain.mjs';
import { createN8nContext } from '../../scripts/e2e/n8nContext.mjs';
import { installCommunityPackage } from '../../scripts/e2e/communityPackage.mjs';
import { setupOwner, startN8n } from '../../scripts/e2e/n8nServer.mjs';
import { runSuite } from '../../scripts/e2e/reporter.mjs';
import {
	NODE_TYPE,
	importCredentials,
	importWorkflows,
	ourTarball,
	randomApiKey,
	readSampleMp4,
	segmindCredential,
	startSimulator,
	webhookTrigger,
} from '../../scripts/e2e/segmind.mjs';
import { getExecution, restLogin } from '../../scripts/e2e/queueMode.mjs';
import { R, check, secs } from './suiteReport.mjs';
import {
	activate,
	checkVideo,
	executionsOf,
	lastRunItems,
	paidSubmits,
	postWebhook,
	simRequests,
	until,
} from './restart/n8nRest.mjs';

const TIMEOUT_S = 8;
const GENERATION_MS = 20_000;
const TABLE = 'segmind_jobs';
const EVERY_S = 5;

const node = (name, type, typeVersion, parameters, x, extra = {}) => ({
	id: randomUUID(),
	name,
	type,
	typeVersion,
	position: [x, 0],
	parameters,
	...extra,
});
const table = { __rl: true, mode: 'name', value: TABLE };
const column = (id) => ({
	id,
	displayName: id,
	required: false,
	defaultMatch: false,
	display: true,
	type: 'string',
	canBeUsedToMatch: true,
});
const to = (...names) => ({ main: [names.map((n) => ({ node: n, type: 'main', index: 0 }))] });

function workflows(credential) {
	const segmind = { credentials: { segmindApi: { id: credential.id, name: credential.name } } };
	const submit = node(
		'Submit',
		NODE_TYPE,
		2,
		{
			operation: 'submit',
			model: 'wan-2.2-i2v-flash',
			imageSource: 'url',
			image: 'https://example.com/cat.png',
			prompt: 'a cat jumps onto a sofa',
			options: {},
		},
		240,
		segmind,
	);
	const record = node(
		'Record job',
		'n8n-nodes-base.dataTable',
		1.1,
		{
			resource: 'row',
			operation: 'insert',
			dataTableId: table,
			columns: {
				mappingMode: 'defineBelow',
				value: { requestId: '={{ $json.requestId }}', state: 'pending' },
				schema: [column('requestId'), column('state')],
			},
			options: {},
		},
		480,
	);
	const webhook = webhookTrigger({ webhookPath: 'datatable-submit' });
	const schedule = node(
		'Every few seconds',
		'n8n-nodes-base.scheduleTrigger',
		1.2,
		{ rule: { interval: [{ field: 'seconds', secondsInterval: EVERY_S }] } },
		0,
	);
	const pending = node(
		'Pending jobs',
		'n8n-nodes-base.dataTable',
		1.1,
		{
			resource: 'row',
			operation: 'get',
			dataTableId: table,
			filters: { conditions: [{ keyName: 'state', condition: 'eq', keyValue: 'pending' }] },
			returnAll: true,
		},
		240,
	);
	const getResult = node(
		'Get Result',
		NODE_TYPE,
		2,
		{ operation: 'getResult', options: {} },
		480,
		segmind,
	);
	const done = node(
		'Done?',
		'n8n-nodes-base.if',
		2.2,
		{
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{
						id: randomUUID(),
						leftValue: '={{ $json.done }}',
						rightValue: true,
						operator: { type: 'boolean', operation: 'true', singleValue: true },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
		720,
	);
	const ready = node('Video ready', 'n8n-nodes-base.noOp', 1, {}, 960);
	const markDone = node(
		'Mark done',
		'n8n-nodes-base.dataTable',
		1.1,
		{
			resource: 'row',
			operation: 'update',
			dataTableId: table,
			filters: {
				conditions: [{ keyName: 'requestId', condition: 'eq', keyValue: '={{ $json.requestId }}' }],
			},
			columns: {
				mappingMode: 'defineBelow',
				value: { state: 'done' },
				schema: [column('requestId'), column('state')],
			},
			options: {},
		},
		960,
	);
	const base = { active: false, settings: { executionOrder: 'v1' }, pinData: {} };
	return {
		submit: {
			...base,
			id: 'dataTableSubmit1',
			name: 'Submit and record',
			nodes: [webhook, submit, record],
			connections: { [webhook.name]: to(submit.name), [submit.name]: to(record.name) },
		},
		collect: {
			...base,
			id: 'dataTableCollect',
			name: 'Collect finished jobs',
			nodes: [schedule, pending, getResult, done, ready, markDone],
			connections: {
				[schedule.name]: to(pending.name),
				[pending.name]: to(getResult.name),
				[getResult.name]: to(done.name),
				[done.name]: to(ready.name, markDone.name),
			},
		},
	};
}

async function main() {
	const toolchain = await ensureToolchain();
	const expected = await readSampleMp4();
	const packDir = await mkdtemp(path.join(os.tmpdir(), 'segmind-datatable-pack-'));
	const tarball = await ourTarball(packDir, { toolchain });
	const ctx = await createN8nContext({
		toolchain,
		binaryDataMode: 'filesystem',
		env: {
			EXECUTIONS_TIMEOUT: String(TIMEOUT_S),
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		},
	});
	const ports = [ctx.ports.main, ctx.ports.broker];
	let sim;
	let n8n;
	try {
		await installCommunityPackage(ctx, tarball);
		sim = await startSimulator({
			apiKey: randomApiKey(),
			args: ['--verbose', '--generation-ms', String(GENERATION_MS)],
		});
		ports.push(...sim.ports);
		const credential = segmindCredential({
			id: 'dataTableCred001',
			name: 'Simulator',
			apiKey: sim.apiKey,
			baseUrl: sim.apiUrl,
			uploadUrl: sim.uploadUrl,
			historyUrl: sim.historyUrl,
		});
		const wf = workflows(credential);
		await importCredentials(ctx, [credential]);
		await importWorkflows(ctx, Object.values(wf));
		let t = Date.now();
		n8n = await startN8n(ctx);
		await setupOwner(n8n.baseUrl);
		const session = await restLogin(n8n.baseUrl);
		const project = await session.get('/rest/projects/personal');
		const created = await session.post(`/rest/projects/${project.id}/data-tables`, {
			name: TABLE,
			columns: [
				{ name: 'requestId', type: 'string' },
				{ name: 'state', type: 'string' },
			],
		});
		check(
			`Data Table "${TABLE}" created without a licence (id ${created.id})`,
			!!created.id,
			created,
		);
		const active = [await activate(session, wf.submit.id), await activate(session, wf.collect.id)];
		check(
			`n8n up with EXECUTIONS_TIMEOUT=${TIMEOUT_S}, both workflows published (${secs(t)})`,
			active.every(Boolean),
			active,
		);

		t = Date.now();
		const started = await postWebhook(n8n.baseUrl, 'datatable-submit');
		if (started.status !== 200) throw new Error(`webhook: HTTP ${started.status} ${started.text}`);
		const rows = () => session.get(`/rest/projects/${project.id}/data-tables/${created.id}/rows`);
		const doneRow = await until(
			'the row marked done',
			async () => {
				const list = await rows();
				const data = list.data ?? list;
				return Array.isArray(data) && data.length === 1 && data[0].state === 'done'
					? data[0]
					: null;
			},
			GENERATION_MS + 60_000,
			1_000,
		);
		check(
			`the job ${doneRow.requestId} went pending → done in the Data Table (${secs(t)})`,
			typeof doneRow.requestId === 'string',
			doneRow,
		);
		const runs = await executionsOf(session, wf.collect.id);
		let delivered;
		for (const summary of runs.filter((e) => e.status === 'success')) {
			const run = await getExecution(ctx, session, summary.id);
			if (lastRunItems(run, 'Video ready').length > 0) delivered = run;
		}
		check(
			`an execution of "Collect finished jobs" handed the video on (execution ${delivered?.id})`,
			lastRunItems(delivered ?? {}, 'Video ready')[0]?.json?.requestId === doneRow.requestId,
			runs.map((e) => [e.id, e.status]),
		);
		if (delivered) await checkVideo('', session, delivered, 'Video ready', expected);
		const all = [...runs, ...(await executionsOf(session, wf.submit.id))];
		check(
			`no execution cancelled or failed (${all.length} executions, none waited on Segmind)`,
			all.every((e) => e.status === 'success'),
			all.map((e) => [e.id, e.status]),
		);
		check('one paid submit in all', paidSubmits(sim).length === 1, simRequests(sim));
	} finally {
		if (n8n) await n8n.stop().catch((e) => check('n8n stopped', false, e.message));
		if (sim) await sim.stop();
		await ctx.dispose();
		await rm(packDir, { recursive: true, force: true });
	}
	await R.portsFree(ports, 'no process left, ports free', { timeoutMs: 15_000 });
}

await runSuite('data table e2e', R, main);
