// n8n's verification scanner lints with inline configuration off: an eslint-disable comment in
// shipped code hides a finding from `n8n-node lint` but not from the scan. So there are none.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
/** ESLint inline configuration: `// eslint-disable…` and `/* eslint… *\/` comments. */
const INLINE_CONFIG = /\/\/\s*eslint-disable|\/\*\s*eslint[\s-]/;

function filesUnder(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(file) : [file];
	});
}

test('the pattern finds inline configuration', () => {
	expect(INLINE_CONFIG.test('\t// eslint-disable-next-line n8n-nodes-base/x')).toBe(true);
	expect(INLINE_CONFIG.test('/* eslint-disable no-console */')).toBe(true);
	expect(INLINE_CONFIG.test('/* eslint no-console: off */')).toBe(true);
	expect(INLINE_CONFIG.test("// n8n's scanner ignores eslint-disable comments")).toBe(false);
});

test('nodes/ and credentials/ carry no eslint inline configuration', () => {
	const shipped = ['nodes', 'credentials'].flatMap((dir) => filesUnder(path.join(root, dir)));
	expect(shipped.filter((file) => file.endsWith('.ts')).length).toBeGreaterThan(5);
	const silenced = shipped.filter((file) => INLINE_CONFIG.test(fs.readFileSync(file, 'utf8')));
	expect(silenced.map((file) => path.relative(root, file))).toEqual([]);
});
