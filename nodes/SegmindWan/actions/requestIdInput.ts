import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Get Result's Request ID. A value still holding `{{` was typed into the field in Fixed mode
 * (n8n did not evaluate it): sending it would only earn a 404, so say what to switch instead.
 */
export function readRequestId(ctx: IExecuteFunctions, itemIndex: number): string {
	const requestId = String(ctx.getNodeParameter('requestId', itemIndex, '')).trim();
	if (!requestId) {
		throw new NodeOperationError(ctx.getNode(), `Invalid "Request ID" for item ${itemIndex}: must not be empty`, {
			description: 'Use the request ID that the Submit operation (or an error) returned, e.g. the expression {{ $json.requestId }}.',
			itemIndex,
		});
	}
	if (requestId.includes('{{')) {
		throw new NodeOperationError(ctx.getNode(), `"Request ID" for item ${itemIndex} is the literal text ${requestId.slice(0, 60)}: switch this field to Expression`, {
			description: 'The field is in Fixed mode, so {{ … }} was not evaluated. Hover the field and choose "Expression" (or start the value with =). Nothing was sent to Segmind.',
			itemIndex,
		});
	}
	return requestId;
}
