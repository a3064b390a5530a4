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

// n8n 2.x lets nodes read and write files only under ~/.n8n-files (its N8N_RESTRICT_FILE_ACCESS_TO
// default, @n8n/config's SecurityConfig), so an example that saves elsewhere fails as shipped.
it.each(examples)('%s writes files only under .n8n-files', (_file, workflow) => {
	const writes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.readWriteFile');
	for (const node of writes) expect(node.parameters.fileName).toMatch(/\/\.n8n-files\//);
});
