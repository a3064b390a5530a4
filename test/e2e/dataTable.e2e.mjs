#!/usr/bin/env node
// The long-job pattern that fits any execution cap, in a real n8n 2.41.1 (regular mode, no
// licence): Submit writes each request ID to an n8n Data Table; a Schedule Trigger workflow runs
// Get Result for the pending rows every few seconds, hands a finished video on and marks its row
// done (a failed job's row failed). The two workflows are examples/data-table-*.json as shipped,
// with the trigger, credential and schedule swapped. n8n's EXECUTIONS_TIMEOUT is shorter than
// the job, yet no execution waits more than seconds: one paid submit per job, the finished
// one's video, rows done and failed, no execution cancelled.
//
// Run:  flock /tmp/e2e.lock node test/e2e/dataTable.e2e.mjs
// Env:  SEGMIND_E2E_TARBALL=<tgz> | SEGMIND_E2E_SKIP_BUILD=1 (see scripts/e2e/segmind.mjs)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/e2e/toolchain.mjs';
import { runSuite } from '../../scripts/e2e/reporter.mjs';
import { NODE_TYPE, webhookTrigger } from '../../scripts/e2e/segmind.mjs';
import { getExecution } from '../../scripts/e2e/queueMode.mjs';
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
import { withCappedN8n } from './restart/stack.mjs';

const TIMEOUT_S = 8;
const GENERATION_MS = 20_000;
const TABLE = 'segmind_jobs';
const EVERY_S = 5;

const SUBMIT_FILE = path.join(REPO_ROOT, 'examples', 'data-table-submit.json');
const COLLECT_FILE = path.join(REPO_ROOT, 'examples', 'data-table-collect.json');

/**
 * The two examples as shipped, with only what a test must swap: the Manual Trigger "Start"
 * becomes a Webhook, the credential, and the schedule runs every few seconds.
 */
async function workflows(credential) {
	const submit = JSON.parse(await readFile(SUBMIT_FILE, 'utf8'));
	const collect = JSON.parse(await readFile(COLLECT_FILE, 'utf8'));
	for (const wf of [submit, collect]) {
		for (const node of wf.nodes.filter((n) => n.type === NODE_TYPE))
			node.credentials = { segmindApi: { id: credential.id, name: credential.name } };
	}
	const start = submit.nodes.find((n) => n.name === 'Start');
	Object.assign(start, webhookTrigger({ name: 'Start', webhookPath: 'datatable-submit' }), {
		position: start.position,
	});
	const schedule = collect.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	schedule.parameters.rule.interval = [{ field: 'seconds', secondsInterval: EVERY_S }];
	return {
		submit: { ...submit, id: 'dataTableSubmit1', active: false },
		collect: { ...collect, id: 'dataTableCollect', active: false },
	};
}

async function main() {
	const setup = {
		packPrefix: 'segmind-datatable-pack-',
		timeoutS: TIMEOUT_S,
		// The first job fails (a content block), the second completes.
		simArgs: ['--verbose', '--generation-ms', String(GENERATION_MS), '--fail-jobs', '1'],
		credentialId: 'dataTableCred001',
		workflows,
	};
	await withCappedN8n(setup, async ({ ctx, sim, n8n, session, wf, expected, startedAt }) => {
		let t = startedAt;
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
		for (let i = 0; i < 2; i++) {
			const started = await postWebhook(n8n.baseUrl, 'datatable-submit');
			if (started.status !== 200)
				throw new Error(`webhook: HTTP ${started.status} ${started.text}`);
		}
		const rows = () => session.get(`/rest/projects/${project.id}/data-tables/${created.id}/rows`);
		const settled = await until(
			'both rows settled (one failed, one done)',
			async () => {
				const list = await rows();
				const data = list.data ?? list;
				const states = Array.isArray(data) ? data.map((row) => row.state).sort() : [];
				return states.join() === 'done,failed' ? data : null;
			},
			GENERATION_MS + 60_000,
			1_000,
		).catch(async (error) => {
			// What the rows and the collect runs were, to see which step did not happen.
			const runs = await executionsOf(session, wf.collect.id);
			const last = runs[0] ? await getExecution(ctx, session, runs[0].id) : undefined;
			const detail = {
				rows: await rows(),
				runs: runs.map((e) => [e.id, e.status]),
				lastError: last?.data?.resultData?.error?.message,
				lastNodes: Object.fromEntries(
					Object.entries(last?.data?.resultData?.runData ?? {}).map(([name, r]) => [
						name,
						r.at(-1)?.data?.main?.map((o) => o?.map((i) => i.json)),
					]),
				),
			};
			throw new Error(`${error.message}\n${JSON.stringify(detail).slice(0, 4000)}`);
		});
		const doneRow = settled.find((row) => row.state === 'done');
		const failedRow = settled.find((row) => row.state === 'failed');
		check(
			`two jobs went pending → done (${doneRow.requestId}) and pending → failed (${failedRow.requestId}, content block) in the Data Table (${secs(t)})`,
			typeof doneRow.requestId === 'string' && doneRow.requestId !== failedRow.requestId,
			settled,
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
		check('one paid submit per job (two in all)', paidSubmits(sim).length === 2, simRequests(sim));
	});
}

await runSuite('data table e2e', R, main);
