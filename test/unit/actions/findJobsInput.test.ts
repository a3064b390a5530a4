import type { IDataObject } from 'n8n-workflow';

import { readHistoryQuery } from '../../../nodes/SegmindWan/actions/findJobsInput';
import { fakeContext, thrownBy } from './fakeContext';

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const read = (parameters: IDataObject) =>
	readHistoryQuery(fakeContext({ items: [{ parameters }] }), 0);
const errorOf = (parameters: IDataObject) =>
	thrownBy(() => read(parameters)) as Error & { description?: string };

describe('readHistoryQuery (Find Jobs filters)', () => {
	it("defaults to Segmind's window: the 7 days up to today (UTC), 50 jobs, any model and status", () => {
		expect(read({})).toEqual({
			fromDate: isoDay(Date.now() - 7 * DAY_MS),
			toDate: isoDay(Date.now()),
			limit: 50,
		});
	});

	it('takes days and date-times (the calendar day as written), a model and a status', () => {
		expect(
			read({
				findFromDate: '2026-11-01T23:30:00',
				findToDate: '2026-12-01',
				findModel: ' wan2.7 ',
				findStatus: 'FAILED',
				findLimit: 500,
			}),
		).toEqual({
			fromDate: '2026-11-01',
			toDate: '2026-12-01',
			modelName: 'wan2.7',
			status: 'FAILED',
			limit: 500,
		});
		expect(read({ findToDate: '2026-03-10T00:00:00.000Z' }).fromDate).toBe('2026-03-03');
	});

	it('accepts exactly 31 days and refuses 32, naming both days', () => {
		expect(read({ findFromDate: '2026-01-01', findToDate: '2026-02-01' }).fromDate).toBe(
			'2026-01-01',
		);
		const error = errorOf({ findFromDate: '2026-01-01', findToDate: '2026-02-02' });
		expect(error.message).toBe(
			'Invalid "From Date" (findFromDate) for item 0: 2026-01-01 to 2026-02-02 is 32 days; Segmind\'s history answers at most 31 days per search',
		);
		expect(error.description).toBe(
			'Narrow the window, or run Find Jobs once per month. Nothing was sent to Segmind.',
		);
	});

	it.each([
		[{ findFromDate: '2026-02-29' }, '"From Date" (findFromDate)', '2026-02-29 is not a date'],
		[{ findToDate: '12/01/2026' }, '"To Date" (findToDate)', 'must be a day as YYYY-MM-DD'],
		[
			{ findFromDate: '2026-05-02', findToDate: '2026-05-01' },
			'"From Date" (findFromDate)',
			'2026-05-02 is after "To Date" 2026-05-01',
		],
		[{ findLimit: 1.5 }, '"Limit" (findLimit)', 'must be a whole number from 1 to 500'],
		[
			{ findStatus: 'DONE' },
			'"Status" (findStatus)',
			'must be one of any, COMPLETED, FAILED, PENDING',
		],
	])('refuses %j naming the field', (parameters, label, problem) => {
		const error = errorOf(parameters);
		expect(error.message).toContain(`Invalid ${label} for item 0: ${problem}`);
		expect(error.description).toMatch(/Nothing was sent to Segmind\.$/);
	});
});
