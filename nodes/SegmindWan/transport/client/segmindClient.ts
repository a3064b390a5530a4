// Client layer (top): one call to Segmind end to end: key, 429 gate and waits, retries, answer
// read.
import type { IDataObject } from 'n8n-workflow';

import type { HttpResult } from '../http/httpCall';
import { httpCall } from '../http/httpCall';
import { readAll } from '../http/readAll';
import type { StreamedBody } from '../http/streamedBody';
import { TransportFailure } from '../http/transportFailure';
import type { SegmindAnswer } from './answer';
import { readAnswer } from './answer';
import { cancelledError, failureError, paidFailure, segmindApiError } from './apiError';
import { isCancelled, pause } from './pause';
import type { RetryPolicy } from './retryPolicy';
import {
	backoffMs,
	IDEMPOTENT_RETRY,
	serverDelayMs,
	TRANSIENT_CODES,
	TRANSIENT_STATUSES,
} from './retryPolicy';
import type { CallScope } from './session';

/** A paid request was about to go out after the run had stopped: it was not sent, nothing billed. */
export class RunStoppedBeforeSend extends Error {}

export const REQUEST_TIMEOUT_MS = 60_000;
const SUBMIT_ATTEMPTS = 3;
/**
 * Longest single wait Segmind can ask for (429 Retry-After / x-rate-limit-reset-at-utc). A reset
 * time an hour ahead (or a clock skewed by an hour) must not park an item for that long.
 */
export const MAX_SERVER_WAIT_MS = 5 * 60_000;
/** A 429 that names no time. */
const RATE_LIMIT_FALLBACK_MS = 5_000;

export interface IdempotentRequest {
	method: 'GET' | 'POST';
	url: string;
	body?: IDataObject | StreamedBody;
	timeoutMs?: number;
}

export interface PaidRequest {
	url: string;
	body: IDataObject;
	timeoutMs: number;
	headers?: IDataObject;
}

/**
 * A call that is safe to repeat (status, result, credits, uploads): transient statuses and
 * network failures are retried with bounded exponential backoff, honouring the server's wait
 * hints up to the item's deadline. Returns the last answer, read whole, which may still be an
 * error status for the caller to judge (a 429 that outlasts the retries becomes "rate-limited
 * until").
 */
export async function callIdempotent(
	scope: CallScope,
	request: IdempotentRequest,
	policy: RetryPolicy = IDEMPOTENT_RETRY,
): Promise<SegmindAnswer> {
	const result = await sendIdempotent(scope, request, policy);
	return await readAnswer(result);
}

export async function getIdempotent(scope: CallScope, url: string): Promise<SegmindAnswer> {
	return await callIdempotent(scope, { method: 'GET', url });
}

async function sendIdempotent(
	scope: CallScope,
	request: IdempotentRequest,
	policy: RetryPolicy,
): Promise<HttpResult> {
	for (let attempt = 1; ; attempt++) {
		let result: HttpResult | undefined;
		try {
			await throughGate(scope, false);
			result = await httpCall(scope.ctx, {
				...request,
				timeoutMs: request.timeoutMs ?? REQUEST_TIMEOUT_MS,
				authenticated: true,
				redact: scope.redact,
			});
			noteRateLimit(scope, result);
			if (!TRANSIENT_STATUSES.has(result.statusCode)) return result;
			if (attempt >= policy.attempts) {
				if (result.statusCode === 429) throw await rateLimitedError(scope, result);
				return result;
			}
		} catch (failure) {
			const transient = failure instanceof TransportFailure && TRANSIENT_CODES.has(failure.code);
			if (!transient || attempt >= policy.attempts) {
				throw failure instanceof TransportFailure ? failureError(scope, failure) : failure;
			}
		}
		if (result?.statusCode === 429) {
			await waitForServer(scope, result, { beforeSubmit: false });
			continue;
		}
		const hinted = result ? serverDelayMs(result) : undefined;
		const pauseMs = Math.min(hinted ?? backoffMs(policy, attempt), policy.maxDelayMs * 4);
		// A 5xx's Retry-After is a wait Segmind asks for: it too ends at the item's deadline, where
		// the last answer stands. Our own backoff (bounded by the attempts) is not cut short.
		if (result && hinted !== undefined && scope.deadline !== undefined) {
			const room = scope.deadline - Date.now();
			if (room <= 0) return result;
			await waitOrCancel(scope, Math.min(pauseMs, room));
			continue;
		}
		await waitOrCancel(scope, pauseMs);
	}
}

