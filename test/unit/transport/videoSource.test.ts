import { findVideo } from '../../../nodes/SegmindWan/transport/media/videoSource';

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
	expect(findVideo({ output: bytes.toString('base64') })).toEqual({
		kind: 'inline',
		data: bytes,
		mimeType: 'video/mp4',
	});
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

it('reads data URIs with parameters, quoted values holding commas included', () => {
	const uri = `data:video/mp4;codecs="avc1.42E01E, mp4a.40.2";base64,${bytes.toString('base64')}`;
	expect(findVideo({ output: uri })).toEqual({
		kind: 'inline',
		data: bytes,
		mimeType: 'video/mp4',
	});
	expect(
		findVideo({ output: `data:video/mp4;name=clip.mp4;base64,${bytes.toString('base64')}` }),
	).toMatchObject({ data: bytes });
});

it.each([
	['output.media_url list', { output: { media_url: [url] } }],
	['image.url', { image: { url } }],
	[
		'a PNG last frame in output, the video at video.url',
		{
			output: 'https://files.example/frame.png',
			video: { url, last_frame_url: 'https://files.example/frame.png' },
		},
	],
	[
		'a thumbnail in image.url before the video in output',
		{ image: { url: 'https://files.example/thumb.jpg' }, output: url },
	],
])('finds the video in %s, never a picture when a video is there', (_label, body) => {
	expect(findVideo(body)).toEqual({ kind: 'url', url });
});

it('takes a picture only as the last resort (its download then fails as "not a video")', () => {
	expect(findVideo({ image: { url: 'https://files.example/frame.png' } })).toEqual({
		kind: 'url',
		url: 'https://files.example/frame.png',
	});
});
