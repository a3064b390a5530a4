// n8n's verification scanner lints with inline config off, so the node's defaults are plain
// literals the lint rules can read. These tests keep those literals in step with the model
// registry and the seed pages (the rules themselves cannot see the derived options).
// test/unit/noInlineLintConfig.test.js checks that no eslint-disable comment is shipped.
import type { INodeProperties } from 'n8n-workflow';

import { toParameterName } from '../../nodes/SegmindWan/description/fieldNames';
import { nodeProperties } from '../../nodes/SegmindWan/description/nodeProperties';
import { findModel, MODELS } from '../../nodes/SegmindWan/models';
import { loadSeedPages } from '../seeds/seedPages';

/** The model a new Segmind Wan node starts with (changing the default is this line and the node's literal). */
const DEFAULT_MODEL = 'wan2.7-i2v';

const pages = loadSeedPages();

it(`starts a new node on ${DEFAULT_MODEL}: a registered model with a seed page, offered in the selector`, () => {
	const selector = nodeProperties.find((property) => property.name === 'model')!;
	const values = (selector.options as Array<{ value: string }>).map((option) => option.value);
	expect(selector.default).toBe(DEFAULT_MODEL);
	expect(findModel(DEFAULT_MODEL)?.slug).toBe(DEFAULT_MODEL);
	expect(pages.map((page) => page.slug)).toContain(DEFAULT_MODEL);
	expect(values).toContain(DEFAULT_MODEL);
});

const listFields = MODELS.flatMap((model) =>
	model.fields
		.filter((field) => field.type === 'uri' && field.maxItems)
		.map((field) => [`${model.slug} ${field.apiName}`, model.slug, field.apiName] as const),
);

it('has list inputs to check', () => {
	expect(listFields.length).toBeGreaterThan(0);
});

it.each(listFields)('%s: its default is the seed page default as one URL entry, or empty', (_, slug, apiName) => {
	const seed = pages.find((page) => page.slug === slug)!.parameters.find((p) => p.name === apiName)!;
	const property = nodeProperties.find(
		(candidate: INodeProperties) =>
			candidate.name === toParameterName(apiName) &&
			(candidate.displayOptions?.show?.model as string[] | undefined)?.includes(slug),
	)!;
	expect(property.type).toBe('fixedCollection');
	expect(property.default).toEqual(
		seed.default === undefined || seed.default === null ? {} : { items: [{ source: 'url', url: seed.default }] },
	);
});
