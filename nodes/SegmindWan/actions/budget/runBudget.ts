import type { IExecuteFunctions } from 'n8n-workflow';

import type { SegmindSession } from '../../transport/client/session';
import { itemScope } from '../../transport/client/session';
import { readUserCredits } from '../../transport/jobs/userCredits';
import { asNodeError, type NodeError } from '../itemErrors';
import type { PreparedItem, PreparedJob } from '../prepareItem';
import type { RunStop } from '../runStop';
import { capReachedError, creditsTooLowError, unknownPriceError } from './budgetErrors';
import type { BudgetOptions } from './budgetOptions';
import { readBudgetOptions } from './budgetOptions';
import { CostCap } from './costCap';
import { toMicros } from './usd';

/** The run's budget guard: the router calls `admit` just before an item's work starts. */
export interface RunBudget {
	/**
	 * Reserves the item's worst case. Throws the item's budget error when it is refused with
	 * "continue on fail" (it becomes the item's error item). Without it, returns false: the item
	 * is not sent, no later item is either, and `stopRun` reports it once the items already
	 * admitted are done (they were committed, so they still run). Get Result and Find Jobs
	 * items are never counted.
	 */
	admit(item: PreparedItem): boolean;
	/** Without "continue on fail": stops the run at the first item past the cap, if any. */
	stopRun(stop: RunStop): void;
}

/** Only Generate Video and Submit start a paid job (Get Result and Find Jobs read for free). */
const isPaid = (item: PreparedItem): item is PreparedJob =>
	item.operation === 'generate' || item.operation === 'submit';

/**
 * Reads the budget options of every paid item, prices each one (the model's worst case, or the
 * item's "Assumed Cost per Video" for a model without a stated price) and, with "Check Credits
 * First", asks Segmind for the balance once. All before any paid request: without "continue on
 * fail" the first problem is thrown here; with it, the item's error is kept for `admit`.
 */
export async function openBudget(
	ctx: IExecuteFunctions,
	session: SegmindSession,
	prepared: readonly PreparedItem[],
	continueOnFail: boolean,
): Promise<RunBudget> {
	const refusals = new Map<number, NodeError>();
	const refuse = (itemIndex: number, error: unknown) => {
		const nodeError = asNodeError(ctx, error, itemIndex);
		if (!continueOnFail) throw nodeError;
		refusals.set(itemIndex, nodeError);
	};

	const paid: Array<{ job: PreparedJob; options: BudgetOptions }> = [];
	for (const job of prepared.filter(isPaid)) {
		try {
			paid.push({ job, options: readBudgetOptions(ctx, job.itemIndex) });
		} catch (error) {
			refuse(job.itemIndex, error);
		}
	}
	// Like Concurrency, the first item's setting applies to the whole run.
	const runOptions = paid[0]?.options;
	const cap =
		runOptions?.maxCostUsd === undefined ? undefined : new CostCap(toMicros(runOptions.maxCostUsd));
	const checkCredits = runOptions?.checkCreditsFirst === true;

	const worstCase = new Map<number, number>();
	if (cap || checkCredits) {
		const needs = cap ? '"Max Cost per Run (USD)"' : '"Check Credits First"';
		for (const { job, options } of paid) {
			const usd = job.model.maxCostUsd ?? options.assumedCostUsd;
			if (usd === undefined)
				refuse(
					job.itemIndex,
					unknownPriceError(ctx.getNode(), job.itemIndex, job.model.slug, needs),
				);
			else worstCase.set(job.itemIndex, toMicros(usd));
		}
	}

	if (checkCredits && worstCase.size > 0) {
		const items = [...worstCase.keys()];
		const total = [...worstCase.values()].reduce((sum, micros) => sum + micros, 0);
		const first = paid.find(({ job }) => job.itemIndex === items[0])!.job;
		const scope = itemScope(ctx, session, first.itemIndex, first.options.maxWaitMs);
		let credits;
		try {
			credits = await readUserCredits(scope);
		} catch (error) {
			for (const itemIndex of items) refuse(itemIndex, error);
		}
		if (credits && toMicros(credits.remaining) < total) {
			for (const itemIndex of items)
				refuse(itemIndex, creditsTooLowError(ctx.getNode(), itemIndex, credits, total, items));
		}
	}

	const laterItems = (itemIndex: number) =>
		prepared.map((item) => item.itemIndex).filter((index) => index > itemIndex);
	let capReached: { itemIndex: number; error: NodeError } | undefined;
	const notSent: number[] = [];
	return {
		admit(item) {
			// Without "continue on fail" the run stops at the first item past the cap: no item
			// after it is sent (a Get Result's video could not be output either).
			if (capReached) {
				notSent.push(item.itemIndex);
				return false;
			}
			if (!isPaid(item)) return true;
			const refusal = refusals.get(item.itemIndex);
			if (refusal) throw refusal;
			const micros = worstCase.get(item.itemIndex);
			if (!cap || micros === undefined || cap.reserve(item.itemIndex, micros)) return true;
			const error = capReachedError(
				ctx.getNode(),
				{ itemIndex: item.itemIndex, slug: item.model.slug, worstCaseMicros: micros },
				cap,
				continueOnFail ? [item.itemIndex] : [item.itemIndex, ...laterItems(item.itemIndex)],
			);
			if (continueOnFail) throw error;
			capReached = { itemIndex: item.itemIndex, error };
			return false;
		},
		stopRun(stop) {
			if (!capReached) return;
			stop.fail(capReached.itemIndex, capReached.error);
			for (const itemIndex of notSent) stop.skip(itemIndex);
		},
	};
}
