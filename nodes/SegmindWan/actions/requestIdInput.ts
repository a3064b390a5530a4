import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldLabel, inputError, invalidMessage, nothingSent } from './inputErrors';

/**
 * Get Result's Request ID. A value still holding `{{` was typed into the field in Fixed mode
 * (n8n did not evaluate it): sending it would only earn a 404, so say what to switch instead.
 */
export function readRequestId(ctx: IExecuteFunctions, itemIndex: number): string {
	const requestId = String(ctx.getNodeParameter('requestId', itemIndex, '')).trim();
	if (!requestId) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			invalidMessage(fieldLabel('Request ID'), itemIndex, 'must not be empty'),
			'Use the request ID that the Submit operation (or an error) returned, e.g. the expression {{ $json.requestId }}.',
		);
	}
	if (requestId.includes('{{')) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`${fieldLabel('Request ID')} for item ${itemIndex} is the literal text ${requestId.slice(0, 60)}: switch this field to Expression`,
			nothingSent(
				'The field is in Fixed mode, so {{ … }} was not evaluated. Hover the field and choose "Expression" (or start the value with =).',
			),
		);
	}
	return requestId;
}
