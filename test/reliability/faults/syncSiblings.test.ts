/**
 * Hostile answers, round 2 (issue 20): several items in Synchronous mode, one fails. The run
 * stops, but a sibling's video was already produced and paid for: the stopping error must hand
 * over its video URL and request ID (Get Result answers 404 for a synchronous request ID, so it
 * must not be advised for one).
 */
import { NodeApiError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { useSimulator } from '../../harness/serverPerFile';
import type { Simulator } from '../../simulator/segmindSimulator';
import { caseTest } from '../cases';
import { flash } from './faultCases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('runStop', () => sim);

const syncPair: INodeParameters = {
	...flash,
	executionMode: 'sync',
	options: { concurrency: 2, maxWaitMinutes: 0.1 },
};
const twoItems = { input: [{ json: {} }, { json: {} }] };

interface ListedJob {
	itemIndex: number;
	requestId: string | null;
	state: string;
	videoUrl?: string;
}

function stopError(error: unknown) {
	expect(error).toBeInstanceOf(NodeApiError);
	const nodeError = error as NodeApiError;
	const failedItem = nodeError.context.itemIndex as number;
	const jobs = (nodeError.context.submittedJobs ?? []) as unknown as ListedJob[];
	return { error: nodeError, otherItem: 1 - failedItem, jobs };
}

describe('sync mode: a finished paid video of a sibling is handed over when the run stops', () => {
	test('one sync item refused (500), the other finished with a video URL: URL and request id in submittedJobs and the description, no Get Result advice', async ({
		run,
	}) => {
		sim.configure({ v1Response: 'json-url', generationMs: 300 });
		sim.failNext('v1', { status: 500, body: { error: 'generation crashed' } });
		const { result } = await run(syncPair, twoItems, { jobs: 1, generationPosts: 2 });
		expect(result.items).toEqual([]);
		const { error, otherItem, jobs } = stopError(result.error);
		const [requestId] = [...sim.outputs.keys()];
		const videoUrl = sim.outputUrl(requestId);
		expect(jobs).toEqual([
			expect.objectContaining({ itemIndex: otherItem, requestId, state: 'finished', videoUrl }),
		]);
		expect(error.context.requestIds).toEqual([requestId]);
		expect(error.description).toContain(videoUrl);
		expect(error.description).toContain(`item ${otherItem}: ${requestId}`);
		expect(error.description).not.toContain('Get Result');
	});

	test('one sync item refused, the other answered with the raw video (no URL): listed with its request id, no Get Result advice', async ({
		run,
	}) => {
		sim.configure({ v1Response: 'raw', generationMs: 300 });
		sim.failNext('v1', { status: 500, body: { error: 'generation crashed' } });
		const { result } = await run(syncPair, twoItems, { jobs: 1, generationPosts: 2 });
		const { error, otherItem, jobs } = stopError(result.error);
		const [requestId] = [...sim.outputs.keys()];
		expect(jobs).toEqual([
			expect.objectContaining({ itemIndex: otherItem, requestId, state: 'finished' }),
		]);
		expect(error.description).toContain(`item ${otherItem}: ${requestId}`);
		expect(error.description).not.toContain('Get Result');
	});
});
