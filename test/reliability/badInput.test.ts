/**
 * Bad-input matrix: every constraint of the five model pages (seeds), broken one at a time.
 * Each must be refused with a NodeOperationError that names the item, the field and what is
 * allowed, before a single request reaches Segmind (no upload either). With "continue on fail"
 * bad items become error items and the good ones still run.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { bigStream, sampleMp3, sampleMp4, samplePng, sampleWav } from '../fixtures';
import type { HarnessInputItem, RunNodeResult } from '../harness';
import { generationBodies } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';
import type { Simulator } from '../simulator/segmindSimulator';
import { caseTest } from './cases';
import type { CaseTools } from './cases';

let sim: Simulator;
useSimulator((started) => (sim = started));

const test = caseTest('badInput', () => sim);

const URL_A = 'https://example.com/a.png';
/** The smallest valid parameters of each model (sync mode: the positive controls stay fast). */
const valid: Record<string, INodeParameters> = {
	'wan2.7-i2v': { model: 'wan2.7-i2v', executionMode: 'sync', prompt: 'a cat' },
	'wan-2.6-i2v': { model: 'wan-2.6-i2v', executionMode: 'sync', image: URL_A, prompt: 'a cat' },
	'wan2.7-r2v': { model: 'wan2.7-r2v', executionMode: 'sync', prompt: 'a cat' },
	'wan-2.2-i2v-flash': {
		model: 'wan-2.2-i2v-flash',
		executionMode: 'sync',
		image: URL_A,
		prompt: 'a cat',
	},
	'wan2.1-i2v-720p': {
		model: 'wan2.1-i2v-720p',
		executionMode: 'sync',
		image: URL_A,
		prompt: 'a cat',
	},
};

const png = { data: samplePng, mimeType: 'image/png', fileName: 'cat.png' };
const wav = { data: sampleWav, mimeType: 'audio/wav', fileName: 'voice.wav' };
const mp3 = { data: sampleMp3, mimeType: 'audio/mpeg', fileName: 'voice.mp3' };
const mp4 = { data: sampleMp4, mimeType: 'video/mp4', fileName: 'clip.mp4' };
const withBinary = (binary: HarnessInputItem['binary']): HarnessInputItem[] => [
	{ json: {}, binary },
];
const urls = (count: number) => ({
	items: Array.from({ length: count }, (_, index) => ({
		source: 'url',
		url: `https://example.com/ref${index}.png`,
	})),
});

interface Refusal {
	/** What the case breaks. */
	name: string;
	model: keyof typeof valid;
	parameters: INodeParameters;
	input?: HarnessInputItem[];
	/** Fragments the message must name: the field, and what is allowed (or what is wrong). */
	field: string;
	allowed: string;
	item?: number;
}

