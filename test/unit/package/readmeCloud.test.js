// Keeps the README's "which models fit a workflow timeout" table true to the model declarations
// and the node's own rule (typical time + finishMarginMs ≤ timeout). JS: it reads a file with node:fs.
const fs = require('node:fs');
const path = require('node:path');

const { MODELS } = require('../../../nodes/SegmindWan/models');
const { finishMarginMs } = require('../../../nodes/SegmindWan/actions/runDeadline');

const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');
const start = readme.indexOf('### Execution caps: what Generate Video sees');
const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
const header = section.split('\n').find((line) => line.startsWith('| Model | Typical time |'));
const caps = header
	.split('|')
	.slice(4, -1)
	.map((cell) => Number(/^ (\d+) s $/.exec(cell)[1]));

/** The node's rule: the typical time and the download margin fit in the timeout. */
const fits = (typicalSeconds, timeoutSeconds) =>
	typicalSeconds * 1000 + finishMarginMs({ timeoutSeconds, at: 0, startKnown: true }) <=
	timeoutSeconds * 1000;

function shortestFit(typicalSeconds) {
	let timeout = Math.ceil(typicalSeconds);
	while (!fits(typicalSeconds, timeout)) timeout++;
	return timeout;
}

it('has the table, with timeouts as columns', () => {
	expect(start).toBeGreaterThan(0);
	expect(caps.length).toBeGreaterThanOrEqual(3);
});

it('lists every declared model once, and nothing else', () => {
	const rows = section.split('\n').filter((line) => /^\| `[^`]+` \|/.test(line));
	expect(rows.map((row) => /^\| `([^`]+)`/.exec(row)[1]).sort()).toEqual(
		MODELS.map((model) => model.slug).sort(),
	);
});

it.each(MODELS.map((model) => [model.slug, model]))(
	'%s: typical time, shortest timeout and each column as the node decides',
	(slug, model) => {
		const row = section.split('\n').find((line) => line.startsWith(`| \`${slug}\` |`));
		const cells = row
			.split('|')
			.slice(2, -1)
			.map((cell) => cell.trim());
		expect(cells[0]).toMatch(new RegExp(`^${Math.round(model.typicalSeconds)} s\\b`));
		expect(cells[1]).toBe(`${shortestFit(model.typicalSeconds)} s`);
		expect(cells.slice(2)).toEqual(
			caps.map((cap) => (fits(model.typicalSeconds, cap) ? '✓' : '✗')),
		);
	},
);
