import { readAll } from './bodyText';
import { waitOrCancel } from './cancellation';
import type { HttpResult } from './httpCall';
import { serverDelayMs } from './retryPolicy';
import type { CallScope } from './segmindCalls';
import { segmindApiError } from './segmindError';

/**
 * Longest single wait Segmind can ask for (429 Retry-After / x-rate-limit-reset-at-utc). A reset
 * time an hour ahead (or a clock skewed by an hour) must not park an item for that long.
 */
export const MAX_SERVER_WAIT_MS = 5 * 60_000;
/** A 429 that names no time. */
const RATE_LIMIT_FALLBACK_MS = 5_000;

function askedMs(result: HttpResult): number {
	return serverDelayMs(result) ?? RATE_LIMIT_FALLBACK_MS;
}

function roomMs(scope: CallScope): number {
	return scope.deadline === undefined ? Number.POSITIVE_INFINITY : scope.deadline - Date.now();
}

/** A 429 to any item shuts the shared gate for all of them (capped like every server wait). */
export function noteRateLimit(scope: CallScope, result: HttpResult): void {
	if (result.statusCode === 429) scope.gate?.block(Math.min(askedMs(result), MAX_SERVER_WAIT_MS));
}

/** "rate-limited until <time>", with Segmind's own text and, after submit, the request id. */
export async function rateLimitedError(scope: CallScope, result: HttpResult | undefined, untilMs?: number) {
	const until = new Date(untilMs ?? Date.now() + (result ? askedMs(result) : RATE_LIMIT_FALLBACK_MS));
	let body: unknown;
	if (result) body = await readAll(result.body).then((bytes) => bytes.toString('utf8'), () => undefined);
	return segmindApiError(scope.ctx.getNode(), {
		statusCode: 429,
		body: result?.redact ? result.redact(body) : body,
		message: `rate-limited until ${until.toISOString()}`,
		hint: scope.requestId
			? 'Segmind asks to wait past this item\'s "Max Wait". The job keeps running at Segmind; nothing was resubmitted.'
			: 'Segmind asks to wait past this item\'s "Max Wait" (free plan: 5 requests/min); nothing was submitted. Run again later, lower the concurrency or raise "Max Wait".',
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
	});
}

/**
 * Holds a call while the shared gate is shut, never past the item's deadline. A paid submit
 * that could only go out after the deadline fails at once (nothing sent); any other call goes
 * out at the deadline, for one last look.
 */
export async function throughGate(scope: CallScope, beforeSubmit: boolean): Promise<void> {
	const ms = scope.gate?.remainingMs() ?? 0;
	if (ms <= 0) return;
	const room = roomMs(scope);
	if (ms > room && beforeSubmit) throw await rateLimitedError(scope, undefined, Date.now() + ms);
	await waitOrCancel(scope, Math.max(0, Math.min(ms, room)));
}

/**
 * After a 429: waits as long as Segmind asks, at most MAX_SERVER_WAIT_MS and never past the
 * deadline. A submit that would have to wait past it fails at once; a status check waits until
 * the deadline (a skewed reset time may be wrong) and fails only when that last look is refused.
 */
export async function waitForServer(scope: CallScope, result: HttpResult, options: { beforeSubmit: boolean }) {
	const asked = askedMs(result);
	const room = roomMs(scope);
	if (asked > room) {
		if (options.beforeSubmit || room <= 0) throw await rateLimitedError(scope, result, Date.now() + asked);
		await waitOrCancel(scope, room);
		return;
	}
	await readAll(result.body).catch(() => undefined);
	await waitOrCancel(scope, Math.min(asked, MAX_SERVER_WAIT_MS));
}
