import { NodeOperationError } from 'n8n-workflow';

import { openBudget } from '../../../../nodes/SegmindWan/actions/budget/runBudget';
import type { PreparedItem } from '../../../../nodes/SegmindWan/actions/prepareItem';
import { RunStop } from '../../../../nodes/SegmindWan/actions/runStop';
import { findModel } from '../../../../nodes/SegmindWan/models';
import type { SegmindSession } from '../../../../nodes/SegmindWan/transport/client/session';
import { fakeContext } from '../fakeContext';

const options = {
	mode: 'wait' as const,
	binaryPropertyName: 'data',
	maxWaitMs: 60_000,
	concurrency: 3,
	reuseIdenticalJob: false,
	video: { output: 'binary' as const, maxBytes: null },
};
const job = (itemIndex: number, slug: string): PreparedItem => ({
	itemIndex,
	operation: 'generate',
	model: findModel(slug)!,
	prepared: { body: {}, uploads: [] },
	options,
});
const lookup = (itemIndex: number): PreparedItem => ({
	itemIndex,
	operation: 'getResult',
	requestId: 'abc',
	options,
});
// No credits check in these runs: the session is never used.
const session = {} as SegmindSession;

/** Flash ($0.18), Wan 2.6 ($2.81), Flash, then a Get Result, all with a $1 cap. */
const mixed = [
	job(0, 'wan-2.2-i2v-flash'),
	job(1, 'wan-2.6-i2v'),
	job(2, 'wan-2.2-i2v-flash'),
	lookup(3),
];
const context = (continueOnFail: boolean) =>
	fakeContext({
		items: mixed.map(() => ({ parameters: { options: { maxCostUsd: 1 } } })),
		continueOnFail,
	});

it('with Continue On Fail, only the item past the cap is refused; a cheaper one after it runs', async () => {
	const budget = await openBudget(context(true), session, mixed, true);
	expect(budget.admit(mixed[0])).toBe(true);
	expect(() => budget.admit(mixed[1])).toThrow(
		'Max Cost per Run reached: item 1 was not sent (wan-2.6-i2v costs up to $2.81; $0.18 of the $1.00 cap already committed)',
	);
	expect(budget.admit(mixed[2])).toBe(true);
	expect(budget.admit(mixed[3])).toBe(true);
	const stop = new RunStop();
	budget.stopRun(stop);
	expect(stop.stopped).toBe(false);
});

it('without it, the run stops at the item past the cap: nothing after it is sent, Get Result included', async () => {
	const budget = await openBudget(context(false), session, mixed, false);
	expect(budget.admit(mixed[0])).toBe(true);
	expect(mixed.slice(1).map((item) => budget.admit(item))).toEqual([false, false, false]);
	const stop = new RunStop();
	budget.stopRun(stop);
	const error = stop.error([], new Map());
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toContain('item 1 was not sent');
	expect(error.context.budget).toEqual({
		capUsd: 1,
		committedUsd: 0.18,
		committedItems: [0],
		notSentItems: [1, 2, 3],
	});
	expect(error.context.notSentItems).toEqual([2, 3]);
	expect(error.description).toContain('Committed $0.18 (worst case) by item 0.');
});

it('no budget option: every item passes, nothing is counted', async () => {
	const items = [job(0, 'wan-2.6-i2v'), job(1, 'wan2.1-i2v-720p')];
	const budget = await openBudget(fakeContext({ items: [{}, {}] }), session, items, false);
	expect(items.map((item) => budget.admit(item))).toEqual([true, true]);
});

it('a Find Jobs item is free: never priced or refused, even when a cap is set', async () => {
	const search: PreparedItem = {
		itemIndex: 1,
		operation: 'findJobs',
		query: {} as Extract<PreparedItem, { operation: 'findJobs' }>['query'],
		options,
	};
	const items = [job(0, 'wan-2.2-i2v-flash'), search];
	const ctx = fakeContext({
		items: items.map(() => ({ parameters: { options: { maxCostUsd: 0.2 } } })),
		continueOnFail: false,
	});
	const budget = await openBudget(ctx, session, items, false);
	expect(items.map((item) => budget.admit(item))).toEqual([true, true]);
	const stop = new RunStop();
	budget.stopRun(stop);
	expect(stop.stopped).toBe(false);
});
