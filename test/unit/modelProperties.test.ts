import type { INodeProperties } from 'n8n-workflow';

import { toParameterName } from '../../nodes/SegmindWan/description/fieldNames';
import { nodeProperties } from '../../nodes/SegmindWan/description/nodeProperties';
import { MODELS } from '../../nodes/SegmindWan/models';
import type { ModelField } from '../../nodes/SegmindWan/models/types';

/** n8n parameters a field becomes: media inputs add a source selector and a binary field name. */
function parametersOf(field: ModelField): string[] {
	const name = toParameterName(field.apiName);
	return field.type === 'uri' && !field.maxItems ? [`${name}Source`, name, `${name}BinaryProperty`] : [name];
}

function shownFor(slug: string, operation = 'generate'): INodeProperties[] {
	return nodeProperties.filter((property) => {
		const { model, operation: operations } = property.displayOptions?.show ?? {};
		return (
			(model === undefined || (model as string[]).includes(slug)) &&
			(operations === undefined || (operations as string[]).includes(operation))
		);
	});
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

it('offers the five slugs and Other in the model selector, with time and price', () => {
	const selector = nodeProperties.find((property) => property.name === 'model')!;
	const options = selector.options as Array<{ value: string; description: string }>;
	expect(options.map((option) => option.value)).toEqual([
		'wan2.7-i2v',
		'wan-2.6-i2v',
		'wan2.7-r2v',
		'wan-2.2-i2v-flash',
		'wan2.1-i2v-720p',
		'other',
	]);
	expect(options[0].description).toContain('~415 s');
	expect(options[0].description).toContain('$0.625 - $0.938');
	expect(selector.default).toBe(MODELS[0].slug);
});

it('asks only for the request ID in Get Result', () => {
	expect(parameterNames(shownFor('wan2.7-i2v', 'getResult')).sort()).toEqual(['operation', 'options', 'requestId']);
});

describe.each(MODELS.map((model) => [model.slug, model] as const))('%s', (slug, model) => {
	it('shows exactly its own fields besides the shared ones', () => {
		const names = parameterNames(shownFor(slug)).sort();
		const own = model.fields.flatMap(parametersOf);
		expect(names).toEqual([...own, 'operation', 'model', 'executionMode', 'options'].sort());
	});

	it('shows the same fields for Submit, without the execution mode', () => {
		const names = parameterNames(shownFor(slug, 'submit')).sort();
		const own = model.fields.flatMap(parametersOf);
		expect(names).toEqual([...own, 'operation', 'model', 'options'].sort());
	});

	it('marks required fields and keeps page defaults as n8n defaults', () => {
		for (const field of model.fields) {
			const property = shownFor(slug).find((candidate) => candidate.name === toParameterName(field.apiName));
			if (field.default === null && !field.required && field.type !== 'uri') {
				expect(property).toBeUndefined(); // lives in Additional Fields
				continue;
			}
			expect(property?.required ?? false).toBe(field.type === 'uri' && field.maxItems ? false : field.required);
			if (field.type === 'uri' && field.maxItems) {
				expect(property?.default).toEqual(field.default === null ? {} : { items: [{ source: 'url', url: field.default }] });
			} else {
				expect(property?.default).toEqual(field.default ?? '');
			}
			if (field.type === 'uri' && !field.maxItems) {
				const source = shownFor(slug).find((candidate) => candidate.name === `${toParameterName(field.apiName)}Source`);
				expect(source?.default).toBe(field.default === null && !field.required ? 'none' : 'url');
			}
		}
	});

	it('lists allowed values as options with their exact spelling', () => {
		for (const field of model.fields) {
			if ((field.type !== 'string' && field.type !== 'integer') || !field.options) continue;
			const property = shownFor(slug).find((candidate) => candidate.name === toParameterName(field.apiName))!;
			expect(property.type).toBe('options');
			expect((property.options as Array<{ value: unknown }>).map((option) => option.value)).toEqual([
				...field.options,
			]);
		}
	});
});
