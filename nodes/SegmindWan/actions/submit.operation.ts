import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { submitJob } from '../transport/jobs/asyncJob';
import type { SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { uploadInputs } from './mediaInputs';
import { reportedCost } from './outputItem';
import type { FoundBy, PaidJob } from './paidJobs';
import { findPaidJob, identifyJob, recordPaidJob } from './paidJobs';
import type { PreparedJob } from './prepareItem';

/**
 * Operation "Submit": uploads the item's binary inputs, starts the job and returns at once,
 * for Wait-node or scheduled workflows (Get Result fetches the video later). A retried Submit
 * (Retry On Fail, Retry execution) or, with the reuse option, an identical one returns the job
 * already paid for instead of starting another.
 */
export async function execute(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	job: PreparedJob,
): Promise<INodeExecutionData> {
	const { itemIndex, model } = job;
	const { apiUrl } = session.endpoints;
	const identity = identifyJob(ctx, apiUrl, job);
	const found = findPaidJob(ctx, apiUrl, identity, job.options.reuseIdenticalJob);
	if (found) return submittedItem(model.slug, found.job, itemIndex, found.foundBy);
	const body = await uploadInputs(ctx, session, job);
	const scope = itemScope(ctx, session, itemIndex, job.options.maxWaitMs);
	const submitted = await submitJob(scope, model.slug, body);
	const paid = recordPaidJob(ctx, identity, model.slug, submitted);
	return submittedItem(model.slug, paid, itemIndex, undefined, submitted.metrics);
}

function submittedItem(
	slug: string,
	job: PaidJob,
	itemIndex: number,
	resumedJob?: FoundBy,
	metrics?: unknown,
): INodeExecutionData {
	return {
		json: {
			model: slug,
			requestId: job.requestId,
			status: job.status,
			statusUrl: job.statusUrl,
			responseUrl: job.responseUrl,
			// Segmind bills at submit but reports the cost with the result: null unless it says.
			...reportedCost(metrics),
			submittedAt: new Date(job.submittedAt).toISOString(),
			...(resumedJob ? { resumedJob } : {}),
		},
		pairedItem: { item: itemIndex },
	};
}
