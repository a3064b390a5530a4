// Keeps the README's model tables true to the declarations (JS: it reads a file with node:fs).
const fs = require('node:fs');
const path = require('node:path');

const { MODELS } = require('../../../nodes/SegmindWan/models');
const {
	LATEST_VERSION,
	parameterName,
} = require('../../../nodes/SegmindWan/parameters/fieldNames');

const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

/** The README section of one model: from its heading to the next heading. */
function section(slug) {
	const start = readme.indexOf(`— \`${slug}\``);
	const end = readme.indexOf('\n#', start);
	return start < 0 ? '' : readme.slice(start, end);
}

describe.each(MODELS.map((model) => [model.slug, model]))('README table for %s', (slug, model) => {
	it('lists every field with its API name, n8n name, required flag and allowed values', () => {
		const text = section(slug);
		expect(text).not.toBe('');
		const rows = text.split('\n').filter((line) => line.startsWith('| `'));
		expect(rows).toHaveLength(model.fields.length);
		for (const field of model.fields) {
			const row = rows.find((line) => line.startsWith(`| \`${field.apiName}\` |`));
			expect(row).toContain(`| \`${parameterName(field, LATEST_VERSION)}\` |`);
			expect(row).toContain(`| ${field.required ? 'yes' : 'no'} |`);
			for (const value of field.options ?? []) expect(row).toContain(String(value));
			if (field.min !== undefined) expect(row).toContain(`${field.min}–${field.max}`);
		}
	});
});

it('states the two set-up commands', () => {
	expect(readme).toContain('npm ci && npm test');
	expect(readme).toContain('npm ci && npm run demo');
});

it('states the naming rule with every renamed parameter, and what an empty field means', () => {
	for (const model of MODELS) {
		for (const field of model.fields) {
			if (field.parameterName) expect(readme).toContain(`\`${field.parameterName}\``);
		}
	}
	expect(readme).toContain('left out of the request, so Segmind applies');
	expect(readme).toContain('A new node starts on **Wan 2.2\nFlash**');
});
