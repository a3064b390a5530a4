import { TransportFailure } from './httpCall';
import { pause } from './pause';
import type { CallScope } from './segmindCalls';
import { segmindApiError } from './segmindError';

/** Says what cancelling really did: nothing sent, a request cut off, or a wait ended. */
export function cancelledError(scope: CallScope, failure?: unknown, afterSending = '') {
	const notSent = failure instanceof TransportFailure && failure.code === 'CANCELLED_BEFORE_SEND';
	const cutOff = failure instanceof TransportFailure && !notSent;
	return segmindApiError(scope.ctx.getNode(), {
		message: notSent
			? (failure as TransportFailure).message
			: cutOff
				? `The execution was cancelled while a request to Segmind was under way; it was aborted${afterSending}`
				: 'The execution was cancelled while waiting for Segmind',
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
	});
}

/** Waits before another attempt; throws if the execution is cancelled meanwhile. */
export async function waitOrCancel(scope: CallScope, ms: number): Promise<void> {
	if (!(await pause(scope.ctx, ms))) throw cancelledError(scope);
}
