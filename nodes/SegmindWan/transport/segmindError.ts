import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { segmindErrorText, STATUS_HINTS } from './errorMessages';

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
	itemIndex: number;
}

/** The request id is what lets a paid job be recovered, so every error after submit repeats it. */
export function requestIdHint(requestId: string | undefined, recoverable = true): string {
	if (!requestId) return '';
	return recoverable
		? ` Request ID: ${requestId}. The job may still finish: use the operation "Get Result" with this ID (results are kept for one hour after submission).`
		: ` Request ID: ${requestId}.`;
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
	const description = `${hint}${requestIdHint(requestId, details.recoverable)}`.trim() || undefined;
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
