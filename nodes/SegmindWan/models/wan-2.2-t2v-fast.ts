import type { ModelDeclaration } from './types';

/**
 * Source (read 2026-12-07): Segmind's machine-readable spec
 * https://www.segmind.com/models/wan-2.2-t2v-fast/llms.txt (a copy in public code; stored
 * copy: test/fixtures/sources/wan-2.2-t2v-fast.llms.txt): every field, type, range, option and
 * default below, and the v1 answer (raw video/mp4). The spec marks `seed` required with
 * default null, while the page's own sample omits it: it is optional here. The page's newer
 * sample adds `high_noise_lora_scale` and `low_noise_lora_scale`, which no spec documents
 * (type, range): not declared, send them with Extra Body Fields. Prices: Segmind's pricing page
 * as quoted in public code ($0.0625 at 480p, $0.125 at 720p).
 */
export const wan22TextToVideoFast: ModelDeclaration = {
	slug: 'wan-2.2-t2v-fast',
	displayName: 'Wan 2.2 Text to Video Fast',
	summary: 'Cheap, quick drafts from a prompt, 480p or 720p',
	inputKind: 'text',
	typicalSeconds: 93.36,
	price: '$0.0625 - $0.125',
	maxCostUsd: 0.125,
	sources: [
		{
			url: 'https://www.segmind.com/models/wan-2.2-t2v-fast/llms.txt',
			read: '2026-12-07',
			gives: 'every field, range, option and default; v1 answers raw video/mp4',
		},
		{
			url: 'https://www.segmind.com/models/wan-2.2-t2v-fast/api',
			read: '2026-12-07',
			gives: 'typical time ~93.36 s, the v2 sample payload',
		},
		{
			url: 'https://www.segmind.com/models/wan-2.2-t2v-fast/pricing',
			read: '2026-12-07',
			gives: '$0.0625 (480p) / $0.125 (720p), as quoted in public code',
		},
	],
	partial: 'LoRA scales of the newer page sample are undocumented: send them as Extra Body Fields',
	fields: [
		{
			apiName: 'prompt',
			displayName: 'Prompt',
			type: 'string',
			multiline: true,
			required: true,
			default:
				'A sophisticated Korean teacher in her early 30s, with sleek, black hair tied in a high bun and sharp, cat-like eyes, stands at the front of the room. She wears a tailored blazer and pencil skirt, exuding authority. As she writes on the chalkboard, the chalk’s texture against her fingers sends a jolt of pleasure through her. The camera lingers on her face—her composed expression cracks as her lips tremble, her eyes flutter, and unaware figures remain in the background.',
			description: 'The scene to generate; vivid, concrete descriptions work best',
		},
		{
			apiName: 'go_fast',
			displayName: 'Go Fast',
			type: 'boolean',
			required: true,
			default: true,
			description: 'Whether to trade a little quality for a quicker result',
		},
		{
			apiName: 'num_frames',
			displayName: 'Number of Frames',
			type: 'integer',
			required: false,
			default: 81,
			min: 81,
			max: 100,
			description: 'Frames in the video; 81 gives the best quality',
		},
		{
			apiName: 'resolution',
			parameterName: 'resolutionWan22Fast',
			displayName: 'Resolution',
			type: 'string',
			required: false,
			default: '480p',
			options: ['480p', '720p'],
			description: '480p renders faster and costs less; 720p is sharper',
		},
		{
			apiName: 'aspect_ratio',
			displayName: 'Aspect Ratio',
			type: 'string',
			required: false,
			default: '16:9',
			options: ['16:9', '9:16'],
			description: '16:9 for landscape, 9:16 for vertical (Shorts, Reels, TikTok)',
		},
		{
			apiName: 'sample_shift',
			displayName: 'Sample Shift',
			type: 'number',
			required: false,
			default: 12,
			min: 1,
			max: 20,
			description: 'Higher values give more motion variation',
		},
		{
			apiName: 'frames_per_second',
			displayName: 'Frames per Second',
			type: 'integer',
			required: false,
			default: 16,
			min: 5,
			max: 24,
			description: '16 is balanced; higher is smoother',
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
