import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { submitJob } from '../transport/jobs/asyncJob';
import type { SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { uploadInputs } from './mediaInputs';
import { reportedCost } from './outputItem';
import type { PreparedJob } from './prepareItem';

/**
 * Operation "Submit": uploads the item's binary inputs, starts the job and returns at once,
 * for Wait-node or scheduled workflows (Get Result fetches the video later).
 */
export async function execute(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	job: PreparedJob,
): Promise<INodeExecutionData> {
	const body = await uploadInputs(ctx, session, job);
	const { itemIndex, model } = job;
	const scope = itemScope(ctx, session, itemIndex, job.options.maxWaitMs);
	const submitted = await submitJob(scope, model.slug, body);
	return {
		json: {
			model: model.slug,
			requestId: submitted.requestId,
			status: submitted.status,
			statusUrl: submitted.statusUrl,
			responseUrl: submitted.responseUrl,
			// Segmind bills at submit but reports the cost with the result: null unless it says.
			...reportedCost(submitted.metrics),
			submittedAt: new Date().toISOString(),
		},
		pairedItem: { item: itemIndex },
	};
}
