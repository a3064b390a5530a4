import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ModelDeclaration } from '../models/types';
import { RateGate } from '../transport/client/rateGate';
import { apiKeyRedactor } from '../transport/http/redactApiKey';
import type { SegmindSession } from '../transport/client/session';
import { RunStoppedBeforeSend } from '../transport/client/segmindClient';
import type { RunBinaryBudget } from './binarySizes';
import { checkUploadSizes } from './binarySizes';
import { mapWithConcurrency } from './concurrency';
import type { ExecutionMode, GenerateOptions } from './generateVideo';
import { generateVideo } from './generateVideo';
import { asNodeError, errorItem } from './itemErrors';
import { getResult, submitOnly } from './jobOperations';
import { readRequestId } from './requestIdInput';
import { resolveUploads } from './mediaInputs';
import type { PreparedBody } from './readRequestBody';
import { readRequestBody, resolveModel } from './readRequestBody';
import { RunStop } from './runStop';

export const DEFAULT_API_URL = 'https://api.segmind.com';
export const DEFAULT_UPLOAD_URL = 'https://workflows-api.segmind.com';
export const DEFAULT_MAX_WAIT_MINUTES = 30;
/**
 * Segmind keeps a result for one hour after submission; 55 minutes leaves the last five to
 * fetch the result and download the video (or to run Get Result after a Max Wait error).
 */
export const MAX_WAIT_MINUTES = 55;
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
	if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_WAIT_MINUTES) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Max Wait (Minutes)" (maxWaitMinutes) for item ${itemIndex}: must be a number above 0 and at most ${MAX_WAIT_MINUTES}, got ${String(options.maxWaitMinutes)}`, {
			description: `Segmind keeps a result for one hour after submission, so a longer wait could not fetch it. For longer jobs use Submit, then Get Result later. Nothing was sent to Segmind.`,
			itemIndex,
		});
	}
	const binaryPropertyName = String(options.binaryPropertyName ?? 'data').trim();
	if (!binaryPropertyName) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Put Output in Field" (binaryPropertyName) for item ${itemIndex}: must not be empty`, {
			description: 'Nothing was sent to Segmind.',
			itemIndex,
		});
	}
	const concurrency = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Concurrency" (concurrency) for item ${itemIndex}: must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(options.concurrency)}`, {
			description: 'Nothing was sent to Segmind.',
			itemIndex,
		});
	}
	return {
		mode: ctx.getNodeParameter('executionMode', itemIndex, 'wait') as ExecutionMode,
		binaryPropertyName,
		maxWaitMs: minutes * 60_000,
		concurrency,
	};
}

function prepareItem(ctx: IExecuteFunctions, itemIndex: number): PreparedItem {
	const operation = ctx.getNodeParameter('operation', itemIndex, 'generate') as Operation;
	const options = readOptions(ctx, itemIndex);
	if (operation === 'getResult') {
		return { itemIndex, operation, requestId: readRequestId(ctx, itemIndex), options };
	}
	const model = resolveModel(ctx, itemIndex);
	return { itemIndex, operation, model, prepared: readRequestBody(ctx, itemIndex, model), options };
}

/**
 * Runs one item. If the run stops (another item failed) before this item's paid request goes
 * out, that request is not sent (RunStoppedBeforeSend): nothing is billed for a result nobody
 * would receive, even when its uploads are done.
 */
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

/**
 * Validates every item first (fields, binary types and sizes), so a bad item anywhere stops
 * the run before the first paid request; then generates the videos. Output order and
 * pairedItem follow the input.
 */
export async function runItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const prepared: PreparedItem[] = [];
	const binaryBudget: RunBinaryBudget = { usedBytes: 0 };

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const item = prepareItem(ctx, itemIndex);
			if (item.operation !== 'getResult') await checkUploadSizes(ctx, itemIndex, item.prepared.uploads, binaryBudget);
			prepared.push(item);
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results[itemIndex] = errorItem(nodeError, itemIndex);
		}
	}
	if (prepared.length === 0) return results as INodeExecutionData[];

	// Without continueOnFail the first error stops the run: items not yet sent are not sent
	// (checked just before each paid request, see postPaid), items in flight are awaited (each
	// bounded by its Max Wait) so that the error can list every paid job with its final state.
	const stop = new RunStop();
	const credentials = await ctx.getCredentials('segmindApi');
	const session: SegmindSession = {
		endpoints: {
			apiUrl: String(credentials.baseUrl || DEFAULT_API_URL),
			uploadUrl: String(credentials.uploadUrl || DEFAULT_UPLOAD_URL),
		},
		gate: new RateGate(),
		redact: apiKeyRedactor(String(credentials.apiKey ?? '')),
		runStopped: () => stop.stopped,
	};
	const concurrency = prepared[0].options.concurrency;
	await mapWithConcurrency(prepared, concurrency, async (item) => {
		if (stop.stopped) return stop.skip(item.itemIndex);
		try {
			results[item.itemIndex] = await runItem(ctx, session, item);
		} catch (error) {
			if (error instanceof RunStoppedBeforeSend) return stop.skip(item.itemIndex);
			const nodeError = asNodeError(ctx, error, item.itemIndex);
			if (continueOnFail) results[item.itemIndex] = errorItem(nodeError, item.itemIndex);
			else stop.fail(item.itemIndex, nodeError);
		}
	});
	if (stop.stopped) {
		throw stop.error(results, new Map(prepared.map((item) => [item.itemIndex, item.operation])));
	}
	return results as INodeExecutionData[];
}
