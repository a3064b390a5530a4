// Jobs layer: logs a paid job's request ID the moment Segmind gives it.
import type { CallScope } from '../client/session';

/**
 * Writes a paid job's request ID to n8n's log (info) the moment Segmind reports it, so an
 * operator can still fetch the video with Get Result when the process dies while waiting.
 * The values are in the text too: n8n's plain-text console log drops the metadata.
 */
export function logSubmittedJob(
	scope: CallScope,
	slug: string,
	requestId: string | undefined,
): void {
	if (!requestId) return;
	const id = scope.redact(requestId);
	const executionId = scope.ctx.getExecutionId();
	scope.ctx.logger.info(
		`Segmind Wan: job submitted, request ID ${id} (model ${slug}, item ${scope.itemIndex}, execution ${executionId})`,
		{ requestId: id, model: slug, itemIndex: scope.itemIndex, executionId },
	);
}
