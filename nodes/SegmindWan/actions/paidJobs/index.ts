import type { IExecuteFunctions } from 'n8n-workflow';

import { jobUrls } from '../../transport/jobs/asyncJob';
import type { SubmittedJob } from '../../transport/jobs/asyncJob';
import { recordedJobOf, recordJob } from './executionRecord';
import type { FingerprintInputs } from './fingerprint';
import { jobFingerprint } from './fingerprint';
import type { PaidJob } from './ledger';
import {
	forgetIdenticalJob,
	identicalPaidJob,
	paidJobOfRunItem,
	rememberPaidJob,
	RETENTION_MS,
} from './ledger';

/**
 * The node's record of its paid jobs: one mechanism for everything that must not pay twice.
 *
 *   identifyJob()   before uploading: the job's keys (run item, identical job, fingerprint)
 *   findPaidJob()   a job to resume instead of submitting: an earlier attempt of this run item
 *                   (Retry On Fail), the execution this one retries ("Retry execution", from
 *                   the custom data), or, with "Reuse an Identical Job", the same job of any run
 *   recordPaidJob() right after Segmind accepted a submit: the in-process ledger and the
 *                   execution's custom data (which also names the ID when n8n ends the run)
 */

export type { PaidJob, SyncAnswer } from './ledger';
export { rememberSyncAnswer, syncAnswerOfRunItem } from './ledger';

export interface JobIdentity {
	itemIndex: number;
	fingerprint: string;
	/** execution + node + item + fingerprint: what a Retry On Fail re-run shares with the first try. */
	runItemKey: string;
	/** account + fingerprint: what any run of the same job shares (the reuse option). */
	identicalKey: string;
}

export type FoundBy = 'retry' | 'retriedExecution' | 'identical';

export interface FoundJob {
	job: PaidJob;
	foundBy: FoundBy;
}

export function identifyJob(
	ctx: IExecuteFunctions,
	apiUrl: string,
	job: FingerprintInputs & { itemIndex: number },
): JobIdentity {
	const fingerprint = jobFingerprint(job);
	const node = ctx.getNode();
	const credentialId = node.credentials?.segmindApi?.id ?? '';
	return {
		itemIndex: job.itemIndex,
		fingerprint,
		runItemKey: [ctx.getExecutionId(), node.id ?? node.name, job.itemIndex, fingerprint].join('|'),
		identicalKey: [apiUrl, credentialId, fingerprint].join('|'),
	};
}

export function findPaidJob(
	ctx: IExecuteFunctions,
	apiUrl: string,
	identity: JobIdentity,
	reuseIdentical: boolean,
): FoundJob | undefined {
	const earlierTry = paidJobOfRunItem(identity.runItemKey);
	if (earlierTry) return { job: earlierTry, foundBy: 'retry' };
	const recorded = recordedJobOf(ctx, identity.itemIndex, identity.fingerprint);
	if (recorded && Date.now() - recorded.submittedAt < RETENTION_MS) {
		const job: PaidJob = {
			requestId: recorded.requestId,
			slug: '',
			fingerprint: identity.fingerprint,
			submittedAt: recorded.submittedAt,
			status: 'QUEUED',
			...jobUrls(apiUrl, recorded.requestId),
		};
		rememberPaidJob(identity.runItemKey, identity.identicalKey, job);
		return { job, foundBy: 'retriedExecution' };
	}
	if (!reuseIdentical) return undefined;
	const identical = identicalPaidJob(identity.identicalKey);
	return identical ? { job: identical, foundBy: 'identical' } : undefined;
}

/**
 * After a job's error: a FAILED job (Segmind's 422) is no longer offered for reuse, so the next
 * deliberate run pays for a new attempt. A Retry On Fail still finds it (and reports the same
 * failure) instead of paying again.
 */
export function noteJobError(identity: JobIdentity, error: unknown): void {
	if ((error as { httpCode?: string })?.httpCode === '422')
		forgetIdenticalJob(identity.identicalKey);
}

export function recordPaidJob(
	ctx: IExecuteFunctions,
	identity: JobIdentity,
	slug: string,
	submitted: SubmittedJob,
): PaidJob {
	const job: PaidJob = {
		...submitted,
		slug,
		fingerprint: identity.fingerprint,
		submittedAt: Date.now(),
	};
	rememberPaidJob(identity.runItemKey, identity.identicalKey, job);
	const recorded = recordJob(ctx, {
		itemIndex: identity.itemIndex,
		fingerprint: identity.fingerprint,
		requestId: job.requestId,
		submittedAt: job.submittedAt,
	});
	if (!recorded) {
		ctx.logger.warn(
			`Segmind Wan: request ID ${job.requestId} (item ${identity.itemIndex}) did not fit in the execution's custom data (n8n keeps 10 keys); "Retry execution" would pay for this item again: use Get Result with this ID instead`,
		);
	}
	return job;
}
