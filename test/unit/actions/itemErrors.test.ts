import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { asNodeError } from '../../../nodes/SegmindWan/actions/itemErrors';

const node: INode = {
	id: '1',
	name: 'Segmind Wan',
	type: 'segmindWan',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
/** asNodeError only asks the context for its node. */
const ctx = { getNode: () => node } as unknown as IExecuteFunctions;

describe('an error never reaches the user without a message', () => {
	const rangeError = Object.assign(new RangeError(''), { code: 'ERR_STRING_TOO_LONG' });
	it.each([
		['an Error without a message', new Error(''), '(Error)'],
		['a RangeError with a code and no message', rangeError, '(RangeError ERR_STRING_TOO_LONG)'],
		['undefined', undefined, '(nothing)'],
		['an empty string', '', '(nothing)'],
		['a plain object', { status: 'broken' }, '({"status":"broken"})'],
		[
			'a NodeOperationError with an empty message',
			new NodeOperationError(node, ''),
			'(NodeOperationError)',
		],
		[
			'a NodeApiError with an empty message',
			new NodeApiError(node, {}, { message: ' ' }),
			'(NodeApiError)',
		],
	])('%s: names the item and what was thrown', (_name, thrown, what) => {
		const error = asNodeError(ctx, thrown, 3);
		expect(error.message).toBe(`Item 3 failed without an error message ${what}`);
		expect(error.description).toBeTruthy();
	});

	it('keeps a message that exists, and the error itself', () => {
		const original = new NodeApiError(node, {}, { message: 'Segmind 406: Insufficient credits' });
		expect(asNodeError(ctx, original, 0)).toBe(original);
		expect(asNodeError(ctx, new Error('disk full'), 1).message).toBe('disk full');
		expect(asNodeError(ctx, 'plain text', 2).message).toBe('plain text');
	});
});
