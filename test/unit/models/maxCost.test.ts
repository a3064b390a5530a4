// The worst-case price the budget guard counts, declared once per model: never below what the
// model page states, and absent only where the page states no price.
import { MODELS } from '../../../nodes/SegmindWan/models';
import { loadSeedPages } from '../../seeds/seedPages';

const pages = loadSeedPages();

/** `$0.625 - $2.81` → 2.81 (the page's top price). */
const topPrice = (price: string) =>
	Math.max(...[...price.matchAll(/\$([\d.]+)/g)].map((m) => Number(m[1])));

describe.each(MODELS.map((model) => [model.slug, model] as const))('%s', (slug, model) => {
	const page = pages.find((candidate) => candidate.slug === slug);

	it('declares maxCostUsd exactly when its page states a price, never below the top price', () => {
		const price = page?.price ?? model.price;
		if (!price) {
			expect(model.maxCostUsd).toBeUndefined();
			return;
		}
		expect(model.maxCostUsd).toBeGreaterThanOrEqual(topPrice(price));
	});
});

it('Wan 2.7 (both) counts its page range at the longest duration: $0.938 for 5 s → $2.814 for 15 s', () => {
	for (const slug of ['wan2.7-i2v', 'wan2.7-r2v']) {
		const model = MODELS.find((candidate) => candidate.slug === slug)!;
		const duration = model.fields.find((field) => field.apiName === 'duration');
		expect(duration).toMatchObject({ default: 5, max: 15 });
		expect(model.maxCostUsd).toBeCloseTo((topPrice(model.price!) / 5) * 15, 6);
	}
});

it('Wan 2.1 states no price, so the guard needs an assumed one', () => {
	expect(MODELS.find((model) => model.slug === 'wan2.1-i2v-720p')!.maxCostUsd).toBeUndefined();
});
