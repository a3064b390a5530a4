import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SegmindSession } from '../transport/client/session';
import { RunStoppedBeforeSend } from '../transport/client/segmindClient';
import type { RunBinaryBudget } from './binarySizes';
import { mapWithConcurrency } from './concurrency';
import * as findJobs from './findJobs.operation';
import * as generate from './generate.operation';
import * as getResult from './getResult.operation';
import { openBudget } from './budget/runBudget';
import { asNodeError, errorItem } from './itemErrors';
import type { ErrorItemOutput } from './itemErrors';
import type { PreparedItem } from './prepareItem';
import { prepareItem } from './prepareItem';
import { RunStop } from './runStop';
import { openSession } from './session';
import * as submit from './submit.operation';

/**
 * Runs one item's operation. If the run stops (another item failed) before this item's paid
 * request goes out, that request is not sent (RunStoppedBeforeSend): nothing is billed for a
 * result nobody would receive, even when its uploads are done.
 */
async function dispatch(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	item: PreparedItem,
): Promise<INodeExecutionData | INodeExecutionData[]> {
	if (item.operation === 'getResult') return await getResult.execute(ctx, session, item);
	if (item.operation === 'findJobs') return await findJobs.execute(ctx, session, item);
	if (item.operation === 'submit') return await submit.execute(ctx, session, item);
	return await generate.execute(ctx, session, item);
}

/**
 * Validates every item first (fields, binary types and sizes), so a bad item anywhere stops
 * the run before the first paid request; then runs them, Concurrency at a time. Output order
 * and pairedItem follow the input.
 */
export async function runItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	// "Continue (using error output)" routes only items shaped for it (see errorItem).
	const errorOutput: ErrorItemOutput =
		ctx.getNode().onError === 'continueErrorOutput' ? 'errorOutput' : 'regularOutput';
	// Find Jobs gives an item several output items (one per job found), the others one.
	const results: Array<INodeExecutionData | INodeExecutionData[] | undefined> = new Array(
		items.length,
	);
	const prepared: PreparedItem[] = [];
	const binaryBudget: RunBinaryBudget = { usedBytes: 0 };

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared.push(await prepareItem(ctx, itemIndex, binaryBudget));
		} catch (error) {
			const nodeError = asNodeError(ctx, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results[itemIndex] = errorItem(nodeError, itemIndex, errorOutput);
		}
	}
	if (prepared.length === 0) return outputOf(results);

	// Without continueOnFail the first error stops the run: items not yet sent are not sent
	// (checked just before each paid request: sendPaid in transport/client/segmindClient.ts);
	// items in flight are awaited (each bounded by its Max Wait) so that the error can list
	// every paid job with its final state.
	const stop = new RunStop();
	const session = await openSession(ctx, stop);
	// Max Cost per Run, Check Credits First: checked before any paid request (budget/).
	const budget = await openBudget(ctx, session, prepared, continueOnFail);
	const concurrency = prepared[0].options.concurrency;
	await mapWithConcurrency(prepared, concurrency, async (item) => {
		if (stop.stopped) return stop.skip(item.itemIndex);
		try {
			// Past Max Cost per Run: not sent; budget.stopRun reports it after the admitted items.
			if (!budget.admit(item)) return;
			results[item.itemIndex] = await dispatch(ctx, session, item);
		} catch (error) {
			if (error instanceof RunStoppedBeforeSend) return stop.skip(item.itemIndex);
			const nodeError = asNodeError(ctx, error, item.itemIndex);
			if (continueOnFail)
				results[item.itemIndex] = errorItem(nodeError, item.itemIndex, errorOutput);
			else stop.fail(item.itemIndex, nodeError);
		}
	});
	budget.stopRun(stop);
	if (stop.stopped) {
		const single = results.map((result) => (Array.isArray(result) ? undefined : result));
		throw stop.error(single, new Map(prepared.map((item) => [item.itemIndex, item.operation])));
	}
	return outputOf(results);
}

/** The output in input order: each item's one output, or its list (Find Jobs). */
function outputOf(
	results: Array<INodeExecutionData | INodeExecutionData[] | undefined>,
): INodeExecutionData[] {
	return results.flatMap((result) => (result === undefined ? [] : result));
}
