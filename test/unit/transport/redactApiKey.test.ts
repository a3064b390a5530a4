import { randomUUID } from 'crypto';

import { apiKeyRedactor } from '../../../nodes/SegmindWan/transport/http/redactApiKey';

// A fresh made-up key per run, as the other secret tests use.
const testKeyValue = `sk-simulated-${randomUUID()}`;
const redact = apiKeyRedactor(testKeyValue);

describe('apiKeyRedactor', () => {
	test('removes the key from strings, nested objects, arrays and header objects', () => {
		const headers = Object.assign(Object.create(null) as Record<string, string>, {
			'x-echo': `key ${testKeyValue}`,
		});
		const value = {
			error: `Invalid API key ${testKeyValue}`,
			details: [{ key: testKeyValue }, 7, null, true],
			headers,
		};
		expect(JSON.stringify(redact(value))).not.toContain(testKeyValue);
		expect(redact(value).error).toBe('Invalid API key [redacted API key]');
		expect(redact(value).details).toEqual([{ key: '[redacted API key]' }, 7, null, true]);
		expect(redact(value).headers['x-echo']).toBe('key [redacted API key]');
	});

	test('removes the key from a Buffer and leaves other values as they are', () => {
		expect(redact(Buffer.from(`{"error":"bad ${testKeyValue}"}`)).toString()).toBe(
			'{"error":"bad [redacted API key]"}',
		);
		const clean = { status: 'COMPLETED', output: 'https://x/y.mp4' };
		expect(redact(clean)).toEqual(clean);
		expect(redact(undefined)).toBeUndefined();
		expect(redact(null)).toBeNull();
	});

	test('a key too short to be real is not searched for (it would mangle ordinary text)', () => {
		expect(apiKeyRedactor('abc')('abcdef')).toBe('abcdef');
	});
});
