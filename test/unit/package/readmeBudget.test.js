// Keeps the README's "Budget guard" section true to the model declarations and the node's options
// (JS: it reads a file with node:fs).
const fs = require('node:fs');
const path = require('node:path');

const { MODELS } = require('../../../nodes/SegmindWan/models');
const { nodeProperties } = require('../../../nodes/SegmindWan/description/nodeProperties');

const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
const start = readme.indexOf('### Budget guard');
const section = readme.slice(start, readme.indexOf('\n### ', start + 1));

it('has a Budget guard section', () => expect(start).toBeGreaterThan(0));

it.each(MODELS.map((model) => [model.slug, model]))(
	'the worst-case table states what %s declares',
	(slug, model) => {
		const row = section.split('\n').find((line) => line.startsWith(`| \`${slug}\` |`));
		expect(row).toBeDefined();
		const counted = row.split('|')[3];
		if (model.maxCostUsd === undefined) expect(counted).toContain('Assumed Cost per Video');
		else expect(counted.trim().startsWith(`$${model.maxCostUsd}`)).toBe(true);
	},
);

it('documents each budget option with its name, parameter and default', () => {
	const options = nodeProperties.find((property) => property.name === 'options').options;
	for (const name of ['maxCostUsd', 'checkCreditsFirst', 'assumedCostUsd']) {
		const option = options.find((candidate) => candidate.name === name);
		const row = section.split('\n').find((line) => line.includes(`(\`${name}\`)`));
		expect(row).toContain(`**${option.displayName}**`);
		const shown = option.default === true ? 'on' : String(option.default);
		expect(row.split('|')[2].trim()).toBe(shown);
	}
});
