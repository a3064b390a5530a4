import type { ModelDeclaration } from './types';

/**
 * Source (read 2026-12-07): Segmind's page https://www.segmind.com/models/wan-animate/api
 * (stored copy: test/fixtures/sources/wan-animate.page.txt): ~412.91 s, the sample payload,
 * `input_video` (required uri), `mode` (required, "animation" | "replace", default
 * "replace"), `prompt` (required). The copy breaks off inside `prompt`: `reference_image`,
 * `resolution`, `seed` and `base64` are known from the sample payload only, so their
 * required flags, allowed values and defaults are not declared (resolution is free text).
 */
export const wanAnimate: ModelDeclaration = {
	slug: 'wan-animate',
	displayName: 'Wan Animate',
	summary: 'Animate a character image with a clip’s motion, or replace the person in a clip',
	inputKind: 'video',
	typicalSeconds: 412.91,
	sources: [
		{
			url: 'https://www.segmind.com/models/wan-animate/api',
			read: '2026-12-07',
			gives: 'input_video, mode, prompt; sample payload; typical time',
		},
	],
	partial:
		'page copy ends at `prompt`: reference_image, resolution, seed, base64 from the sample only (no allowed values, defaults or price)',
	fields: [
		{
			apiName: 'input_video',
			displayName: 'Input Video',
			type: 'uri',
			media: 'video',
			required: true,
			default: null,
			description:
				'The clip whose motion drives the animation, or whose person is replaced (HD works best)',
		},
		{
			apiName: 'mode',
			displayName: 'Mode',
			type: 'string',
			required: true,
			default: 'replace',
			options: ['animation', 'replace'],
			description:
				'"animation" moves the reference character like the clip; "replace" swaps the clip’s person for it',
		},
		{
			apiName: 'prompt',
			displayName: 'Prompt',
			type: 'string',
			multiline: true,
			required: true,
			default: null,
			description: 'Text directing the animation, e.g. "woman posing for a selfie"',
		},
		{
			apiName: 'reference_image',
			displayName: 'Reference Image',
			type: 'uri',
			media: 'image',
			required: false,
			default: null,
			description: 'The character to animate or to put into the clip',
		},
		{
			apiName: 'resolution',
			parameterName: 'resolutionWanAnimate',
			displayName: 'Resolution',
			type: 'string',
			required: false,
			default: null,
			description: 'Output resolution as Segmind spells it; its sample uses "480p"',
		},
		{
			apiName: 'seed',
			displayName: 'Seed',
			type: 'integer',
			required: false,
			default: null,
			description: 'Fix it to reproduce a result; leave it out for a random one',
		},
		{
			apiName: 'base64',
			displayName: 'Base64 Output',
			type: 'boolean',
			required: false,
			default: null,
			transportOnly: true,
			description:
				'Only changes how Segmind transfers the result: this node always delivers the MP4 as binary',
		},
	],
};
