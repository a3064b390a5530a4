'use strict';

/**
 * Segmind's account request history (contract: ../shared/segmind-api.md "Account history"), as
 * served by the history host (like https://api.spotprod.segmind.com):
 *   GET /inference-request/request-history           page, per_page 1–100, from_date/to_date
 *       (YYYY-MM-DD, default the last 7 days, window ≤ 31 days), model_name (substring),
 *       status (COMPLETED|FAILED|PENDING), sort_by, sort_order
 *   GET /inference-request/request-history/{id}      one request of any age; 404 when unknown
 * Every request the api host accepted (v1 and v2) is an entry; its row is computed when asked,
 * so a v2 job's status follows its clock, and `sim.expire(id)` (which makes /v2/requests 404)
 * leaves the history record alone, as Segmind's one-hour retention does.
 *
 * The envelope around the rows is not documented, so the variants are options:
 *   historyEnvelope  'data' (default) | 'rows' | 'items' | 'results' | 'array' (a bare array)
 *   historyRecordEnvelope  'bare' (default: the row itself) | 'data' ({data: row}) | 'list' ({data: [row]})
 *   historySparseRows  rows carry only request_id and model_status (older servers omit keys)
 *   historyMultiOutput  a completed request appears twice: its video, then its last frame (PNG),
 *                       each row with the full cost
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const STATUSES = ['COMPLETED', 'FAILED', 'PENDING'];
const SORT_BY = ['model_created', 'model_name', 'credits_deduction'];

/** Records what the api host accepted; rows are built when asked. */
class HistoryLedger {
	constructor() {
		/**
		 * entries, oldest first: { requestId, slug, body, createdAt (as reported, see backdate),
		 * startedAt (the real clock), job? (v2), sync?: { doneAt } (v1) }
		 */
		this.entries = [];
	}

	recordJob(job) {
		const { id, slug, body, submittedAt } = job;
		this.entries.push({
			requestId: id,
			slug,
			body,
			createdAt: submittedAt,
			startedAt: submittedAt,
			job,
		});
	}

	recordSync({ requestId, slug, body, startedAt, doneAt }) {
		this.entries.push({ requestId, slug, body, createdAt: startedAt, startedAt, sync: { doneAt } });
	}

	find(requestId) {
		return this.entries.find((entry) => entry.requestId === requestId) || null;
	}

	/** Moves a request's creation time back by `ms` (an old job: outside the default window). */
	backdate(requestId, ms) {
		const entry = this.find(requestId);
		if (!entry) throw new Error(`no history entry ${requestId}`);
		entry.createdAt -= ms;
		return entry;
	}
}

function statusOf(entry, now) {
	if (entry.sync) return now >= entry.sync.doneAt ? 'COMPLETED' : 'PENDING';
	const state = entry.job.statusAt(now);
	return state === 'QUEUED' || state === 'PROCESSING' ? 'PENDING' : state;
}

/** The rows of one entry (two for a completed multi-output request when so configured). */
function rowsOf(sim, entry, now) {
	const status = statusOf(entry, now);
	const latencyMs = (entry.sync ? entry.sync.doneAt : entry.job.doneAt) - entry.startedAt;
	const completed = status === 'COMPLETED';
	const row = {
		request_id: entry.requestId,
		model_name: entry.slug,
		model_status: status,
		credits_deduction: status === 'FAILED' ? 0 : sim.costFor(entry.slug),
		request_body: entry.body,
		generation_url: completed ? sim.outputUrl(entry.requestId) : null,
		latency_ms: status === 'PENDING' ? null : latencyMs,
		created_at: new Date(entry.createdAt).toISOString(),
		updated_at: new Date(entry.createdAt + (status === 'PENDING' ? 0 : latencyMs)).toISOString(),
		error: status === 'FAILED' ? entry.job.failError : null,
	};
	if (sim.options.historySparseRows) return [{ request_id: row.request_id, model_status: status }];
	if (completed && sim.options.historyMultiOutput)
		return [row, { ...row, generation_url: sim.lastFrameUrl(entry.requestId) }];
	return [row];
}

