/**
 * Money in whole micro-dollars, so sums and the cap compare exactly (0.18 × 3 is 0.54, not
 * 0.5399999…).
 */
export const toMicros = (usd: number): number => Math.round(usd * 1_000_000);

/** `$2.814`, `$0.54`, `$10.00`: at least two decimals, at most four. */
export function formatUsd(micros: number): string {
	return `$${(micros / 1_000_000).toFixed(4).replace(/0{1,2}$/, '')}`;
}

/** `item 3`, `items 3, 4` */
export function itemList(itemIndexes: readonly number[]): string {
	const sorted = [...itemIndexes].sort((a, b) => a - b);
	return `${sorted.length === 1 ? 'item' : 'items'} ${sorted.join(', ')}`;
}
