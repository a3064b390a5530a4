import type { ModelDeclaration } from './types';

/**
 * Sources (read 2026-12-07): Segmind's page https://www.segmind.com/models/wan2.7-t2v/api
 * (stored copy: test/fixtures/sources/wan2.7-t2v.page.txt): title, ~270.81 s, the sample
 * payload, `prompt` (≤ 5000 chars, its default), `audio_url` (MP3/WAV, default null). The copy
 * breaks off inside `duration`; the allowed ratios and the duration range are the upstream
 * model's (Alibaba Model Studio catalogue in public code, see `sources`).
 */
export const wan27TextToVideo: ModelDeclaration = {
	slug: 'wan2.7-t2v',
	displayName: 'Wan 2.7 Text to Video',
	summary: 'Video from a prompt alone, 720P or 1080P, optional audio to sync to',
	inputKind: 'text',
	typicalSeconds: 270.81,
	sources: [
		{
			url: 'https://www.segmind.com/models/wan2.7-t2v/api',
			read: '2026-12-07',
			gives: 'fields, sample payload, prompt default, audio_url, typical time',
		},
		{
			url: 'public code: Alibaba Model Studio video catalogue (CATALOGUE_VERSION 2026-09-20), textVideo("wan2.7-t2v")',
			read: '2026-12-07',
			gives: 'duration 2–15, resolutions 720P/1080P, ratios 16:9, 9:16, 1:1, 4:3, 3:4 (upstream)',
		},
	],
	partial:
		'price not stated in the stored page copy; ratio values and duration range are the upstream model’s',
	fields: [
		{
			apiName: 'prompt',
			displayName: 'Prompt',
			type: 'string',
			multiline: true,
			required: true,
			default:
				'A majestic golden eagle soaring over snow-capped mountain peaks at sunrise, cinematic wide angle shot, dramatic lighting, ultra HD, slow motion',
			description:
				'The scene, subjects, motion and camera style, up to 5000 characters, e.g. "slow dolly-in on a lighthouse at dusk"',
		},
		{
			apiName: 'negative_prompt',
			displayName: 'Negative Prompt',
			type: 'string',
			multiline: true,
			required: false,
			default: 'blurry, low quality, distorted, watermark',
			description: 'What the video should avoid, e.g. "text, watermark, flicker"',
		},
		{
			apiName: 'resolution',
			displayName: 'Resolution',
			type: 'string',
			required: false,
			default: '720P',
			options: ['720P', '1080P'],
			description: '720P is quicker and cheaper; 1080P suits final delivery',
		},
		{
			apiName: 'duration',
			displayName: 'Duration (Seconds)',
			type: 'integer',
			required: false,
			default: 5,
			min: 2,
			max: 15,
			description: 'Video length in seconds',
		},
		{
			apiName: 'ratio',
			displayName: 'Aspect Ratio',
			type: 'string',
			required: false,
			default: '16:9',
			options: ['16:9', '9:16', '1:1', '4:3', '3:4'],
			description: 'Frame shape: 9:16 for Shorts, Reels and TikTok, 16:9 for YouTube',
		},
		{
			apiName: 'audio_url',
			displayName: 'Audio',
			type: 'uri',
			media: 'audio',
			required: false,
			default: null,
			description: 'Public URL of an MP3 or WAV file the video is synchronised to',
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
