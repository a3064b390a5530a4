import { MODELS } from '../../nodes/SegmindWan/models';
import { loadSeedPages } from '../seeds/seedPages';
import { startSimulator } from '../simulator/segmindSimulator';
import type { Simulator } from '../simulator/segmindSimulator';
import { API_KEY, generationBodies, REQUIRED_INPUTS, runSegmind } from './nodeRun';

let sim: Simulator;
beforeAll(async () => {
	sim = await startSimulator({ apiKey: API_KEY });
});
afterEach(() => sim.reset());
afterAll(async () => await sim.close());

/** What the model page says Segmind gets when the user changes nothing: its non-null defaults. */
function pageDefaults(slug: string): Record<string, unknown> {
	const page = loadSeedPages().find((candidate) => candidate.slug === slug)!;
	return Object.fromEntries(
		page.parameters
			.filter((parameter) => parameter.default !== undefined && parameter.default !== null)
			.map((parameter) => [parameter.name, parameter.default]),
	);
}

describe.each(MODELS.map((model) => model.slug))('%s with default parameters', (slug) => {
	it.each(['wait', 'sync'])('%s mode returns the MP4 as binary, and sends the page defaults', async (mode) => {
		const result = await runSegmind(sim, { model: slug, executionMode: mode, ...REQUIRED_INPUTS[slug] });

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		const video = item.binary!.data;
		expect(video.buffer.equals(sim.video)).toBe(true);
		expect(video.mimeType).toBe('video/mp4');
		expect(video.fileExtension).toBe('mp4');
		expect(video.fileName).toBe(`${slug}-${item.json.requestId}.mp4`);
		expect(item.json).toMatchObject({ model: slug, status: 'COMPLETED', executionMode: mode, fileSizeBytes: sim.video.length });
		expect(typeof item.json.requestId).toBe('string');
		// Sync answers carry the video itself (recorded for wan-2.2-i2v-flash), so there is no URL.
		if (mode === 'wait') expect(item.json.videoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/outputs\//);
		else expect(item.json.videoUrl).toBeNull();
		expect(item.pairedItem).toEqual({ item: 0 });

		const bodies = generationBodies(sim);
		expect(bodies).toEqual([{ ...pageDefaults(slug), ...REQUIRED_INPUTS[slug] }]);
		const route = mode === 'wait' ? 'submit' : 'v1';
		expect(sim.requests.find((request) => request.route === route)?.path).toBe(`/${mode === 'wait' ? 'v2' : 'v1'}/${slug}`);
	});
});
