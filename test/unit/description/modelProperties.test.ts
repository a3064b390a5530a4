import type { INodeProperties } from 'n8n-workflow';

import {
	nodeProperties,
	propertiesOfVersion,
} from '../../../nodes/SegmindWan/description/nodeProperties';
import { parameterName, toParameterName } from '../../../nodes/SegmindWan/parameters/fieldNames';
import { MODELS } from '../../../nodes/SegmindWan/models';
import type { ModelField } from '../../../nodes/SegmindWan/models/types';

/** n8n parameters a field becomes: media inputs add a source selector and a binary field name. */
function parametersOf(field: ModelField, version = 2): string[] {
	const name = parameterName(field, version);
	return field.type === 'uri' && !field.maxItems
		? [`${name}Source`, name, `${name}BinaryProperty`]
		: [name];
}

function shownFor(slug: string, operation = 'generate', version = 2): INodeProperties[] {
	return propertiesOfVersion(version).filter((property) => {
		const { model, operation: operations } = property.displayOptions?.show ?? {};
		return (
			(model === undefined || (model as string[]).includes(slug)) &&
			(operations === undefined || (operations as string[]).includes(operation))
		);
	});
}

/** A field's property, at the top level or inside Additional Fields. */
function propertyOf(slug: string, name: string): INodeProperties | undefined {
	const shown = shownFor(slug);
	const additional = shown.find((property) => property.name === 'additionalFields');
	return [...shown, ...((additional?.options ?? []) as INodeProperties[])].find(
		(property) => property.name === name,
	);
}

function parameterNames(properties: INodeProperties[]): string[] {
	return properties.flatMap((property) =>
		property.type === 'collection' && property.name === 'additionalFields'
			? (property.options as INodeProperties[]).map((option) => option.name)
			: [property.name],
	);
}

it('camel-cases Segmind names', () => {
	expect(toParameterName('negative_prompt')).toBe('negativePrompt');
	expect(toParameterName('last_frame')).toBe('lastFrame');
	expect(toParameterName('video_length')).toBe('videoLength');
	expect(toParameterName('enable_prompt_expansion')).toBe('enablePromptExpansion');
	expect(toParameterName('base64')).toBe('base64');
});

it('offers every slug and Other in the model selector, grouped and named by what goes in', () => {
	const selector = nodeProperties.find((property) => property.name === 'model')!;
	const options = selector.options as Array<{ name: string; value: string; description: string }>;
	expect(options.map((option) => option.value)).toEqual([
		'wan2.7-t2v',
		'wan-2.2-t2v-fast',
		'wan2.7-i2v',
		'wan-2.6-i2v',
		'wan-2.2-i2v-flash',
		'wan2.1-i2v-720p',
		'wan2.7-r2v',
		'wan3.0-video',
		'wan-animate',
		'other',
	]);
	expect(options.map((option) => option.name)).toEqual([
		'Text → Video: Wan 2.7 Text to Video',
		'Text → Video: Wan 2.2 Text to Video Fast',
		'Image → Video: Wan 2.7 Image to Video',
		'Image → Video: Wan 2.6 Image to Video',
		'Image → Video: Wan 2.2 Image to Video Flash',
		'Image → Video: Wan 2.1 Image to Video 720p',
		'Reference → Video: Wan 2.7 Reference to Video',
		'Reference → Video: Wan 3.0 Video',
		'Video → Video: Wan Animate',
		'Other (by Slug)',
	]);
	const wan27 = options.find((option) => option.value === 'wan2.7-i2v')!;
	expect(wan27.description).toContain('~415 s');
	expect(wan27.description).toContain('$0.625 - $0.938');
});

it('starts a new node (version 2) on the quick, cheap Flash model; version 1 keeps Wan 2.7', () => {
	const selectorOf = (version: number) =>
		propertiesOfVersion(version).find((property) => property.name === 'model')!;
	expect(selectorOf(2).default).toBe('wan-2.2-i2v-flash');
	expect(selectorOf(1).default).toBe('wan2.7-i2v');
});

