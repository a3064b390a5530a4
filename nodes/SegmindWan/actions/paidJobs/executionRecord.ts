import type { IExecuteFunctions } from 'n8n-workflow';

import { hash64 } from './fingerprint';

/**
 * The run's paid jobs in n8n's execution custom data (`$execution.customData`, saved with the
 * execution as `resultData.metadata`). n8n keeps it where it keeps nothing else of a failed or
 * cancelled node: the saved execution shows it (so a timeout or Stop still names the request
 * IDs), and "Retry execution" starts from it (so the retried run resumes the jobs instead of
 * paying for new ones). n8n allows 10 keys per execution, keys of letters, digits and
 * underscores up to 50 characters, values up to 255 characters (512 since 1.9x; we stay under
 * the older limit); a key over the count is dropped silently. One node uses at most
 * MAX_SLOTS keys, so a workflow keeps room for its own.
 */

export interface RecordedJob {
	itemIndex: number;
	/** The job's fingerprint, shortened: the retried run resumes only the same job. */
	fingerprint: string;
	requestId: string;
	/** ms since epoch, to the second. */
	submittedAt: number;
}

export const MAX_SLOTS = 4;
const MAX_VALUE_LENGTH = 255;
const FINGERPRINT_CHARS = 8;

interface CustomData {
	set(key: string, value: string): void;
	getAll(): Record<string, string>;
}

function customDataOf(ctx: IExecuteFunctions): CustomData | undefined {
	try {
		const execution = ctx.getWorkflowDataProxy(0).$execution as { customData?: CustomData };
		return execution?.customData;
	} catch {
		return undefined;
	}
}

/** `segmindWan_<node>_<slot>`: a short digest of the node's name keeps the key legal and short. */
function slotKey(nodeName: string, slot: number): string {
	return `segmindWan_${hash64(nodeName).slice(0, 8)}_${slot}`;
}

function encode(job: RecordedJob): string {
	const seconds = Math.floor(job.submittedAt / 1000).toString(36);
	return `${job.itemIndex}:${job.fingerprint.slice(0, FINGERPRINT_CHARS)}:${job.requestId}:${seconds}`;
}

function decode(entry: string): RecordedJob | undefined {
	const parts = entry.split(':');
	if (parts.length < 4) return undefined;
	const [index, fingerprint, ...rest] = parts;
	const seconds = parseInt(rest.pop() ?? '', 36);
	const requestId = rest.join(':');
	const itemIndex = Number(index);
	if (!Number.isInteger(itemIndex) || !requestId || !Number.isFinite(seconds)) return undefined;
	return { itemIndex, fingerprint, requestId, submittedAt: seconds * 1000 };
}

/** Every job this node recorded in the execution's custom data (this run's or a retried one's). */
export function recordedJobs(ctx: IExecuteFunctions): RecordedJob[] {
	const all = customDataOf(ctx)?.getAll() ?? {};
	const nodeName = ctx.getNode().name;
	const jobs: RecordedJob[] = [];
	for (let slot = 0; slot < MAX_SLOTS; slot++) {
		const value = all[slotKey(nodeName, slot)];
		if (!value) continue;
		for (const entry of value.split(' ')) {
			const job = decode(entry);
			if (job) jobs.push(job);
		}
	}
	return jobs;
}

/** The recorded job of this item with this fingerprint, if any. */
export function recordedJobOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	fingerprint: string,
): RecordedJob | undefined {
	const short = fingerprint.slice(0, FINGERPRINT_CHARS);
	return recordedJobs(ctx)
		.reverse()
		.find((job) => job.itemIndex === itemIndex && job.fingerprint === short);
}

/**
 * Adds a job to the first slot with room. False when the record is full (or n8n offers no
 * custom data here): the job is then kept in the in-process ledger and the node's errors only.
 */
export function recordJob(ctx: IExecuteFunctions, job: RecordedJob): boolean {
	const customData = customDataOf(ctx);
	if (!customData) return false;
	const all = customData.getAll();
	const nodeName = ctx.getNode().name;
	const entry = encode(job);
	for (let slot = 0; slot < MAX_SLOTS; slot++) {
		const key = slotKey(nodeName, slot);
		const current = all[key] ?? '';
		const next = current ? `${current} ${entry}` : entry;
		if (next.length > MAX_VALUE_LENGTH) continue;
		try {
			customData.set(key, next);
		} catch {
			return false;
		}
		return customData.getAll()[key] === next;
	}
	return false;
}
