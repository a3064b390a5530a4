import type { IBinaryData } from 'n8n-workflow';

import type { VideoOutput } from '../../../nodes/SegmindWan/actions/outputItem';
import {
	numberOrNull,
	videoFileName,
	videoOutputItem,
} from '../../../nodes/SegmindWan/actions/outputItem';
import { platformFits } from '../../../nodes/SegmindWan/videoFacts/platformFit';
import type { VideoFacts } from '../../../nodes/SegmindWan/videoFacts/videoFactsJson';

const FACTS: VideoFacts = {
	durationSeconds: 5,
	width: 832,
	height: 480,
	aspectRatio: '16:9',
	aspectRatioValue: 1.7333,
	orientation: 'landscape',
	rotation: 0,
	frameRate: 16,
	videoCodec: 'avc1',
	hasAudio: false,
	audioCodec: null,
	fileSizeBytes: 1234,
};
const BINARY: IBinaryData = {
	mimeType: 'video/mp4',
	data: '',
	fileName: 'stored.mp4',
	bytes: 1234,
};
const REPORT = {
	videoUrl: 'https://files.example/v.mp4',
	seed: 7,
	cost: 0.1,
	remainingCredits: 9.9,
	generationSeconds: 60,
};

const output = (extra: Partial<VideoOutput> = {}): VideoOutput => ({
	itemIndex: 2,
	binaryPropertyName: 'video',
	model: 'wan-2.2-i2v-flash',
	requestId: 'req-1',
	report: REPORT,
	video: { binary: BINARY, bytes: 1234, facts: { facts: FACTS, reason: null } },
	fileName: 'wan-2.2-i2v-flash-req-1.mp4',
	...extra,
});

describe('videoOutputItem', () => {
	it('puts the video under the chosen binary field, paired with its input item', () => {
		const item = videoOutputItem(output());
		expect(item.binary).toEqual({ video: BINARY });
		expect(item.pairedItem).toEqual({ item: 2 });
	});

	it('keeps the synchronous key order: the mode right after the status', () => {
		const item = videoOutputItem(output({ run: { executionMode: 'sync', elapsedSeconds: 61.5 } }));
		expect(Object.keys(item.json)).toEqual([
			'model',
			'requestId',
			'status',
			'executionMode',
			'videoUrl',
			'seed',
			'cost',
			'remainingCredits',
			'generationSeconds',
			'elapsedSeconds',
			'fileName',
			'fileSizeBytes',
			'video',
			'platforms',
		]);
		expect(item.json).toEqual({
			model: 'wan-2.2-i2v-flash',
			requestId: 'req-1',
			status: 'COMPLETED',
			executionMode: 'sync',
			...REPORT,
			elapsedSeconds: 61.5,
			fileName: 'stored.mp4',
			fileSizeBytes: 1234,
			video: FACTS,
			platforms: platformFits({ facts: FACTS, reason: null }, 1234),
		});
	});

	it("keeps the submitted job's key order: Segmind's metrics, then how the node waited", () => {
		const run = { executionMode: 'wait', statusChecks: 4, waitedSeconds: 58, elapsedSeconds: 63 };
		const item = videoOutputItem(output({ report: { ...REPORT, metrics: { cost: 0.1 } }, run }));
		expect(Object.keys(item.json)).toEqual([
			'model',
			'requestId',
			'status',
			'videoUrl',
			'seed',
			'cost',
			'remainingCredits',
			'generationSeconds',
			'metrics',
			'executionMode',
			'statusChecks',
			'waitedSeconds',
			'elapsedSeconds',
			'fileName',
			'fileSizeBytes',
			'video',
			'platforms',
		]);
		expect(item.json.metrics).toEqual({ cost: 0.1 });
		expect(item.json.executionMode).toBe('wait');
	});

	it('has no run fields for Get Result', () => {
		const item = videoOutputItem(output({ report: { ...REPORT, metrics: {} } }));
		expect(item.json).not.toHaveProperty('executionMode');
		expect(item.json).not.toHaveProperty('elapsedSeconds');
		expect(item.json.metrics).toEqual({});
	});

	it("reports its own file name when n8n stored none, and why the video's facts are missing", () => {
		const item = videoOutputItem(
			output({
				requestId: null,
				video: {
					binary: { ...BINARY, fileName: undefined },
					bytes: 10,
					facts: { facts: null, reason: 'no moov box' },
				},
			}),
		);
		expect(item.json).toMatchObject({
			requestId: null,
			fileName: 'wan-2.2-i2v-flash-req-1.mp4',
			fileSizeBytes: 10,
			video: null,
			videoFactsError: 'no moov box',
		});
	});
});

describe('numberOrNull', () => {
	it.each([
		[7, 7],
		['0.25', 0.25],
		[' 12 ', 12],
		['', null],
		['  ', null],
		['abc', null],
		[Number.NaN, null],
		[Infinity, null],
		[undefined, null],
		[null, null],
		[true, null],
	])('%p → %p', (value, expected) => {
		expect(numberOrNull(value)).toBe(expected);
	});
});

describe('videoFileName', () => {
	it('is the slug and the request ID', () => {
		expect(videoFileName('wan2.7-i2v', 'abc')).toBe('wan2.7-i2v-abc.mp4');
	});

	it('uses the time without a request ID', () => {
		jest.spyOn(Date, 'now').mockReturnValueOnce(1700000000000);
		expect(videoFileName('wan2.7-i2v', undefined)).toBe('wan2.7-i2v-1700000000000.mp4');
	});
});
