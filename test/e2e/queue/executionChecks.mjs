// The queue suite's checks of one execution: triggered over its production webhook, enqueued by
// the main, run by the worker (or failing on a worker without the package), and its binary.
import { sleep } from '../../../scripts/e2e/processes.mjs';
import { readBinary } from '../../../scripts/e2e/n8nCli.mjs';
import { NODE_TYPE } from '../../../scripts/e2e/segmind.mjs';
import {
	downloadBinary,
	getExecution,
	waitForExecutions,
} from '../../../scripts/e2e/queueMode.mjs';
import { check, tail, secs, logOf } from '../suiteReport.mjs';
import { MODEL, PROMPT, SEGMIND_NODE } from './webhookWorkflows.mjs';

/**
 * POSTs to a production webhook. n8n reports ready before it has registered the published
 * workflows' webhooks, so a 404 "is not registered" (nothing was executed) is retried for a
 * bounded time; any other answer is returned as it is.
 */
export async function postWebhook(url, body) {
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
		if (!text.includes('is not registered'))
			return new Response(text, { status: res.status, headers: res.headers });
		await sleep(500);
	}
}

/**
 * Triggers one workflow over its production webhook, finds its execution, and
 * checks where it ran, its status and its binary.
 */
export async function runOne(ctx, { main, worker, session, sim, expected }, wf) {
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
export async function runWithoutPackage(ctx, { main, worker, session, sim }, wf) {
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
