// What the shipped code takes from n8n-workflow at run time decides which n8n versions can load
// it. Each of these exists in n8n 1.123.81 (the oldest supported, see README "Compatibility"); a
// new one must be checked there (n8n <= 1.82, for example, has no NodeConnectionTypes).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const RUNTIME_IMPORTS = ['NodeApiError', 'NodeConnectionTypes', 'NodeOperationError', 'sleep'];

function sourcesUnder(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourcesUnder(file);
		return file.endsWith('.ts') ? [file] : [];
	});
}

/** Value (not `import type`) names imported from n8n-workflow. */
function runtimeNames(source) {
	const names = [];
	for (const match of source.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*'n8n-workflow'/g)) {
		if (match[1]) continue;
		for (const part of match[2]
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean)) {
			if (!part.startsWith('type ')) names.push(part.split(/\s+as\s+/)[0]);
		}
	}
	return names;
}

test('finds value imports and skips type imports', () => {
	expect(
		runtimeNames(
			"import type { A } from 'n8n-workflow';\nimport { B, type C } from 'n8n-workflow';",
		),
	).toEqual(['B']);
});

test('nodes/ and credentials/ use only the n8n-workflow exports checked on n8n 1.123.81', () => {
	const used = new Set(
		['nodes', 'credentials']
			.flatMap((dir) => sourcesUnder(path.join(root, dir)))
			.flatMap((file) => runtimeNames(fs.readFileSync(file, 'utf8'))),
	);
	expect([...used].sort()).toEqual(RUNTIME_IMPORTS);
});
