import type { INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { segmindApiError } from '../transport/client/apiError';
import type { CallScope } from '../transport/client/session';
import { readHistoryRecord } from '../transport/jobs/history';
import { jobState } from '../transport/jobs/jobStatus';
import { completedVideoItem } from './resultVideo';

/**
 * Get Result once /v2/requests/{id} has forgotten the request (Segmind keeps it there one hour
 * after submission): the account history knows it at any age, with its output URL, whose file
 * Segmind keeps longer (reported: 7 days). Every error says which record said what.
 */
export async function resultFromHistory(
	scope: CallScope,
	requestId: string,
	binaryPropertyName: string,
): Promise<INodeExecutionData> {
	const record = await readHistoryRecord(scope, requestId);
	const node = scope.ctx.getNode();
	if (!record) {
		throw segmindApiError(node, {
			statusCode: 404,
			message: "no such request in this key's history, and /v2/requests no longer knows it",
			hint: "The request ID is wrong, or belongs to another Segmind account (a teammate's key included). Find Jobs lists the requests this key made.",
			itemIndex: scope.itemIndex,
			requestId,
			recoverable: false,
		});
	}
	const status = record.status ?? 'UNKNOWN';
	const state = jobState(status);
	if (state === 'FAILED') {
		throw historySays(
			scope,
			requestId,
			`${status}${record.error ? `: ${record.error}` : ''}`,
			'Segmind marked the job as failed (this includes content-safety blocks).',
		);
	}
	if (state !== 'COMPLETED') {
		return {
			json: { requestId, status, done: false, resultFrom: 'history', metrics: {} },
			pairedItem: { item: scope.itemIndex },
		};
	}
	if (!record.outputUrl) throw historySays(scope, requestId, `${status} but gives no output URL`);
	const result = { output: record.outputUrl, metrics: { cost: record.cost } };
	const item = await completedVideoItem(scope, record.model ?? 'segmind-wan', requestId, result, {
		binaryPropertyName,
	}).catch((error: unknown) => notFetched(error, status));
	item.json.done = true;
	item.json.resultFrom = 'history';
	return item;
}

/** Which record said what: the history said COMPLETED, the file host did not deliver. */
function notFetched(error: unknown, status: string): never {
	if (error instanceof NodeApiError) {
		error.message = `Segmind's history says ${status}, but its output could not be fetched: ${error.message}`;
		error.description =
			`Segmind keeps output files for a limited time (reported: 7 days). ${error.description ?? ''}`.trim();
	}
	throw error;
}

/** "Segmind's history says …": the record's own words, the request ID, nothing to retry. */
function historySays(scope: CallScope, requestId: string, says: string, hint?: string) {
	const error = segmindApiError(scope.ctx.getNode(), {
		message: says,
		hint,
		itemIndex: scope.itemIndex,
		requestId,
		recoverable: false,
	});
	error.message = `Segmind's history says ${says} (request ${requestId})`;
	return error;
}