function parseDate(text) {
	const m = DATE_RE.exec(text);
	if (!m) return null;
	const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	return new Date(ms).toISOString().slice(0, 10) === text ? ms : null;
}

function intParam(query, name, fallback) {
	const raw = query.get(name);
	if (raw === null) return fallback;
	return /^\d+$/.test(raw) ? Number(raw) : NaN;
}

/** The query checked like the real endpoint: null and an answered 400 when it is wrong. */
function readListQuery(ctx, query) {
	const page = intParam(query, 'page', 1);
	const perPage = intParam(query, 'per_page', 20);
	if (!(page >= 1)) return void ctx.error(400, 'page must be a positive integer');
	if (!(perPage >= 1 && perPage <= 100)) return void ctx.error(400, 'per_page must be 1-100');
	const today = parseDate(new Date().toISOString().slice(0, 10));
	const toText = query.get('to_date');
	const fromText = query.get('from_date');
	const to = toText === null ? today : parseDate(toText);
	const from = fromText === null ? to - 7 * DAY_MS : parseDate(fromText);
	if (to === null || from === null) return void ctx.error(400, 'dates must be YYYY-MM-DD');
	if (from > to) return void ctx.error(400, 'from_date must not be after to_date');
	if (to - from > 31 * DAY_MS) return void ctx.error(400, 'date range must not exceed 31 days');
	const status = query.get('status');
	if (status !== null && !STATUSES.includes(status))
		return void ctx.error(400, `status must be one of ${STATUSES.join(', ')}`);
	const sortBy = query.get('sort_by') ?? 'model_created';
	const sortOrder = query.get('sort_order') ?? 'desc';
	if (!SORT_BY.includes(sortBy) || !['asc', 'desc'].includes(sortOrder))
		return void ctx.error(400, 'invalid sort');
	return {
		page,
		perPage,
		from,
		toEnd: to + DAY_MS, // to_date is a whole day
		model: query.get('model_name'),
		status,
		sortBy,
		sortOrder,
	};
}

function sortKey(sim, entry, sortBy, now) {
	if (sortBy === 'model_name') return entry.slug;
	if (sortBy === 'credits_deduction')
		return statusOf(entry, now) === 'FAILED' ? 0 : sim.costFor(entry.slug);
	return entry.createdAt;
}

/** GET /inference-request/request-history */
function list(sim, ctx) {
	const q = readListQuery(ctx, new URL(ctx.req.url, 'http://sim.invalid').searchParams);
	if (!q) return;
	const now = Date.now();
	// Filters read the entry (sparse rows drop the fields, Segmind's filter does not).
	const entries = sim.history.entries
		.filter((e) => e.createdAt >= q.from && e.createdAt < q.toEnd)
		.filter((e) => !q.model || e.slug.includes(q.model))
		.filter((e) => !q.status || statusOf(e, now) === q.status);
	const direction = q.sortOrder === 'asc' ? 1 : -1;
	entries.sort((a, b) => {
		const ka = sortKey(sim, a, q.sortBy, now);
		const kb = sortKey(sim, b, q.sortBy, now);
		return ka < kb ? -direction : ka > kb ? direction : 0;
	});
	const flat = entries.flatMap((e) => rowsOf(sim, e, now));
	const pageRows = flat.slice((q.page - 1) * q.perPage, q.page * q.perPage);
	const envelope = sim.options.historyEnvelope;
	if (envelope === 'array') return ctx.json(200, pageRows);
	ctx.json(200, {
		[envelope]: pageRows,
		page: q.page,
		per_page: q.perPage,
		total: flat.length,
		total_pages: Math.ceil(flat.length / q.perPage),
	});
}

/** GET /inference-request/request-history/{id}: any age, this key's own requests only. */
function record(sim, ctx) {
	const entry = sim.history.find(ctx.params.id);
	if (!entry) return ctx.error(404, `Request ${ctx.params.id} not found`);
	const [row] = rowsOf(sim, entry, Date.now());
	const envelope = sim.options.historyRecordEnvelope;
	if (envelope === 'data') return ctx.json(200, { data: row });
	if (envelope === 'list') return ctx.json(200, { data: [row] });
	ctx.json(200, row);
}

module.exports = { HistoryLedger, list, record };
