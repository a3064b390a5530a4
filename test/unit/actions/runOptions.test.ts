import type { IDataObject } from 'n8n-workflow';

import { readRunOptions } from '../../../nodes/SegmindWan/actions/runOptions';
import { fakeContext, thrownBy } from './fakeContext';

const read = (parameters: IDataObject, itemIndex = 0) => {
	const items = Array.from({ length: itemIndex + 1 }, () => ({ parameters }));
	return readRunOptions(fakeContext({ items }), itemIndex);
};
const errorOf = (parameters: IDataObject, itemIndex = 0) =>
	thrownBy(() => read(parameters, itemIndex)) as Error & { description?: string };

describe('readRunOptions', () => {
	it('applies the defaults when no option is set', () => {
		expect(read({})).toEqual({
			mode: 'wait',
			binaryPropertyName: 'data',
			maxWaitMs: 30 * 60_000,
			concurrency: 3,
			reuseIdenticalJob: false,
			video: { output: 'binary', maxBytes: null },
		});
	});

	it('reads the execution mode and every option', () => {
		const options = {
			maxWaitMinutes: 55,
			binaryPropertyName: '  video ',
			concurrency: 20,
			reuseIdenticalJob: true,
			videoOutput: 'url',
			maxVideoMb: 100,
		};
		expect(read({ executionMode: 'sync', options })).toEqual({
			mode: 'sync',
			binaryPropertyName: 'video',
			maxWaitMs: 55 * 60_000,
			concurrency: 20,
			reuseIdenticalJob: true,
			video: { output: 'url', maxBytes: 100 * 1024 * 1024 },
		});
	});

	it('accepts a fraction of a minute and a number given as text', () => {
		expect(read({ options: { maxWaitMinutes: 0.5 } }).maxWaitMs).toBe(30_000);
		expect(read({ options: { maxWaitMinutes: '2', concurrency: '4' } })).toMatchObject({
			maxWaitMs: 120_000,
			concurrency: 4,
		});
	});

	it.each([0, -1, 1e-9, 0.009, 56, 'soon', Infinity])(
		'refuses Max Wait %p, saying why and that nothing was sent',
		(minutes) => {
			const error = errorOf({ options: { maxWaitMinutes: minutes } }, 2);
			expect(error.message).toBe(
				`Invalid "Max Wait (Minutes)" (maxWaitMinutes) for item 2: must be a number of at least 0.01 and at most 55, got ${String(minutes)}`,
			);
			expect(error.description).toBe(
				"The node keeps its record of a paid job (what stops Retry On Fail from paying again) for Segmind's hour after submission, and a wait must end within it. For longer jobs use Submit, then Get Result later. Nothing was sent to Segmind.",
			);
		},
	);

	it.each(['', '   '])('refuses an empty output field name %p', (name) => {
		const error = errorOf({ options: { binaryPropertyName: name } }, 1);
		expect(error.message).toBe(
			'Invalid "Put Output in Field" (binaryPropertyName) for item 1: must not be empty',
		);
		expect(error.description).toBe('Nothing was sent to Segmind.');
	});

	it.each([0, 21, 2.5, 'many'])('refuses Concurrency %p', (concurrency) => {
		const error = errorOf({ options: { concurrency } });
		expect(error.message).toBe(
			`Invalid "Concurrency" (concurrency) for item 0: must be a whole number from 1 to 20, got ${String(concurrency)}`,
		);
		expect(error.description).toBe('Nothing was sent to Segmind.');
	});

	it('checks Max Wait before the output field and Concurrency', () => {
		const error = errorOf({
			options: { maxWaitMinutes: 99, binaryPropertyName: '', concurrency: 0 },
		});
		expect(error.message).toContain('"Max Wait (Minutes)"');
	});

	it.each([
		[0, null],
		['', null],
		[0.5, 524_288],
		['2', 2 * 1024 * 1024],
	])('reads Largest Video to Download %p MB as %p bytes (0 or empty: no limit)', (mb, bytes) => {
		expect(read({ options: { maxVideoMb: mb } }).video.maxBytes).toBe(bytes);
	});

	it.each([-1, 'big', Infinity])('refuses Largest Video to Download %p', (mb) => {
		const error = errorOf({ options: { maxVideoMb: mb } });
		expect(error.message).toBe(
			`Invalid "Largest Video to Download (MB)" (maxVideoMb) for item 0: must be a number of MB, 0 or more (0: no limit), got ${String(mb)}`,
		);
		expect(error.description).toBe('Nothing was sent to Segmind.');
	});

	it('refuses a Video Output other than binary or url', () => {
		expect(errorOf({ options: { videoOutput: 'file' } }).message).toBe(
			'Invalid "Video Output" (videoOutput) for item 0: must be "binary" or "url", got file',
		);
	});
});
