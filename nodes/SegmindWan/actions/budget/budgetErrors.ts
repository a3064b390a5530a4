import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ITEM_NOT_SENT, invalidInput, nothingSent } from '../inputErrors';
import type { UserCredits } from '../../transport/jobs/userCredits';
import { ASSUMED_COST_LABEL, MAX_COST_LABEL } from './budgetOptions';
import type { CostCap } from './costCap';
import { formatUsd, itemList, toMicros } from './usd';

/** The item's model has no stated price and the user gave no assumed one: it cannot be counted. */
export function unknownPriceError(
	node: INode,
	itemIndex: number,
	slug: string,
	needs: string,
): NodeOperationError {
	return invalidInput(
		node,
		itemIndex,
		ASSUMED_COST_LABEL,
		`is needed: ${needs} is on and the page of model ${slug} states no price`,
		`Set it to the most one video of ${slug} may cost; it is counted for every item of that model.`,
	);
}

/**
 * An item that would take the run past its cap: not sent. `notSent` is this item and, when the
 * run stops here (no "continue on fail"), every later item.
 */
export function capReachedError(
	node: INode,
	item: { itemIndex: number; slug: string; worstCaseMicros: number },
	cap: CostCap,
	notSent: readonly number[],
): NodeOperationError {
	const committed = formatUsd(cap.committedMicros);
	const limit = formatUsd(cap.capMicros);
	const message =
		`Max Cost per Run reached: item ${item.itemIndex} was not sent ` +
		`(${item.slug} costs up to ${formatUsd(item.worstCaseMicros)}; ${committed} of the ${limit} cap already committed)`;
	const committedBy =
		cap.committedItems.length > 0
			? `Committed ${committed} (worst case) by ${itemList(cap.committedItems)}.`
			: 'Nothing was committed before it.';
	const error = new NodeOperationError(node, message, {
		itemIndex: item.itemIndex,
		description:
			`${committedBy} Not sent to Segmind: ${itemList(notSent)}. ` +
			`Raise ${MAX_COST_LABEL} or send fewer items. ${ITEM_NOT_SENT}`,
	});
	error.context.budget = {
		capUsd: cap.capMicros / 1_000_000,
		committedUsd: cap.committedMicros / 1_000_000,
		committedItems: [...cap.committedItems].sort((a, b) => a - b),
		notSentItems: [...notSent].sort((a, b) => a - b),
	};
	return error;
}

/** The balance is below what the run may cost: refused before any paid request. */
export function creditsTooLowError(
	node: INode,
	itemIndex: number,
	credits: UserCredits,
	worstCaseMicros: number,
	paidItems: readonly number[],
): NodeOperationError {
	const remaining = toMicros(credits.remaining);
	const balance = credits.noRecord
		? 'Segmind has no credit record for this key ("No credits found"), so $0.00 of credits'
		: `Segmind reports ${formatUsd(remaining)} of credits (credits ${formatUsd(toMicros(credits.credits))} + free credits ${formatUsd(toMicros(credits.freeCredits))})`;
	const error = new NodeOperationError(
		node,
		`Check Credits First: ${balance}, less than this run's worst case of ${formatUsd(worstCaseMicros)} (${itemList(paidItems)})`,
		{
			itemIndex,
			description: nothingSent(
				'Top up your Segmind credits, send fewer items, or turn off "Check Credits First".',
			),
		},
	);
	error.context.credits = {
		remainingUsd: credits.remaining,
		worstCaseUsd: worstCaseMicros / 1_000_000,
	};
	return error;
}
