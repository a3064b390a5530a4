/**
 * Operators can recover every paid job: each request ID Segmind reports reaches n8n's logger
 * at info level, readable in the plain-text log (model, item, execution in the text), never
 * with the API key.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { LogRecord, RunNodeResult } from '../harness';
import type { Simulator } from '../simulator/segmindSimulator';
import { API_KEY, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started));

const flash: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
};

const jobLines = (result: RunNodeResult): LogRecord[] =>
	result.logs.filter((record) => record.message.startsWith('Segmind Wan: job submitted'));

function expectLogged(result: RunNodeResult, requestIds: string[], slug: string) {
	const lines = jobLines(result);
	expect(lines.map((line) => line.level)).toEqual(requestIds.map(() => 'info'));
	const expected = requestIds.map(
		(id, item) =>
			`Segmind Wan: job submitted, request ID ${id} (model ${slug}, item ${item}, execution ${result.executionId})`,
	);
	expect(lines.map((line) => line.message).sort()).toEqual(expected.sort());
	for (const line of lines) {
		const meta = line.meta as Record<string, unknown>;
		expect(line.message).toContain(`request ID ${String(meta.requestId)} `);
		expect(meta).toMatchObject({ model: slug, executionId: result.executionId });
		expect(line.message).toContain(`item ${String(meta.itemIndex)},`);
	}
	const everything = JSON.stringify(result.logs);
	expect(everything).not.toContain(API_KEY);
}

it('Wait for Result: each item logs its request ID once, at info, when Segmind accepts it', async () => {
	const result = await runSegmind(sim, flash, { input: [{ json: {} }, { json: {} }] });
	expect(result.error).toBeUndefined();
	const ids = result.items.map((item) => String(item.json.requestId));
	expect(new Set(ids).size).toBe(2);
	const byItem = [...result.items]
		.sort(
			(a, b) =>
				Number((a.pairedItem as { item: number }).item) -
				Number((b.pairedItem as { item: number }).item),
		)
		.map((item) => String(item.json.requestId));
	expectLogged(result, byItem, 'wan-2.2-i2v-flash');
});

it('a job that fails after submit still has its request ID in the log', async () => {
	sim.failJob({ error: 'Content blocked' });
	const result = await runSegmind(sim, flash);
	expect(result.error).toBeDefined();
	expect(sim.submits).toBe(1);
	const [line] = jobLines(result);
	const id = (line.meta as { requestId: string }).requestId;
	expect(id).toMatch(/\S+/);
	expect(
		`${result.error?.message} ${(result.error as { description?: string }).description}`,
	).toContain(id);
	expectLogged(result, [id], 'wan-2.2-i2v-flash');
});

it('Submit operation logs the request ID it returns', async () => {
	const result = await runSegmind(sim, { ...flash, operation: 'submit' });
	expect(result.error).toBeUndefined();
	expectLogged(result, [String(result.items[0].json.requestId)], 'wan-2.2-i2v-flash');
});

it('Synchronous: the x-request-id Segmind reports is logged', async () => {
	sim.configure({ v1Response: 'raw' });
	const result = await runSegmind(sim, { ...flash, executionMode: 'sync' });
	expect(result.error).toBeUndefined();
	const [line] = jobLines(result);
	expect(line).toBeDefined();
	expectLogged(result, [(line.meta as { requestId: string }).requestId], 'wan-2.2-i2v-flash');
	expect(result.items[0].json.requestId).toBe((line.meta as { requestId: string }).requestId);
});

it('Get Result sends nothing paid and logs no new job', async () => {
	const submitted = await runSegmind(sim, { ...flash, operation: 'submit' });
	const requestId = String(submitted.items[0].json.requestId);
	sim.completeJob(requestId);
	const result = await runSegmind(sim, { operation: 'getResult', requestId });
	expect(result.items[0].json).toMatchObject({ requestId, done: true });
	expect(jobLines(result)).toEqual([]);
});