/** A paid POST (see sendPaid), its answer read whole: a v2 submit. */
export async function postPaid(scope: CallScope, request: PaidRequest): Promise<SegmindAnswer> {
	const result = await sendPaid(scope, request, false);
	return await readAnswer(result);
}

/** A paid POST (see sendPaid) whose answer stays a stream: a synchronous run's may be the video itself. */
export async function postPaidStream(scope: CallScope, request: PaidRequest): Promise<HttpResult> {
	return await sendPaid(scope, request, true);
}

/**
 * POST that starts a paid job. It is repeated only when Segmind surely did not accept it: the
 * connection was refused (or the host not found), or Segmind answered 429. Anything else (a
 * 5xx, a reset, a timeout) may come after a job was created, so it fails without retrying.
 */
async function sendPaid(
	scope: CallScope,
	request: PaidRequest,
	stream: boolean,
): Promise<HttpResult> {
	for (let attempt = 1; ; attempt++) {
		try {
			await throughGate(scope, true);
			// Checked at the last moment: an item may have waited on the gate (or on an upload)
			// while another item's error stopped the run.
			if (scope.runStopped?.())
				throw new RunStoppedBeforeSend('The run stopped before this item was sent');
			const result = await httpCall(scope.ctx, {
				method: 'POST',
				url: request.url,
				body: request.body,
				stream,
				headers: request.headers,
				timeoutMs: request.timeoutMs,
				authenticated: true,
				redact: scope.redact,
			});
			noteRateLimit(scope, result);
			if (result.statusCode !== 429) return result;
			if (attempt >= SUBMIT_ATTEMPTS) throw await rateLimitedError(scope, result);
			await waitForServer(scope, result, { beforeSubmit: true });
		} catch (failure) {
			const resend =
				failure instanceof TransportFailure && failure.notSent && !isCancelled(scope.ctx);
			if (resend && attempt < SUBMIT_ATTEMPTS) {
				await waitOrCancel(scope, backoffMs(IDEMPOTENT_RETRY, attempt));
				continue;
			}
			throw failure instanceof TransportFailure ? paidFailure(scope, failure) : failure;
		}
	}
}

/** Waits before another attempt; throws if the execution is cancelled meanwhile. */
export async function waitOrCancel(scope: CallScope, ms: number): Promise<void> {
	if (!(await pause(scope.ctx, ms))) throw cancelledError(scope);
}

// The shared 429 gate and the waits Segmind asks for: every one ends at the item's deadline.

function askedMs(result: HttpResult): number {
	return serverDelayMs(result) ?? RATE_LIMIT_FALLBACK_MS;
}

function roomMs(scope: CallScope): number {
	return scope.deadline === undefined ? Number.POSITIVE_INFINITY : scope.deadline - Date.now();
}

/** A 429 to any item shuts the shared gate for all of them (capped like every server wait). */
function noteRateLimit(scope: CallScope, result: HttpResult): void {
	if (result.statusCode === 429) scope.gate?.block(Math.min(askedMs(result), MAX_SERVER_WAIT_MS));
}

/** "rate-limited until <time>", with Segmind's own text and, after submit, the request id. */
async function rateLimitedError(
	scope: CallScope,
	result: HttpResult | undefined,
	untilMs?: number,
) {
	const until = new Date(
		untilMs ?? Date.now() + (result ? askedMs(result) : RATE_LIMIT_FALLBACK_MS),
	);
	let body: unknown;
	if (result)
		body = await readAll(result.body).then(
			(bytes) => bytes.toString('utf8'),
			() => undefined,
		);
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
async function throughGate(scope: CallScope, beforeSubmit: boolean): Promise<void> {
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
async function waitForServer(
	scope: CallScope,
	result: HttpResult,
	options: { beforeSubmit: boolean },
) {
	const asked = askedMs(result);
	const room = roomMs(scope);
	if (asked > room) {
		if (options.beforeSubmit || room <= 0)
			throw await rateLimitedError(scope, result, Date.now() + asked);
		await waitOrCancel(scope, room);
		return;
	}
	await readAll(result.body).catch(() => undefined);
	await waitOrCancel(scope, Math.min(asked, MAX_SERVER_WAIT_MS));
}
