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

/** Where n8n sends a failed item: its node setting "On Error" (Continue / Continue using error output). */
export type ErrorItemOutput = 'regularOutput' | 'errorOutput';

/**
 * The item a failed input becomes with "continue on fail": the message, and the request id if a
 * job exists. On the regular output the fields sit at the top (`$json.requestId`). n8n-core moves
 * an item to the error output only when its json has `error` and no keys besides `error`,
 * `message` and `details` (handleNodeErrorOutput), so there the other fields go into `details`
 * (`$json.details.requestId`).
 */
export function errorItem(
	error: Error,
	itemIndex: number,
	output: ErrorItemOutput = 'regularOutput',
): INodeExecutionData {
	const fields: IDataObject = {};
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.description) fields.description = error.description;
		const requestId = error.context?.requestId;
		if (typeof requestId === 'string') fields.requestId = requestId;
		if (error instanceof NodeApiError && error.httpCode) fields.httpCode = error.httpCode;
	}
	const json: IDataObject =
		output === 'errorOutput'
			? { error: error.message, details: fields }
			: { error: error.message, ...fields };
	return { json, pairedItem: { item: itemIndex } };
}
