import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Closes every input error found before the run sent anything: fixing it costs nothing. */
export const NOTHING_SENT = 'Nothing was sent to Segmind.';

/** For a refusal found while items run (others may have been sent already). */
export const ITEM_NOT_SENT = 'This item was not sent to Segmind.';

/**
 * A field as the user knows it: its label in the editor, then the name Segmind (or the node)
 * gives it, e.g. `"Max Wait (Minutes)" (maxWaitMinutes)`; the label alone when there is none.
 */
export function fieldLabel(displayName: string, name?: string): string {
	return name ? `"${displayName}" (${name})` : `"${displayName}"`;
}

/** `Invalid "Concurrency" (concurrency) for item 2: must be …`: the message of a wrong input. */
export function invalidMessage(label: string, itemIndex: number, problem: string): string {
	return `Invalid ${label} for item ${itemIndex}: ${problem}`;
}

/** The advice, then NOTHING_SENT; NOTHING_SENT alone without advice. */
export function nothingSent(advice?: string): string {
	return advice ? `${advice} ${NOTHING_SENT}` : NOTHING_SENT;
}

/**
 * An input the node refuses, bound to its item. `description` says what to do; most callers
 * want `invalidInput`, which builds both texts.
 */
export function inputError(
	node: INode,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(node, message, { description, itemIndex });
}

/**
 * `Invalid <label> for item N: <problem>`, described as `<advice> Nothing was sent to Segmind.`
 * `label` is usually `fieldLabel(…)`.
 */
export function invalidInput(
	node: INode,
	itemIndex: number,
	label: string,
	problem: string,
	advice?: string,
): NodeOperationError {
	return inputError(
		node,
		itemIndex,
		invalidMessage(label, itemIndex, problem),
		nothingSent(advice),
	);
}
