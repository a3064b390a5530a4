import type { ModelDeclaration } from './types';

/**
 * Wan 3.0 has no Segmind page or llms.txt copy we could read. Sources (read 2026-12-07):
 * - public code that calls `POST /v2/wan3.0-video` for real (ellasam81-commits/comfy-cli,
 *   video-tests/jianci-*): the field names and their types (`prompt`, `image`,
 *   `reference_images` as a list, `duration`, `resolution` "480P", `aspect_ratio` "16:9",
 *   `audio`, `watermark`, `prompt_extend`, `enable_thinking`, `seed`, `negative_prompt`), its
 *   cost estimate (USD 3 for six 10 s clips at 480P, ≈ $0.50 per 10 s) and its diagnosis that
 *   `image` with `reference_images` fails;
 * - the upstream model's catalogue in public code (Alibaba Model Studio, CATALOGUE_VERSION
 *   2026-09-20, `wan3(...)`): duration 2–30, resolutions 480P/720P/1080P, aspect ratios, at most
 *   10 reference images.
 * No Segmind default is known, so every option is sent only when set (Additional Fields); no
 * typical time is published: 300 s is assumed for the status-check schedule only.
 * Stored copy: test/fixtures/sources/wan3.0-video.calls.txt.
 */
export const wan30Video: ModelDeclaration = {
	slug: 'wan3.0-video',
	displayName: 'Wan 3.0 Video',
	summary:
		'All-in-one: text, a first frame or up to 10 reference images; clips up to 30 s with native audio',
	inputKind: 'reference',
	typicalSeconds: 300,
	sources: [
		{
			url: 'public code calling https://api.segmind.com/v2/wan3.0-video (ellasam81-commits/comfy-cli)',
			read: '2026-12-07',
			gives:
				'field names and types, sample payloads, image vs reference_images conflict, cost estimate',
		},
		{
			url: 'public code: Alibaba Model Studio video catalogue (CATALOGUE_VERSION 2026-09-20), wan3("wan3.0-video")',
			read: '2026-12-07',
			gives: 'duration 2–30, resolutions, aspect ratios, at most 10 reference images (upstream)',
		},
	],
	partial:
		'no Segmind page read: no defaults, typical time (300 s assumed) or price (public code estimates ≈ $0.50 per 10 s at 480P); no last-frame field (its Segmind name is unknown)',
	exclusiveFields: [['image', 'reference_images']],
	fields: [
		{
			apiName: 'prompt',
			displayName: 'Prompt',
			type: 'string',
			multiline: true,
			required: true,
			default: null,
			description: 'The scene, action and dialogue; name references as they are ordered',
		},
		{
			apiName: 'image',
			displayName: 'First Frame Image',
			type: 'uri',
			media: 'image',
			required: false,
			default: null,
			description:
				'Image the video starts from. Not together with Reference Images (Segmind refuses the pair).',
		},
		{
			apiName: 'reference_images',
			parameterName: 'referenceImagesWan30',
			displayName: 'Reference Images',
			type: 'uri',
			media: 'image',
			maxItems: 10,
			required: false,
			default: null,
			description:
				'Up to 10 images of characters, props or places, each a public URL or a binary file. Not together with a first frame.',
		},
		{
			apiName: 'negative_prompt',
			displayName: 'Negative Prompt',
			type: 'string',
			multiline: true,
			required: false,
			default: null,
			description: 'What the video should avoid, e.g. "subtitles, text, extra limbs"',
		},
		{
			apiName: 'duration',
			parameterName: 'durationWan30',
			displayName: 'Duration (Seconds)',
			type: 'integer',
			required: false,
			default: null,
			min: 2,
			max: 30,
			description: 'Video length in seconds',
		},
		{
			apiName: 'resolution',
			parameterName: 'resolutionWan30',
			displayName: 'Resolution',
			type: 'string',
			required: false,
			default: null,
			options: ['480P', '720P', '1080P'],
			description: '480P is the cheapest; 1080P suits final delivery',
		},
		{
			apiName: 'aspect_ratio',
			parameterName: 'aspectRatioWan30',
			displayName: 'Aspect Ratio',
			type: 'string',
			required: false,
			default: null,
			options: ['adaptive', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16'],
			description: 'Frame shape; 9:16 for Shorts, Reels and TikTok',
		},
		{
			apiName: 'audio',
			parameterName: 'audioWan30',
			displayName: 'Audio',
			type: 'boolean',
			required: false,
			default: null,
			description: 'Whether to generate native sound with the video',
		},
		{
			apiName: 'prompt_extend',
			displayName: 'Prompt Extend',
			type: 'boolean',
			required: false,
			default: null,
			description: 'Whether Segmind rewrites the prompt before generating',
		},
		{
			apiName: 'enable_thinking',
			displayName: 'Enable Thinking',
			type: 'boolean',
			required: false,
			default: null,
			description: 'Whether the model plans the composition before generating',
		},
		{
			apiName: 'watermark',
			displayName: 'Watermark',
			type: 'boolean',
			required: false,
			default: null,
			description: 'Whether to stamp a watermark on the video',
		},
		{
			apiName: 'seed',
			displayName: 'Seed',
			type: 'integer',
			required: false,
			default: null,
			description: 'Fix it to reproduce a result; leave it out for a random one',
		},
	],
};
