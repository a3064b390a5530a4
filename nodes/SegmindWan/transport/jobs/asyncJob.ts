// Jobs layer (on the client): Segmind's v2 jobs: submit, poll until done, fetch the result.
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { answerError, segmindApiError } from '../client/apiError';
import { paidErrorHint } from '../client/errorHints';
import { getIdempotent, postPaid, REQUEST_TIMEOUT_MS, waitOrCancel } from '../client/segmindClient';
import type { CallScope } from '../client/session';
import { joinUrl } from '../client/session';
import { readHistoryRecord } from './history';
import { logSubmittedJob } from './jobLog';
import { jobState } from './jobStatus';
import type { JobState } from './jobStatus';
import { nextPollDelayMs } from './pollSchedule';

export interface SubmittedJob {
	requestId: string;
	status: string;
	statusUrl: string;
	responseUrl: string;
	/** The submit answer's `metrics`, if it carried any (the recorded answers do not). */
	metrics?: IDataObject;
}

/** Follows a URL Segmind gave us only if it is on the configured API host: the key goes nowhere else. */
function sameOriginOr(candidate: unknown, apiUrl: string, fallback: string): string {
	if (typeof candidate !== 'string') return fallback;
	try {
		return new URL(candidate).origin === new URL(apiUrl).origin ? candidate : fallback;
	} catch {
		return fallback;
	}
}

/** `POST /v2/{slug}`: starts a billed job and returns its id and URLs at once. */
export async function submitJob(
	scope: CallScope,
	slug: string,
	body: IDataObject,
): Promise<SubmittedJob> {
	const { apiUrl } = scope.endpoints;
	const answer = await postPaid(scope, {
		url: joinUrl(apiUrl, `/v2/${slug}`),
		body,
		timeoutMs: REQUEST_TIMEOUT_MS,
	});
	const { json } = answer;
	const requestId = typeof json.request_id === 'string' ? json.request_id : undefined;
	if (!answer.ok)
		throw answerError(scope, answer, { hint: paidErrorHint(answer.statusCode), requestId });
	if (!requestId) {
		throw segmindApiError(scope.ctx.getNode(), {
			message: `accepted the request (HTTP ${answer.statusCode}) but returned no request ID`,
			hint: 'A job may have been created and billed: check your Segmind dashboard before running again.',
			itemIndex: scope.itemIndex,
		});
	}
	logSubmittedJob(scope, slug, requestId);
	return {
		requestId,
		status: typeof json.status === 'string' ? json.status : 'QUEUED',
		statusUrl: sameOriginOr(
			json.status_url,
			apiUrl,
			joinUrl(apiUrl, `/v2/requests/${requestId}/status`),
		),
		responseUrl: sameOriginOr(
			json.response_url,
			apiUrl,
			joinUrl(apiUrl, `/v2/requests/${requestId}`),
		),
		...(json.metrics && typeof json.metrics === 'object'
			? { metrics: json.metrics as IDataObject }
			: {}),
	};
}

export function jobUrls(apiUrl: string, requestId: string) {
	const id = encodeURIComponent(requestId);
	return {
		statusUrl: joinUrl(apiUrl, `/v2/requests/${id}/status`),
		responseUrl: joinUrl(apiUrl, `/v2/requests/${id}`),
	};
}

export interface JobSnapshot {
	state: JobState;
	rawStatus: string;
	body: IDataObject;
}

/**
 * One look at a job (status or result endpoint). 422 is Segmind's FAILED (content blocks
 * included) and becomes an error with Segmind's own text; 404 means unknown or expired.
 */
export async function readJob(scope: CallScope, url: string): Promise<JobSnapshot> {
	const answer = await getIdempotent(scope, url);
	const { json, statusCode } = answer;
	const failed = statusCode === 422 || jobState(json.status) === 'FAILED';
	if (failed) {
		throw answerError(scope, answer, {
			statusCode: statusCode === 200 ? 422 : statusCode,
			message: 'The job failed',
			recoverable: false,
		});
	}
	if (statusCode === 404) {
		throw answerError(scope, answer, {
			hint: 'Segmind does not know this request ID at /v2/requests: it is wrong, or expired (Segmind keeps a request there for one hour after submission).',
			// Asking again with Get Result cannot help with an unknown or expired ID.
			recoverable: false,
		});
	}
	if (!answer.ok) throw answerError(scope, answer);
	const rawStatus = typeof json.status === 'string' ? json.status : '';
	return { state: jobState(rawStatus), rawStatus, body: json };
}

