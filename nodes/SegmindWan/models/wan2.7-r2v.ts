import type { ModelDeclaration } from './types';

export const wan27ReferenceToVideo: ModelDeclaration = {
	slug: 'wan2.7-r2v',
	displayName: 'Wan 2.7 Reference to Video',
	summary: 'Character-consistent video from reference images, clips and a voice, up to 1080P',
	inputKind: 'reference',
	typicalSeconds: 329.51,
	price: '$0.625 - $0.938',
	// The page's range is a 5 s clip at 720P ($0.125/s) and 1080P ($0.1876/s), the rates Wan 2.6's
	// page states up to 15 s; duration goes to 15 s here, so the worst case is 0.938 / 5 × 15.
	maxCostUsd: 2.814,
	fields: [
		{
			apiName: 'prompt',
			displayName: 'Prompt',
			type: 'string',
			multiline: true,
			required: true,
			default:
				'Image1 walks through a lush green garden with blooming flowers, smiling warmly at the camera, golden hour lighting',
			description:
				'The scene, naming the references as Image1, Image2 … and Video1, Video2 …, e.g. "Image1 and Image2 shake hands in an office"',
		},
		{
			apiName: 'reference_images',
			displayName: 'Reference Images',
			type: 'uri',
			media: 'image',
			maxItems: 5,
			required: false,
			default: 'https://segmind-resources.s3.amazonaws.com/input/wan2.7-r2v-ref-image.jpg',
			description:
				'Up to 5 character images, each a public URL or a binary file; the first is Image1 in the prompt, the second Image2, and so on. Clear front-facing portraits keep the identity best.',
		},
		{
			apiName: 'negative_prompt',
			displayName: 'Negative Prompt',
			type: 'string',
			multiline: true,
			required: false,
			default: 'blurry, low quality, distorted, watermark',
			description: 'What the video should avoid, e.g. "distorted face, extra limbs"',
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
			description: 'Video length in seconds (3–5 for social clips, 10–15 for scenes)',
		},
		{
			apiName: 'seed',
			displayName: 'Seed',
			type: 'integer',
			required: false,
			default: 42,
			description: 'The same seed with the same inputs reproduces a result',
		},
		{
			apiName: 'reference_videos',
			displayName: 'Reference Videos',
			type: 'uri',
			media: 'video',
			maxItems: 5,
			required: false,
			default: null,
			description:
				'Up to 5 character clips, each a public URL or a binary file; they are Video1, Video2 … in the prompt. Short single-subject clips (3–10 s) work best.',
		},
		{
			apiName: 'reference_voice',
			displayName: 'Reference Voice',
			type: 'uri',
			media: 'audio',
			required: false,
			default: null,
			description:
				'Public URL of a clean 1–10 s recording whose voice the character should speak with',
		},
	],
};
