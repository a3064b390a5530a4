import type { INodeParameters } from 'n8n-workflow';

import type { RunNodeOptions, RunNodeResult } from '../harness';
import { API_KEY, runSegmind } from '../harness/nodeRun';
import type { RecordedRequest, Simulator } from '../simulator/segmindSimulator';
import { record } from './tally';

/** What one node run is expected to cost Segmind-side, and how long it may take. */
export interface RunExpectation {
	/**
	 * Most jobs the run may start (accepted v1/v2 generations, one per item that reaches
	 * Segmind); any more are duplicate submits. Default 1.
	 */
	jobs?: number;
	/**
	 * Generation POSTs (to /v2, or /v1 in sync mode) that must reach Segmind: more than one per
	 * item only when a refused submit (429/503) was retried. Default: one per job, at least 1.
	 */
	generationPosts?: number | { atLeast: number; atMost: number };
	/** The run must finish within this (a hang otherwise). Default 20 s. */
	budgetMs?: number;
}

export interface CaseRun {
	result: RunNodeResult;
	elapsedMs: number;
}

export interface CaseTools {
	/** Runs the node once against the simulator and checks it cost no duplicate job and did not hang. */
	run(
		parameters: INodeParameters,
		extra?: Partial<RunNodeOptions>,
		expect?: RunExpectation,
	): Promise<CaseRun>;
	/** The same checks for any harness run (e.g. a probe node driving the transport directly). */
	runWith(
		runner: (timeoutMs: number) => Promise<RunNodeResult>,
		expect?: RunExpectation,
	): Promise<CaseRun>;
	/** Adds key hits found in outputs, errors or logs (secrets suite). */
	noteKeyLeaks(count: number): void;
}

/** Generation requests (v1 and v2 POSTs to a model) the simulator received. */
export function generationPosts(sim: Simulator): RecordedRequest[] {
	return sim.requests.filter((request) => request.route === 'submit' || request.route === 'v1');
}

/** The `test(name, body, timeoutMs?)` of one suite's file: reliabilityCase with its suite and simulator. */
export function caseTest(suite: string, getSim: () => Simulator) {
	return (name: string, body: (tools: CaseTools) => Promise<void>, timeoutMs?: number) =>
		reliabilityCase(suite, getSim, name, body, timeoutMs);
}

/**
 * A reliability case: one jest test whose runs are tallied for the summary line. The counts
 * come from the simulator (accepted submits, key-carrying requests to the files host) and the
 * harness (timed-out runs), so the summary reports what happened, not what was expected.
 */
export function reliabilityCase(
	suite: string,
	getSim: () => Simulator,
	name: string,
	body: (tools: CaseTools) => Promise<void>,
	timeoutMs = 60_000,
): void {
	it(
		name,
		async () => {
			const tally = {
				suite,
				name,
				passed: false,
				duplicateSubmits: 0,
				keyLeaks: 0,
				hangs: 0,
				runs: 0,
			};
			const tools: CaseTools = {
				async run(parameters, extra = {}, expectation = {}) {
					const sim = getSim();
					return await tools.runWith(
						async (timeoutMs) => await runSegmind(sim, parameters, { timeoutMs, ...extra }),
						expectation,
					);
				},
				async runWith(runner, expectation = {}) {
					const sim = getSim();
					const jobs = expectation.jobs ?? 1;
					const posts = expectation.generationPosts ?? Math.max(1, jobs);
					const budgetMs = expectation.budgetMs ?? 20_000;
					const submitsBefore = sim.submits;
					const postsBefore = generationPosts(sim).length;
					const leaksBefore = sim.keyLeaks.length;
					const startedAt = Date.now();
					const result = await runner(budgetMs + 10_000);
					const elapsedMs = Date.now() - startedAt;
					tally.runs++;
					const submits = sim.submits - submitsBefore;
					tally.duplicateSubmits += Math.max(0, submits - jobs);
					tally.keyLeaks += sim.keyLeaks.length - leaksBefore;
					if (result.timedOut || elapsedMs > budgetMs) tally.hangs++;

					expect(result.timedOut).toBe(false);
					expect(elapsedMs).toBeLessThanOrEqual(budgetMs);
					expect(submits).toBeLessThanOrEqual(jobs);
					const postsMade = generationPosts(sim).length - postsBefore;
					if (typeof posts === 'number') expect(postsMade).toBe(posts);
					else {
						expect(postsMade).toBeGreaterThanOrEqual(posts.atLeast);
						expect(postsMade).toBeLessThanOrEqual(posts.atMost);
					}
					expect(sim.keyLeaks).toEqual([]);
					return { result, elapsedMs };
				},
				noteKeyLeaks(count) {
					tally.keyLeaks += count;
				},
			};
			try {
				await body(tools);
				tally.passed = true;
			} finally {
				record(tally);
			}
		},
		timeoutMs,
	);
}

/** Every place a secret could surface from one run: items (json and binary metadata), the error, logs. */
export function keyHits(result: RunNodeResult, key = API_KEY): string[] {
	const hits: string[] = [];
	const check = (where: string, value: unknown) => {
		let text: string;
		try {
			text = typeof value === 'string' ? value : (JSON.stringify(value, jsonReplacer) ?? '');
		} catch {
			text = String(value);
		}
		if (text.includes(key)) hits.push(where);
	};
	result.outputs.flat().forEach((item, index) => {
		check(`item ${index} json`, item.json);
		for (const [name, binary] of Object.entries(item.binary ?? {})) {
			// Everything n8n stored about the binary but its bytes (those are the video).
			const metadata = Object.fromEntries(
				Object.entries(binary).filter(([key]) => key !== 'buffer'),
			);
			check(`item ${index} binary ${name} metadata`, metadata);
		}
		check(`item ${index} error`, item.error);
	});
	const error = result.error as
		(Error & { description?: unknown; context?: unknown; cause?: unknown }) | undefined;
	if (error) {
		check('error message', error.message);
		check('error description', error.description);
		check('error context', error.context);
		check('error stack', error.stack);
		check('error cause', error.cause);
		check('error (JSON)', error);
	}
	check('execution error (as n8n stores it)', result.executionError);
	check('task data', result.taskData);
	check('logs', result.logs);
	return hits;
}

/** JSON.stringify that also walks Error objects (their own fields, message, stack, cause) and skips bytes. */
function jsonReplacer(this: unknown, _key: string, value: unknown): unknown {
	if (value instanceof Error) {
		const plain: Record<string, unknown> = {};
		for (const name of Object.getOwnPropertyNames(value))
			plain[name] = (value as unknown as Record<string, unknown>)[name];
		return plain;
	}
	if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
	if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer')
		return '<bytes>';
	return value;
}
