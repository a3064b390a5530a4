import { MODELS } from '../../../nodes/SegmindWan/models';
import type { ModelField } from '../../../nodes/SegmindWan/models/types';
import { loadSeedPages } from '../../seeds/seedPages';
import type { SeedParameter } from '../../seeds/seedPages';

const pages = loadSeedPages();

const SEED_TYPES: Record<ModelField['type'], string> = {
	string: 'string',
	uri: 'string (uri)',
	integer: 'integer',
	number: 'number',
	boolean: 'boolean',
};

/** Allowed values as the page prints them: strings quoted and run together, numbers run together. */
function printedAllowed(field: ModelField): string | undefined {
	if (field.type === 'string' && field.options)
		return field.options.map((value) => `"${value}"`).join('');
	if (field.type === 'integer' && field.options) return field.options.join('');
	return undefined;
}

/** A range only stated in prose, e.g. "(2–15)" or "(2-15)". */
function proseRange(seed: SeedParameter): { min: number; max: number } | undefined {
	const match = /\((\d+)\s*[–-]\s*(\d+)\)/.exec(seed.description);
	return match ? { min: Number(match[1]), max: Number(match[2]) } : undefined;
}

it('has a declaration for each seed page; every other one names its sources', () => {
	expect(pages).toHaveLength(5);
	const seeded = pages.map((page) => page.slug);
	expect(MODELS.map((model) => model.slug)).toEqual(expect.arrayContaining(seeded));
	for (const model of MODELS.filter((candidate) => !seeded.includes(candidate.slug))) {
		expect(model.sources?.length).toBeGreaterThan(0);
		for (const source of model.sources!) expect(source.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	}
});

describe.each(pages.map((page) => [page.slug, page] as const))('%s', (slug, page) => {
	const model = MODELS.find((candidate) => candidate.slug === slug)!;

	it('declares exactly the parameters of its page', () => {
		expect(model.fields.map((field) => field.apiName).sort()).toEqual(
			page.parameters.map((parameter) => parameter.name).sort(),
		);
	});

	it('states the typical time and price of its page', () => {
		expect(model.typicalSeconds).toBe(page.typicalSeconds);
		expect(model.price).toBe(page.price);
	});

	describe.each(page.parameters.map((parameter) => [parameter.name, parameter] as const))(
		'%s',
		(name, seed) => {
			const field = model.fields.find((candidate) => candidate.apiName === name)!;

			it('has the page type, required flag and default', () => {
				expect(SEED_TYPES[field.type]).toBe(seed.type);
				expect(field.required).toBe(seed.required);
				expect(field.default).toEqual(seed.default ?? null);
			});

			it('allows exactly the values of the page', () => {
				expect(printedAllowed(field)).toBe(seed.allowedRaw);
			});

			it('has the range of the page', () => {
				const range = seed.range ?? proseRange(seed);
				const declared =
					field.type === 'integer' && field.min !== undefined
						? { min: field.min, max: field.max }
						: undefined;
				expect(declared).toEqual(range);
			});

			it('takes as many URLs as the page allows', () => {
				const limit = /up to (\d+)/i.exec(seed.description);
				expect(field.type === 'uri' ? field.maxItems : undefined).toBe(
					limit ? Number(limit[1]) : undefined,
				);
			});

			it('has a description of its own', () => {
				expect(field.description.length).toBeGreaterThan(10);
				expect(field.description).not.toBe(seed.description);
			});
		},
	);
});
