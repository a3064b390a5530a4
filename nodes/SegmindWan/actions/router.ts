import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ModelDeclaration } from '../models/types';
import { RateGate } from '../transport/rateGate';
import { apiKeyRedactor } from '../transport/redactApiKey';
import type { SegmindSession } from '../transport/segmindCalls';
import { mapWithConcurrency } from './concurrency';
import type { ExecutionMode, GenerateOptions } from './generateVideo';
import { generateVideo } from './generateVideo';
import { getResult, submitOnly } from './jobOperations';
import { resolveUploads } from './mediaInputs';
import type { PreparedBody } from './readRequestBody';
import { readRequestBody, resolveModel } from './readRequestBody';

export const DEFAULT_API_URL = 'https://api.segmind.com';
export const DEFAULT_UPLOAD_URL = 'https://workflows-api.segmind.com';
export const DEFAULT_MAX_WAIT_MINUTES = 30;
export const DEFAULT_CONCURRENCY = 3;
export const MAX_CONCURRENCY = 20;

export type Operation = 'generate' | 'submit' | 'getResult';

/** An item checked and ready to send: either a job to start or a request id to look up. */
type PreparedItem =
	| { itemIndex: number; operation: 'generate' | 'submit'; model: ModelDeclaration; prepared: PreparedBody; options: GenerateOptions }
	| { itemIndex: number; operation: 'getResult'; requestId: string; options: GenerateOptions };

function readOptions(ctx: IExecuteFunctions, itemIndex: number): GenerateOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const minutes = Number(options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES);
	if (!Number.isFinite(minutes) || minutes <= 0) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Max Wait (Minutes)" for item ${itemIndex}: must be a number above 0, got ${String(options.maxWaitMinutes)}`, { itemIndex });
	}
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!binaryPropertyName) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Put Output in Field" for item ${itemIndex}: must not be empty`, { itemIndex });
	}
	const concurrency = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Concurrency" for item ${itemIndex}: must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(options.concurrency)}`, { itemIndex });
	}
	return {
		mode: ctx.getNodeParameter('executionMode', itemIndex, 'wait') as ExecutionMode,
		binaryPropertyName,
		maxWaitMs: minutes * 60_000,
		concurrency,
	};
}

/** Anything thrown becomes an n8n error bound to its item (NodeApiError/NodeOperationError kept). */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function prepareItem(ctx: IExecuteFunctions, itemIndex: number): PreparedItem {
	const operation = ctx.getNodeParameter('operation', itemIndex, 'generate') as Operation;
	const options = readOptions(ctx, itemIndex);
	if (operation === 'getResult') {
		const requestId = String(ctx.getNodeParameter('requestId', itemIndex, '')).trim();
		if (!requestId) {
			throw new NodeOperationError(ctx.getNode(), `Invalid "Request ID" for item ${itemIndex}: must not be empty`, {
				description: 'Use the request ID that the Submit operation (or an error) returned.',
				itemIndex,
			});
		}
		return { itemIndex, operation, requestId, options };
	}
	const model = resolveModel(ctx, itemIndex);
	return { itemIndex, operation, model, prepared: readRequestBody(ctx, itemIndex, model), options };
}

async function runItem(ctx: IExecuteFunctions, session: SegmindSession, item: PreparedItem): Promise<INodeExecutionData> {
	if (item.operation === 'getResult') {
		return await getResult(ctx, item.itemIndex, session, item.requestId, item.options);
	}
	const scope = { ctx, itemIndex: item.itemIndex, ...session, deadline: Date.now() + item.options.maxWaitMs };
	const body = await resolveUploads(scope, item.prepared.body, item.prepared.uploads);
	return item.operation === 'submit'
		? await submitOnly(ctx, item.itemIndex, session, item.model, body, item.options.maxWaitMs)
		: await generateVideo(ctx, item.itemIndex, session, item.model, body, item.options);
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
		const requestId = error.context?.requestId;
		if (typeof requestId === 'string') json.requestId = requestId;
		if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	}
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Validates every item first, so a bad item anywhere stops the run before the first paid
 * request; then generates the videos. Output order and pairedItem follow the input.
 */
export async function runItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const prepared: PreparedItem[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push(prepareItem(ctx, itemIndex));
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results[itemIndex] = errorItem(nodeError, itemIndex);
		}
	}
	if (prepared.length === 0) return results as INodeExecutionData[];

	const credentials = await ctx.getCredentials('segmindApi');
	const session: SegmindSession = {
		endpoints: {
			apiUrl: String(credentials.baseUrl || DEFAULT_API_URL),
			uploadUrl: String(credentials.uploadUrl || DEFAULT_UPLOAD_URL),
		},
		gate: new RateGate(),
		redact: apiKeyRedactor(String(credentials.apiKey ?? '')),
	};

	// Without continueOnFail the first error stops the run, so the remaining items are not started.
	let failure: NodeApiError | NodeOperationError | undefined;
	const concurrency = prepared[0].options.concurrency;
	await mapWithConcurrency(prepared, concurrency, async (item) => {
		if (failure) return;
		try {
			results[item.itemIndex] = await runItem(ctx, session, item);
		} catch (error) {
			const nodeError = asNodeError(ctx, error, item.itemIndex);
			if (continueOnFail) results[item.itemIndex] = errorItem(nodeError, item.itemIndex);
			else failure ??= nodeError;
		}
	});
	if (failure) throw withFinishedJobs(failure, results);
	return results as INodeExecutionData[];
}

/**
 * Items that finished while another failed are lost with the thrown error, though Segmind
 * billed them: the error lists their request ids so Get Result can still fetch them.
 */
function withFinishedJobs(
	failure: NodeApiError | NodeOperationError,
	results: Array<INodeExecutionData | undefined>,
): NodeApiError | NodeOperationError {
	const finished = results.flatMap((result, itemIndex) =>
		typeof result?.json.requestId === 'string' ? [`item ${itemIndex}: ${result.json.requestId}`] : [],
	);
	if (finished.length > 0) {
		failure.description = `${failure.description ?? ''} Other items finished before the run stopped; fetch their videos with Get Result: ${finished.join(', ')}.`.trim();
	}
	return failure;
}
