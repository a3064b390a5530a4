/** Segmind's documented job states, and the spellings we tolerate for them. */
export type JobState = 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';

const SPELLINGS: Record<string, JobState> = {
	QUEUED: 'QUEUED',
	IN_QUEUE: 'QUEUED',
	PENDING: 'QUEUED',
	PROCESSING: 'PROCESSING',
	IN_PROGRESS: 'PROCESSING',
	RUNNING: 'PROCESSING',
	STARTING: 'PROCESSING',
	COMPLETED: 'COMPLETED',
	SUCCEEDED: 'COMPLETED',
	SUCCESS: 'COMPLETED',
	FAILED: 'FAILED',
	ERROR: 'FAILED',
	CANCELLED: 'FAILED',
	CANCELED: 'FAILED',
};

export function jobState(status: unknown): JobState {
	return typeof status === 'string' ? (SPELLINGS[status.trim().toUpperCase()] ?? 'UNKNOWN') : 'UNKNOWN';
}
