// Jobs layer (on the client): Segmind's account request history, on its own host (the
// credential's History URL): every request of this key, of any age, with its inputs and output.
import { answerError, segmindApiError } from '../client/apiError';
import { getIdempotent } from '../client/segmindClient';
import type { CallScope } from '../client/session';
import { joinUrl } from '../client/session';
import type { HistoryJob, HistoryRow } from './historyRows';
import { mergeRows, parseRow, recordOf, rowsOf, totalPagesOf } from './historyRows';

const HISTORY_PATH = '/inference-request/request-history';
/** Segmind's largest page. */
export const HISTORY_PAGE_SIZE = 100;
/** At most this many pages per search: a server that ignores `page` cannot hold an item. */
export const MAX_HISTORY_PAGES = 20;

export interface HistoryQuery {
	/** YYYY-MM-DD, at most 31 days apart (Segmind's limit). */
	fromDate: string;
	toDate: string;
	/** Substring of the model slug. */
	modelName?: string;
	status?: 'COMPLETED' | 'FAILED' | 'PENDING';
	/** Jobs wanted (after de-duplication on the request ID). */
	limit: number;
}

/** "model wan2.7, status FAILED, 2026-12-01 to 2026-12-07": what was asked, for errors. */
export function describeQuery(query: HistoryQuery): string {
	const parts = [
		query.modelName ? `model containing "${query.modelName}"` : 'any model',
		query.status ? `status ${query.status}` : 'any status',
		`${query.fromDate} to ${query.toDate}`,
	];
	return parts.join(', ');
}

function pageUrl(historyUrl: string, query: HistoryQuery, page: number): string {
	const params = new URLSearchParams({
		page: String(page),
		per_page: String(HISTORY_PAGE_SIZE),
		from_date: query.fromDate,
		to_date: query.toDate,
		sort_by: 'model_created',
		sort_order: 'desc',
	});
	if (query.modelName) params.set('model_name', query.modelName);
	if (query.status) params.set('status', query.status);
	return `${joinUrl(historyUrl, HISTORY_PATH)}?${params.toString()}`;
}

/**
 * This key's jobs matching `query`, newest first, one per request ID, at most `limit`. Pages
 * are read until one is empty, repeats the previous one, the answer's total_pages is reached,
 * `limit` jobs are found, or MAX_HISTORY_PAGES were read.
 */
export async function findJobs(scope: CallScope, query: HistoryQuery): Promise<HistoryJob[]> {
	const rows: HistoryRow[] = [];
	let previousIds = '';
	for (let page = 1; page <= MAX_HISTORY_PAGES; page++) {
		const asked = `page ${page}; ${describeQuery(query)}`;
		const answer = await getIdempotent(scope, pageUrl(scope.endpoints.historyUrl, query, page));
		if (!answer.ok)
			throw answerError(scope, answer, { message: `Segmind's request history (${asked})` });
		const raw = rowsOf(answer.raw);
		if (!raw) {
			throw segmindApiError(scope.ctx.getNode(), {
				statusCode: answer.statusCode,
				message: `Segmind's request history answered without a list of requests (${asked}); no rows under data, rows, items or results`,
				itemIndex: scope.itemIndex,
			});
		}
		const pageRows = raw.map(parseRow).filter((row): row is HistoryRow => row !== null);
		const ids = pageRows.map((row) => row.requestId).join(',');
		if (pageRows.length === 0 || ids === previousIds) break;
		previousIds = ids;
		rows.push(...pageRows);
		if (mergeRows(rows).length >= query.limit) break;
		const totalPages = totalPagesOf(answer.raw);
		if (totalPages !== null && page >= totalPages) break;
	}
	return mergeRows(rows).slice(0, query.limit);
}

/**
 * One request of this key, of any age: null when Segmind's history does not know it (404: a
 * wrong ID, or another account's).
 */
export async function readHistoryRecord(
	scope: CallScope,
	requestId: string,
): Promise<HistoryRow | null> {
	const url = joinUrl(
		scope.endpoints.historyUrl,
		`${HISTORY_PATH}/${encodeURIComponent(requestId)}`,
	);
	const answer = await getIdempotent(scope, url);
	if (answer.statusCode === 404) return null;
	if (!answer.ok)
		throw answerError(scope, answer, {
			message: `Segmind's request history (request ${requestId})`,
		});
	const row = recordOf(answer.raw, requestId);
	if (!row) {
		throw segmindApiError(scope.ctx.getNode(), {
			statusCode: answer.statusCode,
			message: `Segmind's request history answered for request ${requestId} without a record of it`,
			itemIndex: scope.itemIndex,
			requestId: scope.requestId,
		});
	}
	return row;
}
