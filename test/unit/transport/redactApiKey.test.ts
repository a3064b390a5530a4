import { randomUUID } from 'crypto';

import {
	apiKeyRedactor,
	plainHeaders,
} from '../../../nodes/SegmindWan/transport/http/redactApiKey';

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

	test('removes the key in any letter case and as base64 at any alignment (standard and URL-safe)', () => {
		const base64 = (text: string) => Buffer.from(text).toString('base64');
		const text = [
			testKeyValue.toUpperCase(),
			base64(testKeyValue),
			base64(`u:${testKeyValue}`),
			base64(`us:${testKeyValue}`),
			base64(`usr:${testKeyValue}`).replace(/\+/g, '-').replace(/\//g, '_'),
		].join(' ');
		const cleaned = redact(text);
		expect(cleaned).toContain('[redacted API key]');
		expect(cleaned).not.toContain(testKeyValue.toUpperCase());
		// No run of the key's encoding longer than a few characters survives.
		for (const shift of ['', 'u:', 'us:']) {
			const middle = base64(`${shift}${testKeyValue}`).slice(4, -4);
			expect(cleaned).not.toContain(middle);
		}
	});
});

describe('plainHeaders', () => {
	test('copies an axios-style headers object (a class instance) into a plain one the redactor walks', () => {
		class HeadersLike {
			[name: string]: unknown;
			constructor(values: Record<string, string>) {
				Object.assign(this, values);
			}
			toJSON() {
				return Object.fromEntries(Object.entries(this));
			}
		}
		const headers = new HeadersLike({ 'X-Request-Id': `req-${testKeyValue}`, 'x-cost': '0.5' });
		expect(redact(headers)).toBe(headers); // a class instance is not walked…
		const plain = redact(plainHeaders(headers)); // …its plain copy is
		expect(plain['x-request-id']).toBe('req-[redacted API key]');
		expect(plain['x-cost']).toBe('0.5');
		expect(plainHeaders(undefined)).toEqual({});
	});
});
