// n8n's verification scanner lints with inline config off, so the node's defaults are plain
// literals the lint rules can read. These tests keep those literals in step with the model
// registry and the seed pages (the rules themselves cannot see the derived options).
// test/unit/package/noInlineLintConfig.test.js checks that no eslint-disable comment is shipped.
import type { INodeProperties } from 'n8n-workflow';

import { nodeProperties } from '../../../nodes/SegmindWan/description/nodeProperties';
import { LATEST_VERSION, parameterName } from '../../../nodes/SegmindWan/parameters/fieldNames';
import { findModel, MODELS } from '../../../nodes/SegmindWan/models';
import { loadSeedPages } from '../../seeds/seedPages';

/**
 * The model a node of each version starts with (changing a default is this table and the
 * node's literal): new nodes (version 2) start on the quick, cheap Flash; version 1 keeps
 * Wan 2.7, which its saved workflows rely on.
 */
const DEFAULT_MODEL: Record<number, string> = { 1: 'wan2.7-i2v', 2: 'wan-2.2-i2v-flash' };

const pages = loadSeedPages();

const shownOn = (property: INodeProperties, version: number) =>
	(property.displayOptions?.show?.['@version'] as number[] | undefined)?.includes(version) ?? false;

it('has a default model for the latest version', () => {
	expect(DEFAULT_MODEL[LATEST_VERSION]).toBeDefined();
});

it.each(Object.entries(DEFAULT_MODEL).map(([version, slug]) => [Number(version), slug] as const))(
	'version %i starts a new node on %s: a registered model with a seed page, offered in the selector',
	(version, slug) => {
		const selector = nodeProperties.find(
			(property) => property.name === 'model' && shownOn(property, version),
		)!;
		const values = (selector.options as Array<{ value: string }>).map((option) => option.value);
		expect(selector.default).toBe(slug);
		expect(findModel(slug)?.slug).toBe(slug);
		expect(pages.map((page) => page.slug)).toContain(slug);
		expect(values).toContain(slug);
	},
);

const listFields = MODELS.flatMap((model) =>
	model.fields
		.filter((field) => field.type === 'uri' && field.maxItems)
		.map((field) => [`${model.slug} ${field.apiName}`, model.slug, field.apiName] as const),
);
const fieldOf = (slug: string, apiName: string) =>
	findModel(slug)!.fields.find((field) => field.apiName === apiName)!;

it('has list inputs to check', () => {
	expect(listFields.length).toBeGreaterThan(0);
});

const listProperty = (slug: string, apiName: string, version: number) =>
	nodeProperties.find(
		(candidate: INodeProperties) =>
			candidate.name === parameterName(fieldOf(slug, apiName), version) &&
			shownOn(candidate, version) &&
			(candidate.displayOptions?.show?.model as string[] | undefined)?.includes(slug),
	)!;

it.each(listFields)(
	'%s: on version 1 its default is the seed page default as one URL entry, or empty',
	(_, slug, apiName) => {
		// Models declared from test/fixtures/sources have no seed page: their declared default.
		const seed = pages
			.find((page) => page.slug === slug)
			?.parameters.find((p) => p.name === apiName) ?? { default: fieldOf(slug, apiName).default };
		const property = listProperty(slug, apiName, 1);
		expect(property.type).toBe('fixedCollection');
		expect(property.default).toEqual(
			seed.default === undefined || seed.default === null
				? {}
				: { items: [{ source: 'url', url: seed.default }] },
		);
	},
);

it.each(listFields)(
	'%s: on the latest version it starts empty (the sample is a placeholder)',
	(_, slug, apiName) => {
		const property = listProperty(slug, apiName, LATEST_VERSION);
		expect(property.type).toBe('fixedCollection');
		expect(property.default).toEqual({});
	},
);
