/**
 * The in-process ledger of this node's paid jobs: module-level, so a Retry On Fail re-run
 * (n8n calls execute() again in the same process, with the same items) finds what the
 * earlier attempt submitted. Entries expire with Segmind's one-hour retention and the ledger
 * is capped, so it never grows without bound.
 */

/** A paid v2 job as the node recorded it at submit time. */
export interface PaidJob {
	requestId: string;
	slug: string;
	fingerprint: string;
	/** ms since epoch, when Segmind accepted it. */
	submittedAt: number;
	status: string;
	statusUrl: string;
	responseUrl: string;
	/** The node output its video once (a re-run then downloads it again from the finished job). */
	delivered?: boolean;
}

/** Segmind keeps a request one hour after submission: an older entry cannot be resumed. */
export const RETENTION_MS = 60 * 60_000;
/** Enough for many runs of a busy instance; the oldest entries go first. */
export const MAX_ENTRIES = 5_000;

/**
 * A synchronous run's answer that named the video's URL: a retry downloads it again instead
 * of paying for a new generation (an answer that was the video itself cannot be kept).
 */
export interface SyncAnswer {
	requestId?: string;
	videoUrl: string;
	headers: Record<string, string | undefined>;
	answeredAt: number;
}

const byRunItem = new Map<string, PaidJob>();
const syncAnswers = new Map<string, SyncAnswer>();
const byIdenticalJob = new Map<string, PaidJob>();

function fresh(job: PaidJob | undefined, now: number): PaidJob | undefined {
	return job && now - job.submittedAt < RETENTION_MS ? job : undefined;
}

function remember(map: Map<string, PaidJob>, key: string, job: PaidJob): void {
	map.delete(key); // re-inserted last: Map order is the eviction order
	map.set(key, job);
	while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

/** Records a job under its run-item key and, for the reuse option, under its identical-job key. */
export function rememberPaidJob(runItemKey: string, identicalJobKey: string, job: PaidJob): void {
	remember(byRunItem, runItemKey, job);
	remember(byIdenticalJob, identicalJobKey, job);
}

/** The job an earlier attempt of this run item submitted, if Segmind still keeps it. */
export function paidJobOfRunItem(runItemKey: string, now = Date.now()): PaidJob | undefined {
	return fresh(byRunItem.get(runItemKey), now);
}

/** Segmind reported the job FAILED: "Reuse an Identical Job" must not hand that failure on. */
export function forgetIdenticalJob(identicalJobKey: string): void {
	byIdenticalJob.delete(identicalJobKey);
}

/** The latest job with the same model, parameters, inputs and account, if still kept. */
export function identicalPaidJob(identicalJobKey: string, now = Date.now()): PaidJob | undefined {
	return fresh(byIdenticalJob.get(identicalJobKey), now);
}

export function rememberSyncAnswer(runItemKey: string, answer: SyncAnswer): void {
	syncAnswers.delete(runItemKey);
	syncAnswers.set(runItemKey, answer);
	while (syncAnswers.size > MAX_ENTRIES)
		syncAnswers.delete(syncAnswers.keys().next().value as string);
}

export function syncAnswerOfRunItem(runItemKey: string, now = Date.now()): SyncAnswer | undefined {
	const answer = syncAnswers.get(runItemKey);
	return answer && now - answer.answeredAt < RETENTION_MS ? answer : undefined;
}

/** For tests: the ledger's size, and forgetting everything. */
export function ledgerSize(): number {
	return byRunItem.size;
}
export function clearLedger(): void {
	byRunItem.clear();
	byIdenticalJob.clear();
	syncAnswers.clear();
}
