// n8n's verification scanner lints with inline configuration off: an eslint-disable comment in
// shipped code hides a finding from `n8n-node lint` but not from the scan. So there are none.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

function filesUnder(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(file) : [file];
	});
}

test('nodes/ and credentials/ carry no eslint-disable comment', () => {
	const shipped = ['nodes', 'credentials'].flatMap((dir) => filesUnder(path.join(root, dir)));
	expect(shipped.filter((file) => file.endsWith('.ts')).length).toBeGreaterThan(5);
	const silenced = shipped.filter((file) => /eslint-disable/.test(fs.readFileSync(file, 'utf8')));
	expect(silenced.map((file) => path.relative(root, file))).toEqual([]);
});
