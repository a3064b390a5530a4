/**
 * When to ask Segmind for a job's status. Segmind's SDK asks every 1–2 s; a 7-minute Wan job
 * then costs 200–400 calls against a 5/min free-plan budget. Our schedule knows the model's
 * typical time: a few sparse checks early (quick failures, unusually fast jobs), then a dense
 * 3.5 s cadence from 60 % of the typical time, where completion is likely, so the job is
 * noticed ~1.75 s after it ends on average. Past twice the typical time it slowly backs off.
 */
export const FIRST_POLL_MS = 2_000;
export const DENSE_INTERVAL_MS = 3_500;
export const MAX_INTERVAL_MS = 30_000;
const SPARSE_FRACTION = 0.2;
const DENSE_FROM = 0.6;
const BACKOFF_FROM = 2;
const MIN_DELAY_MS = 1_000;

export function nextPollDelayMs(elapsedMs: number, typicalMs: number): number {
	if (elapsedMs < FIRST_POLL_MS) return FIRST_POLL_MS - elapsedMs;
	const denseStart = DENSE_FROM * typicalMs;
	if (elapsedMs < denseStart) {
		const step = Math.max(SPARSE_FRACTION * typicalMs, DENSE_INTERVAL_MS);
		const nextCheckpoint = Math.min(denseStart, (Math.floor(elapsedMs / step) + 1) * step);
		return Math.max(MIN_DELAY_MS, nextCheckpoint - elapsedMs);
	}
	const backoffStart = BACKOFF_FROM * typicalMs;
	if (elapsedMs < backoffStart) return DENSE_INTERVAL_MS;
	return Math.min(MAX_INTERVAL_MS, DENSE_INTERVAL_MS + (elapsedMs - backoffStart) * 0.05);
}

/** Elapsed times (ms since submit) at which status calls happen, up to and including `untilMs`. */
export function pollTimes(typicalMs: number, untilMs: number): number[] {
	const times: number[] = [];
	let elapsed = 0;
	while (elapsed < untilMs) {
		elapsed += nextPollDelayMs(elapsed, typicalMs);
		times.push(elapsed);
	}
	return times;
}
