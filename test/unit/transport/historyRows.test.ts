import {
	mergeRows,
	parseRow,
	recordOf,
	rowsOf,
	totalPagesOf,
} from '../../../nodes/SegmindWan/transport/jobs/historyRows';

const row = {
	request_id: 'r1',
	model_name: 'wan2.7-i2v',
	model_status: 'completed',
	credits_deduction: '0.625',
	request_body: '{"prompt":"a lake"}',
	generation_url: 'https://files.example/r1.mp4',
	latency_ms: 4150,
	created_at: '2026-12-01T10:00:00Z',
	updated_at: '2026-12-01T10:07:00Z',
	error: null,
};

describe('history rows, read tolerantly', () => {
	it('reads every documented field; numbers and JSON may come as strings', () => {
		expect(parseRow(row)).toEqual({
			requestId: 'r1',
			model: 'wan2.7-i2v',
			status: 'COMPLETED',
			cost: 0.625,
			createdAt: '2026-12-01T10:00:00Z',
			updatedAt: '2026-12-01T10:07:00Z',
			latencyMs: 4150,
			inputs: { prompt: 'a lake' },
			outputUrl: 'https://files.example/r1.mp4',
			error: null,
		});
	});

	it('a row with only its ID; no row without one; a non-URL output is no URL', () => {
		expect(parseRow({ request_id: 'r2' })).toMatchObject({
			requestId: 'r2',
			status: null,
			cost: null,
		});
		expect(parseRow({ model_status: 'COMPLETED' })).toBeNull();
		expect(parseRow('r3')).toBeNull();
		expect(parseRow({ request_id: 'r4', generation_url: 'not a url' })?.outputUrl).toBeNull();
		expect(parseRow({ request_id: 'r5', generation_url: ['https://f/x.mp4'] })?.outputUrl).toBe(
			'https://f/x.mp4',
		);
	});

	it.each([
		['a bare array', [row]],
		['data', { data: [row] }],
		['rows', { rows: [row] }],
		['items', { items: [row] }],
		['results', { results: [row] }],
		['one level deeper', { data: { rows: [row] } }],
	])('finds the rows in %s', (_name, body) => {
		expect(rowsOf(body)).toEqual([row]);
	});

	it('no list at all is null (an error for the caller), an empty list is a list', () => {
		expect(rowsOf({ message: 'ok' })).toBeNull();
		expect(rowsOf('<html>')).toBeNull();
		expect(rowsOf({ data: [] })).toEqual([]);
	});

	it('total_pages where the answer says it', () => {
		expect(totalPagesOf({ data: [], total_pages: 3 })).toBe(3);
		expect(totalPagesOf({ data: [], pagination: { pages: '2' } })).toBe(2);
		expect(totalPagesOf([row])).toBeNull();
	});

	it('one record: bare, {data: row}, or a list holding it (matched on the ID)', () => {
		expect(recordOf(row, 'r1')?.requestId).toBe('r1');
		expect(recordOf({ data: row }, 'r1')?.requestId).toBe('r1');
		expect(recordOf({ data: [{ ...row, request_id: 'other' }, row] }, 'r1')?.requestId).toBe('r1');
		expect(recordOf({ data: [{ ...row, request_id: 'other' }] }, 'r1')).toBeNull();
	});

	it('merges a multi-output request into one job, its video first, filling missing fields', () => {
		const frame = { ...row, generation_url: 'https://files.example/r1-last.png', latency_ms: null };
		const jobs = mergeRows(
			[frame, { request_id: 'r1', generation_url: row.generation_url }, row].map((value) =>
				parseRow(value)!,
			),
		);
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toMatchObject({
			requestId: 'r1',
			cost: 0.625,
			latencyMs: 4150,
			outputUrl: 'https://files.example/r1.mp4',
			outputUrls: ['https://files.example/r1-last.png', 'https://files.example/r1.mp4'],
		});
	});
});