it("shows each version's properties only on nodes of that version", () => {
	expect(nodeProperties).toHaveLength(
		propertiesOfVersion(1).length + propertiesOfVersion(2).length,
	);
	for (const property of nodeProperties) {
		expect([[1], [2]]).toContainEqual(property.displayOptions?.show?.['@version']);
	}
});

it("defaults Get Result's Request ID to the requestId Submit outputs (version 2)", () => {
	const requestIdOf = (version: number) =>
		propertiesOfVersion(version).find((property) => property.name === 'requestId')!;
	expect(requestIdOf(2).default).toBe('={{ $json.requestId ?? $json.details?.requestId }}');
	expect(requestIdOf(1).default).toBe('');
});

it('asks only for the request ID in Get Result', () => {
	expect(parameterNames(shownFor('wan2.7-i2v', 'getResult')).sort()).toEqual([
		'operation',
		'options',
		'requestId',
	]);
});

describe.each(MODELS.map((model) => [model.slug, model] as const))('%s', (slug, model) => {
	it('shows exactly its own fields besides the shared ones', () => {
		const names = parameterNames(shownFor(slug)).sort();
		const own = model.fields.flatMap((field) => parametersOf(field));
		expect(names).toEqual(
			[...own, 'operation', 'model', 'executionMode', 'extraBodyFields', 'options'].sort(),
		);
	});

	it('keeps the version 1 parameter names for saved workflows', () => {
		const names = parameterNames(shownFor(slug, 'generate', 1)).sort();
		const own = model.fields.flatMap((field) => parametersOf(field, 1));
		expect(names).toEqual(
			[...own, 'operation', 'model', 'executionMode', 'extraBodyFields', 'options'].sort(),
		);
		expect(own.every((name) => !/Wan\d+$/.test(name))).toBe(true);
	});

	it('shows the same fields for Submit, without the execution mode', () => {
		const names = parameterNames(shownFor(slug, 'submit')).sort();
		const own = model.fields.flatMap((field) => parametersOf(field));
		expect(names).toEqual([...own, 'operation', 'model', 'extraBodyFields', 'options'].sort());
	});

	it('marks required fields; version 2 starts free text and media empty, the rest at page defaults', () => {
		for (const field of model.fields) {
			const property = shownFor(slug).find(
				(candidate) => candidate.name === parameterName(field, 2),
			);
			if (
				(field.default === null && !field.required && field.type !== 'uri') ||
				(field.type === 'boolean' && field.transportOnly)
			) {
				expect(property).toBeUndefined(); // lives in Additional Fields
				continue;
			}
			expect(property?.required ?? false).toBe(
				field.type === 'uri' && field.maxItems ? false : field.required,
			);
			if (field.type === 'uri' && field.maxItems) {
				expect(property?.default).toEqual({});
			} else if (field.type === 'uri' || (field.type === 'string' && !field.options)) {
				expect(property?.default).toBe('');
				// The page's sample is shown, not filled in.
				if (field.default) expect(property?.placeholder).toBe(`e.g. ${field.default}`);
			} else {
				expect(property?.default).toEqual(field.default);
			}
			if (field.type === 'uri' && !field.maxItems) {
				const source = shownFor(slug).find(
					(candidate) => candidate.name === `${toParameterName(field.apiName)}Source`,
				);
				expect(source?.default).toBe(field.default === null && !field.required ? 'none' : 'url');
			}
		}
	});

	it('keeps the page defaults as values in version 1', () => {
		for (const field of model.fields) {
			const property = shownFor(slug, 'generate', 1).find(
				(candidate) => candidate.name === toParameterName(field.apiName),
			);
			if (field.default === null && !field.required && field.type !== 'uri') continue;
			if (field.type === 'uri' && field.maxItems) {
				expect(property?.default).toEqual(
					field.default === null ? {} : { items: [{ source: 'url', url: field.default }] },
				);
			} else {
				expect(property?.default).toEqual(field.default ?? '');
			}
		}
	});

	it('lists allowed values as options with their exact spelling', () => {
		for (const field of model.fields) {
			if ((field.type !== 'string' && field.type !== 'integer') || !field.options) continue;
			const property = propertyOf(slug, parameterName(field, 2))!;
			expect(property.type).toBe('options');
			expect((property.options as Array<{ value: unknown }>).map((option) => option.value)).toEqual(
				[...field.options],
			);
		}
	});

	it('shows each range once, as hint text under the field', () => {
		for (const field of model.fields) {
			if ((field.type !== 'integer' && field.type !== 'number') || field.min === undefined)
				continue;
			if (field.type === 'integer' && field.options) continue;
			const property = propertyOf(slug, parameterName(field, 2))!;
			expect(property.hint).toBe(`From ${field.min} to ${field.max}`);
			expect(property.description).not.toContain(`${field.min} to ${field.max}`);
			expect(property.description).not.toContain(`${field.min}–${field.max}`);
		}
	});
});

