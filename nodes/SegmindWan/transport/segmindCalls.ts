import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { HttpResult, StreamedBody } from './httpCall';
import { httpCall, TransportFailure } from './httpCall';
import { isCancelled } from './pause';
import type { RateGate } from './rateGate';
import type { Redact } from './redactApiKey';
import type { RetryPolicy } from './retryPolicy';
import { backoffMs, IDEMPOTENT_RETRY, serverDelayMs, TRANSIENT_CODES, TRANSIENT_STATUSES } from './retryPolicy';
import { readAll } from './bodyText';
import { cancelledError, waitOrCancel } from './cancellation';
import { segmindApiError } from './segmindError';
import { noteRateLimit, rateLimitedError, throughGate, waitForServer } from './serverWait';

/** Where to reach Segmind, from the credential (never the key itself: n8n injects that). */
export interface SegmindEndpoints {
	apiUrl: string;
	uploadUrl: string;
}

/** What all items of one execution share: where Segmind is, the 429 gate, the key's redactor. */
export interface SegmindSession {
	endpoints: SegmindEndpoints;
	gate: RateGate;
	redact: Redact;
	/** True once another item's error has stopped the run: no paid request may go out then. */
	runStopped?: () => boolean;
}

/** Everything a call needs to report errors against the right item and job. */
export interface CallScope {
	ctx: IExecuteFunctions;
	itemIndex: number;
	endpoints: SegmindEndpoints;
	/** Cuts the API key out of Segmind's answers (see httpCall). */
	redact: Redact;
	/** Known once a job is submitted; from then on every error carries it. */
	requestId?: string;
	/** Shared by the items of one execution, so a 429 slows them all. */
	gate?: RateGate;
	/** The id is a synchronous request's: Get Result cannot fetch it (only v2 jobs can). */
	synchronous?: boolean;
	/** When this item's "Max Wait" runs out (ms since epoch): no wait Segmind asks for goes past it. */
	deadline?: number;
	/** See SegmindSession.runStopped. */
	runStopped?: () => boolean;
}

/** A paid request was about to go out after the run had stopped: it was not sent, nothing billed. */
export class RunStoppedBeforeSend extends Error {}

export const REQUEST_TIMEOUT_MS = 60_000;
const SUBMIT_ATTEMPTS = 3;

/** Said whenever a paid POST failed in a way that does not prove Segmind turned it away. */
export const MAY_HAVE_STARTED =
	'Segmind may have started (and billed) the job anyway: check your Segmind dashboard before running again. It was not resent, to avoid paying twice.';

/**
 * What to tell the user when a paid POST got an error status. Any 5xx (503 included) can come
 * from a gateway after Segmind accepted the job, so "try again later" could pay twice.
 */
export function paidErrorHint(statusCode: number): string | undefined {
	return statusCode >= 500 ? MAY_HAVE_STARTED : undefined;
}

export function joinUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function failureError(scope: CallScope, failure: unknown, extra = '', recoverable = !scope.synchronous) {
	if (isCancelled(scope.ctx)) return cancelledError(scope, failure);
	const message = failure instanceof TransportFailure ? failure.message : 'Request failed';
	return segmindApiError(scope.ctx.getNode(), {
		message: `${message}${extra}`,
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
		recoverable,
	});
}

/**
 * A call that is safe to repeat (status, result, credits, uploads): transient statuses and
 * network failures are retried with bounded exponential backoff, honouring the server's wait
 * hints up to the item's deadline. Returns the last response, which may still be an error
 * status for the caller to judge (a 429 that outlasts the retries becomes "rate-limited until").
 */
export async function callIdempotent(
	scope: CallScope,
	request: { method: 'GET' | 'POST'; url: string; body?: IDataObject | StreamedBody; timeoutMs?: number },
	policy: RetryPolicy = IDEMPOTENT_RETRY,
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

/** A paid POST that failed without an answer: cancelled (say whether it left), or it may have reached Segmind. */
function paidFailure(scope: CallScope, failure: TransportFailure) {
	if (isCancelled(scope.ctx) || failure.code === 'CANCELLED_BEFORE_SEND') return cancelledError(scope, failure, `. ${MAY_HAVE_STARTED}`);
	return failureError(scope, failure, failure.notSent ? '' : `. ${MAY_HAVE_STARTED}`);
}

export async function getIdempotent(scope: CallScope, url: string): Promise<HttpResult> {
	return await callIdempotent(scope, { method: 'GET', url });
}

/**
 * POST that starts a paid job. It is repeated only when Segmind surely did not accept it: the
 * connection was refused (or the host not found), or Segmind answered 429. Anything else (a
 * 5xx, a reset, a timeout) may come after a job was created, so it fails without retrying.
 */
export async function postPaid(
	scope: CallScope,
	url: string,
	body: IDataObject,
	options: { timeoutMs: number; stream?: boolean; headers?: IDataObject },
): Promise<HttpResult> {
	for (let attempt = 1; ; attempt++) {
		try {
			await throughGate(scope, true);
			// Checked at the last moment: an item may have waited on the gate (or on an upload)
			// while another item's error stopped the run.
			if (scope.runStopped?.()) throw new RunStoppedBeforeSend('The run stopped before this item was sent');
			const result = await httpCall(scope.ctx, {
				method: 'POST',
				url,
				body,
				stream: options.stream,
				headers: options.headers,
				timeoutMs: options.timeoutMs,
				authenticated: true,
				redact: scope.redact,
			});
			noteRateLimit(scope, result);
			if (result.statusCode !== 429) return result;
			if (attempt >= SUBMIT_ATTEMPTS) throw await rateLimitedError(scope, result);
			await waitForServer(scope, result, { beforeSubmit: true });
		} catch (failure) {
			const resend = failure instanceof TransportFailure && failure.notSent && !isCancelled(scope.ctx);
			if (resend && attempt < SUBMIT_ATTEMPTS) {
				await waitOrCancel(scope, backoffMs(IDEMPOTENT_RETRY, attempt));
				continue;
			}
			throw failure instanceof TransportFailure ? paidFailure(scope, failure) : failure;
		}
	}
}

export { cancelledError, readAll, waitOrCancel };
