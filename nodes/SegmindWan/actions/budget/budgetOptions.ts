import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldLabel, invalidInput } from '../inputErrors';

/** An item's budget options, checked (the first paid item's cap and credits check apply to the run). */
export interface BudgetOptions {
	/** "Max Cost per Run (USD)": no cap when undefined. */
	maxCostUsd?: number;
	/** "Check Credits First": one free credits call before the run's first paid request. */
	checkCreditsFirst: boolean;
	/** "Assumed Cost per Video (USD)": the price counted for a model whose page states none. */
	assumedCostUsd?: number;
}

export const MAX_COST_LABEL = fieldLabel('Max Cost per Run (USD)', 'maxCostUsd');
export const ASSUMED_COST_LABEL = fieldLabel('Assumed Cost per Video (USD)', 'assumedCostUsd');

/** A positive amount of dollars, or undefined when the option is not set. */
function dollars(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const amount = Number(value);
	if (typeof value === 'boolean' || !Number.isFinite(amount) || amount <= 0) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			label,
			`must be an amount in USD above 0, got ${JSON.stringify(value)}`,
			'Remove the option to run without it.',
		);
	}
	return amount;
}

/** Reads the item's budget options; a wrong value is an input error (nothing sent). */
export function readBudgetOptions(ctx: IExecuteFunctions, itemIndex: number): BudgetOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		maxCostUsd: dollars(ctx, itemIndex, options.maxCostUsd, MAX_COST_LABEL),
		checkCreditsFirst: options.checkCreditsFirst === true,
		assumedCostUsd: dollars(ctx, itemIndex, options.assumedCostUsd, ASSUMED_COST_LABEL),
	};
}
