// Jobs layer (leaf): when to ask for a job's status.
/**
 * When to ask Segmind for a job's status. Segmind's SDK asks every 1–2 s; a 7-minute Wan job
 * then costs 200–400 calls against a 5/min free-plan budget. Our schedule knows the model's
 * typical time and promises: a job that ends anywhere from 30 % to 300 % of it is noticed at
 * most max(3 s, 5 % of its run time) late (checks are never further apart than that), and
 * around the typical time, where most jobs end, within 1.5 s on average. Before 30 % of the
 * typical time only a few sparse checks catch quick failures and unusually fast jobs.
 */
export const FIRST_POLL_MS = 2_000;
/**
 * Gaps stay a little under the promised max(3 s, 5 %): each check's own round trip adds to
 * the delay, so the schedule leaves 250 ms (or a tenth of the gap) for it.
 */
export const FLOOR_MS = 2_750;
export const PROPORTIONAL_GAP = 0.045;
/** Cadence around the typical time (DENSE_FROM … DENSE_TO of it). */
export const DENSE_INTERVAL_MS = FLOOR_MS;
export const MAX_INTERVAL_MS = 30_000;
/** From this fraction of the typical time on, the max(3 s, 5 %) promise holds. */
export const PROMISE_FROM = 0.3;
const SPARSE_FRACTION = 0.1;
const SPARSE_MIN_MS = 3_500;
const DENSE_FROM = 0.8;
const DENSE_TO = 1.25;
const MIN_DELAY_MS = 1_000;

function sparseDelay(elapsedMs: number, typicalMs: number, until: number): number {
	const step = Math.max(SPARSE_FRACTION * typicalMs, SPARSE_MIN_MS);
	const nextCheckpoint = Math.min(until, (Math.floor(elapsedMs / step) + 1) * step);
	return Math.max(MIN_DELAY_MS, nextCheckpoint - elapsedMs);
}

export function nextPollDelayMs(elapsedMs: number, typicalMs: number): number {
	if (elapsedMs < FIRST_POLL_MS) return FIRST_POLL_MS - elapsedMs;
	const promiseStart = PROMISE_FROM * typicalMs;
	if (elapsedMs < promiseStart) return sparseDelay(elapsedMs, typicalMs, promiseStart);
	const denseStart = DENSE_FROM * typicalMs;
	if (elapsedMs >= denseStart && elapsedMs < DENSE_TO * typicalMs) return DENSE_INTERVAL_MS;
	const gap = Math.min(MAX_INTERVAL_MS, Math.max(FLOOR_MS, PROPORTIONAL_GAP * elapsedMs));
	// Land on the dense window's start rather than jump over part of it.
	return elapsedMs < denseStart
		? Math.min(gap, Math.max(MIN_DELAY_MS, denseStart - elapsedMs))
		: gap;
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
