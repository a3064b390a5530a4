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
	itemIndex: number;
}

/** The request id is what lets a paid job be recovered, so every error after submit repeats it. */
export function requestIdHint(requestId: string | undefined): string {
	return requestId
		? ` Request ID: ${requestId}. The job may still finish: use the operation "Get Result" with this ID (results are kept for one hour).`
		: '';
}

/**
 * Builds a NodeApiError from plain data only: the raw HTTP error is never passed on, because
 * its request config carries the x-api-key header.
 */
export function segmindApiError(node: INode, details: SegmindErrorDetails): NodeApiError {
	const { statusCode, requestId, itemIndex } = details;
	const segmindText = segmindErrorText(details.body);
	const summary = segmindText ?? details.message ?? `HTTP ${statusCode ?? 'error'}`;
	const hint = details.hint ?? (statusCode ? STATUS_HINTS[statusCode] : undefined) ?? '';
	const message = statusCode ? `Segmind ${statusCode}: ${summary}` : `Segmind: ${summary}`;
	const error: JsonObject = { message: summary };
	if (statusCode) error.httpCode = String(statusCode);
	if (requestId) error.requestId = requestId;
	const apiError = new NodeApiError(node, error, {
		message: requestId ? `${message} (request ${requestId})` : message,
		description: `${hint}${requestIdHint(requestId)}`.trim() || undefined,
		httpCode: statusCode ? String(statusCode) : undefined,
		itemIndex,
	});
	if (requestId) apiError.context.requestId = requestId;
	return apiError;
}