/** What a field accepts: two fields with the same n8n name must agree on it. */
const allowedValues = (field: ModelField) =>
	JSON.stringify({
		type: field.type,
		options: 'options' in field ? field.options : undefined,
		min: 'min' in field ? field.min : undefined,
		max: 'max' in field ? field.max : undefined,
		media: 'media' in field ? field.media : undefined,
		maxItems: 'maxItems' in field ? field.maxItems : undefined,
	});

describe('switching models never keeps a value the new model refuses (version 2)', () => {
	const pairs = MODELS.flatMap((from) =>
		MODELS.filter((to) => to !== from).map((to) => [from.slug, to.slug, from, to] as const),
	);
	it.each(pairs)(
		'%s → %s: every shared parameter name accepts the same values',
		(_from, _to, from, to) => {
			for (const field of from.fields) {
				const name = parameterName(field, 2);
				const twin = to.fields.find((candidate) => parameterName(candidate, 2) === name);
				if (twin) expect(allowedValues(twin)).toBe(allowedValues(field));
			}
		},
	);

	it("reads Wan 2.1's integer resolution as the longest side in pixels", () => {
		const field = MODELS.find((model) => model.slug === 'wan2.1-i2v-720p')!.fields.find(
			(candidate) => candidate.apiName === 'resolution',
		)!;
		const property = shownFor('wan2.1-i2v-720p').find(
			(candidate) => candidate.name === parameterName(field, 2),
		)!;
		expect(property.displayName).toBe('Resolution (Longest Side in Pixels)');
		expect((property.options as Array<{ value: unknown }>).map((option) => option.value)).toEqual([
			720, 960, 1024,
		]);
	});

	it("moves Wan 2.1's transport-only Base64 Output under Additional Fields, saying the MP4 comes as binary", () => {
		const additional = shownFor('wan2.1-i2v-720p').find(
			(candidate) => candidate.name === 'additionalFields',
		)!;
		const base64 = (additional.options as INodeProperties[]).find(
			(option) => option.name === 'base64',
		)!;
		expect(base64.description).toContain('always delivers the MP4 as binary');
	});
});

it('says "An image file", "An audio file", "A video file" for binary sources', () => {
	const descriptions = propertiesOfVersion(2)
		.flatMap((property) => [
			...((property.options ?? []) as Array<{
				description?: string;
				values?: Array<{ options?: Array<{ description?: string }> }>;
			}>),
			...(
				(property.options ?? []) as Array<{
					values?: Array<{ options?: Array<{ description?: string }> }>;
				}>
			).flatMap((option) => (option.values ?? []).flatMap((value) => value.options ?? [])),
		])
		.map((option) => option.description ?? '');
	expect(descriptions).toContain('An image file from the input item, uploaded to Segmind first');
	expect(descriptions).toContain('An audio file from the input item, uploaded to Segmind first');
	expect(descriptions).toContain('A video file from the input item, uploaded to Segmind first');
	expect(descriptions.some((text) => /\bA image\b|\bA audio\b/.test(text))).toBe(false);
});
