// Keeps the README's "Fits this platform" table equal to the declared limits (JS: it reads a
// file with node:fs). The table is the code's PLATFORM_LIMITS, row for row, in order.
const fs = require('node:fs');
const path = require('node:path');

const {
	PLATFORM_LIMITS,
	PLATFORM_NAMES,
} = require('../../../nodes/SegmindWan/videoFacts/platformLimits');

const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

function section() {
	const start = readme.indexOf('### Fits this platform');
	const end = readme.indexOf('\n## ', start);
	return start < 0 ? '' : readme.slice(start, end);
}

/** 1/3 as `1/3`, whole numbers as they are. */
function number(value) {
	if (Number.isInteger(value)) return String(value);
	const thirds = value * 3;
	return Math.abs(thirds - Math.round(thirds)) < 1e-9 ? `${Math.round(thirds)}/3` : String(value);
}

function checked(rule) {
	if (rule.fact === null) return `not judged: ${rule.unclear}`;
	if (rule.fact === 'videoCodec') return `\`videoCodec\` one of ${rule.oneOf.join(', ')}`;
	const fact = rule.fact === 'aspectRatio' ? 'width / height' : `\`${rule.fact}\``;
	if (rule.min !== undefined && rule.max !== undefined)
		return `${number(rule.min)} ≤ ${fact} ≤ ${number(rule.max)}`;
	return rule.max !== undefined ? `${fact} ≤ ${number(rule.max)}` : `${fact} ≥ ${number(rule.min)}`;
}

function row(limit) {
	return `| ${PLATFORM_NAMES[limit.platform]} | ${limit.published} | ${checked(limit.rule)} | <${limit.source}> (${limit.read}) |`;
}

it('lists every declared limit, with its source and the date it was read, in order', () => {
	const rows = section()
		.split('\n')
		.filter((line) => line.startsWith('| ') && !line.startsWith('| Platform |'));
	expect(rows).toEqual(PLATFORM_LIMITS.map(row));
});

it('describes the item shape with every platform key', () => {
	const text = section();
	for (const key of Object.keys(PLATFORM_NAMES)) expect(text).toContain(`\`${key}\``);
	expect(text).toContain('`fits`');
	expect(text).toContain('`why`');
	expect(readme).toContain('"platforms": {');
});
