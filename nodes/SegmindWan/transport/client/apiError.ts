// Client layer: builds every Segmind NodeApiError (a failed answer, a call lost or cancelled).
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { TransportFailure } from '../http/transportFailure';
import type { SegmindAnswer } from './answer';
import { segmindErrorText } from './answer';
import { MAY_HAVE_STARTED, requestIdHint, STATUS_HINTS } from './errorHints';
import { isCancelled } from './pause';
import type { CallScope } from './session';

export interface SegmindErrorDetails {
	/** HTTP status Segmind answered with; absent for network failures and timeouts. */
	statusCode?: number;
	body?: unknown;
	/** Our own explanation when there is no Segmind message (network, timeout, bad shape). */
	message?: string;
	hint?: string;
	requestId?: string;
	/**
	 * false when "Get Result" cannot help: the job failed, or the id is a synchronous request's
	 * (only v2 jobs can be fetched). Default true.
	 */
	recoverable?: boolean;
	/** Segmind said the job is COMPLETED: "fetch it again", not "it may still finish". */
	finished?: boolean;
	itemIndex: number;
}

/**
 * Builds a NodeApiError from plain data only: the raw HTTP error is never passed on, because
 * its request config carries the x-api-key header.
 */
export function segmindApiError(node: INode, details: SegmindErrorDetails): NodeApiError {
	const { statusCode, requestId, itemIndex } = details;
	const segmindText = segmindErrorText(details.body);
	// Our context first when there is one ("Could not download the video: Bad Gateway"):
	// Segmind's text alone does not say which step failed.
	const summary =
		details.message && segmindText
			? `${details.message}: ${segmindText}`
			: (segmindText ?? details.message ?? `HTTP ${statusCode ?? 'error'}`);
	const hint = details.hint ?? (statusCode ? STATUS_HINTS[statusCode] : undefined) ?? '';
	const prefix = statusCode ? `Segmind ${statusCode}: ${summary}` : `Segmind: ${summary}`;
	const message = requestId ? `${prefix} (request ${requestId})` : prefix;
	const error: JsonObject = { message: summary };
	if (statusCode) error.httpCode = String(statusCode);
	if (requestId) error.requestId = requestId;
	const description =
		`${hint}${requestIdHint(requestId, details.recoverable, details.finished)}`.trim() || undefined;
	const apiError = new NodeApiError(node, error, {
		message,
		description,
		httpCode: statusCode ? String(statusCode) : undefined,
		itemIndex,
	});
	// NodeApiError replaces any message that names a Node error code (ECONNRESET, ETIMEDOUT…)
	// with a generic "retry the request" text, which would drop the request id and the warning
	// not to resubmit a paid job; and without a description it repeats the message as one.
	// Ours are kept.
	apiError.message = message;
	apiError.description = description;
	if (requestId) apiError.context.requestId = requestId;
	return apiError;
}

/**
 * A failed answer as an n8n error: its status and Segmind's own text, the scope's item and
 * request ID, and the caller's words (hint, message, recoverable) on top.
 */
export function answerError(
	scope: CallScope,
	answer: SegmindAnswer,
	words: Partial<Omit<SegmindErrorDetails, 'itemIndex' | 'body'>> = {},
): NodeApiError {
	return segmindApiError(scope.ctx.getNode(), {
		statusCode: answer.statusCode,
		body: answer.raw,
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
		finished: scope.jobFinished,
		...words,
	});
}

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
		finished: scope.jobFinished,
	});
}

export function failureError(
	scope: CallScope,
	failure: unknown,
	extra = '',
	recoverable = !scope.synchronous,
) {
	if (isCancelled(scope.ctx)) return cancelledError(scope, failure);
	const message = failure instanceof TransportFailure ? failure.message : 'Request failed';
	return segmindApiError(scope.ctx.getNode(), {
		message: `${message}${extra}`,
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
		recoverable,
		finished: scope.jobFinished,
	});
}

/** A paid POST that failed without an answer: cancelled (say whether it left), or it may have reached Segmind. */
export function paidFailure(scope: CallScope, failure: TransportFailure) {
	if (isCancelled(scope.ctx) || failure.code === 'CANCELLED_BEFORE_SEND')
		return cancelledError(scope, failure, `. ${MAY_HAVE_STARTED}`);
	return failureError(scope, failure, failure.notSent ? '' : `. ${MAY_HAVE_STARTED}`);
}
