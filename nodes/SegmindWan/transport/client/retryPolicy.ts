// Client layer (leaf): which failures deserve another attempt, and how long to wait first.
import type { HttpResult } from '../http/httpCall';
import { header } from '../http/httpCall';

/** Statuses worth retrying on an idempotent call. */
export const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
export const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ERR_STREAM_PREMATURE_CLOSE',
	'EAI_AGAIN',
]);

export interface RetryPolicy {
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const IDEMPOTENT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };

/** Server-requested wait: `Retry-After` (seconds or date) or Segmind's reset timestamp. */
export function serverDelayMs(result: HttpResult, now = Date.now()): number | undefined {
	const retryAfter = header(result, 'retry-after');
	if (retryAfter) {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(retryAfter);
		if (Number.isFinite(date)) return Math.max(0, date - now);
	}
	const resetAt = header(result, 'x-rate-limit-reset-at-utc');
	if (resetAt) {
		const numeric = Number(resetAt);
		const date = Number.isFinite(numeric)
			? numeric * (numeric < 1e12 ? 1000 : 1)
			: Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(resetAt) ? resetAt : `${resetAt}Z`);
		if (Number.isFinite(date)) return Math.max(0, date - now);
	}
	return undefined;
}

/** Exponential backoff with full jitter, for the given 1-based attempt that just failed. */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