export interface WaitOutcome {
	statusChecks: number;
	waitedMs: number;
	/**
	 * /v2/requests forgot the job mid-wait (404: Segmind's hour after submission), so its state
	 * was read from the account history: fetch it there too (COMPLETED or FAILED).
	 */
	forgotten?: boolean;
}

/** A 404 from /v2/requests: the request is unknown there, or forgotten after its hour. */
export function isForgotten(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && error.httpCode === '404';
}

/** What stopped the wait before the job ended, for the error carrying the request ID. */
export interface WaitLimit {
	/** The workflow's timeout (s) when it, not Max Wait, ended the wait. */
	runTimeoutSeconds?: number;
}

function stillRunningError(
	scope: CallScope,
	lastStatus: string,
	maxWaitMs: number,
	limit: WaitLimit,
) {
	const byTimeout = limit.runTimeoutSeconds !== undefined;
	return segmindApiError(scope.ctx.getNode(), {
		message: byTimeout
			? `Still ${lastStatus} when this workflow's timeout (${limit.runTimeoutSeconds} s) was near: stopped waiting so this error, with the request ID, comes out before n8n cancels the run`
			: `Still ${lastStatus} after the maximum wait of ${Math.round(maxWaitMs / 1000)} s`,
		hint: byTimeout
			? "The job keeps running at Segmind and is billed; nothing was resubmitted. Fetch it with Get Result in a later execution (e.g. a Data Table and a Schedule Trigger), or raise the workflow's timeout."
			: 'The job keeps running at Segmind and is billed; nothing was resubmitted. Raise "Max Wait" or fetch it later.',
		itemIndex: scope.itemIndex,
		requestId: scope.requestId,
	});
}

/** The job's state from the account history, once /v2/requests has forgotten it. */
async function readForgottenJob(scope: CallScope, notFound: NodeApiError): Promise<JobSnapshot> {
	const record = scope.requestId ? await readHistoryRecord(scope, scope.requestId) : null;
	if (!record) {
		notFound.description = `${notFound.description ?? ''} This key's account history does not know it either.`;
		throw notFound;
	}
	const rawStatus = record.status ?? '';
	return { state: jobState(rawStatus), rawStatus, body: {} };
}

/**
 * Polls until the job completes, fails, the maximum wait runs out or the execution is
 * cancelled. Every exit after submit names the request id, so a paid job is never lost. Once
 * /v2/requests forgets the job (404), the account history answers for it.
 */
export async function waitForCompletion(
	scope: CallScope,
	statusUrl: string,
	options: { typicalMs: number; maxWaitMs: number; submittedAt: number; limit?: WaitLimit },
): Promise<WaitOutcome> {
	let statusChecks = 0;
	let lastStatus = 'QUEUED';
	let forgotten: NodeApiError | undefined;
	for (;;) {
		const elapsed = Date.now() - options.submittedAt;
		const remaining = options.maxWaitMs - elapsed;
		if (remaining <= 0 && statusChecks > 0)
			throw stillRunningError(scope, lastStatus, options.maxWaitMs, options.limit ?? {});
		// The last check falls on the deadline itself: giving up at the previous one would end
		// the wait early (by up to 30 s) and miss a job finishing just before the deadline.
		await waitOrCancel(scope, Math.min(nextPollDelayMs(elapsed, options.typicalMs), remaining));
		const snapshot = forgotten
			? await readForgottenJob(scope, forgotten)
			: await readJob(scope, statusUrl).catch(async (error: unknown) => {
					if (!isForgotten(error)) throw error;
					forgotten = error;
					return await readForgottenJob(scope, error);
				});
		statusChecks++;
		lastStatus = snapshot.rawStatus || lastStatus;
		const ended = snapshot.state === 'COMPLETED' || (forgotten && snapshot.state === 'FAILED');
		if (ended) {
			return {
				statusChecks,
				waitedMs: Date.now() - options.submittedAt,
				...(forgotten ? { forgotten: true } : {}),
			};
		}
	}
}

const RESULT_ATTEMPTS = 5;

/** `GET /v2/requests/{id}` after completion; tolerates a result that lags its status briefly. */
export async function fetchResult(scope: CallScope, responseUrl: string): Promise<IDataObject> {
	for (let attempt = 1; ; attempt++) {
		const snapshot = await readJob(scope, responseUrl);
		if (
			snapshot.state === 'COMPLETED' ||
			snapshot.state === 'UNKNOWN' ||
			attempt >= RESULT_ATTEMPTS
		) {
			return snapshot.body;
		}
		await waitOrCancel(scope, 1000 * attempt);
	}
}
