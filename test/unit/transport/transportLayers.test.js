// transport/ is a one-way pipeline: jobs/ -> media/ -> client/ -> http/; no import points up, none
// goes round in a circle.
const fs = require('node:fs');
const path = require('node:path');

const transport = path.resolve(__dirname, '../../../nodes/SegmindWan/transport');
/** Lower layers first; every file sits in one of these folders. */
const LAYERS = ['http', 'client', 'media', 'jobs'];

function layerOf(file) {
	const top = path.relative(transport, file).split(path.sep);
	return top.length === 1 ? -1 : LAYERS.indexOf(top[0]);
}

function sourcesUnder(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourcesUnder(file);
		return file.endsWith('.ts') ? [file] : [];
	});
}

/** The transport/ files a file imports (relative imports only; others are n8n-workflow or videoFacts/mp4). */
function importsOf(file) {
	const source = fs.readFileSync(file, 'utf8');
	return [...source.matchAll(/from '(\.[^']+)'/g)]
		.map((match) => `${path.resolve(path.dirname(file), match[1])}.ts`)
		.filter((target) => target.startsWith(transport + path.sep));
}

const files = sourcesUnder(transport);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const name = (file) => path.relative(transport, file);

test('every file sits in a known layer', () => {
	expect(files.filter((file) => layerOf(file) < 0).map(name)).toEqual([]);
});

test('imports only point down or sideways', () => {
	const upward = [];
	for (const [file, targets] of graph) {
		for (const target of targets)
			if (layerOf(target) > layerOf(file)) upward.push(`${name(file)} -> ${name(target)}`);
	}
	expect(upward).toEqual([]);
});

test('no import circle', () => {
	const circles = [];
	const state = new Map();
	const visit = (file, trail) => {
		state.set(file, 'open');
		for (const target of graph.get(file) ?? []) {
			if (state.get(target) === 'open')
				circles.push([...trail.slice(trail.indexOf(target)), target].map(name).join(' -> '));
			else if (!state.has(target)) visit(target, [...trail, target]);
		}
		state.set(file, 'done');
	};
	for (const file of files) if (!state.has(file)) visit(file, [file]);
	expect(circles).toEqual([]);
});
