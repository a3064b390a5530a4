import type { INodeParameters } from 'n8n-workflow';

import { landscapePng, portraitPng, sampleMp4, videoFactsKnown, videoFixtures } from '../fixtures';
import { fragmentedFactsKnown, fragmentedFixtures } from '../fixtures/fragmented';
import type { BinaryDataMode } from '../harness/runtime';
import type { Simulator, SimulatorOptions } from '../simulator/segmindSimulator';
import { runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started));

const png = (data: Buffer) => ({ data, mimeType: 'image/png', fileName: 'frame.png' });

const SHAPES = [
	['portrait', portraitPng, 'portrait-faststart-audio.mp4', '9:16'],
	['landscape (moov at the end)', landscapePng, 'landscape-moov-end-audio.mp4', '16:9'],
] as const;

/** Each way a video reaches the node: streamed answer, download, inline base64, async result. */
const PATHS: Array<[string, INodeParameters, Partial<SimulatorOptions>]> = [
	['sync, video/mp4 answer streamed', { executionMode: 'sync' }, { v1Response: 'raw' }],
	['sync, JSON URL downloaded', { executionMode: 'sync' }, { v1Response: 'json-url' }],
	['sync, inline base64', { executionMode: 'sync' }, { v1Response: 'json-base64' }],
	['wait, result URL downloaded', { executionMode: 'wait' }, {}],
];

describe.each(PATHS)('%s', (_path, mode, simOptions) => {
	it.each(SHAPES)(
		'a %s video carries the facts ffprobe reads from it',
		async (_shape, image, fixture, ratio) => {
			sim.configure(simOptions);
			const binaryDataMode: BinaryDataMode =
				mode.executionMode === 'wait' ? 'default' : 'filesystem';
			const result = await runSegmind(
				sim,
				{
					model: 'wan-2.2-i2v-flash',
					imageSource: 'binary',
					imageBinaryProperty: 'image',
					prompt: 'x',
					...mode,
				},
				{ input: [{ json: {}, binary: { image: png(image) } }], binaryDataMode },
			);
			expect(result.error).toBeUndefined();
			const [item] = result.items;
			expect(item.binary!.data.buffer.equals(videoFixtures[fixture])).toBe(true);
			const known = videoFactsKnown[fixture];
			expect(item.json.video).toEqual({
				durationSeconds: known.durationSeconds,
				width: known.width,
				height: known.height,
				aspectRatio: ratio,
				aspectRatioValue: Number((known.width / known.height).toFixed(4)),
				orientation: known.width > known.height ? 'landscape' : 'portrait',
				rotation: 0,
				frameRate: known.frameRate,
				videoCodec: known.videoCodec,
				hasAudio: known.hasAudio,
				audioCodec: known.audioCodec,
				fileSizeBytes: known.fileSizeBytes,
			});
			expect(item.json.fileSizeBytes).toBe(known.fileSizeBytes);
			expect(item.json).not.toHaveProperty('videoFactsError');
		},
	);
});

it('Get Result reports the facts and platforms too', async () => {
	const submitted = await runSegmind(
		sim,
		{
			operation: 'submit',
			model: 'wan-2.2-i2v-flash',
			imageSource: 'binary',
			imageBinaryProperty: 'image',
			prompt: 'x',
		},
		{ input: [{ json: {}, binary: { image: png(portraitPng) } }] },
	);
	const requestId = String(submitted.items[0].json.requestId);
	sim.completeJob(requestId);
	const result = await runSegmind(
		sim,
		{ operation: 'getResult', requestId },
		{ input: [{ json: {} }] },
	);
	expect(result.error).toBeUndefined();
	expect(result.items[0].json.video).toMatchObject({
		width: 720,
		height: 1280,
		orientation: 'portrait',
		hasAudio: true,
	});
	expect(result.items[0].json.platforms).toMatchObject({ youtubeShorts: { fits: true, why: [] } });
});

it('an MP4 without a movie header is still delivered, with null facts and the reason', async () => {
	// sample.mp4 without its moov box: ftyp, free and mdat only
	const moovAt = sampleMp4.indexOf('moov') - 4;
	const headless = Buffer.concat([
		sampleMp4.subarray(0, moovAt),
		sampleMp4.subarray(moovAt + sampleMp4.readUInt32BE(moovAt)),
	]);
	sim.configure({ video: headless, v1Response: 'raw' });
	const result = await runSegmind(sim, {
		model: 'wan-2.2-i2v-flash',
		executionMode: 'sync',
		image: 'https://example.com/cat.png',
		prompt: 'x',
	});
	expect(result.error).toBeUndefined();
	expect(result.items[0].binary!.data.buffer.equals(headless)).toBe(true);
	expect(result.items[0].json).toMatchObject({
		video: null,
		videoFactsError: expect.stringMatching(/no moov box/),
	});
});

