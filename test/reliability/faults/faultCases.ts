/**
 * What the fault-matrix files share: the parameters they run and how they hold an error to
 * its cause and request id.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import type { RunNodeResult } from '../../harness';

export const flash: INodeParameters = {
	model: 'wan-2.2-i2v-flash',
	image: 'https://example.com/cat.png',
	prompt: 'a cat',
};

/**
 * The same model through "Other (by Slug)" with a 5 s typical time, so status checks come at
 * 2 s, 4 s, then every 2.75 s: cases that need several checks stay short.
 */
export const quickPolls: INodeParameters = {
	model: 'other',
	otherSlug: 'wan-2.2-i2v-flash',
	otherBody: JSON.stringify({ image: 'https://example.com/cat.png', prompt: 'a cat' }),
	otherTypicalSeconds: 5,
};

/**
 * The error names the cause (every fragment) and, when given, the request id in message,
 * context and description; "Get Result" is suggested only where it can fetch the job.
 */
export function expectError(
	result: RunNodeResult,
	fragments: string[],
	requestId?: string,
	recoverable = true,
) {
	const error = result.error as NodeApiError;
	expect(error).toBeInstanceOf(NodeApiError);
	for (const fragment of fragments) expect(error.message).toContain(fragment);
	expect(result.items).toEqual([]);
	if (requestId) {
		expect(error.message).toContain(`(request ${requestId})`);
		expect(error.context.requestId).toBe(requestId);
		expect(error.description).toContain(`Request ID: ${requestId}.`);
		if (recoverable)
			expect(error.description).toContain('use the operation "Get Result" with this ID');
		else expect(error.description).not.toContain('Get Result');
	} else {
		expect(error.context.requestId).toBeUndefined();
	}
	return error;
}

export const MAY_HAVE_STARTED = 'may have started (and billed) the job';
