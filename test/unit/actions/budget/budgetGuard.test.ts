import { NodeOperationError } from 'n8n-workflow';

import { readBudgetOptions } from '../../../../nodes/SegmindWan/actions/budget/budgetOptions';
import { CostCap } from '../../../../nodes/SegmindWan/actions/budget/costCap';
import { formatUsd, itemList, toMicros } from '../../../../nodes/SegmindWan/actions/budget/usd';
import { fakeContext } from '../fakeContext';

describe('CostCap', () => {
	it('admits items while their worst case fits, exactly at the cap (0.18 × 3 = 0.54, no float drift)', () => {
		const cap = new CostCap(toMicros(0.54));
		expect([0, 1, 2, 3, 4].map((item) => cap.reserve(item, toMicros(0.18)))).toEqual([
			true,
			true,
			true,
			false,
			false,
		]);
		expect(cap.committedMicros).toBe(540_000);
		expect(cap.committedItems).toEqual([0, 1, 2]);
	});

	it('a refused item adds nothing; a cheaper one after it may still fit', () => {
		const cap = new CostCap(toMicros(1));
		expect(cap.reserve(0, toMicros(0.9))).toBe(true);
		expect(cap.reserve(1, toMicros(2.81))).toBe(false);
		expect(cap.committedMicros).toBe(900_000);
		expect(cap.reserve(2, toMicros(0.1))).toBe(true);
		expect(cap.committedItems).toEqual([0, 2]);
	});

	it('whatever order concurrent items reserve in, the total never passes the cap', () => {
		for (let round = 0; round < 50; round++) {
			const cap = new CostCap(toMicros(1));
			const order = [0, 1, 2, 3, 4, 5, 6, 7].sort(() => Math.random() - 0.5);
			const admitted = order.filter((item) => cap.reserve(item, toMicros(0.3)));
			expect(admitted).toHaveLength(3);
			expect(cap.committedMicros).toBeLessThanOrEqual(1_000_000);
		}
	});
});

describe('money texts', () => {
	it.each([
		[2.814, '$2.814'],
		[0.54, '$0.54'],
		[10, '$10.00'],
		[0.0184, '$0.0184'],
		[0.5184, '$0.5184'],
	])('%s → %s', (usd, text) => expect(formatUsd(toMicros(usd))).toBe(text));

	it('lists items in order, singular or plural', () => {
		expect(itemList([3])).toBe('item 3');
		expect(itemList([4, 2, 3])).toBe('items 2, 3, 4');
	});
});

describe('readBudgetOptions', () => {
	const read = (options: Record<string, unknown>) =>
		readBudgetOptions(fakeContext({ items: [{}, { parameters: { options } }] }), 1);

	it('unset options: no cap, no credits check, no assumed price', () => {
		expect(read({})).toEqual({
			maxCostUsd: undefined,
			checkCreditsFirst: false,
			assumedCostUsd: undefined,
		});
	});

	it('reads set values', () => {
		expect(read({ maxCostUsd: 2.5, checkCreditsFirst: true, assumedCostUsd: '0.4' })).toEqual({
			maxCostUsd: 2.5,
			checkCreditsFirst: true,
			assumedCostUsd: 0.4,
		});
	});

	it.each([
		['maxCostUsd', 'Max Cost per Run (USD)', 0],
		['maxCostUsd', 'Max Cost per Run (USD)', -3],
		['maxCostUsd', 'Max Cost per Run (USD)', 'ten'],
		['assumedCostUsd', 'Assumed Cost per Video (USD)', 0],
		['assumedCostUsd', 'Assumed Cost per Video (USD)', true],
	])('%s = %j is refused, naming the item and the field', (name, label, value) => {
		let thrown: unknown;
		try {
			read({ [name]: value });
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(NodeOperationError);
		const error = thrown as NodeOperationError;
		expect(error.message).toBe(
			`Invalid "${label}" (${name}) for item 1: must be an amount in USD above 0, got ${JSON.stringify(value)}`,
		);
		expect(error.description).toBe(
			'Remove the option to run without it. Nothing was sent to Segmind.',
		);
	});
});
