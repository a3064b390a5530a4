import { MODELS } from '../../nodes/SegmindWan/models';
import { toParameterName } from '../../nodes/SegmindWan/parameters/fieldNames';
import { loadSeedPages } from '../seeds/seedPages';
import type { Simulator } from '../simulator/segmindSimulator';
import { generationBodies, REQUIRED_INPUTS, runSegmind } from '../harness/nodeRun';
import { useSimulator } from '../harness/serverPerFile';

let sim: Simulator;
useSimulator((started) => (sim = started));

/**
 * What the model page says Segmind gets when the user changes nothing: its non-null defaults.
 * Empty texts are left out (Segmind applies the same default). From node version 2, the page's
 * sample texts and media are placeholders, and transport-only switches sit under Additional
 * Fields: left out too, so Segmind applies its own default.
 */
function pageDefaults(slug: string, version: number): Record<string, unknown> {
	const model = MODELS.find((candidate) => candidate.slug === slug)!;
	// Models without a seed page (declared from test/fixtures/sources): their declared defaults.
	const page = loadSeedPages().find((candidate) => candidate.slug === slug) ?? {
		parameters: model.fields.map((field) => ({ name: field.apiName, default: field.default })),
	};
	const startsEmpty = (name: string) => {
		const field = model.fields.find((candidate) => candidate.apiName === name)!;
		if (field.type === 'boolean') return field.transportOnly === true;
		return field.type === 'uri' || (field.type === 'string' && !field.options);
	};
	return Object.fromEntries(
		page.parameters
			.filter(
				(parameter) =>
					parameter.default !== undefined && parameter.default !== null && parameter.default !== '',
			)
			.filter((parameter) => version < 2 || !startsEmpty(parameter.name))
			.map((parameter) => [parameter.name, parameter.default]),
	);
}

/** n8n parameters as Segmind receives them (inputVideo → input_video). */
function asBody(slug: string, parameters: Record<string, unknown>): Record<string, unknown> {
	const model = MODELS.find((candidate) => candidate.slug === slug)!;
	return Object.fromEntries(
		Object.entries(parameters).map(([name, value]) => [
			model.fields.find((field) => toParameterName(field.apiName) === name)?.apiName ?? name,
			value,
		]),
	);
}

describe.each(MODELS.map((model) => model.slug))('%s with default parameters', (slug) => {
	it.each(['wait', 'sync'])(
		'%s mode returns the MP4 as binary, and sends the page defaults',
		async (mode) => {
			const result = await runSegmind(sim, {
				model: slug,
				executionMode: mode,
				...REQUIRED_INPUTS[slug],
			});

			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			const [item] = result.items;
			const video = item.binary!.data;
			expect(video.buffer.equals(sim.video)).toBe(true);
			expect(video.mimeType).toBe('video/mp4');
			expect(video.fileExtension).toBe('mp4');
			expect(video.fileName).toBe(`${slug}-${item.json.requestId}.mp4`);
			expect(item.json).toMatchObject({
				model: slug,
				status: 'COMPLETED',
				executionMode: mode,
				fileSizeBytes: sim.video.length,
			});
			expect(typeof item.json.requestId).toBe('string');
			// Sync answers carry the video itself (recorded for wan-2.2-i2v-flash), so there is no URL.
			if (mode === 'wait')
				expect(item.json.videoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/outputs\//);
			else expect(item.json.videoUrl).toBeNull();
			expect(item.pairedItem).toEqual({ item: 0 });

			const bodies = generationBodies(sim);
			expect(bodies).toEqual([
				{ ...pageDefaults(slug, 2), ...asBody(slug, REQUIRED_INPUTS[slug]) },
			]);
			const route = mode === 'wait' ? 'submit' : 'v1';
			expect(sim.requests.find((request) => request.route === route)?.path).toBe(
				`/${mode === 'wait' ? 'v2' : 'v1'}/${slug}`,
			);
		},
	);
});

describe.each(MODELS.map((model) => model.slug))('%s in a saved version 1 node', (slug) => {
	it('still runs with the version 1 names and defaults (the page samples as values)', async () => {
		const inputs = slug === 'wan2.7-i2v' || slug === 'wan2.7-r2v' ? {} : REQUIRED_INPUTS[slug];
		const result = await runSegmind(
			sim,
			{ model: slug, executionMode: 'sync', ...inputs },
			{ typeVersion: 1 },
		);
		expect(result.error).toBeUndefined();
		expect(generationBodies(sim)).toEqual([{ ...pageDefaults(slug, 1), ...asBody(slug, inputs) }]);
	});
});

it('a version 1 node without a saved model still runs Wan 2.7 (its default then)', async () => {
	const result = await runSegmind(sim, { executionMode: 'sync' }, { typeVersion: 1 });
	expect(result.error).toBeUndefined();
	expect(sim.requests.find((request) => request.route === 'v1')?.path).toBe('/v1/wan2.7-i2v');
});

it('a version 1 node keeps its old parameter names (resolution, duration for Wan 2.6)', async () => {
	const parameters = {
		model: 'wan-2.6-i2v',
		executionMode: 'sync',
		...REQUIRED_INPUTS['wan-2.6-i2v'],
		resolution: '1080p',
		duration: 10,
	};
	const result = await runSegmind(sim, parameters, { typeVersion: 1 });
	expect(result.error).toBeUndefined();
	expect(generationBodies(sim)[0]).toMatchObject({ resolution: '1080p', duration: 10 });
});
