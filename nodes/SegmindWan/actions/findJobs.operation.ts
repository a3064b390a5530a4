import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { findJobs } from '../transport/jobs/history';
import type { HistoryJob } from '../transport/jobs/historyRows';
import type { PreparedSearch } from './prepareItem';

/**
 * Operation "Find Jobs": this key's requests from Segmind's account history, newest first, one
 * item per request ID. `requestId` is what Get Result reads by default, so a found job flows
 * straight into it, whether or not n8n kept anything of the run that paid for it.
 */
export async function execute(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	search: PreparedSearch,
): Promise<INodeExecutionData[]> {
	const { itemIndex, query, options } = search;
	const scope = itemScope(ctx, session, itemIndex, options.maxWaitMs);
	const jobs = await findJobs(scope, query);
	return jobs.map((job) => ({ json: jobJson(job), pairedItem: { item: itemIndex } }));
}

function jobJson(job: HistoryJob) {
	return {
		requestId: job.requestId,
		model: job.model,
		status: job.status,
		cost: job.cost,
		createdAt: job.createdAt,
		updatedAt: job.updatedAt,
		latencyMs: job.latencyMs,
		inputs: job.inputs,
		outputUrl: job.outputUrl,
		outputUrls: job.outputUrls,
		// Not `error`: n8n reads an item's `error` as a failed item's (continue on fail).
		jobError: job.error,
	};
}
