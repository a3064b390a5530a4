import {
	backoffMs,
	IDEMPOTENT_RETRY,
	serverDelayMs,
} from '../../../nodes/SegmindWan/transport/client/retryPolicy';

const response = (headers: Record<string, string>) => ({ statusCode: 429, headers, body: {} });
const now = Date.parse('2026-11-21T10:00:00Z');

it('honours Retry-After in seconds and as a date', () => {
	expect(serverDelayMs(response({ 'retry-after': '7' }), now)).toBe(7000);
	expect(serverDelayMs(response({ 'retry-after': 'Sat, 21 Nov 2026 10:00:05 GMT' }), now)).toBe(
		5000,
	);
});

it("honours Segmind's x-rate-limit-reset-at-utc, with or without a zone, or as epoch seconds", () => {
	expect(
		serverDelayMs(response({ 'x-rate-limit-reset-at-utc': '2026-11-21T10:00:30Z' }), now),
	).toBe(30_000);
	expect(serverDelayMs(response({ 'x-rate-limit-reset-at-utc': '2026-11-21T10:00:30' }), now)).toBe(
		30_000,
	);
	expect(
		serverDelayMs(response({ 'x-rate-limit-reset-at-utc': String(now / 1000 + 12) }), now),
	).toBe(12_000);
});

it('has no server delay without those headers', () => {
	expect(serverDelayMs(response({}), now)).toBeUndefined();
});

it('backs off exponentially with jitter, capped', () => {
	expect(backoffMs(IDEMPOTENT_RETRY, 1, () => 0)).toBe(500);
	expect(backoffMs(IDEMPOTENT_RETRY, 1, () => 1)).toBe(1000);
	expect(backoffMs(IDEMPOTENT_RETRY, 4, () => 1)).toBe(8000);
	expect(backoffMs(IDEMPOTENT_RETRY, 20, () => 1)).toBe(IDEMPOTENT_RETRY.maxDelayMs);
});
