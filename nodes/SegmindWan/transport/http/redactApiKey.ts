// HTTP layer (bottom): cuts the API key out of whatever comes back from Segmind.
const REDACTED = '[redacted API key]';

/** Returns its value with the API key cut out. */
export type Redact = <T>(value: T) => T;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The key's base64 as it appears wherever it starts in an encoded text (e.g. `Basic
 * base64(user:key)`): for each of the three byte alignments, the characters that depend on key
 * bytes only. Standard and URL-safe alphabets.
 */
function base64Forms(apiKey: string): string[] {
	const key = Buffer.from(apiKey);
	const forms: string[] = [];
	for (let shift = 0; shift < 3; shift++) {
		const encoded = Buffer.concat([Buffer.alloc(shift), key]).toString('base64');
		const stable = encoded.slice(shift > 0 ? 4 : 0, Math.floor((shift + key.length) / 3) * 4);
		forms.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return [...new Set(forms)].filter((form) => form.length >= 8);
}

/**
 * Answers' header values as a plain object whatever carries them: n8n hands them over as an
 * axios headers object, which the redactor (plain objects only) would pass untouched.
 */
export function plainHeaders(headers: unknown): Record<string, string | string[] | undefined> {
	if (!headers || typeof headers !== 'object') return {};
	const source = headers as { toJSON?: () => unknown };
	const entries = Object.entries(
		typeof source.toJSON === 'function' ? (source.toJSON() as object) : headers,
	);
	const plain: Record<string, string | string[] | undefined> = Object.create(null) as Record<
		string,
		string | string[] | undefined
	>;
	for (const [name, value] of entries) {
		if (value === undefined || value === null) continue;
		plain[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
	}
	return plain;
}

/**
 * Returns a function that replaces the API key wherever it occurs in a value (strings inside
 * objects, arrays and Buffers included): an API may quote a key back ("invalid key abc…").
 * Covered forms: the exact key in any letter case, and its base64 (standard or URL-safe, at
 * any alignment inside a longer encoded text). Other encodings (hex, URL-escaped) are not.
 */
export function apiKeyRedactor(apiKey: string): Redact {
	// A very short key would match ordinary text; real keys are long.
	if (apiKey.length < 8) return (value) => value;
	// The key itself in any case; its base64 forms exactly (base64 is case-sensitive).
	const caseless = new RegExp(escapeRegExp(apiKey), 'gi');
	const encoded = new RegExp(base64Forms(apiKey).map(escapeRegExp).join('|'), 'g');
	const cut = (text: string) => text.replace(caseless, REDACTED).replace(encoded, REDACTED);
	const scrub = (value: unknown): unknown => {
		if (typeof value === 'string') return cut(value);
		if (Buffer.isBuffer(value)) {
			const text = value.toString('utf8');
			const cleaned = cut(text);
			return cleaned === text ? value : Buffer.from(cleaned);
		}
		if (Array.isArray(value)) return value.map(scrub);
		// Plain objects only (Node's header objects have no prototype); streams pass untouched.
		const prototype: unknown =
			value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
		if (prototype === Object.prototype || prototype === null) {
			return Object.fromEntries(
				Object.entries(value as object).map(([key, inner]) => [key, scrub(inner)]),
			);
		}
		return value;
	};
	return <T>(value: T) => scrub(value) as T;
}
