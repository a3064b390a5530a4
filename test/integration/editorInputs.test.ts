/**
 * What a newcomer types into the editor, run through n8n-core: media entries named in errors,
 * Get Result's Request ID typed in Fixed mode, the binary field named as labelled. Each is refused
 * before a single request reaches the simulator.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { samplePng } from '../fixtures';
import type { Simulator } from '../simulator/segmindSimulator';
import { runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started));

const r2v = { model: 'wan2.7-r2v', executionMode: 'sync', prompt: 'Image1 waves' };
const flash = {
	model: 'wan-2.2-i2v-flash',
	executionMode: 'sync',
	prompt: 'a cat',
	image: 'https://example.com/cat.png',
};
const urls = (...list: string[]) => ({ items: list.map((url) => ({ source: 'url', url })) });

describe('a media error starts with the entry to fix', () => {
	it.each<[string, INodeParameters, string]>([
		[
			'empty second reference image',
			{ ...r2v, referenceImages: urls('https://example.com/a.png', '') },
			'Reference image 2: the URL is empty',
		],
		[
			'a file name as reference image',
			{ ...r2v, referenceImages: urls('my cat photo.jpg') },
			'Reference image 1: `my cat photo.jpg` is not an http(s) URL',
		],
		[
			'a reference video without scheme',
			{ ...r2v, referenceVideos: urls('https://example.com/a.mp4', 'example.com/b.mp4') },
			'Reference video 2: `example.com/b.mp4` is not an http(s) URL',
		],
		[
			'a reference voice file name',
			{ ...r2v, referenceVoiceSource: 'url', referenceVoice: 'voice.wav' },
			'Reference Voice: `voice.wav` is not an http(s) URL',
		],
		[
			'a first frame file name',
			{ model: 'wan2.7-i2v', prompt: 'a lake', image: 'lake.png' },
			'First Frame Image: `lake.png` is not an http(s) URL',
		],
		[
			'a last frame ftp URL',
			{ model: 'wan2.7-i2v', prompt: 'a lake', lastFrameSource: 'url', lastFrame: 'ftp://a/b.png' },
			'Last Frame Image: `ftp://a/b.png` is not an http(s) URL',
		],
		[
			'a Wan 2.7 audio file name',
			{ model: 'wan2.7-i2v', prompt: 'a lake', audioUrlSource: 'url', audioUrl: 'song.mp3' },
			'Audio: `song.mp3` is not an http(s) URL',
		],
		[
			'a Wan 2.6 audio file name',
			{
				model: 'wan-2.6-i2v',
				prompt: 'a cat',
				image: 'https://example.com/cat.png',
				audioSource: 'url',
				audio: 'song.mp3',
			},
			'Audio: `song.mp3` is not an http(s) URL',
		],
		[
			'a Flash image file name',
			{ ...flash, image: 'cat.png' },
			'Image: `cat.png` is not an http(s) URL',
		],
		[
			'a Wan 2.1 image that resolves empty',
			{ model: 'wan2.1-i2v-720p', prompt: 'a cat', image: '={{ "" }}' },
			'Image: the URL is empty',
		],
	])('%s', async (_name, parameters, start) => {
		const result = await runSegmind(sim, parameters);
		const error = result.error as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message.startsWith(start)).toBe(true);
		expect(error.message).toContain('for item 0');
		expect(error.description).toContain('Nothing was sent to Segmind');
		expect(sim.requests).toEqual([]);
	});
});

it('a missing binary names the field as the editor labels it', async () => {
	const result = await runSegmind(
		sim,
		{ ...flash, imageSource: 'binary', imageBinaryProperty: 'photo' },
		{
			input: [
				{
					json: {},
					binary: { data: { data: samplePng, mimeType: 'image/png', fileName: 'cat.png' } },
				},
			],
		},
	);
	expect(result.error?.message).toBe(
		'Invalid "Image Binary Field" (image) for item 0: the input item has no binary field "photo"',
	);
	expect(sim.requests).toEqual([]);
});

it('a missing binary in a list names the entry', async () => {
	const referenceImages = {
		items: [
			{ source: 'url', url: 'https://example.com/a.png' },
			{ source: 'binary', binaryPropertyName: 'ref2' },
		],
	};
	const result = await runSegmind(sim, { ...r2v, referenceImages });
	expect(result.error?.message).toContain(
		'Reference image 2, "Input Binary Field" (reference_images) for item 0',
	);
	expect(sim.requests).toEqual([]);
});

describe("Get Result's Request ID", () => {
	it('defaults to {{ $json.requestId ?? $json.details?.requestId }}, so it chains after Submit by itself', async () => {
		const submitted = await runSegmind(sim, { ...flash, operation: 'submit' });
		const [requestId] = [...sim.jobs.keys()];
		const result = await runSegmind(
			sim,
			{ operation: 'getResult' },
			{ input: [{ json: submitted.items[0].json }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.requestId).toBe(requestId);
	});

	it('typed with {{ in Fixed mode is refused with "switch this field to Expression", nothing sent', async () => {
		const result = await runSegmind(
			sim,
			{ operation: 'getResult', requestId: '{{ $json.requestId }}' },
			{ input: [{ json: { requestId: 'abc' } }] },
		);
		const error = result.error as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('switch this field to Expression');
		expect(error.message).toContain('for item 0');
		expect(sim.requests).toEqual([]);
	});

	it('an unknown id (404) is not answered with "use the operation Get Result"', async () => {
		const result = await runSegmind(sim, {
			operation: 'getResult',
			requestId: '0123456789abcdef0123456789abcdef',
		});
		expect(result.error?.message).toContain('404');
		expect(
			`${result.error?.message} ${(result.error as NodeOperationError | undefined)?.description}`,
		).not.toContain('Get Result');
	});
});

it("Wan 2.1's Base64 Output from Additional Fields is sent (and the MP4 still arrives as binary)", async () => {
	sim.configure({ v1Response: 'json-base64' });
	const result = await runSegmind(sim, {
		model: 'wan2.1-i2v-720p',
		executionMode: 'sync',
		prompt: 'a cat',
		image: 'https://example.com/cat.png',
		additionalFields: { base64: true },
	});
	expect(result.error).toBeUndefined();
	expect(sim.requests.find((request) => request.route === 'v1')?.body).toMatchObject({
		base64: true,
	});
	expect(result.items[0].binary!.data.buffer.equals(sim.video)).toBe(true);
});
