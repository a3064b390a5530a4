import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ModelDeclaration } from '../models/types';
import { fetchResult, jobUrls, readJob, submitJob } from '../transport/jobs/asyncJob';
import type { CallScope, SegmindSession } from '../transport/client/session';
import { completedVideoItem } from './videoItem';

/** Operation "Submit": starts the job and returns at once, for Wait-node or scheduled workflows. */
export async function submitOnly(
	ctx: IExecuteFunctions,
	itemIndex: number,
	session: SegmindSession,
	model: ModelDeclaration,
	body: IDataObject,
	maxWaitMs: number,
): Promise<INodeExecutionData> {
	const job = await submitJob({ ctx, itemIndex, ...session, deadline: Date.now() + maxWaitMs }, model.slug, body);
	return {
		json: {
			model: model.slug,
			requestId: job.requestId,
			status: job.status,
			statusUrl: job.statusUrl,
			responseUrl: job.responseUrl,
			submittedAt: new Date().toISOString(),
		},
		pairedItem: { item: itemIndex },
	};
}

/**
 * Operation "Get Result": one status check. Queued or processing jobs come back as a status
 * item (no binary) so a loop can wait and ask again; a completed one is downloaded.
 */
export async function getResult(
	ctx: IExecuteFunctions,
	itemIndex: number,
	session: SegmindSession,
	requestId: string,
	options: { binaryPropertyName: string; maxWaitMs: number },
): Promise<INodeExecutionData> {
	const { binaryPropertyName } = options;
	const scope: CallScope = { ctx, itemIndex, ...session, requestId, deadline: Date.now() + options.maxWaitMs };
	const urls = jobUrls(session.endpoints.apiUrl, requestId);
	const status = await readJob(scope, urls.statusUrl);
	if (status.state !== 'COMPLETED') {
		return {
			json: { requestId, status: status.rawStatus || 'UNKNOWN', done: false, metrics: status.body.metrics ?? {} },
			pairedItem: { item: itemIndex },
		};
	}
	const result = await fetchResult(scope, urls.responseUrl);
	const slug = typeof result.model === 'string' ? result.model : 'segmind-wan';
	const item = await completedVideoItem(scope, slug, requestId, result, { binaryPropertyName, json: {} });
	item.json.done = true;
	return item;
}
