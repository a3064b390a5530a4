import { FILES_KEPT, urlExpiry } from '../../../nodes/SegmindWan/transport/media/urlExpiry';

describe('urlExpiry: only what the URL itself states', () => {
	it('an AWS SigV4 pre-signed URL expires at X-Amz-Date + X-Amz-Expires', () => {
		const url =
			'https://bucket.s3.amazonaws.com/out/a.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261207T081500Z&X-Amz-Expires=604800&X-Amz-Signature=abc';
		expect(urlExpiry(url)).toEqual({
			expiresAt: '2026-12-14T08:15:00.000Z',
			basis: `The URL's signature (X-Amz-Date + X-Amz-Expires). ${FILES_KEPT}`,
		});
	});

	it('a Google V4 signed URL: X-Goog-Date + X-Goog-Expires', () => {
		const url =
			'https://storage.googleapis.com/b/a.mp4?X-Goog-Date=20261207T000000Z&X-Goog-Expires=3600';
		expect(urlExpiry(url).expiresAt).toBe('2026-12-07T01:00:00.000Z');
	});

	it('an epoch Expires parameter (S3 SigV2, CloudFront)', () => {
		expect(urlExpiry('https://d.cloudfront.net/a.mp4?Expires=1796630400&Signature=x')).toEqual({
			expiresAt: '2026-12-07T08:00:00.000Z',
			basis: `The URL's Expires parameter. ${FILES_KEPT}`,
		});
	});

	it.each([
		'https://files.segmind.com/outputs/abc.mp4',
		'https://x/a.mp4?X-Amz-Date=20261207T081500Z',
		'https://x/a.mp4?X-Amz-Expires=600',
		'https://x/a.mp4?Expires=soon',
		'not a url',
	])('no time is made up for %p', (url) => {
		const expiry = urlExpiry(url);
		expect(expiry.expiresAt).toBeNull();
		expect(expiry.basis).toContain('reported: 7 days');
	});
});
