// Jobs layer: reads Segmind's account request history tolerantly. The envelope around its rows
// is undocumented and older servers omit keys (SDK 1.3 reads every field with .get()), so every
// field is optional and rows are looked for under several keys.
import type { IDataObject } from 'n8n-workflow';

/** One history row, every field but the ID optional. */
export interface HistoryRow {
	requestId: string;
	model: string | null;
	/** model_status as Segmind wrote it (COMPLETED, FAILED, PENDING, …), upper-cased. */
	status: string | null;
	/** credits_deduction: the request's cost in USD. */
	cost: number | null;
	createdAt: string | null;
	updatedAt: string | null;
	latencyMs: number | null;
	/** request_body: the inputs as sent. */
	inputs: IDataObject | null;
	outputUrl: string | null;
	error: string | null;
}

/** One request: its rows merged (a multi-output request appears once per output). */
export interface HistoryJob extends HistoryRow {
	outputUrls: string[];
}

/** Keys the rows (or one record) may sit under. */
const ENVELOPE_KEYS = ['data', 'rows', 'items', 'results', 'records', 'requests'];

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | null {
	if (typeof value === 'string' && value.trim()) return value.trim();
	return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

function numberOf(value: unknown): number | null {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function firstOf(row: IDataObject, keys: string[]): unknown {
	for (const key of keys) if (row[key] !== undefined && row[key] !== null) return row[key];
	return undefined;
}

/** The inputs as sent: an object, or a JSON string of one. */
function inputsOf(value: unknown): IDataObject | null {
	if (isObject(value)) return value;
	if (typeof value !== 'string') return null;
	try {
		const parsed = JSON.parse(value) as unknown;
		return isObject(parsed) ? parsed : null;
	} catch {
		return null;
	}
}

function urlOf(value: unknown): string | null {
	if (Array.isArray(value)) return urlOf(value[0]);
	const url = text(value);
	return url && /^https?:\/\//i.test(url) ? url : null;
}

/** A row as this node reports it, or null when it names no request ID. */
export function parseRow(value: unknown): HistoryRow | null {
	if (!isObject(value)) return null;
	const requestId = text(firstOf(value, ['request_id', 'requestId', 'id']));
	if (!requestId) return null;
	const status = text(firstOf(value, ['model_status', 'status']));
	return {
		requestId,
		model: text(firstOf(value, ['model_name', 'model', 'slug'])),
		status: status ? status.toUpperCase() : null,
		cost: numberOf(firstOf(value, ['credits_deduction', 'cost'])),
		createdAt: text(firstOf(value, ['created_at', 'model_created', 'createdAt'])),
		updatedAt: text(firstOf(value, ['updated_at', 'completed_at', 'updatedAt'])),
		latencyMs: numberOf(value.latency_ms),
		inputs: inputsOf(firstOf(value, ['request_body', 'parameters'])),
		outputUrl: urlOf(firstOf(value, ['generation_url', 'output_url', 'output'])),
		error: text(value.error),
	};
}

/**
 * The rows of a list answer: a bare array, or an array under one of ENVELOPE_KEYS (one level
 * deeper too, e.g. `{data: {rows: []}}`). Null when the answer holds no list at all.
 */
export function rowsOf(body: unknown): unknown[] | null {
	if (Array.isArray(body)) return body;
	if (!isObject(body)) return null;
	for (const key of ENVELOPE_KEYS) {
		const inner = body[key];
		if (Array.isArray(inner)) return inner;
		if (isObject(inner)) {
			const nested = rowsOf(inner);
			if (nested) return nested;
		}
	}
	return null;
}

/** total_pages (or pages) when the answer says it. */
export function totalPagesOf(body: unknown): number | null {
	if (!isObject(body)) return null;
	const source = isObject(body.pagination) ? body.pagination : body;
	const pages = numberOf(firstOf(source, ['total_pages', 'totalPages', 'pages']));
	return pages !== null && pages >= 0 ? pages : null;
}

/** One record's answer: the row itself, `{data: row}` or a list holding it. */
export function recordOf(body: unknown, requestId: string): HistoryRow | null {
	const own = parseRow(body);
	if (own && own.requestId === requestId) return own;
	const rows = rowsOf(body);
	const candidates = rows ?? (isObject(body) ? ENVELOPE_KEYS.map((key) => body[key]) : []);
	for (const candidate of candidates) {
		const row = parseRow(candidate);
		if (row && row.requestId === requestId) return row;
	}
	return null;
}

const VIDEO_PATH = /\.(mp4|webm|mov|m4v)(\?|#|$)/i;

/** Rows merged per request ID, first seen first; the video URL first among a request's outputs. */
export function mergeRows(rows: HistoryRow[]): HistoryJob[] {
	const jobs = new Map<string, HistoryJob>();
	for (const row of rows) {
		const known = jobs.get(row.requestId);
		if (!known) {
			jobs.set(row.requestId, { ...row, outputUrls: row.outputUrl ? [row.outputUrl] : [] });
			continue;
		}
		for (const key of Object.keys(row) as Array<keyof HistoryRow>) {
			if (known[key] === null && row[key] !== null) Object.assign(known, { [key]: row[key] });
		}
		if (row.outputUrl && !known.outputUrls.includes(row.outputUrl))
			known.outputUrls.push(row.outputUrl);
	}
	for (const job of jobs.values()) job.outputUrl = videoUrlOf(job.outputUrls) ?? job.outputUrl;
	return [...jobs.values()];
}

/** The output that is a video by its path, else the first. */
export function videoUrlOf(urls: string[]): string | null {
	return urls.find((url) => VIDEO_PATH.test(url)) ?? urls[0] ?? null;
}
