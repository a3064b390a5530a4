// Every example workflow carries its own id: the demo and the editor suite import them all at once
// with `n8n import:workflow --separate`, where a missing or shared id silently drops a workflow
// (JS: it lists a folder with node:fs).
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '../../../examples');
const examples = fs
	.readdirSync(dir)
	.filter((file) => file.endsWith('.json'))
	.map((file) => [file, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'))]);

it('finds the example workflows', () => expect(examples.length).toBeGreaterThan(0));

it.each(examples)('%s has a non-empty id and name', (_file, workflow) => {
	expect(typeof workflow.id).toBe('string');
	expect(workflow.id.length).toBeGreaterThan(0);
	expect(typeof workflow.name).toBe('string');
});

it('no two examples share an id', () => {
	const ids = examples.map(([, workflow]) => workflow.id);
	expect(new Set(ids).size).toBe(ids.length);
});
