import type { IExecuteFunctions } from 'n8n-workflow';

import { fieldLabel, inputError, invalidMessage, nothingSent } from './inputErrors';

/** Segmind's IDs are 32 hex digits; letters, digits, - and _ cover every ID form seen, nothing that changes a path. */
const PLAIN_REQUEST_ID = /^[A-Za-z0-9_-]{1,128}$/;

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
	if (!PLAIN_REQUEST_ID.test(requestId)) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			invalidMessage(
				fieldLabel('Request ID'),
				itemIndex,
				`must be a plain request ID (letters, digits, - and _, at most 128), got ${JSON.stringify(requestId.slice(0, 60))}`,
			),
			nothingSent(
				'The ID goes into the address of the status request; dots, slashes or other characters would send it elsewhere on the Segmind host.',
			),
		);
	}
	return requestId;
}
