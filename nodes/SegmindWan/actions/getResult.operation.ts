import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { fetchResult, jobUrls, readJob } from '../transport/jobs/asyncJob';
import type { SegmindSession } from '../transport/client/session';
import { itemScope } from '../transport/client/session';
import { resultFromHistory } from './historyResult';
import type { PreparedLookup } from './prepareItem';
import { reportedCost } from './outputItem';
import { completedVideoItem } from './resultVideo';

/**
 * Operation "Get Result": one status check. Queued or processing jobs come back as a status
 * item (no binary) so a loop can wait and ask again; a completed one is downloaded. A request
 * /v2/requests no longer knows (404: one hour after submission) is read from the account
 * history instead.
 */
export async function execute(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	lookup: PreparedLookup,
): Promise<INodeExecutionData> {
	const { itemIndex, requestId, options } = lookup;
	const scope = itemScope(ctx, session, itemIndex, options.maxWaitMs, requestId);
	scope.video = options.video;
	const urls = jobUrls(session.endpoints.apiUrl, requestId);
	const status = await readJob(scope, urls.statusUrl).catch(forgottenAsNull);
	if (!status) return await resultFromHistory(scope, requestId, options.binaryPropertyName);
	if (status.state !== 'COMPLETED') {
		return {
			json: {
				requestId,
				status: status.rawStatus || 'UNKNOWN',
				done: false,
				...reportedCost(status.body.metrics),
				metrics: status.body.metrics ?? {},
			},
			pairedItem: { item: itemIndex },
		};
	}
	scope.jobFinished = true;
	const result = await fetchResult(scope, urls.responseUrl);
	const slug = typeof result.model === 'string' ? result.model : 'segmind-wan';
	const item = await completedVideoItem(scope, slug, requestId, result, {
		binaryPropertyName: options.binaryPropertyName,
	});
	item.json.done = true;
	return item;
}

/** A 404 from /v2/requests: the request is unknown there, or forgotten after its hour. */
function forgottenAsNull(error: unknown): null {
	if (error instanceof NodeApiError && error.httpCode === '404') return null;
	throw error;
}
