import type { IDataObject } from 'n8n-workflow';

import { findModel } from '../../../nodes/SegmindWan/models';
import type { ModelDeclaration } from '../../../nodes/SegmindWan/models/types';
import { buildRequestBody } from '../../../nodes/SegmindWan/validation/buildRequestBody';

const model = (slug: string): ModelDeclaration => findModel(slug)!;

function defaults(declaration: ModelDeclaration): IDataObject {
	return Object.fromEntries(
		declaration.fields
			.filter((field) => field.default !== null)
			.map((field) => [field.apiName, field.default]),
	);
}

it('sends the documented defaults plus the user values, leaving out empty optional fields (negative_prompt too)', () => {
	const result = buildRequestBody(model('wan-2.6-i2v'), {
		...defaults(model('wan-2.6-i2v')),
		image: 'https://example.com/cat.png',
		prompt: 'a cat jumps',
		seed: undefined,
		audio: '',
	});
	expect(result).toEqual({
		ok: true,
		body: {
			image: 'https://example.com/cat.png',
			prompt: 'a cat jumps',
			resolution: '720p',
			duration: 5,
			enable_prompt_expansion: true,
			multi_shots: false,
		},
	});
});

it.each([
	['wan2.7-i2v', { duration: 16 }, 'duration', 'a whole number from 2 to 15', '16'],
	['wan2.7-i2v', { duration: 2.5 }, 'duration', 'a whole number from 2 to 15', '2.5'],
	['wan2.7-i2v', { resolution: '720p' }, 'resolution', 'one of "720P", "1080P"', '"720p"'],
	['wan-2.6-i2v', { duration: 7 }, 'duration', 'one of 5, 10, 15', '7'],
	['wan-2.6-i2v', { resolution: '720P' }, 'resolution', 'one of "720p", "1080p"', '"720P"'],
	['wan2.1-i2v-720p', { resolution: 800 }, 'resolution', 'one of 720, 960, 1024', '800'],
	['wan2.1-i2v-720p', { steps: 71 }, 'steps', 'a whole number from 10 to 70', '71'],
	['wan2.1-i2v-720p', { video_length: '3' }, 'video_length', 'a whole number from 1 to 5', '"3"'],
	['wan-2.2-i2v-flash', { resolution: '1080P' }, 'resolution', 'one of "480P", "720P"', '"1080P"'],
	['wan-2.2-i2v-flash', { watermark: 'yes' }, 'watermark', 'true or false', '"yes"'],
	['wan-2.2-i2v-flash', { prompt: '   ' }, 'prompt', 'non-empty text', '"   "'],
	['wan-2.2-i2v-flash', { image: '' }, 'image', 'a public http(s) URL', 'nothing'],
	[
		'wan-2.2-i2v-flash',
		{ image: 'file:///etc/passwd' },
		'image',
		'a public http(s) URL',
		'"file:///etc/passwd"',
	],
	[
		'wan2.7-r2v',
		{ reference_images: [1, 2, 3, 4, 5, 6].map((n) => `https://a/${n}.png`) },
		'reference_images',
		'1 to 5 public http(s) URLs',
		'["https://a/1.png"',
	],
	[
		'wan2.7-r2v',
		{ reference_videos: ['https://a/1.mp4', 'not a url'] },
		'reference_videos',
		'1 to 5 public http(s) URLs',
		'["https://a/1.mp4"',
	],
	[
		'wan2.7-r2v',
		{ reference_images: [''] },
		'reference_images',
		'1 to 5 public http(s) URLs',
		'[""]',
	],
	['wan2.7-r2v', { seed: 1.5 }, 'seed', 'a whole number', '1.5'],
])('%s rejects %j naming %s', (slug, override, apiName, allowed, received) => {
	const declaration = model(slug);
	const result = buildRequestBody(declaration, {
		...defaults(declaration),
		image: 'https://example.com/cat.png',
		prompt: 'a cat jumps',
		...override,
	});
	expect(result.ok).toBe(false);
	if (result.ok) return;
	expect(result.violation.field.apiName).toBe(apiName);
	expect(result.violation.allowed).toBe(allowed);
	expect(result.violation.received.startsWith(received)).toBe(true);
});

it('sends several reference URLs as an array in the order given, one as a string', () => {
	const r2v = model('wan2.7-r2v');
	const several = buildRequestBody(r2v, {
		...defaults(r2v),
		reference_images: [' https://a/1.png', 'https://a/2.png'],
	});
	expect(several.ok && several.body.reference_images).toEqual([
		'https://a/1.png',
		'https://a/2.png',
	]);
	const one = buildRequestBody(r2v, defaults(r2v));
	expect(one.ok && one.body.reference_images).toBe(
		'https://segmind-resources.s3.amazonaws.com/input/wan2.7-r2v-ref-image.jpg',
	);
});

it('leaves an empty optional text out, so Segmind applies its page default (not an empty text)', () => {
	const flash = model('wan-2.2-i2v-flash');
	const result = buildRequestBody(flash, {
		image: 'https://example.com/cat.png',
		prompt: 'a cat',
		negative_prompt: '',
	});
	expect(result.ok && result.body).toEqual({
		image: 'https://example.com/cat.png',
		prompt: 'a cat',
	});
});

/** Media errors name the entry the user has to fix, first (a toast shows only the start). */
it.each([
	[
		'wan2.7-r2v',
		{ reference_images: ['https://a/1.png', ''] },
		'Reference image 2: the URL is empty',
	],
	[
		'wan2.7-r2v',
		{ reference_images: ['my cat photo.jpg'] },
		'Reference image 1: `my cat photo.jpg` is not an http(s) URL',
	],
	[
		'wan2.7-r2v',
		{ reference_videos: ['https://a/1.mp4', 'https://a/2.mp4', 'clip.mp4'] },
		'Reference video 3: `clip.mp4` is not an http(s) URL',
	],
	[
		'wan2.7-r2v',
		{ reference_images: [1, 2, 3, 4, 5, 6].map((n) => `https://a/${n}.png`) },
		'Reference Images: at most 5 entries, got 6',
	],
	[
		'wan2.7-r2v',
		{ reference_voice: 'voice.wav' },
		'Reference Voice: `voice.wav` is not an http(s) URL',
	],
	['wan2.7-i2v', { image: 'lake.png' }, 'First Frame Image: `lake.png` is not an http(s) URL'],
	[
		'wan2.7-i2v',
		{ last_frame: 'ftp://a/b.png' },
		'Last Frame Image: `ftp://a/b.png` is not an http(s) URL',
	],
	['wan2.7-i2v', { audio_url: 'song.mp3' }, 'Audio: `song.mp3` is not an http(s) URL'],
	[
		'wan-2.6-i2v',
		{ audio: 'data:audio/wav;base64,AAAA' },
		'Audio: `data:audio/wav;base64,AAAA` is not an http(s) URL',
	],
	['wan-2.2-i2v-flash', { image: '' }, 'Image: the URL is empty'],
	['wan2.1-i2v-720p', { image: 'cat.png' }, 'Image: `cat.png` is not an http(s) URL'],
])('%s %j: "%s"', (slug, override, problem) => {
	const declaration = model(slug);
	const result = buildRequestBody(declaration, {
		image: 'https://example.com/cat.png',
		prompt: 'a cat',
		...override,
	});
	expect(result.ok).toBe(false);
	if (!result.ok) expect(result.violation.problem).toBe(problem);
});
