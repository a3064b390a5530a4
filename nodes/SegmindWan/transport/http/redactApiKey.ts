// HTTP layer (bottom): cuts the API key out of whatever comes back from Segmind.
const REDACTED = '[redacted API key]';

/** Returns its value with the API key cut out. */
export type Redact = <T>(value: T) => T;

/**
 * Returns a function that replaces the API key wherever it occurs in a value (strings inside
 * objects, arrays and Buffers included): an API may quote a key back ("invalid key abc…").
 */
export function apiKeyRedactor(apiKey: string): Redact {
	// A very short key would match ordinary text; real keys are long.
	if (apiKey.length < 8) return (value) => value;
	const scrub = (value: unknown): unknown => {
		if (typeof value === 'string')
			return value.includes(apiKey) ? value.split(apiKey).join(REDACTED) : value;
		if (Buffer.isBuffer(value)) {
			const text = value.toString('utf8');
			return text.includes(apiKey) ? Buffer.from(text.split(apiKey).join(REDACTED)) : value;
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
