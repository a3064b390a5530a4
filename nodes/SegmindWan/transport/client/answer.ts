// Client layer: reads an answer whole (JSON, raw body) and Segmind's own words in a failed one.
import type { IDataObject } from 'n8n-workflow';

import type { HttpResult } from '../http/httpCall';
import { readAll } from '../http/readAll';

export interface SegmindAnswer {
	statusCode: number;
	/** A 2xx status. */
	ok: boolean;
	/** The body as a JSON object when it is one, otherwise `{}`. */
	json: IDataObject;
	/** The body as sent (parsed when it is JSON), for Segmind's own words in an error. */
	raw: unknown;
}

/** Reads the body; strings (HTML, text) come back as `{}` plus the raw text. */
export async function readAnswer(result: HttpResult): Promise<SegmindAnswer> {
	const { statusCode } = result;
	const ok = statusCode >= 200 && statusCode < 300;
	let raw = result.body;
	if (
		raw !== null &&
		typeof raw === 'object' &&
		!Buffer.isBuffer(raw) &&
		!(Symbol.asyncIterator in raw)
	) {
		return { statusCode, ok, json: raw as IDataObject, raw };
	}
	if (raw !== undefined && raw !== null && typeof raw !== 'string') {
		raw = (await readAll(raw)).toString('utf8');
	}
	const parsed = typeof raw === 'string' ? tryParseJson(raw) : undefined;
	const redact = result.redact ?? ((value) => value);
	const json =
		parsed && typeof parsed === 'object' && !Array.isArray(parsed)
			? redact(parsed as IDataObject)
			: {};
	return { statusCode, ok, json, raw: redact(parsed ?? raw) };
}

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