/** Every constraint the seeds state, broken once. */
const refusals: Refusal[] = [
	// Required fields (given through an expression: a literal empty value is n8n's own check, below).
	{
		name: 'wan-2.6 image empty',
		model: 'wan-2.6-i2v',
		parameters: { image: '={{ "" }}' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'flash image empty',
		model: 'wan-2.2-i2v-flash',
		parameters: { image: '={{ "" }}' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan2.1 image empty',
		model: 'wan2.1-i2v-720p',
		parameters: { image: '={{ "" }}' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan-2.6 prompt empty',
		model: 'wan-2.6-i2v',
		parameters: { prompt: '={{ "" }}' },
		field: 'prompt',
		allowed: 'non-empty text',
	},
	{
		name: 'wan2.7-i2v prompt whitespace',
		model: 'wan2.7-i2v',
		parameters: { prompt: '  \n\t ' },
		field: 'prompt',
		allowed: 'non-empty text',
	},
	{
		name: 'wan2.7-r2v prompt whitespace',
		model: 'wan2.7-r2v',
		parameters: { prompt: '   ' },
		field: 'prompt',
		allowed: 'non-empty text',
	},
	{
		name: 'flash prompt whitespace',
		model: 'wan-2.2-i2v-flash',
		parameters: { prompt: ' ' },
		field: 'prompt',
		allowed: 'non-empty text',
	},
	{
		name: 'wan2.1 prompt whitespace',
		model: 'wan2.1-i2v-720p',
		parameters: { prompt: '\n' },
		field: 'prompt',
		allowed: 'non-empty text',
	},
	{
		name: 'wan2.1 video_length empty',
		model: 'wan2.1-i2v-720p',
		parameters: { videoLength: '={{ null }}' },
		field: 'video_length',
		allowed: 'a whole number from 1 to 5',
	},

	// Ranges.
	{
		name: 'wan2.7-i2v duration 1',
		model: 'wan2.7-i2v',
		parameters: { duration: 1 },
		field: 'duration',
		allowed: 'a whole number from 2 to 15',
	},
	{
		name: 'wan2.7-i2v duration 16',
		model: 'wan2.7-i2v',
		parameters: { duration: 16 },
		field: 'duration',
		allowed: 'a whole number from 2 to 15',
	},
	{
		name: 'wan2.7-i2v duration 2.5',
		model: 'wan2.7-i2v',
		parameters: { duration: 2.5 },
		field: 'duration',
		allowed: 'a whole number from 2 to 15',
	},
	{
		name: 'wan2.7-r2v duration 1',
		model: 'wan2.7-r2v',
		parameters: { duration: 1 },
		field: 'duration',
		allowed: 'a whole number from 2 to 15',
	},
	{
		name: 'wan2.7-r2v duration 16',
		model: 'wan2.7-r2v',
		parameters: { duration: 16 },
		field: 'duration',
		allowed: 'a whole number from 2 to 15',
	},
	{
		name: 'wan2.1 video_length 0',
		model: 'wan2.1-i2v-720p',
		parameters: { videoLength: 0 },
		field: 'video_length',
		allowed: 'a whole number from 1 to 5',
	},
	{
		name: 'wan2.1 video_length 6',
		model: 'wan2.1-i2v-720p',
		parameters: { videoLength: 6 },
		field: 'video_length',
		allowed: 'a whole number from 1 to 5',
	},
	{
		name: 'wan2.1 steps 9',
		model: 'wan2.1-i2v-720p',
		parameters: { steps: 9 },
		field: 'steps',
		allowed: 'a whole number from 10 to 70',
	},
	{
		name: 'wan2.1 steps 71',
		model: 'wan2.1-i2v-720p',
		parameters: { steps: 71 },
		field: 'steps',
		allowed: 'a whole number from 10 to 70',
	},
	{
		name: 'wan2.1 seed 1.5',
		model: 'wan2.1-i2v-720p',
		parameters: { seed: 1.5 },
		field: 'seed',
		allowed: 'a whole number',
	},
	{
		name: 'flash seed 0.5 (additional field)',
		model: 'wan-2.2-i2v-flash',
		parameters: { additionalFields: { seed: 0.5 } },
		field: 'seed',
		allowed: 'a whole number',
	},

	// Allowed-value lists, including the models' different spellings.
	{
		name: 'wan2.7-i2v resolution 720p (lower case)',
		model: 'wan2.7-i2v',
		parameters: { resolution: '720p' },
		field: 'resolution',
		allowed: 'one of "720P", "1080P"',
	},
	{
		name: 'wan2.7-i2v resolution 480P',
		model: 'wan2.7-i2v',
		parameters: { resolution: '480P' },
		field: 'resolution',
		allowed: 'one of "720P", "1080P"',
	},
	{
		name: 'wan2.7-r2v resolution 1080p (lower case)',
		model: 'wan2.7-r2v',
		parameters: { resolution: '1080p' },
		field: 'resolution',
		allowed: 'one of "720P", "1080P"',
	},
	{
		name: 'wan-2.6 resolution 720P (upper case)',
		model: 'wan-2.6-i2v',
		parameters: { resolutionWan26: '720P' },
		field: 'resolution',
		allowed: 'one of "720p", "1080p"',
	},
	{
		name: 'wan-2.6 resolution 480p',
		model: 'wan-2.6-i2v',
		parameters: { resolutionWan26: '480p' },
		field: 'resolution',
		allowed: 'one of "720p", "1080p"',
	},
	{
		name: 'flash resolution 480p (lower case)',
		model: 'wan-2.2-i2v-flash',
		parameters: { resolutionWan22: '480p' },
		field: 'resolution',
		allowed: 'one of "480P", "720P"',
	},
	{
		name: 'flash resolution 1080P',
		model: 'wan-2.2-i2v-flash',
		parameters: { resolutionWan22: '1080P' },
		field: 'resolution',
		allowed: 'one of "480P", "720P"',
	},
	{
		name: 'wan2.1 resolution 480',
		model: 'wan2.1-i2v-720p',
		parameters: { resolutionWan21: 480 },
		field: 'resolution',
		allowed: 'one of 720, 960, 1024',
	},
	{
		name: 'wan2.1 resolution "720P"',
		model: 'wan2.1-i2v-720p',
		parameters: { resolutionWan21: '720P' },
		field: 'resolution',
		allowed: 'one of 720, 960, 1024',
	},
	{
		name: 'wan-2.6 duration 7',
		model: 'wan-2.6-i2v',
		parameters: { durationWan26: 7 },
		field: 'duration',
		allowed: 'one of 5, 10, 15',
	},
	{
		name: 'wan-2.6 duration 20',
		model: 'wan-2.6-i2v',
		parameters: { durationWan26: 20 },
		field: 'duration',
		allowed: 'one of 5, 10, 15',
	},

	// URL format, on every media field.
	{
		name: 'flash image "not a url"',
		model: 'wan-2.2-i2v-flash',
		parameters: { image: 'not a url' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'flash image without scheme',
		model: 'wan-2.2-i2v-flash',
		parameters: { image: 'example.com/cat.png' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan-2.6 image ftp://',
		model: 'wan-2.6-i2v',
		parameters: { image: 'ftp://example.com/cat.png' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan2.1 image file://',
		model: 'wan2.1-i2v-720p',
		parameters: { image: 'file:///etc/passwd' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan2.7-i2v image javascript:',
		model: 'wan2.7-i2v',
		parameters: { image: 'javascript:alert(1)' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan2.7-i2v last_frame',
		model: 'wan2.7-i2v',
		parameters: { lastFrameSource: 'url', lastFrame: 'last.png' },
		field: 'last_frame',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan2.7-i2v audio_url',
		model: 'wan2.7-i2v',
		parameters: { audioUrlSource: 'url', audioUrl: 'data:audio/wav;base64,AAAA' },
		field: 'audio_url',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan-2.6 audio',
		model: 'wan-2.6-i2v',
		parameters: { audioSource: 'url', audio: 'voice.mp3' },
		field: 'audio',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan2.7-r2v reference_voice',
		model: 'wan2.7-r2v',
		parameters: { referenceVoiceSource: 'url', referenceVoice: 'voice' },
		field: 'reference_voice',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan2.7-r2v reference_images entry',
		model: 'wan2.7-r2v',
		parameters: {
			referenceImages: {
				items: [
					{ source: 'url', url: URL_A },
					{ source: 'url', url: 'not-a-url' },
				],
			},
		},
		field: 'reference_images',
		allowed: '1 to 5 public http(s) URLs',
	},
	{
		name: 'wan2.7-r2v reference_videos second entry empty',
		model: 'wan2.7-r2v',
		parameters: {
			referenceVideos: {
				items: [
					{ source: 'url', url: 'https://example.com/v.mp4' },
					{ source: 'url', url: '' },
				],
			},
		},
		field: 'reference_videos',
		allowed: '1 to 5 public http(s) URLs',
	},

	// More than 5 references.
	{
		name: 'wan2.7-r2v 6 reference images',
		model: 'wan2.7-r2v',
		parameters: { referenceImages: urls(6) },
		field: 'reference_images',
		allowed: '1 to 5 public http(s) URLs',
	},
	{
		name: 'wan2.7-r2v 6 reference videos',
		model: 'wan2.7-r2v',
		parameters: { referenceVideos: urls(6) },
		field: 'reference_videos',
		allowed: '1 to 5 public http(s) URLs',
	},
	{
		name: 'wan2.7-r2v 6 reference images, some binary',
		model: 'wan2.7-r2v',
		parameters: {
			referenceImages: {
				items: [
					...urls(4).items,
					{ source: 'binary', binaryPropertyName: 'data' },
					{ source: 'binary', binaryPropertyName: 'data' },
				],
			},
		},
		input: withBinary({ data: png }),
		field: 'reference_images',
		allowed: '1 to 5 public http(s) URLs',
	},

	// Binary inputs: type, size, presence.
	{
		name: 'wan-2.6 audio binary is OGG',
		model: 'wan-2.6-i2v',
		parameters: { audioSource: 'binary' },
		input: withBinary({ data: { data: sampleWav, mimeType: 'audio/ogg', fileName: 'a.ogg' } }),
		field: 'audio',
		allowed: 'audio/wav',
	},
	{
		name: 'wan-2.6 audio binary is a PNG',
		model: 'wan-2.6-i2v',
		parameters: { audioSource: 'binary' },
		input: withBinary({ data: png }),
		field: 'audio',
		allowed: 'image/png',
	},
	{
		name: 'wan-2.6 audio binary over 15 MB',
		model: 'wan-2.6-i2v',
		parameters: { audioSource: 'binary' },
		input: withBinary({
			data: {
				data: Buffer.concat([sampleWav, Buffer.alloc(15 * 1024 * 1024)]),
				mimeType: 'audio/wav',
				fileName: 'long.wav',
			},
		}),
		field: 'audio',
		allowed: `at most ${15 * 1024 * 1024} are allowed`,
	},
	{
		name: 'wan2.7-i2v audio_url binary is a PNG',
		model: 'wan2.7-i2v',
		parameters: { audioUrlSource: 'binary' },
		input: withBinary({ data: png }),
		field: 'audio_url',
		allowed: 'expected audio/*',
	},
	{
		name: 'flash image binary is an MP4',
		model: 'wan-2.2-i2v-flash',
		parameters: { imageSource: 'binary' },
		input: withBinary({ data: mp4 }),
		field: 'image',
		allowed: 'expected image/*',
	},
	{
		name: 'wan2.7-r2v reference image binary is a WAV',
		model: 'wan2.7-r2v',
		parameters: { referenceImages: { items: [{ source: 'binary', binaryPropertyName: 'data' }] } },
		input: withBinary({ data: wav }),
		field: 'reference_images',
		allowed: 'expected image/*',
	},
	{
		name: 'wan2.7-r2v reference video binary is a PNG',
		model: 'wan2.7-r2v',
		parameters: { referenceVideos: { items: [{ source: 'binary', binaryPropertyName: 'data' }] } },
		input: withBinary({ data: png }),
		field: 'reference_videos',
		allowed: 'expected video/*',
	},
	{
		name: 'wan2.7-r2v reference voice binary is an MP4',
		model: 'wan2.7-r2v',
		parameters: { referenceVoiceSource: 'binary' },
		input: withBinary({ data: mp4 }),
		field: 'reference_voice',
		allowed: 'expected audio/*',
	},
	{
		name: 'flash image binary property missing',
		model: 'wan-2.2-i2v-flash',
		parameters: { imageSource: 'binary', imageBinaryProperty: 'photo' },
		input: withBinary({ data: png }),
		field: 'image',
		allowed: 'no binary field "photo"',
	},
	{
		name: 'wan2.7-i2v last_frame binary, item has no binary at all',
		model: 'wan2.7-i2v',
		parameters: { lastFrameSource: 'binary' },
		field: 'last_frame',
		allowed: 'no binary field "data"',
	},
	{
		name: 'wan2.7-r2v reference image binary property missing',
		model: 'wan2.7-r2v',
		parameters: { referenceImages: { items: [{ source: 'binary', binaryPropertyName: 'ref1' }] } },
		input: withBinary({ data: png }),
		field: 'reference_images',
		allowed: 'no binary field "ref1"',
	},

	// Options.
	{
		name: "Max Wait 40000 minutes (past the timer's range and the result's hour)",
		model: 'wan-2.2-i2v-flash',
		parameters: { options: { maxWaitMinutes: 40000 } },
		field: '"Max Wait (Minutes)" (maxWaitMinutes)',
		allowed: 'at most 55, got 40000',
	},
	{
		name: 'Max Wait 56 minutes, wait mode',
		model: 'wan-2.2-i2v-flash',
		parameters: { executionMode: 'wait', options: { maxWaitMinutes: 56 } },
		field: '"Max Wait (Minutes)" (maxWaitMinutes)',
		allowed: 'at most 55, got 56',
	},

	// Hostile answers, round 2 (issue 20): a wait too short to mean anything, and Get Result
	// IDs that would change the request's path on the Segmind host.
	{
		name: 'Max Wait 1e-9 minutes (below the minimum)',
		model: 'wan-2.2-i2v-flash',
		parameters: { options: { maxWaitMinutes: 1e-9 } },
		field: '"Max Wait (Minutes)" (maxWaitMinutes)',
		allowed: 'at least 0.01 and at most 55, got 1e-9',
	},
	...['..', '../../v1/get-user-credits', 'abc/def', 'abc?x=1', 'abc%2F..', 'a b'].map(
		(requestId) => ({
			name: `Get Result with the request ID ${JSON.stringify(requestId)} (not a plain ID)`,
			model: 'wan-2.2-i2v-flash' as const,
			parameters: { operation: 'getResult', requestId },
			field: '"Request ID"',
			allowed: 'letters, digits, - and _',
		}),
	),

	// Expressions that resolve to the wrong type.
	{
		name: 'wan2.7-i2v duration "5" (string)',
		model: 'wan2.7-i2v',
		parameters: { duration: '={{ "5" }}' },
		field: 'duration',
		allowed: 'a whole number from 2 to 15',
	},
	{
		name: 'wan-2.6 duration "10" (string)',
		model: 'wan-2.6-i2v',
		parameters: { durationWan26: '={{ "10" }}' },
		field: 'duration',
		allowed: 'one of 5, 10, 15',
	},
	{
		name: 'wan2.1 resolution "720" (string)',
		model: 'wan2.1-i2v-720p',
		parameters: { resolutionWan21: '={{ "720" }}' },
		field: 'resolution',
		allowed: 'one of 720, 960, 1024',
	},
	{
		name: 'wan2.1 video_length 3.5',
		model: 'wan2.1-i2v-720p',
		parameters: { videoLength: '={{ 3.5 }}' },
		field: 'video_length',
		allowed: 'a whole number from 1 to 5',
	},
	{
		name: 'flash prompt_extend "yes"',
		model: 'wan-2.2-i2v-flash',
		parameters: { promptExtend: '={{ "yes" }}' },
		field: 'prompt_extend',
		allowed: 'true or false',
	},
	{
		name: 'wan-2.6 multi_shots "false" (string)',
		model: 'wan-2.6-i2v',
		parameters: { multiShots: '={{ "false" }}' },
		field: 'multi_shots',
		allowed: 'true or false',
	},
	{
		name: 'wan2.1 base64 1',
		model: 'wan2.1-i2v-720p',
		parameters: { additionalFields: { base64: '={{ 1 }}' } },
		field: 'base64',
		allowed: 'true or false',
	},
	{
		name: 'wan2.7-r2v seed "42" (string)',
		model: 'wan2.7-r2v',
		parameters: { seed: '={{ "42" }}' },
		field: 'seed',
		allowed: 'a whole number',
	},
	{
		name: 'wan2.7-i2v seed object (additional field)',
		model: 'wan2.7-i2v',
		parameters: { additionalFields: { seed: '={{ { value: 1 } }}' } },
		field: 'seed',
		allowed: 'a whole number',
	},
	{
		name: 'flash image number',
		model: 'wan-2.2-i2v-flash',
		parameters: { image: '={{ 42 }}' },
		field: 'image',
		allowed: 'a public http(s) URL',
	},
	{
		name: 'wan-2.6 prompt number',
		model: 'wan-2.6-i2v',
		parameters: { prompt: '={{ 123 }}' },
		field: 'prompt',
		allowed: 'non-empty text',
	},
	{
		name: 'wan2.7-i2v negative_prompt array',
		model: 'wan2.7-i2v',
		parameters: { negativePrompt: '={{ ["blur"] }}' },
		field: 'negative_prompt',
		allowed: 'text',
	},
	{
		name: 'item 2 of 3 breaks (the index is named)',
		model: 'wan2.7-i2v',
		parameters: { duration: '={{ $json.duration }}' },
		input: [{ json: { duration: 5 } }, { json: { duration: 15 } }, { json: { duration: 30 } }],
		field: 'duration',
		allowed: 'a whole number from 2 to 15',
		item: 2,
	},
];

function expectRefusal(result: RunNodeResult, refusal: Refusal) {
	const error = result.error as NodeOperationError;
	expect(error).toBeInstanceOf(NodeOperationError);
	const text = `${error.message} ${error.description ?? ''}`;
	expect(error.message).toContain(`for item ${refusal.item ?? 0}`);
	expect(error.message).toContain(refusal.field);
	expect(text).toContain(refusal.allowed);
	expect(error.description).toContain('Nothing was sent to Segmind');
	expect(result.items).toEqual([]);
}

describe('each broken constraint is refused before anything is sent', () => {
	for (const refusal of refusals) {
		test(refusal.name, async ({ run }) => {
			const { result } = await run(
				{ ...valid[refusal.model], ...refusal.parameters },
				refusal.input ? { input: refusal.input } : {},
				{ jobs: 0, generationPosts: 0 },
			);
			expectRefusal(result, refusal);
			expect(sim.requests).toEqual([]);
		});
	}

	test("a required field left empty in the editor is n8n's own check: no request either", async ({
		run,
	}) => {
		const { result } = await run(
			{ ...valid['wan-2.6-i2v'], prompt: '' },
			{},
			{ jobs: 0, generationPosts: 0 },
		);
		expect(result.error?.name).toBe('WorkflowHasIssuesError');
		expect(sim.requests).toEqual([]);
	});
});

/** Values at the edge of what the pages allow are accepted and sent as the pages spell them. */
const acceptances: Array<[string, keyof typeof valid, INodeParameters, IDataObject]> = [
	[
		'wan2.7-i2v 720P / 1080P, duration 2 and 15',
		'wan2.7-i2v',
		{ resolution: '1080P', duration: 2 },
		{ resolution: '1080P', duration: 2 },
	],
	['wan2.7-i2v duration 15', 'wan2.7-i2v', { duration: 15 }, { duration: 15 }],
	[
		'wan-2.6 1080p, duration 10',
		'wan-2.6-i2v',
		{ resolutionWan26: '1080p', durationWan26: 10 },
		{ resolution: '1080p', duration: 10 },
	],
	['wan-2.6 duration 15', 'wan-2.6-i2v', { durationWan26: 15 }, { duration: 15 }],
	['flash 480P', 'wan-2.2-i2v-flash', { resolutionWan22: '480P' }, { resolution: '480P' }],
	[
		'wan2.1 resolution 960, video_length 1, steps 10',
		'wan2.1-i2v-720p',
		{ resolutionWan21: 960, videoLength: 1, steps: 10 },
		{ resolution: 960, video_length: 1, steps: 10 },
	],
	[
		'wan2.1 resolution 1024, video_length 5, steps 70',
		'wan2.1-i2v-720p',
		{ resolutionWan21: 1024, videoLength: 5, steps: 70 },
		{ resolution: 1024, video_length: 5, steps: 70 },
	],
	[
		'wan2.7-r2v 5 reference images and 5 videos',
		'wan2.7-r2v',
		{ referenceImages: urls(5), referenceVideos: urls(5) },
		{
			reference_images: urls(5).items.map((entry) => entry.url),
			reference_videos: urls(5).items.map((entry) => entry.url),
		},
	],
];

describe('the edges of each range are accepted', () => {
	for (const [name, model, parameters, sent] of acceptances) {
		test(name, async ({ run }) => {
			const { result } = await run({ ...valid[model], ...parameters });
			expect(result.error).toBeUndefined();
			expect(generationBodies(sim)[0]).toMatchObject(sent);
		});
	}

	test('Max Wait 55 minutes (the maximum) is accepted', async ({ run }) => {
		const { result } = await run({
			...valid['wan-2.2-i2v-flash'],
			options: { maxWaitMinutes: 55 },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
	});

	test('wan-2.6 audio as WAV and as MP3 binaries is uploaded and sent', async ({ run }) => {
		for (const audio of [wav, mp3]) {
			sim.reset();
			const { result } = await run(
				{ ...valid['wan-2.6-i2v'], audioSource: 'binary' },
				{ input: withBinary({ data: audio }) },
			);
			expect(result.error).toBeUndefined();
			expect(String(generationBodies(sim)[0].audio)).toContain(`${sim.filesUrl}/assets/`);
		}
	});
});

describe('continue on fail', () => {
	test('bad items become error items naming their field; good items still run, each once', async ({
		run,
	}) => {
		const input: HarnessInputItem[] = [
			{ json: { duration: 5, prompt: 'good one' }, binary: { data: png } },
			{ json: { duration: 16, prompt: 'too long' }, binary: { data: png } },
			{ json: { duration: 10, prompt: 'good two' }, binary: { data: png } },
			{ json: { duration: 5, prompt: 'no image' } },
			{ json: { duration: '5', prompt: 'a string' }, binary: { data: png } },
		];
		const { result } = await run(
			{
				model: 'wan2.7-i2v',
				executionMode: 'sync',
				imageSource: 'binary',
				duration: '={{ $json.duration }}',
				prompt: '={{ $json.prompt }}',
			},
			{ input, continueOnFail: true },
			{ jobs: 2 },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(5);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(result.items[2].binary!.data.buffer.equals(sim.video)).toBe(true);
		expect(result.items[1].json.error).toContain(
			'Invalid "Duration (Seconds)" (duration) for item 1',
		);
		expect(result.items[1].json.error).toContain('a whole number from 2 to 15, got 16');
		expect(result.items[3].json.error).toContain(
			'(image) for item 3: the input item has no binary field "data"',
		);
		expect(result.items[4].json.error).toContain('got "5"');
		for (const index of [1, 3, 4]) expect(result.items[index].binary).toBeUndefined();
		// Items run concurrently, so arrival order is not fixed; each good item is sent exactly once.
		expect(
			generationBodies(sim)
				.map((body) => body.prompt)
				.sort(),
		).toEqual(['good one', 'good two']);
		// Only the good items' images were uploaded.
		expect(sim.requests.filter((request) => request.route === 'upload')).toHaveLength(2);
	});

	test('without continue on fail, one bad item stops the run before the good ones cost anything', async ({
		run,
	}) => {
		const { result } = await run(
			{ ...valid['wan-2.6-i2v'], imageSource: 'binary', durationWan26: '={{ $json.duration }}' },
			{
				input: [
					{ json: { duration: 5 }, binary: { data: png } },
					{ json: { duration: 7 }, binary: { data: png } },
				],
			},
			{ jobs: 0, generationPosts: 0 },
		);
		expectRefusal(result, {
			name: '',
			model: 'wan-2.6-i2v',
			parameters: {},
			field: 'duration',
			allowed: 'one of 5, 10, 15',
			item: 1,
		});
		expect(sim.requests).toEqual([]);
	});
});

const MB = 1024 * 1024;

describe('binary input sizes are checked before anything is sent, without reading the files', () => {
	/**
	 * Item 0 is valid and item 1 too big: a refusal during validation means item 0 was never
	 * sent either (a check while uploading would already have sent item 0).
	 */
	const referenceVideoRun = async (
		run: CaseTools['run'],
		big: HarnessInputItem['binary'],
		binaryDataMode: 'filesystem' | 'default' = 'filesystem',
	) =>
		await run(
			{
				...valid['wan2.7-r2v'],
				referenceVideos: { items: [{ source: 'binary', binaryPropertyName: 'data' }] },
			},
			{
				input: [
					{ json: {}, binary: { data: mp4 } },
					{ json: {}, binary: big },
				],
				binaryDataMode,
			},
			{ jobs: 0, generationPosts: 0 },
		);

	function expectSizeRefusal(result: RunNodeResult, fragments: string[]) {
		const error = result.error as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).not.toBe('');
		for (const fragment of fragments) expect(error.message).toContain(fragment);
		expect(error.description).toContain('Nothing was sent to Segmind');
		expect(result.items).toEqual([]);
		expect(sim.requests).toEqual([]);
	}

	test('a 410 MB reference video streamed into filesystem storage: refused by size, naming item, field, entry and limit', async ({
		run,
	}) => {
		const { result } = await referenceVideoRun(run, {
			data: { data: bigStream(410 * MB, sampleMp4), mimeType: 'video/mp4', fileName: 'huge.mp4' },
		});
		expectSizeRefusal(result, [
			'Invalid "Reference Videos" (reference_videos) for item 1',
			'entry 1',
			`has ${410 * MB} bytes`,
			`at most ${100 * MB} are allowed`,
		]);
	}, 120_000);

	test('a 101 MB reference video whose metadata has no "bytes" (older n8n): size read from the binary store', async ({
		run,
	}) => {
		const { result } = await referenceVideoRun(run, {
			data: {
				data: bigStream(101 * MB, sampleMp4),
				mimeType: 'video/mp4',
				fileName: 'big.mp4',
				withoutBytes: true,
			},
		});
		expectSizeRefusal(result, [
			'(reference_videos) for item 1',
			`has ${101 * MB} bytes`,
			`at most ${100 * MB} are allowed`,
		]);
	}, 120_000);

	test('a 21 MB image kept inline (default binary mode, no "bytes"): refused by its decoded size', async ({
		run,
	}) => {
		const image = Buffer.concat([samplePng, Buffer.alloc(21 * MB - samplePng.length)]);
		const { result } = await run(
			{ ...valid['wan-2.2-i2v-flash'], imageSource: 'binary' },
			{
				input: [
					{ json: {}, binary: { data: png } },
					{
						json: {},
						binary: {
							data: { data: image, mimeType: 'image/png', fileName: 'big.png', withoutBytes: true },
						},
					},
				],
				binaryDataMode: 'default',
			},
			{ jobs: 0, generationPosts: 0 },
		);
		expectSizeRefusal(result, [
			'Invalid "Image" (image) for item 1',
			`has ${21 * MB} bytes`,
			`at most ${20 * MB} are allowed`,
		]);
	}, 120_000);

	test('a 15 MB audio file for Wan 2.7 (no page limit: the audio limit applies)', async ({
		run,
	}) => {
		const { result } = await run(
			{ ...valid['wan2.7-i2v'], audioUrlSource: 'binary' },
			{
				input: withBinary({
					data: {
						data: bigStream(15 * MB + 1, sampleWav),
						mimeType: 'audio/wav',
						fileName: 'long.wav',
					},
				}),
			},
			{ jobs: 0, generationPosts: 0 },
		);
		expectSizeRefusal(result, [
			'(audio_url) for item 0',
			`has ${15 * MB + 1} bytes`,
			`at most ${15 * MB} are allowed`,
		]);
	});

	test("three 90 MB reference videos, each allowed, together over the run's 250 MB: refused at the item that crosses it", async ({
		run,
	}) => {
		const video = () => ({
			data: { data: bigStream(90 * MB, sampleMp4), mimeType: 'video/mp4', fileName: 'ref.mp4' },
		});
		const { result } = await run(
			{
				...valid['wan2.7-r2v'],
				referenceVideos: { items: [{ source: 'binary', binaryPropertyName: 'data' }] },
			},
			{
				input: [
					{ json: {}, binary: video() },
					{ json: {}, binary: video() },
					{ json: {}, binary: video() },
				],
			},
			{ jobs: 0, generationPosts: 0 },
		);
		expectSizeRefusal(result, [
			'(reference_videos) for item 2',
			`${270 * MB} bytes`,
			`at most ${250 * MB} are allowed per run`,
		]);
	}, 120_000);
});
