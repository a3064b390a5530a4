import type { IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_FIND_LIMIT,
	DEFAULT_HISTORY_WINDOW_DAYS,
	MAX_FIND_LIMIT,
	MAX_HISTORY_WINDOW_DAYS,
} from '../constants';
import type { HistoryQuery } from '../transport/jobs/history';
import { fieldLabel, invalidInput } from './inputErrors';

const DAY_MS = 24 * 60 * 60 * 1000;
const STATUSES = ['COMPLETED', 'FAILED', 'PENDING'] as const;

const FROM = fieldLabel('From Date', 'findFromDate');
const TO = fieldLabel('To Date', 'findToDate');

/**
 * A day as YYYY-MM-DD from what the field holds: a date, or a date-time (n8n's date picker,
 * an ISO string from an expression; its calendar day is taken as written). Null when empty.
 */
function readDay(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): number | null {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const value = raw instanceof Date ? raw.toISOString() : String(raw ?? '').trim();
	if (!value) return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
	const problem = (text: string) =>
		invalidInput(
			ctx.getNode(),
			itemIndex,
			label,
			text,
			'Give a day as YYYY-MM-DD (or pick one), or leave it empty.',
		);
	if (!match)
		throw problem(`must be a day as YYYY-MM-DD, got ${JSON.stringify(value.slice(0, 40))}`);
	const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	if (new Date(ms).toISOString().slice(0, 10) !== value.slice(0, 10))
		throw problem(`${value.slice(0, 10)} is not a date`);
	return ms;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Find Jobs' filters, checked before anything is sent: well-formed days, From not after To, a
 * window of at most 31 days (Segmind's limit). An empty To is today (UTC), an empty From is 7
 * days before To (Segmind's default window).
 */
export function readHistoryQuery(ctx: IExecuteFunctions, itemIndex: number): HistoryQuery {
	const to = readDay(ctx, itemIndex, 'findToDate', TO) ?? Date.parse(isoDay(Date.now()));
	const from =
		readDay(ctx, itemIndex, 'findFromDate', FROM) ?? to - DEFAULT_HISTORY_WINDOW_DAYS * DAY_MS;
	if (from > to) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			FROM,
			`${isoDay(from)} is after "To Date" ${isoDay(to)}`,
		);
	}
	if (to - from > MAX_HISTORY_WINDOW_DAYS * DAY_MS) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			FROM,
			`${isoDay(from)} to ${isoDay(to)} is ${Math.round((to - from) / DAY_MS)} days; Segmind's history answers at most ${MAX_HISTORY_WINDOW_DAYS} days per search`,
			'Narrow the window, or run Find Jobs once per month.',
		);
	}
	const limit = Number(ctx.getNodeParameter('findLimit', itemIndex, DEFAULT_FIND_LIMIT));
	if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FIND_LIMIT) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Limit', 'findLimit'),
			`must be a whole number from 1 to ${MAX_FIND_LIMIT}, got ${String(limit)}`,
		);
	}
	const status = String(ctx.getNodeParameter('findStatus', itemIndex, 'any'));
	if (status !== 'any' && !(STATUSES as readonly string[]).includes(status)) {
		throw invalidInput(
			ctx.getNode(),
			itemIndex,
			fieldLabel('Status', 'findStatus'),
			`must be one of any, ${STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
		);
	}
	const modelName = String(ctx.getNodeParameter('findModel', itemIndex, '')).trim();
	return {
		fromDate: isoDay(from),
		toDate: isoDay(to),
		limit,
		...(modelName ? { modelName } : {}),
		...(status !== 'any' ? { status: status as HistoryQuery['status'] } : {}),
	};
}