describe('platforms', () => {
	it.each(SHAPES)(
		'a %s video from the simulator says which platforms it fits, and why not',
		async (_shape, image, fixture) => {
			const result = await runSegmind(
				sim,
				{
					model: 'wan-2.2-i2v-flash',
					executionMode: 'sync',
					imageSource: 'binary',
					imageBinaryProperty: 'image',
					prompt: 'x',
				},
				{ input: [{ json: {}, binary: { image: png(image) } }] },
			);
			expect(result.error).toBeUndefined();
			const [item] = result.items;
			expect(item.binary!.data.buffer.equals(videoFixtures[fixture])).toBe(true);
			const known = videoFactsKnown[fixture];
			const platforms = item.json.platforms as Record<
				string,
				{ fits: boolean | null; why: string[] }
			>;
			expect(Object.keys(platforms)).toEqual([
				'youtubeShorts',
				'instagramReels',
				'tiktok',
				'x',
				'telegramBot',
			]);
			// The fixtures are 1–2 s long: too short for Reels.
			expect(platforms.instagramReels.fits).toBe(false);
			expect(platforms.instagramReels.why).toContain(
				`duration ${known.durationSeconds} s is under Instagram Reels' minimum 3 s`,
			);
			// TikTok wants 23 fps or more: the portrait fixture has 12, the landscape one 24.
			expect(platforms.tiktok).toEqual(
				known.frameRate! < 23
					? {
							fits: false,
							why: [`frame rate ${known.frameRate} fps is under TikTok's minimum 23 fps`],
						}
					: { fits: true, why: [] },
			);
			expect(platforms.x).toEqual({ fits: true, why: [] });
			expect(platforms.telegramBot).toEqual({ fits: true, why: [] });
			if (known.width < known.height) {
				expect(platforms.youtubeShorts).toEqual({ fits: true, why: [] });
			} else {
				expect(platforms.youtubeShorts).toEqual({
					fits: false,
					why: ["aspect ratio (width / height) 1.7778 is over YouTube Shorts' maximum 1"],
				});
			}
		},
	);

	it('an unreadable MP4 gets platforms too: null where facts are missing, with the reason', async () => {
		const moovAt = sampleMp4.indexOf('moov') - 4;
		const headless = Buffer.concat([
			sampleMp4.subarray(0, moovAt),
			sampleMp4.subarray(moovAt + sampleMp4.readUInt32BE(moovAt)),
		]);
		sim.configure({ video: headless, v1Response: 'raw' });
		const result = await runSegmind(sim, {
			model: 'wan-2.2-i2v-flash',
			executionMode: 'sync',
			image: 'https://example.com/cat.png',
			prompt: 'x',
		});
		const platforms = result.items[0].json.platforms as Record<
			string,
			{ fits: unknown; why: string[] }
		>;
		expect(platforms.youtubeShorts.fits).toBeNull();
		expect(platforms.youtubeShorts.why[0]).toMatch(/^duration unknown: .*no moov box/);
		expect(platforms.telegramBot).toEqual({ fits: true, why: [] });
	});
});

describe('fragmented MP4s', () => {
	it.each(Object.keys(fragmentedFactsKnown))(
		'%s: duration and frame rate come from its fragments, so platforms can judge it',
		async (name) => {
			const data = fragmentedFixtures[name];
			const known = fragmentedFactsKnown[name];
			sim.configure({ video: data, v1Response: 'raw' });
			const result = await runSegmind(
				sim,
				{
					model: 'wan-2.2-i2v-flash',
					executionMode: 'sync',
					image: 'https://example.com/cat.png',
					prompt: 'x',
				},
				{ binaryDataMode: 'filesystem' },
			);
			expect(result.error).toBeUndefined();
			const { json, binary } = result.items[0];
			expect(binary!.data.buffer.equals(data)).toBe(true);
			const video = json.video as { durationSeconds: number; frameRate: number };
			expect(video.durationSeconds).toBeCloseTo(known.durationSeconds, 2);
			expect(video.frameRate).toBeCloseTo(known.frameRate, 2);
			const platforms = json.platforms as Record<string, { fits: boolean | null }>;
			// all known now: no platform is left at null
			for (const fit of Object.values(platforms)) expect(fit.fits).not.toBeNull();
			expect(platforms.youtubeShorts.fits).toBe(known.width <= known.height);
		},
	);
});
