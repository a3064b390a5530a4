// The shipped code's layers point one way (README "Development"): the node uses actions/ (the
// run) and description/ (its fields); actions/ uses validation/, the parameter names, the model
// declarations and transport/; constants.ts sits below everything, the credential included. An
// import that goes up or sideways (description/ importing actions/, validation/ importing
// description/) fails here.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const nodeDir = path.join(root, 'nodes', 'SegmindWan');

/** Higher imports lower; the same rank never imports across (one module per rank name). */
const RANK = {
	constants: 0,
	videoFacts: 1,
	models: 1,
	parameters: 2,
	transport: 2,
	description: 3,
	validation: 3,
	actions: 4,
	'SegmindWan.node': 5,
	credentials: 5,
};

function sourcesUnder(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourcesUnder(file);
		return file.endsWith('.ts') ? [file] : [];
	});
}

/** `actions` for nodes/SegmindWan/actions/router.ts, `constants` for nodes/SegmindWan/constants.ts. */
function layerOf(file) {
	const inNode = path.relative(nodeDir, file);
	if (inNode.startsWith('..')) return path.relative(root, file).split(path.sep)[0];
	const [first, ...rest] = inNode.split(path.sep);
	return rest.length > 0 ? first : first.replace(/\.(ts|json)$/, '');
}

/** Every relative import between two layers, as `from -> to (file)`. */
function crossLayerImports() {
	const files = [...sourcesUnder(nodeDir), ...sourcesUnder(path.join(root, 'credentials'))];
	return files.flatMap((file) =>
		[...fs.readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)]
			.map((match) => ({
				from: layerOf(file),
				to: layerOf(path.resolve(path.dirname(file), match[1])),
				file,
			}))
			.filter(({ from, to }) => from !== to),
	);
}

it('knows every layer of the shipped code', () => {
	const layers = new Set(crossLayerImports().flatMap(({ from, to }) => [from, to]));
	expect([...layers].filter((layer) => !(layer in RANK))).toEqual([]);
});

it('imports only point down', () => {
	const wrong = crossLayerImports()
		.filter(({ from, to }) => !(RANK[from] > RANK[to]))
		.map(({ from, to, file }) => `${from} -> ${to} (${path.relative(root, file)})`);
	expect(wrong).toEqual([]);
});

it('finds the imports it checks', () => {
	const edges = new Set(crossLayerImports().map(({ from, to }) => `${from} -> ${to}`));
	expect(edges).toContain('actions -> transport');
	expect(edges).toContain('description -> parameters');
	expect(edges).toContain('credentials -> constants');
});
