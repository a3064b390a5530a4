// What the restart suite asks of n8n over REST (publish, executions, webhooks, the video) and
// of each simulator's request log, and how it crashes a process (SIGKILL).
import { assertPortsFree, isAlive, sleep } from '../../../scripts/e2e/processes.mjs';
import { downloadBinary } from '../../../scripts/e2e/queueMode.mjs';
import { setupOwner } from '../../../scripts/e2e/n8nServer.mjs';
import { check } from '../suiteReport.mjs';

/**
 * What a simulator answered, one line per request: "api POST /v2/wan2.7-i2v → 200"; with `from`
 * (the length its stderr had), only the requests since.
 */
export const simRequests = (sim, from = 0) =>
	sim
		.output()
		.stderr.slice(from)
		.split('\n')
		.filter((l) => l.startsWith('[segmind-sim] '))
		.map((l) => l.slice('[segmind-sim] '.length));
export const paidSubmits = (sim) => simRequests(sim).filter((l) => /^api POST \/v[12]\//.test(l));

/** Polls fn until it returns something truthy; throws after timeoutMs with the last value. */
export async function until(what, fn, timeoutMs, intervalMs = 500) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await fn();
		if (last) return last;
		if (Date.now() > deadline)
			throw new Error(`${what}: not after ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
		await sleep(intervalMs);
	}
}

/** Creates the owner; n8n 1.x answers its health check before its REST routes exist (404). */
export async function setupOwnerWhenReady(baseUrl) {
	await until(
		'owner setup',
		async () =>
			await setupOwner(baseUrl).then(
				() => true,
				(e) => !/HTTP 404/.test(e.message) && Promise.reject(e),
			),
		60_000,
		1_000,
	);
}

/** Publishes a workflow the way the editor's Publish button does; returns whether it is active. */
export async function activate(session, id) {
	const wf = await session.get(`/rest/workflows/${id}`);
	const published = await session.post(`/rest/workflows/${id}/activate`, {
		versionId: wf.versionId,
	});
	return published.active === true;
}

/** Publishes a workflow: n8n 2.x's Publish (POST …/activate), else n8n 1.x's active switch. */
export async function activateAny(baseUrl, session, id) {
	try {
		return await activate(session, id);
	} catch {
		const wf = await session.get(`/rest/workflows/${id}`);
		const res = await fetch(`${baseUrl}/rest/workflows/${id}`, {
			method: 'PATCH',
			headers: { ...session.headers, 'content-type': 'application/json' },
			body: JSON.stringify({ active: true, versionId: wf.versionId }),
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`activating ${id}: HTTP ${res.status} ${text.slice(0, 500)}`);
		return JSON.parse(text).data?.active === true;
	}
}

export async function executionsOf(session, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return (await session.get(`/rest/executions?filter=${filter}&limit=50`)).results ?? [];
}

/**
 * POSTs to a production webhook. In queue mode the main may register a just-published workflow's
 * webhook a moment after the REST call returns: a 404 "is not registered" (nothing ran) is retried
 * for a bounded time.
 */
export async function postWebhook(baseUrl, webhookPath, body = {}) {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const res = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(120_000),
		});
		const answer = { status: res.status, text: await res.text() };
		if (res.status !== 404 || !answer.text.includes('is not registered') || Date.now() > deadline)
			return answer;
		await sleep(500);
	}
}

/** The one execution of a workflow, once it reaches one of the given statuses. */
export async function executionIn(session, workflowId, statuses, timeoutMs) {
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
export const lastRunItems = (execution, node) => {
	const runs = execution.data?.resultData?.runData?.[node] ?? [];
	return runs[runs.length - 1]?.data?.main?.[0] ?? [];
};

/** Checks a node's first output item carries the simulator's MP4, read back through n8n's REST API. */
export async function checkVideo(tag, session, execution, node, expected) {
	const bin = lastRunItems(execution, node)[0]?.binary?.data;
	if (
		!check(
			`${tag} ${node} output has binary "data" (video/mp4)`,
			bin?.id && bin.mimeType === 'video/mp4',
			bin,
		)
	)
		return;
	const { buffer } = await downloadBinary(session, bin.id);
	check(
		`${tag} ${node}'s MP4 via GET /rest/binary-data is byte-identical to the simulator's (${buffer.length} bytes)`,
		Buffer.compare(buffer, expected) === 0,
		{ size: buffer.length, expected: expected.length },
	);
}

/** Kills a process group with SIGKILL (no shutdown at all); true once it is gone and its ports are free. */
export async function crash(proc, ports) {
	process.kill(-proc.pid, 'SIGKILL');
	await assertPortsFree(ports, { timeoutMs: 15_000 });
	await until(`pid ${proc.pid} gone`, () => !isAlive(proc.pid), 15_000, 100);
	return !isAlive(proc.pid);
}
