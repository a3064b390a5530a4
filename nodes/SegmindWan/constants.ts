/**
 * Defaults and limits shared by the credential, the node's fields and the run. The lowest
 * module of the package: it imports nothing, so every layer may use it.
 */

export const DEFAULT_API_URL = 'https://api.segmind.com';
export const DEFAULT_UPLOAD_URL = 'https://workflows-api.segmind.com';
/** Segmind's account request history (the official SDK 1.3 reads it there). */
export const DEFAULT_HISTORY_URL = 'https://api.spotprod.segmind.com';

export const DEFAULT_MAX_WAIT_MINUTES = 30;
/**
 * Segmind keeps a request at /v2/requests for one hour after submission. A wait past it would
 * follow the job through the account history (asyncJob.ts), but the record that lets Retry On
 * Fail resume a paid job instead of paying again is kept for that hour only (paidJobs/ledger.ts):
 * 55 minutes leaves five to fetch the result and download the video within it.
 */
export const MAX_WAIT_MINUTES = 55;
/**
 * 0.6 s: shorter waits cannot see any answer (values like 1e-9 are typos or expression
 * mistakes); fractions above it serve short checks and tests.
 */
export const MIN_WAIT_MINUTES = 0.01;

/** Segmind's history answers at most 31 days per search, 7 by default. */
export const MAX_HISTORY_WINDOW_DAYS = 31;
export const DEFAULT_HISTORY_WINDOW_DAYS = 7;
/** Find Jobs: jobs listed per item, at most (100 per page, see transport/jobs/history.ts). */
export const MAX_FIND_LIMIT = 500;
export const DEFAULT_FIND_LIMIT = 50;

export const DEFAULT_CONCURRENCY = 3;
export const MAX_CONCURRENCY = 20;
