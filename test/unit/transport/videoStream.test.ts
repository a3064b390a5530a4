import { jobState } from '../../../nodes/SegmindWan/transport/jobs/jobStatus';
import {
	uploadTimeoutMs,
	UPLOAD_BASE_TIMEOUT_MS,
} from '../../../nodes/SegmindWan/transport/media/upload';
import { looksLikeVideo } from '../../../nodes/SegmindWan/transport/media/videoStream';
import { sampleMp4 } from '../../fixtures';

describe('video signature', () => {
	it('accepts the MP4 fixture and a WebM (EBML) start', () => {
		expect(looksLikeVideo(sampleMp4.subarray(0, 12))).toBe(true);
		expect(looksLikeVideo(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81]))).toBe(
			true,
		);
	});

	it('rejects HTML, JSON and arbitrary bytes', () => {
		expect(looksLikeVideo(Buffer.from('<html><body>Access denied</body></html>'))).toBe(false);
		expect(looksLikeVideo(Buffer.from('{"error":"expired"}'))).toBe(false);
		expect(looksLikeVideo(Buffer.alloc(64, 0x41))).toBe(false);
	});
});

describe('terminal states', () => {
	it.each(['COMPLETED', 'COMPLETE', 'completed', 'SUCCEEDED', 'success', 'DONE', 'Finished'])(
		'%s is COMPLETED',
		(status) => {
			expect(jobState(status)).toBe('COMPLETED');
		},
	);
	it.each(['FAILED', 'error', 'CANCELED', 'failure'])('%s is FAILED', (status) => {
		expect(jobState(status)).toBe('FAILED');
	});
	it('in-progress spellings and the unknown', () => {
		expect(jobState('in progress')).toBe('PROCESSING');
		expect(jobState('IN_QUEUE')).toBe('QUEUED');
		expect(jobState('WEIRD')).toBe('UNKNOWN');
	});
});

describe('upload timeout', () => {
	it('grows with the size: a small file gets the base, 10 MB gets minutes more', () => {
		expect(uploadTimeoutMs(1000)).toBeGreaterThanOrEqual(UPLOAD_BASE_TIMEOUT_MS);
		expect(uploadTimeoutMs(1000)).toBeLessThan(UPLOAD_BASE_TIMEOUT_MS + 1000);
		expect(uploadTimeoutMs(10_000_000) - UPLOAD_BASE_TIMEOUT_MS).toBeGreaterThanOrEqual(5 * 60_000);
	});
});
