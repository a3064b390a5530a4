import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { asNodeError, errorItem } from '../../../nodes/SegmindWan/actions/itemErrors';

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

describe('errorItem: the item a failed input becomes', () => {
	const apiError = () => {
		const error = new NodeApiError(
			node,
			{},
			{ message: 'Download failed', description: 'The video URL answered 404', httpCode: '404' },
		);
		error.context.requestId = 'abc123';
		return error;
	};

	it('Continue (regular output): the request id at the top, as before', () => {
		expect(errorItem(apiError(), 2)).toEqual({
			json: {
				error: 'Download failed',
				description: 'The video URL answered 404',
				requestId: 'abc123',
				httpCode: '404',
			},
			pairedItem: { item: 2 },
		});
	});

	it('Continue (using error output): only error and details, so n8n routes it to the error output', () => {
		const item = errorItem(apiError(), 2, 'errorOutput');
		expect(item).toEqual({
			json: {
				error: 'Download failed',
				details: {
					description: 'The video URL answered 404',
					requestId: 'abc123',
					httpCode: '404',
				},
			},
			pairedItem: { item: 2 },
		});
		// n8n-core's rule (handleNodeErrorOutput): json.error set, every key error/message/details.
		expect(
			Object.keys(item.json).every((key) => ['error', 'message', 'details'].includes(key)),
		).toBe(true);
	});

	it('a plain error (no job) keeps the same shapes without the job fields', () => {
		expect(errorItem(new Error('boom'), 0).json).toEqual({ error: 'boom' });
		expect(errorItem(new Error('boom'), 0, 'errorOutput').json).toEqual({
			error: 'boom',
			details: {},
		});
	});
});
