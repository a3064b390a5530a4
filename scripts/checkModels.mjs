// `npm run check:models`: the drift alarm. Reads each declared model's machine-readable spec
// (https://www.segmind.com/models/{slug}/llms.txt) and lists what differs from our declaration:
// new, removed or renamed fields, options, ranges, defaults; a retired model (410) or an
// unknown slug (404). Runs by hand and weekly in .github/workflows/model-drift.yml; never inside
// n8n. Needs `npm run build` first (it reads the declarations from dist/).
// SEGMIND_LLMS_BASE points it elsewhere (the tests use a local server).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parseLlmsTxt, compareDeclaration } = require('./modelDrift/llmsTxt.js');

const BASE = process.env.SEGMIND_LLMS_BASE || 'https://www.segmind.com/models';
const TIMEOUT_MS = 30_000;

const models = path.join(root, 'dist/nodes/SegmindWan/models/index.js');
if (!existsSync(models)) {
	console.error('check:models reads the declarations from dist/: run `npm run build` first.');
	process.exit(2);
}
const { MODELS } = require(models);

/** One model: its findings, or the reason it could not be checked. */
async function check(model) {
	const url = `${BASE}/${model.slug}/llms.txt`;
	let response;
	try {
		response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
	} catch (error) {
		return { slug: model.slug, problem: `not reachable: ${error.message}` };
	}
	if (response.status === 410) return { slug: model.slug, problem: 'retired (410 Gone)' };
	if (response.status === 404) return { slug: model.slug, problem: 'unknown slug (404)' };
	if (!response.ok) return { slug: model.slug, problem: `HTTP ${response.status}` };
	const spec = parseLlmsTxt(await response.text());
	if (spec.fields.length === 0) return { slug: model.slug, problem: 'no Input Schema in the spec' };
	return { slug: model.slug, differences: compareDeclaration(model, spec) };
}

const results = [];
for (const model of MODELS) results.push(await check(model));

let drift = false;
for (const result of results) {
	if (result.problem) {
		drift = true;
		console.log(`✗ ${result.slug}: ${result.problem}`);
	} else if (result.differences.length > 0) {
		drift = true;
		console.log(`✗ ${result.slug}: ${result.differences.length} difference(s)`);
		for (const line of result.differences) console.log(`    - ${line}`);
	} else {
		console.log(`✓ ${result.slug}: matches its spec`);
	}
}
process.exit(drift ? 1 : 0);
