// Running a saved workflow in the n8n under test the way the editor's "Execute workflow" button
// does, and what the chains suite checks in an upload a fake received.
import { createHash } from 'node:crypto';
import { sleep } from '../../../scripts/e2e/processes.mjs';
import { getExecution } from '../../../scripts/e2e/queueMode.mjs';

export const FINAL = ['success', 'error', 'crashed', 'canceled'];

/** POST /rest/workflows/:id/run from its Manual Trigger, then the execution once it stopped. */
export async function runManually(
	ctx,
	session,
	workflowId,
	{ timeoutMs = 90_000, until = FINAL } = {},
) {
	const workflowData = await session.get(`/rest/workflows/${workflowId}`);
	const trigger = workflowData.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	const started = await session.post(`/rest/workflows/${workflowId}/run`, {
		workflowData,
		triggerToStartFrom: { name: trigger.name },
	});
	if (!started?.executionId) throw new Error(`run answered ${JSON.stringify(started)}`);
	return await executionWhen(ctx, session, started.executionId, until, timeoutMs);
}

/** An execution once its status is one of `statuses` (throws after timeoutMs). */
export async function executionWhen(ctx, session, id, statuses, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = await getExecution(ctx, session, id).catch(() => null);
		if (execution && statuses.includes(execution.status)) return execution;
		if (Date.now() > deadline)
			throw new Error(
				`execution ${id} not ${statuses.join('/')} after ${timeoutMs} ms (${execution?.status})`,
			);
		await sleep(500);
	}
}

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/**
 * What is wrong with one upload a fake received, compared with the MP4 Segmind served: bytes,
 * and where the service takes them, the file name and the MIME type. Empty when all is right.
 */
export function uploadProblems(upload, expected, { fileName = true, mimeType = true } = {}) {
	if (!upload) return ['nothing was received'];
	const problems = [];
	if (!upload.bytes.equals(expected.bytes))
		problems.push(`bytes differ (${upload.bytes.length} bytes, sha256 ${sha256(upload.bytes)})`);
	if (fileName && upload.fileName !== expected.fileName)
		problems.push(`file name "${upload.fileName}", not "${expected.fileName}"`);
	if (mimeType && upload.mimeType !== 'video/mp4') problems.push(`MIME type "${upload.mimeType}"`);
	return problems;
}
