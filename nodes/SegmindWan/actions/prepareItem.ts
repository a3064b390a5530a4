import type { IExecuteFunctions } from 'n8n-workflow';

import type { ModelDeclaration } from '../models/types';
import type { HistoryQuery } from '../transport/jobs/history';
import type { RunBinaryBudget } from './binarySizes';
import { checkUploadSizes } from './binarySizes';
import { readHistoryQuery } from './findJobsInput';
import type { PreparedBody } from './readRequestBody';
import { readRequestBody, resolveModel } from './readRequestBody';
import { readRequestId } from './requestIdInput';
import type { RunOptions } from './runOptions';
import { readRunOptions } from './runOptions';

export type Operation = 'generate' | 'submit' | 'getResult' | 'findJobs';

/** A Generate Video or Submit item, checked and ready to send. */
export interface PreparedJob {
	itemIndex: number;
	operation: 'generate' | 'submit';
	model: ModelDeclaration;
	prepared: PreparedBody;
	options: RunOptions;
}

/** A Get Result item: the request ID to look up. */
export interface PreparedLookup {
	itemIndex: number;
	operation: 'getResult';
	requestId: string;
	options: RunOptions;
}

/** A Find Jobs item: the history search, checked. */
export interface PreparedSearch {
	itemIndex: number;
	operation: 'findJobs';
	query: HistoryQuery;
	options: RunOptions;
}

export type PreparedItem = PreparedJob | PreparedLookup | PreparedSearch;

/**
 * Reads and checks one item (fields, binary types, then binary sizes against the run's
 * budget); nothing is sent. Throws the item's input error.
 */
export async function prepareItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	binaryBudget: RunBinaryBudget,
): Promise<PreparedItem> {
	const operation = ctx.getNodeParameter('operation', itemIndex, 'generate') as Operation;
	const options = readRunOptions(ctx, itemIndex);
	if (operation === 'getResult') {
		return { itemIndex, operation, requestId: readRequestId(ctx, itemIndex), options };
	}
	if (operation === 'findJobs') {
		return { itemIndex, operation, query: readHistoryQuery(ctx, itemIndex), options };
	}
	const model = resolveModel(ctx, itemIndex);
	const prepared = readRequestBody(ctx, itemIndex, model);
	await checkUploadSizes(ctx, itemIndex, prepared.uploads, binaryBudget);
	return { itemIndex, operation, model, prepared, options };
}
