/** Segmind's error text from whatever body shape it sent (JSON, plain text or an HTML page). */
export function segmindErrorText(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') {
		const parsed = tryParseJson(body);
		if (parsed !== undefined) return segmindErrorText(parsed);
		const text = body
			.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]+>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim();
		return text ? truncate(text) : undefined;
	}
	if (typeof body === 'object') {
		const record = body as Record<string, unknown>;
		for (const key of ['error', 'message', 'detail', 'error_description']) {
			const value = record[key];
			if (typeof value === 'string' && value.trim()) {
				const extra = record.error_description;
				return key === 'error' && typeof extra === 'string' && extra && extra !== value
					? truncate(`${value}: ${extra}`)
					: truncate(value);
			}
			if (value && typeof value === 'object') return segmindErrorText(value);
		}
	}
	return undefined;
}

export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function truncate(text: string): string {
	return text.length > 500 ? `${text.slice(0, 497)}…` : text;
}

/** What to do about each status, in the user's terms. */
export const STATUS_HINTS: Record<number, string> = {
	400: 'Segmind rejected the parameters; check the fields named in the message.',
	401: 'The API key is missing or invalid: check the Segmind API credential.',
	403: 'This API key may not use this model or endpoint.',
	402: 'Not enough Segmind credits: top up your Segmind credits at segmind.com, then run again.',
	404: 'Segmind does not know this model or request (results expire one hour after submission).',
	405: 'The endpoint does not accept this method; check the base URL in the credential.',
	406: 'Not enough Segmind credits (or a team spend limit was reached): top up your Segmind credits at segmind.com.',
	410: 'Segmind has retired this model; choose another one.',
	422: 'Segmind marked the job as FAILED (this includes content-safety blocks).',
	429: 'Segmind rate limit reached (free plan: 5 requests/min, pro: 50/min); retry later or lower the concurrency.',
	500: 'Segmind had an internal error; try again later.',
	502: 'Segmind is temporarily unavailable; try again later.',
	503: 'Segmind is temporarily unavailable; try again later.',
	504: 'Segmind timed out; try again later.',
};
