import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { HttpResult } from './httpCall';
import { httpCall, TransportFailure } from './httpCall';
import { pause } from './pause';
import type { RateGate } from './rateGate';
import type { Redact } from './redactApiKey';
import type { RetryPolicy } from './retryPolicy';
import { backoffMs, IDEMPOTENT_RETRY, serverDelayMs, TRANSIENT_CODES, TRANSIENT_STATUSES } from './retryPolicy';
import { segmindApiError } from './segmindError';

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
}

export const REQUEST_TIMEOUT_MS = 60_000;
const SUBMIT_ATTEMPTS = 3;

/** Said whenever a paid POST failed in a way that does not prove Segmind turned it away. */
export const MAY_HAVE_STARTED =
	'Segmind may have started (and billed) the job anyway: check your Segmind dashboard before running again. It was not resent, to avoid paying twice.';

/**
 * What to tell the user when a paid POST got an error status. A 5xx other than 503 can come
 * from a gateway after Segmind accepted the job, so "try again later" could pay twice.
 */
export function paidErrorHint(statusCode: number): string | undefined {
	return statusCode >= 500 && statusCode !== 503 ? MAY_HAVE_STARTED : undefined;
}

export function joinUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function failureError(scope: CallScope, failure: unknown, extra = '', recoverable = !scope.synchronous) {
	const message = failure instanceof TransportFailure ? failure.message : 'Request failed';
	return segmindApiError(scope.ctx.getNode(), {
		message: `${message}${extra}`,
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
		recoverable,
	});
}

function cancelledError(scope: CallScope) {
	return segmindApiError(scope.ctx.getNode(), {
		message: 'The execution was cancelled while waiting for Segmind',
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
	});
}

async function throughGate(scope: CallScope): Promise<void> {
	const ms = scope.gate?.remainingMs() ?? 0;
	if (ms > 0) await waitOrCancel(scope, ms);
}

const RATE_LIMIT_FALLBACK_MS = 5_000;

function noteRateLimit(scope: CallScope, result: HttpResult): void {
	if (result.statusCode === 429) scope.gate?.block(serverDelayMs(result) ?? RATE_LIMIT_FALLBACK_MS);
}

/** Waits before another attempt; throws if the execution is cancelled meanwhile. */
export async function waitOrCancel(scope: CallScope, ms: number): Promise<void> {
	if (!(await pause(scope.ctx, ms))) throw cancelledError(scope);
}

/**
 * A call that is safe to repeat (status, result, credits, uploads): transient statuses and
 * network failures are retried with bounded exponential backoff, honouring the server's wait
 * hints. Returns the last response, which may still be an error status for the caller to judge.
 */
export async function callIdempotent(
	scope: CallScope,
	request: { method: 'GET' | 'POST'; url: string; body?: IDataObject },
	policy: RetryPolicy = IDEMPOTENT_RETRY,
): Promise<HttpResult> {
	for (let attempt = 1; ; attempt++) {
		let result: HttpResult | undefined;
		try {
			await throughGate(scope);
			result = await httpCall(scope.ctx, {
				...request,
				timeoutMs: REQUEST_TIMEOUT_MS,
				authenticated: true,
				redact: scope.redact,
			});
			noteRateLimit(scope, result);
			if (!TRANSIENT_STATUSES.has(result.statusCode) || attempt >= policy.attempts) return result;
		} catch (failure) {
			const transient = failure instanceof TransportFailure && TRANSIENT_CODES.has(failure.code);
			if (!transient || attempt >= policy.attempts) throw failureError(scope, failure);
		}
		const hinted = result ? serverDelayMs(result) : undefined;
		await waitOrCancel(scope, Math.min(hinted ?? backoffMs(policy, attempt), policy.maxDelayMs * 4));
	}
}

export async function getIdempotent(scope: CallScope, url: string): Promise<HttpResult> {
	return await callIdempotent(scope, { method: 'GET', url });
}

/**
 * POST that starts a paid job. It is repeated only when Segmind surely did not accept it:
 * the connection was refused, or Segmind answered 429/503 (it turned the request away).
 * Anything else (a reset, a timeout) may have created a job, so it fails without retrying.
 */
export async function postPaid(
	scope: CallScope,
	url: string,
	body: IDataObject,
	options: { timeoutMs: number; stream?: boolean },
): Promise<HttpResult> {
	for (let attempt = 1; ; attempt++) {
		try {
			await throughGate(scope);
			const result = await httpCall(scope.ctx, {
				method: 'POST',
				url,
				body,
				stream: options.stream,
				timeoutMs: options.timeoutMs,
				authenticated: true,
				redact: scope.redact,
			});
			noteRateLimit(scope, result);
			const refused = result.statusCode === 429 || result.statusCode === 503;
			if (!refused || attempt >= SUBMIT_ATTEMPTS) return result;
			await drain(result);
			await waitOrCancel(scope, serverDelayMs(result) ?? backoffMs(IDEMPOTENT_RETRY, attempt));
		} catch (failure) {
			if (failure instanceof TransportFailure && failure.notSent && attempt < SUBMIT_ATTEMPTS) {
				await waitOrCancel(scope, backoffMs(IDEMPOTENT_RETRY, attempt));
				continue;
			}
			if (failure instanceof TransportFailure && !failure.notSent) {
				throw failureError(scope, failure, `. ${MAY_HAVE_STARTED}`);
			}
			throw failure instanceof TransportFailure ? failureError(scope, failure) : failure;
		}
	}
}

/** Reads a streamed body to the end (error bodies, JSON answers); small by nature. */
export async function readAll(body: unknown): Promise<Buffer> {
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body);
	if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
		const chunks: Buffer[] = [];
		for await (const chunk of body as AsyncIterable<Buffer | string>) {
			chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
		}
		return Buffer.concat(chunks);
	}
	return Buffer.from(body === undefined ? '' : JSON.stringify(body));
}

async function drain(result: HttpResult): Promise<void> {
	try {
		await readAll(result.body);
	} catch {
		// The body of a refused request is of no use; a broken one changes nothing.
	}
}
