import { segmindErrorText } from '../../../nodes/SegmindWan/transport/client/answer';

it.each([
	[{ error: 'Invalid API key' }, 'Invalid API key'],
	[
		{ error: 'Unauthorized', error_description: 'Key revoked', status_code: 401 },
		'Unauthorized: Key revoked',
	],
	['{"error":"Insufficient credits"}', 'Insufficient credits'],
	[
		'<html><head><style>h1{}</style></head><body><h1>405 Not Allowed</h1></body></html>',
		'405 Not Allowed',
	],
	[{ detail: [{ msg: 'field required' }] }, undefined],
	[{ message: 'Rate limit exceeded' }, 'Rate limit exceeded'],
	[
		{ status: 'FAILED', error: 'Content blocked by safety filter', request_id: 'x' },
		'Content blocked by safety filter',
	],
	['', undefined],
	[undefined, undefined],
])('reads %j as %j', (body, expected) => {
	expect(segmindErrorText(body)).toBe(expected);
});

it('shortens very long bodies', () => {
	expect(segmindErrorText('x'.repeat(2000))!.length).toBeLessThanOrEqual(500);
});
