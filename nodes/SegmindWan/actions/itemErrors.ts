import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type NodeError = NodeApiError | NodeOperationError;

/** What a thrown value says about itself when it carries no message (its name, code or text). */
function whatWasThrown(error: unknown): string {
	if (error instanceof Error) {
		const code = (error as Error & { code?: unknown }).code;
		return (
			[error.name, typeof code === 'string' ? code : ''].filter(Boolean).join(' ') || 'an error'
		);
	}
	if (error === undefined || error === null || error === '') return 'nothing';
	try {
		return JSON.stringify(error).slice(0, 200) || String(error);
	} catch {
		return String(error);
	}
}

/**
 * Anything thrown becomes an n8n error bound to its item (NodeApiError/NodeOperationError
 * kept), and none ever reaches the user without a message.
 */
export function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	let nodeError: NodeError;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) nodeError = error;
	else if (error instanceof Error)
		nodeError = new NodeOperationError(ctx.getNode(), error, { itemIndex });
	else {
		const text = typeof error === 'string' ? error : '';
		nodeError = new NodeOperationError(ctx.getNode(), text, { itemIndex });
	}
	if (!nodeError.message?.trim()) {
		nodeError.message = `Item ${itemIndex} failed without an error message (${whatWasThrown(error)})`;
		nodeError.description ??= 'No cause was reported with it.';
	}
	return nodeError;
}

/** The item a failed input becomes with "continue on fail": the message, and the request id if a job exists. */
export function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) json.description = error.description;
		const requestId = error.context?.requestId;
		if (typeof requestId === 'string') json.requestId = requestId;
		if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	}
	return { json, pairedItem: { item: itemIndex } };
}
