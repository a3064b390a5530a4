import type { INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { samplePng } from '../fixtures';
import type { Simulator } from '../simulator/segmindSimulator';
import { generationBodies, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started));

const png = { data: samplePng, mimeType: 'image/png', fileName: 'ref.png' };
const urls = (...list: string[]) => ({ items: list.map((url) => ({ source: 'url', url })) });

/**
 * Each source's own code sample (test/fixtures/sources/), and the node parameters a user sets
 * to send it. Segmind must receive exactly the sample.
 */
const SAMPLES = [
	{
		slug: 'wan2.7-t2v',
		sample: {
			prompt:
				'A majestic golden eagle soaring over snow-capped mountain peaks at sunrise, cinematic wide angle shot, dramatic lighting, ultra HD, slow motion',
			negative_prompt: 'blurry, low quality, distorted, watermark',
			resolution: '720P',
			duration: 5,
			ratio: '16:9',
			seed: 42,
		},
		parameters: (sample: Record<string, unknown>) => ({
			prompt: sample.prompt,
			negativePrompt: sample.negative_prompt,
			resolution: '720P',
			duration: 5,
			ratio: '16:9',
			additionalFields: { seed: 42 },
		}),
	},
	{
		slug: 'wan-2.2-t2v-fast',
		sample: {
			prompt:
				'A sophisticated Korean teacher in her early 30s, with sleek, black hair tied in a high bun and sharp, cat-like eyes, stands at the front of the room.',
			go_fast: true,
			num_frames: 81,
			resolution: '480p',
			aspect_ratio: '16:9',
			sample_shift: 12,
			frames_per_second: 16,
			high_noise_lora_scale: 1,
			low_noise_lora_scale: 1,
		},
		// The LoRA scales are undocumented: they go through Extra Body Fields.
		parameters: (sample: Record<string, unknown>) => ({
			prompt: sample.prompt,
			goFast: true,
			numFrames: 81,
			resolutionWan22Fast: '480p',
			aspectRatio: '16:9',
			sampleShift: 12,
			framesPerSecond: 16,
			extraBodyFields: '{"high_noise_lora_scale": 1, "low_noise_lora_scale": 1}',
		}),
	},
	{
		slug: 'wan3.0-video',
		// The public call's payload; its reference URLs are built at run time, here example.com.
		sample: {
			prompt: 'Two detectives talk in a rainy alley',
			reference_images: [
				'https://example.com/cast.jpg',
				'https://example.com/room.jpg',
				'https://example.com/jianci-approved.jpg',
			],
			duration: 10,
			resolution: '480P',
			aspect_ratio: '16:9',
			audio: true,
			prompt_extend: false,
			enable_thinking: true,
			seed: 910602,
			negative_prompt: 'stairs, staircase, split screen, contact sheet, labels, text, captions',
		},
		parameters: (sample: Record<string, unknown>) => ({
			prompt: sample.prompt,
			referenceImagesWan30: urls(...(sample.reference_images as string[])),
			additionalFields: {
				durationWan30: 10,
				resolutionWan30: '480P',
				aspectRatioWan30: '16:9',
				audioWan30: true,
				promptExtend: false,
				enableThinking: true,
				seed: 910602,
				negativePrompt: sample.negative_prompt,
			},
		}),
	},
	{
		slug: 'wan-animate',
		sample: {
			input_video:
				'https://segmind-resources.s3.amazonaws.com/input/e9f1b4cb-812d-43b4-9aaf-572bc01828d1-animate-1.mp4',
			reference_image:
				'https://segmind-resources.s3.amazonaws.com/input/7af018fd-d18a-4688-9afd-52df7510fe69-MarkuryFLUX_03641_.png',
			resolution: '480p',
			prompt: 'woman posing for a selfie',
			seed: 987778,
			mode: 'replace',
			base64: false,
		},
		parameters: (sample: Record<string, unknown>) => ({
			inputVideo: sample.input_video,
			referenceImageSource: 'url',
			referenceImage: sample.reference_image,
			prompt: sample.prompt,
			mode: 'replace',
			additionalFields: { resolutionWanAnimate: '480p', seed: 987778, base64: false },
		}),
	},
];

describe.each(SAMPLES)('$slug', ({ slug, sample, parameters }) => {
	it.each(['wait', 'sync'])(
		"%s mode: the body sent for the source's code sample equals that sample",
		async (executionMode) => {
			const result = await runSegmind(sim, {
				model: slug,
				executionMode,
				...(parameters(sample) as INodeParameters),
			});
			expect(result.error).toBeUndefined();
			expect(generationBodies(sim)).toEqual([sample]);
			expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		},
	);
});

