// Jobs layer (leaf): Segmind's job states, whatever their spelling.
/** Segmind's documented job states, and the spellings we tolerate for them. */
export type JobState = 'QUEUED' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';

const SPELLINGS: Record<string, JobState> = {
	QUEUED: 'QUEUED',
	IN_QUEUE: 'QUEUED',
	PENDING: 'QUEUED',
	PROCESSING: 'PROCESSING',
	IN_PROGRESS: 'PROCESSING',
	RUNNING: 'PROCESSING',
	STARTED: 'PROCESSING',
	STARTING: 'PROCESSING',
	COMPLETED: 'COMPLETED',
	COMPLETE: 'COMPLETED',
	SUCCEEDED: 'COMPLETED',
	SUCCESS: 'COMPLETED',
	SUCCESSFUL: 'COMPLETED',
	DONE: 'COMPLETED',
	FINISHED: 'COMPLETED',
	READY: 'COMPLETED',
	FAILED: 'FAILED',
	FAILURE: 'FAILED',
	ERROR: 'FAILED',
	ERRORED: 'FAILED',
	CANCELLED: 'FAILED',
	CANCELED: 'FAILED',
};

export function jobState(status: unknown): JobState {
	if (typeof status !== 'string') return 'UNKNOWN';
	return (
		SPELLINGS[
			status
				.trim()
				.toUpperCase()
				.replace(/[\s-]+/g, '_')
		] ?? 'UNKNOWN'
	);
}
