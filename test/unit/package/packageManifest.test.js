// n8n's rules for community packages, and the codex rule the editor applies when it lists nodes.
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const pkg = require(path.join(root, 'package.json'));
const codex = require(path.join(root, 'nodes', 'SegmindWan', 'SegmindWan.node.json'));

describe('package.json follows n8n community package rules', () => {
	test('name, keyword, no runtime dependencies, n8n-workflow as a peer', () => {
		expect(pkg.name).toMatch(/^n8n-nodes-/);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	test('the n8n section names the built node and credential, and files ships them', () => {
		expect(pkg.n8n.nodes).toEqual(['dist/nodes/SegmindWan/SegmindWan.node.js']);
		expect(pkg.n8n.credentials).toEqual(['dist/credentials/SegmindApi.credentials.js']);
		expect(pkg.files).toContain('dist');
	});
});

describe('codex', () => {
	test('names the node type as n8n loads it from this package', () => {
		expect(codex.node).toBe(`${pkg.name}.segmindWan`);
	});

	test('an "AI" node is also a "Root Nodes" one, else the editor hides it from the node panel search', () => {
		// n8n's node creator (filterOutAiNodes) drops AI-category nodes without this
		// subcategory from the regular panel; its own OpenAI/Gemini/Alibaba nodes carry it.
		expect(codex.categories).toContain('AI');
		expect(codex.subcategories.AI).toContain('Root Nodes');
	});
});
