// Generate Video (Wait for Result) and the run's deadline, in n8n-core's real execution context:
// the workflow setting "Timeout Workflow" (executionTimeout, seconds) and the execution's start
// (getExecutionContext().establishedAt) are what the node reads. A model whose typical time
// cannot fit is refused before anything is sent; a job running on is given up in time, with the
// node's own error carrying the request ID. Also: a job /v2/requests forgets mid-wait (Segmind's
// hour, here resultTtlMs) is followed through the account history.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { clearLedger } from '../../nodes/SegmindWan/actions/paidJobs/ledger';
import { finishMarginMs } from '../../nodes/SegmindWan/actions/runDeadline';
import { runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';
import type { Simulator } from '../simulator/segmindSimulator';

let sim: Simulator;
useSimulator((started) => (sim = started));
beforeEach(() => clearLedger());

/** wan-2.2-i2v-flash: typically 66.59 s (its declaration). */
const flash: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
};
/** 600 s keeps 30 s for the download (finishMarginMs). */
const TEN_MINUTES = { executionTimeout: 600 };
const MARGIN_MS = finishMarginMs({ timeoutSeconds: 600, at: 0, startKnown: true });

describe('a model whose typical time cannot fit in the run is refused, nothing sent', () => {
	it('a 60 s workflow timeout and a 67 s model: refused, naming the item, the timeout, the typical time and Submit → Get Result', async () => {
		const result = await runSegmind(sim, flash, { workflowSettings: { executionTimeout: 60 } });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const error = result.error as NodeOperationError;
		expect(error.message).toMatch(/^Item 0: wan-2\.2-i2v-flash typically takes 67 s/);
		expect(error.message).toContain('60 s (workflow setting "Timeout Workflow")');
		expect(error.message).toContain('since the execution started');
		expect(error.description).toContain('Submit now and Get Result in a later execution');
		expect(error.description).toContain('Data Table');
		expect(error.description).toContain('Nothing was sent to Segmind.');
		expect(sim.requests).toEqual([]);
	});

	it("the execution's start counts: 600 s of which 530 s are gone (e.g. a Wait node) is refused; the same timeout from now runs", async () => {
		const late = await runSegmind(sim, flash, {
			workflowSettings: TEN_MINUTES,
			executionStartedAt: Date.now() - 530_000,
		});
		expect(late.error).toBeInstanceOf(NodeOperationError);
		const left = Number(
			/, (\d+) s left since the execution started/.exec(late.error!.message)?.[1],
		);
		expect(left).toBeGreaterThanOrEqual(68);
		expect(left).toBeLessThanOrEqual(70);
		expect(late.error!.message).toContain('less 30 s kept for the download');
		expect(sim.requests).toEqual([]);

		const fresh = await runSegmind(sim, flash, { workflowSettings: TEN_MINUTES });
		expect(fresh.error).toBeUndefined();
		expect(fresh.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(sim.submits).toBe(1);
	});

	it('no timeout of its own (-1, or none set): nothing is refused, however long ago the run started', async () => {
		for (const workflowSettings of [{ executionTimeout: -1 }, {}]) {
			const result = await runSegmind(sim, flash, {
				workflowSettings,
				executionStartedAt: Date.now() - 3_600_000,
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		}
		expect(sim.submits).toBe(2);
	});

	it('Submit is not refused: it returns at once', async () => {
		const result = await runSegmind(
			sim,
			{ ...flash, operation: 'submit' },
			{ workflowSettings: { executionTimeout: 10 } },
		);
		expect(result.error).toBeUndefined();
		expect(sim.submits).toBe(1);
	});
});

describe('a job still running near the deadline: the node gives up first, with the request ID', () => {
	it('a resumed job (Reuse an Identical Job) in a run with 36 s left stops about 6 s later, its own error naming the job; one paid submit', async () => {
		sim.configure({ generationMs: 120_000 });
		const reuse = { ...flash, options: { reuseIdenticalJob: true, maxWaitMinutes: 0.05 } };
		const first = await runSegmind(sim, reuse);
		const requestId = (first.error as NodeApiError).context.requestId as string;
		expect(first.error!.message).toContain('after the maximum wait of 3 s');

		const stopInMs = 6_000;
		const left = MARGIN_MS + stopInMs;
		const started = Date.now();
		const capped = await runSegmind(
			sim,
			{ ...flash, options: { reuseIdenticalJob: true } },
			{ workflowSettings: TEN_MINUTES, executionStartedAt: started - 600_000 + left },
		);
		const tookMs = Date.now() - started;
		expect(capped.status).toBe('error');
		expect(capped.error).toBeInstanceOf(NodeApiError);
		const error = capped.error as NodeApiError;
		expect(error.message).toContain("when this workflow's timeout (600 s) was near");
		expect(error.message).toContain(requestId);
		expect(error.context.requestId).toBe(requestId);
		expect(error.description).toContain('Get Result in a later execution');
		// Stopped at the planned time (less the 30 s margin), not at Max Wait's 30 minutes.
		expect(tookMs).toBeGreaterThanOrEqual(stopInMs - 1_000);
		expect(tookMs).toBeLessThan(stopInMs + 4_000);
		expect(sim.submits).toBe(1);
	}, 30_000);
});

describe('a job /v2/requests forgets while the node waits (Segmind hour, here 2.5 s)', () => {
	it('is followed in the account history and its video delivered; one paid submit', async () => {
		sim.configure({ generationMs: 6_000, queueMs: 0, resultTtlMs: 2_500 });
		const result = await runSegmind(sim, flash);
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expect(item.json).toMatchObject({ status: 'COMPLETED', resultFrom: 'history' });
		expect(item.binary!.data.buffer.equals(sim.video)).toBe(true);
		const statusAnswers = sim.requests
			.filter((request) => request.route === 'status')
			.map((request) => request.status);
		expect(statusAnswers).toContain(404);
		const historyReads = sim.requests.filter((request) => request.server === 'history');
		expect(historyReads.length).toBeGreaterThanOrEqual(2);
		expect(sim.submits).toBe(1);
		expect(sim.keyLeaks).toEqual([]);
	}, 30_000);

	it("a job that fails after being forgotten ends with the history's FAILED and the request ID", async () => {
		sim.configure({ generationMs: 4_000, queueMs: 0, resultTtlMs: 2_500 });
		sim.failJob({ error: 'Content blocked' });
		const result = await runSegmind(sim, flash);
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		expect(error.message).toContain("Segmind's history says FAILED: Content blocked");
		expect(error.context.requestId).toBe([...sim.jobs.keys()][0]);
		expect(sim.submits).toBe(1);
	}, 30_000);
});
