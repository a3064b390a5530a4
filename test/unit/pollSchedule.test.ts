import { DENSE_INTERVAL_MS, FIRST_POLL_MS, MAX_INTERVAL_MS, nextPollDelayMs, pollTimes } from '../../nodes/SegmindWan/transport/pollSchedule';

const TYPICAL_SECONDS = [66.59, 139.37, 148.59, 329.51, 415.22];

it('first checks after a few seconds, to catch quick failures', () => {
	expect(nextPollDelayMs(0, 415_000)).toBe(FIRST_POLL_MS);
});

it.each(TYPICAL_SECONDS)('uses at most 1/5 of the 1 s SDK calls for a %f s job', (seconds) => {
	const typicalMs = seconds * 1000;
	const calls = pollTimes(typicalMs, typicalMs).length;
	expect(calls).toBeLessThanOrEqual(Math.ceil(seconds) / 5);
});

it.each(TYPICAL_SECONDS)('notices a %f s job within one dense interval of completion', (seconds) => {
	const typicalMs = seconds * 1000;
	const times = pollTimes(typicalMs, typicalMs);
	expect(times[times.length - 1] - typicalMs).toBeLessThanOrEqual(DENSE_INTERVAL_MS);
});

it('still checks a job that runs far faster than usual well before its typical time', () => {
	const times = pollTimes(415_000, 100_000);
	expect(times.filter((time) => time <= 100_000).length).toBeGreaterThanOrEqual(2);
	expect(times[times.length - 1]).toBeLessThan(170_000);
});

it('backs off slowly past twice the typical time, never beyond the cap', () => {
	expect(nextPollDelayMs(3 * 60_000, 60_000)).toBeGreaterThan(DENSE_INTERVAL_MS);
	expect(nextPollDelayMs(60 * 60_000, 60_000)).toBe(MAX_INTERVAL_MS);
});
