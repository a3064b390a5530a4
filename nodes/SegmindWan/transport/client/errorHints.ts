// Client layer: texts telling the user what to do next (per status, after a paid POST, request ID).

/** What to do about each status, in the user's terms. */
export const STATUS_HINTS: Record<number, string> = {
	400: 'Segmind rejected the parameters; check the fields named in the message.',
	401: 'The API key is missing or invalid: check the Segmind API credential.',
	403: 'This API key may not use this model or endpoint.',
	402: 'Not enough Segmind credits: top up your Segmind credits at segmind.com, then run again.',
	404: 'Segmind does not know this model or request (/v2/requests forgets a request one hour after submission).',
	405: 'The endpoint does not accept this method; check the base URL in the credential.',
	406: 'Not enough Segmind credits (or a team spend limit was reached): top up your Segmind credits at segmind.com.',
	410: 'Segmind has retired this model; choose another one.',
	422: 'Segmind marked the job as FAILED (this includes content-safety blocks).',
	429: 'Segmind rate limit reached (free plan: 5 requests/min, pro: 50/min); retry later or lower the concurrency.',
	500: 'Segmind had an internal error; try again later.',
	502: 'Segmind is temporarily unavailable; try again later.',
	503: 'Segmind is temporarily unavailable; try again later.',
	504: 'Segmind timed out; try again later.',
};

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

/** How a finished job's video is fetched again by its ID: Segmind's hour, then its history. */
export function fetchAgainHint(requestId: string): string {
	return `Request ID: ${requestId}. The job finished at Segmind: use the operation "Get Result" with this ID to fetch the video again (within the hour after submission from the job, later from the account history while Segmind keeps the file, reported: 7 days).`;
}

/**
 * The request id is what lets a paid job be recovered, so every error after submit repeats it;
 * what to do with it follows the job's known state (a finished job will not "still finish").
 */
export function requestIdHint(
	requestId: string | undefined,
	recoverable = true,
	finished = false,
): string {
	if (!requestId) return '';
	if (recoverable && finished) return ` ${fetchAgainHint(requestId)}`;
	return recoverable
		? ` Request ID: ${requestId}. The job may still finish: use the operation "Get Result" with this ID (after Segmind's hour it reads the account history).`
		: ` Request ID: ${requestId}.`;
}
