import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { NodeError } from './itemErrors';

/** A paid job the stopped run did not output. */
interface UndeliveredJob extends IDataObject {
	itemIndex: number;
	/** null: a synchronous answer that named no request ID (its videoUrl may still be known). */
	requestId: string | null;
	/** finished: video ready; submitted: accepted (Submit operation); failed: failed after submit. */
	state: 'finished' | 'submitted' | 'failed';
	error?: string;
	/** A finished job's video URL: the only way back to a synchronous job's video. */
	videoUrl?: string;
	/** Synchronous (POST /v1): Get Result cannot fetch it (Segmind answers 404 for its ID). */
	synchronous?: boolean;
}

/** What happened to the items of a run that stops at its first error (no "continue on fail"). */
export class RunStop {
	private readonly failures: Array<{ itemIndex: number; error: NodeError }> = [];
	private readonly notSent: number[] = [];

	get stopped(): boolean {
		return this.failures.length > 0;
	}

	fail(itemIndex: number, error: NodeError): void {
		this.failures.push({ itemIndex, error });
	}

	/** The item was not sent to Segmind because the run had already stopped. */
	skip(itemIndex: number): void {
		this.notSent.push(itemIndex);
	}

	/**
	 * The first failure, completed with every paid job the run started and did not output:
	 * in its description for people, in `context.submittedJobs` and `context.requestIds` for
	 * workflows. Its own message and request id stay as they were.
	 */
	error(
		results: Array<INodeExecutionData | undefined>,
		operations: ReadonlyMap<number, string>,
	): NodeError {
		const [first, ...others] = this.failures;
		const jobs: UndeliveredJob[] = [];
		results.forEach((result, itemIndex) => {
			const requestId = result?.json.requestId;
			const operation = operations.get(itemIndex);
			if (!result || (operation !== 'generate' && operation !== 'submit')) return;
			const synchronous = result.json.executionMode === 'sync';
			if (typeof requestId !== 'string' && !synchronous) return;
			const job: UndeliveredJob = {
				itemIndex,
				requestId: typeof requestId === 'string' ? requestId : null,
				state: operation === 'submit' ? 'submitted' : 'finished',
			};
			const videoUrl = result.json.videoUrl;
			if (typeof videoUrl === 'string') job.videoUrl = videoUrl;
			if (synchronous) job.synchronous = true;
			jobs.push(job);
		});
		const unbilled: string[] = [];
		for (const { itemIndex, error } of this.failures) {
			const requestId = error.context?.requestId;
			if (typeof requestId === 'string')
				jobs.push({ itemIndex, requestId, state: 'failed', error: error.message });
			else if (error !== first.error) unbilled.push(`item ${itemIndex}: ${shorten(error.message)}`);
		}
		jobs.sort((a, b) => a.itemIndex - b.itemIndex);

		const failure = first.error;
		failure.context.submittedJobs = jobs;
		failure.context.requestIds = jobs.flatMap((job) => (job.requestId ? [job.requestId] : []));
		if (this.notSent.length > 0)
			failure.context.notSentItems = [...this.notSent].sort((a, b) => a - b);

		const notes: string[] = [];
		const othersJobs = jobs.filter((job) => job.itemIndex !== first.itemIndex);
		if (othersJobs.length > 0) {
			const fetchable = othersJobs.some((job) => !job.synchronous);
			notes.push(
				`The run stopped at this error, so these paid jobs of other items were not output: ` +
					`${othersJobs.map(describeJob).join('; ')}.` +
					(fetchable
						? " Get Result fetches a finished or still running job (after Segmind's hour, from the account history)" +
							(othersJobs.some((job) => job.synchronous) ? ' (not a synchronous one).' : '.')
						: ''),
			);
		}
		if (others.length > 0 && unbilled.length > 0)
			notes.push(`Other items failed too: ${unbilled.join('; ')}.`);
		if (this.notSent.length > 0) {
			notes.push(
				`Not sent to Segmind because the run had stopped: item ${[...this.notSent].sort((a, b) => a - b).join(', item ')}.`,
			);
		}
		if (notes.length > 0)
			failure.description = [failure.description, ...notes].filter(Boolean).join(' ');
		return failure;
	}
}

function describeJob(job: UndeliveredJob): string {
	const what = job.state === 'failed' ? `failed: ${shorten(job.error ?? '')}` : job.state;
	const mode = job.synchronous ? ', synchronous' : '';
	const video = job.videoUrl
		? `, video at ${job.videoUrl}`
		: job.synchronous
			? ', its video came in the answer and was not kept'
			: '';
	return `item ${job.itemIndex}: ${job.requestId ?? 'no request ID'} (${what}${mode}${video})`;
}

const shorten = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);
