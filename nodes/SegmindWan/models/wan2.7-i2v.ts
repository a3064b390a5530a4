import type { ModelDeclaration } from './types';

export const wan27ImageToVideo: ModelDeclaration = {
	slug: 'wan2.7-i2v',
	displayName: 'Wan 2.7 Image to Video',
	summary: 'Up to 1080P and 15 s, audio-driven motion, first and last frame control',
	inputKind: 'image',
	typicalSeconds: 415.22,
	price: '$0.625 - $0.938',
	// The page's range is a 5 s clip at 720P ($0.125/s) and 1080P ($0.1876/s), the rates Wan 2.6's
	// page states up to 15 s; duration goes to 15 s here, so the worst case is 0.938 / 5 × 15.
	maxCostUsd: 2.814,
	fields: [
		{
			apiName: 'image',
			displayName: 'First Frame Image',
			type: 'uri',
			media: 'image',
			required: false,
			default: 'https://segmind-resources.s3.amazonaws.com/input/wan27-i2v-input.png',
			description:
				'Public URL of the image the video starts from; the model animates outward from it',
		},
		{
			apiName: 'prompt',
			displayName: 'Prompt',
			type: 'string',
			multiline: true,
			required: true,
			default:
				'A gentle breeze moves across the serene lakeside at golden hour, ripples shimmering on the glassy water, pine trees swaying softly, snow-capped mountain in the background, cinematic motion, 4K',
			description:
				'The motion, action and scene to generate. Concrete verbs and camera cues work best, e.g. "camera slowly pans left as wind moves through the trees".',
		},
		{
			apiName: 'negative_prompt',
			displayName: 'Negative Prompt',
			type: 'string',
			multiline: true,
			required: false,
			default: 'blur, distortion, artifacts, watermark, text',
			description:
				'What the video should avoid, e.g. "blurry, distorted hands, watermark, flickering"',
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
			apiName: 'last_frame',
			displayName: 'Last Frame Image',
			type: 'uri',
			media: 'image',
			required: false,
			default: null,
			description:
				'Public URL of the image the video should end on; with the first frame it makes a smooth transition between the two',
		},
		{
			apiName: 'audio_url',
			displayName: 'Audio',
			type: 'uri',
			media: 'audio',
			required: false,
			default: null,
			description:
				'Public URL of an audio file; motion and lip movement follow it (voice-over, dialogue, music)',
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
