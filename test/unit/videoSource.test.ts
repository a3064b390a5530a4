import { findVideo } from '../../nodes/SegmindWan/transport/videoSource';

const url = 'https://files.example/out.mp4';
const bytes = Buffer.from('0000001866747970'.repeat(8), 'hex');

it.each([
	['output string', { output: url }],
	['output array', { output: [url] }],
	['output object', { output: { video: { url } } }],
	['video object', { status: 'COMPLETED', video: { url, content_type: 'video/mp4' } }],
	['video_url', { video_url: url }],
])('finds the URL in %s', (_label, body) => {
	expect(findVideo(body)).toEqual({ kind: 'url', url });
});

it('decodes base64 and data URIs', () => {
	expect(findVideo({ output: bytes.toString('base64') })).toEqual({ kind: 'inline', data: bytes, mimeType: 'video/mp4' });
	expect(findVideo({ output: `data:video/webm;base64,${bytes.toString('base64')}` })).toEqual({
		kind: 'inline',
		data: bytes,
		mimeType: 'video/webm',
	});
});

it('finds nothing in a body without a video', () => {
	expect(findVideo({ status: 'COMPLETED', metrics: {} })).toBeUndefined();
	expect(findVideo({ output: 'done' })).toBeUndefined();
	expect(findVideo(null)).toBeUndefined();
});
