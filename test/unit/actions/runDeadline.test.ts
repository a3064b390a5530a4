// The run's deadline as the node reads it: what n8n versions without an execution start give,
// the margin, and the refusal's bounds (the real n8n-core context: test/integration/runDeadline).
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	finishMarginMs,
	readRunDeadline,
	refuseJobPastDeadline,
} from '../../../nodes/SegmindWan/actions/runDeadline';
import { fakeContext, thrownBy } from './fakeContext';

function contextWith(settings: object, establishedAt?: unknown): IExecuteFunctions {
	const ctx = fakeContext({ items: [{}] }) as IExecuteFunctions & Record<string, unknown>;
	ctx.getWorkflowSettings = () => settings;
	if (establishedAt !== undefined) ctx.getExecutionContext = () => ({ establishedAt }) as never;
	return ctx;
}

const NOW = 1_800_000_000_000;
const flash = { slug: 'wan-2.2-i2v-flash', typicalSeconds: 66.59 };

describe('readRunDeadline', () => {
	it('no timeout of the workflow (none, -1, 0, not a number): no deadline', () => {
		for (const executionTimeout of [undefined, -1, 0, 'soon'])
			expect(readRunDeadline(contextWith({ executionTimeout }, NOW - 5_000), NOW)).toBeUndefined();
	});

	it("counts from the execution's start when n8n gives it", () => {
		expect(readRunDeadline(contextWith({ executionTimeout: 300 }, NOW - 40_000), NOW)).toEqual({
			timeoutSeconds: 300,
			at: NOW + 260_000,
			startKnown: true,
		});
	});

	it("without an execution start (older n8n, or a start after the node's): from the node's start, and says so", () => {
		for (const established of [undefined, NOW + 1_000, 'yesterday'])
			expect(
				readRunDeadline(contextWith({ executionTimeout: 300 }, established), NOW - 2_000),
			).toEqual({ timeoutSeconds: 300, at: NOW + 298_000, startKnown: false });
	});
});

it('a context that throws when asked is one without the fact', () => {
	const ctx = contextWith({ executionTimeout: 300 }) as IExecuteFunctions & Record<string, unknown>;
	ctx.getExecutionContext = () => {
		throw new Error('not in this context');
	};
	expect(readRunDeadline(ctx, NOW)).toEqual({
		timeoutSeconds: 300,
		at: NOW + 300_000,
		startKnown: false,
	});
	ctx.getWorkflowSettings = () => {
		throw new Error('not in this context');
	};
	expect(readRunDeadline(ctx, NOW)).toBeUndefined();
});

describe('finishMarginMs and refuseJobPastDeadline', () => {
	it('keeps a tenth of the timeout, 5 s to 30 s', () => {
		const margin = (timeoutSeconds: number) =>
			finishMarginMs({ timeoutSeconds, at: 0, startKnown: true });
		expect([10, 75, 300, 3600].map(margin)).toEqual([5_000, 7_500, 30_000, 30_000]);
	});

	it('refuses exactly when the typical time does not fit before deadline less margin', () => {
		const ctx = contextWith({});
		const deadline = (leftMs: number) => ({
			timeoutSeconds: 300,
			at: NOW + leftMs,
			startKnown: true,
		});
		const fits = 66_590 + 30_000;
		expect(() => refuseJobPastDeadline(ctx, 0, flash, deadline(fits), NOW)).not.toThrow();
		const error = thrownBy(() => refuseJobPastDeadline(ctx, 3, flash, deadline(fits - 1), NOW));
		expect(error.message).toBe(
			'Item 3: wan-2.2-i2v-flash typically takes 67 s, more than this workflow\'s timeout leaves: 300 s (workflow setting "Timeout Workflow"), 97 s left since the execution started, less 30 s kept for the download',
		);
		expect(() => refuseJobPastDeadline(ctx, 0, flash, undefined, NOW)).not.toThrow();
	});

	it("a deadline counted from the node's start says so", () => {
		const error = thrownBy(() =>
			refuseJobPastDeadline(
				contextWith({}),
				0,
				flash,
				{ timeoutSeconds: 60, at: NOW + 60_000, startKnown: false },
				NOW,
			),
		);
		expect(error.message).toContain(
			'60 s left counted from when this node started (n8n did not say when the execution started)',
		);
	});
});
