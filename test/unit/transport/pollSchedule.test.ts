import {
	DENSE_INTERVAL_MS,
	FIRST_POLL_MS,
	MAX_INTERVAL_MS,
	nextPollDelayMs,
	pollTimes,
	PROMISE_FROM,
} from '../../../nodes/SegmindWan/transport/jobs/pollSchedule';

const TYPICAL_SECONDS = [66.59, 139.37, 148.59, 329.51, 415.22];

/** Added delay when a job ends at `actualMs`: the first check at or after it, minus it. */
function addedDelay(typicalMs: number, actualMs: number): number {
	const times = pollTimes(typicalMs, actualMs);
	return times[times.length - 1] - actualMs;
}

/** Actual run times from PROMISE_FROM to 3 × typical, in 0.5 % steps. */
function sweep(typicalMs: number): number[] {
	return Array.from({ length: 541 }, (_, i) => typicalMs * (PROMISE_FROM + i * 0.005));
}

it('first checks after a few seconds, to catch quick failures', () => {
	expect(nextPollDelayMs(0, 415_000)).toBe(FIRST_POLL_MS);
});

it.each(TYPICAL_SECONDS)(
	'notices a %f s-typical job ending at 0.3× to 3× its typical time within max(3 s, 5 %) of its run time',
	(seconds) => {
		const typicalMs = seconds * 1000;
		const late = sweep(typicalMs).filter(
			// The promise, less the margin the schedule keeps for each check's round trip.
			(actualMs) => addedDelay(typicalMs, actualMs) > Math.max(3000, 0.05 * actualMs) - 250,
		);
		expect(late).toEqual([]);
	},
);

it.each(TYPICAL_SECONDS)(
	'checks every %f s-typical job densely around its typical time',
	(seconds) => {
		const typicalMs = seconds * 1000;
		const nearTypical = Array.from({ length: 201 }, (_, i) => typicalMs * (0.9 + i * 0.001));
		expect(
			Math.max(...nearTypical.map((actualMs) => addedDelay(typicalMs, actualMs))),
		).toBeLessThanOrEqual(DENSE_INTERVAL_MS);
	},
);

it('makes at most 1/5 of the 1 s SDK calls over the whole 0.3×–3× sweep of all five models', () => {
	let ours = 0;
	let sdk = 0;
	for (const seconds of TYPICAL_SECONDS) {
		for (const actualMs of sweep(seconds * 1000)) {
			ours += pollTimes(seconds * 1000, actualMs).length;
			sdk += Math.ceil(actualMs / 1000);
		}
	}
	expect(ours / sdk).toBeLessThanOrEqual(1 / 5);
});

it('still checks a job that runs far faster than usual well before its typical time', () => {
	const times = pollTimes(415_000, 100_000);
	expect(times.filter((time) => time <= 100_000).length).toBeGreaterThanOrEqual(2);
	// Sparse checks before PROMISE_FROM are a tenth of the typical time apart.
	expect(times[times.length - 1]).toBeLessThanOrEqual(100_000 + 41_522);
});

it('never checks more often than once a second, and backs off to the cap on very long jobs', () => {
	for (const seconds of TYPICAL_SECONDS) {
		const times = pollTimes(seconds * 1000, 3 * seconds * 1000);
		const gaps = times.slice(1).map((time, i) => time - times[i]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
	}
	expect(nextPollDelayMs(3 * 60_000, 60_000)).toBeGreaterThan(DENSE_INTERVAL_MS);
	expect(nextPollDelayMs(60 * 60_000, 60_000)).toBe(MAX_INTERVAL_MS);
});