it('wan-2.2-t2v-fast in sync mode takes the raw video/mp4 answer its spec documents', async () => {
	sim.configure({ v1Response: 'json-url' }); // the spec's raw answer wins for this model
	const result = await runSegmind(sim, {
		model: 'wan-2.2-t2v-fast',
		executionMode: 'sync',
		prompt: 'a lighthouse',
	});
	expect(result.error).toBeUndefined();
	expect(result.items[0].json.videoUrl).toBeNull();
	expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
});

/** A refused item: a NodeOperationError for item 0, and nothing reached Segmind. */
async function refused(parameters: Record<string, unknown>, input?: unknown) {
	const result = await runSegmind(
		sim,
		{ executionMode: 'wait', ...(parameters as INodeParameters) },
		input ? { input: input as never } : {},
	);
	expect(result.error).toBeInstanceOf(NodeOperationError);
	expect(sim.requests.filter((request) => request.route !== 'credits')).toEqual([]);
	return result.error as NodeOperationError;
}

describe("Wan 3.0's rules are checked before paying", () => {
	const wan3 = { model: 'wan3.0-video', prompt: 'a lighthouse' };

	it('refuses a first frame together with reference images, naming both', async () => {
		const error = await refused({
			...wan3,
			imageSource: 'url',
			image: 'https://example.com/first.png',
			referenceImagesWan30: urls('https://example.com/ref.png'),
		});
		expect(error.message).toContain('"First Frame Image" (image)');
		expect(error.message).toContain('"Reference Images" (reference_images)');
		expect(error.message).toContain('cannot be used together');
		expect(error.message).toContain('item 0');
		expect(error.description).toContain('Nothing was sent to Segmind.');
	});

	it('refuses a binary first frame with reference images too, before uploading anything', async () => {
		await refused(
			{
				...wan3,
				imageSource: 'binary',
				referenceImagesWan30: urls('https://example.com/ref.png'),
			},
			[{ json: {}, binary: { data: png } }],
		);
	});

	it('refuses more than 10 reference images', async () => {
		const eleven = Array.from({ length: 11 }, (_, index) => `https://example.com/${index}.png`);
		const error = await refused({ ...wan3, referenceImagesWan30: urls(...eleven) });
		expect(error.message).toContain('at most 10 entries, got 11');
	});

	it.each([1, 31])('refuses a duration of %i s (2–30)', async (duration) => {
		const error = await refused({ ...wan3, additionalFields: { durationWan30: duration } });
		expect(error.message).toContain('"Duration (Seconds)" (duration)');
		expect(error.message).toContain('from 2 to 30');
	});

	it('accepts 30 s and reference images as binary files, uploaded first', async () => {
		const result = await runSegmind(
			sim,
			{
				...wan3,
				referenceImagesWan30: {
					items: [
						{ source: 'binary', binaryPropertyName: 'data' },
						{ source: 'url', url: 'https://example.com/b.png' },
					],
				},
				additionalFields: { durationWan30: 30 },
			},
			{ input: [{ json: {}, binary: { data: png } }] },
		);
		expect(result.error).toBeUndefined();
		const [body] = generationBodies(sim);
		expect(body.duration).toBe(30);
		const references = body.reference_images as string[];
		expect(references).toHaveLength(2);
		expect(references[0]).toContain(`${sim.filesUrl}/assets/`);
		expect(references[1]).toBe('https://example.com/b.png');
	});

	it('accepts a first frame alone (image to video)', async () => {
		const result = await runSegmind(sim, {
			...wan3,
			imageSource: 'url',
			image: 'https://example.com/first.png',
		});
		expect(result.error).toBeUndefined();
		expect(generationBodies(sim)).toEqual([
			{ prompt: 'a lighthouse', image: 'https://example.com/first.png' },
		]);
	});
});

describe('Extra Body Fields (JSON)', () => {
	const t2v = { model: 'wan2.7-t2v', prompt: 'a lighthouse' };

	it('are added to the validated body', async () => {
		const result = await runSegmind(sim, {
			...t2v,
			executionMode: 'wait',
			extraBodyFields: '{"prompt_extend": false, "shot_type": "multi"}',
		});
		expect(result.error).toBeUndefined();
		expect(generationBodies(sim)[0]).toMatchObject({
			prompt: 'a lighthouse',
			prompt_extend: false,
			shot_type: 'multi',
		});
	});

	it('refuse a key that is a declared field, naming it, before anything is sent', async () => {
		const error = await refused({ ...t2v, extraBodyFields: '{"ratio": "21:9"}' });
		expect(error.message).toContain('"Extra Body Fields (JSON)" (extraBodyFields) for item 0');
		expect(error.message).toContain('"ratio" is the declared field "Aspect Ratio"');
	});

	it.each(['[1, 2]', '"text"', '{not json'])('refuse %s: not a JSON object', async (raw) => {
		const error = await refused({ ...t2v, extraBodyFields: raw });
		expect(error.message).toContain('for item 0');
		expect(error.message).toContain('expected a JSON object');
	});
});
