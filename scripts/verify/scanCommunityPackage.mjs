#!/usr/bin/env node
// n8n's verification scan (@n8n/scan-community-package), run here the way n8n runs it on a
// published version: its own ESLint config with inline configuration OFF (an `eslint-disable`
// comment does not count), once on the source (package.json + nodes/ + credentials/, as the
// provenance-attested checkout) and once on what `npm pack` ships (compiled .js + package.json).
// Only the network legs (provenance lookup, registry and GitHub downloads) are left out: they
// need a published version. Needs a fresh `npm run build` (the tarball packs dist/).
//
// Run: node scripts/verify/scanCommunityPackage.mjs   (npm test runs it)
// Exit 1 on any violation, or when a leg found nothing to lint.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The scanner's tarball leg (analyzePackageByName in scanner.mjs). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

function packAndExtract(workDir) {
	const out = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', workDir],
		{
			cwd: root,
			encoding: 'utf8',
		},
	);
	const [info] = JSON.parse(out.slice(out.indexOf('[')));
	const packageDir = path.join(workDir, 'package');
	mkdirSync(packageDir);
	execFileSync('tar', [
		'-xzf',
		path.join(workDir, info.filename),
		'-C',
		packageDir,
		'--strip-components=1',
	]);
	return { packageDir, filename: info.filename, files: info.files.length };
}

async function leg(label, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	// "No files found" passes in the scanner; here it means the leg looked at the wrong place.
	const ok = result.passed && !result.message;
	console.log(
		`${ok ? 'PASS' : 'FAIL'} scanner analysis, ${label}${result.message ? `: ${result.message}` : ''}`,
	);
	if (result.details) console.log(result.details);
	return ok;
}

if (!existsSync(path.join(root, 'dist', 'nodes'))) {
	console.error('dist/ is missing: run `npm run build` first');
	process.exit(1);
}
const workDir = mkdtempSync(path.join(os.tmpdir(), 'segmind-scan-'));
let ok = false;
try {
	const source = await leg(
		'source (package.json, nodes/, credentials/)',
		root,
		SOURCE_FILE_PATTERNS,
	);
	const packed = packAndExtract(workDir);
	const tarball = await leg(
		`npm pack tarball (${packed.filename}, ${packed.files} files)`,
		packed.packageDir,
		TARBALL_FILE_PATTERNS,
	);
	ok = source && tarball;
} finally {
	rmSync(workDir, { recursive: true, force: true });
}
console.log(
	`@n8n/scan-community-package analysis: ${ok ? 'passed' : 'FAILED'} (inline eslint config ignored)`,
);
process.exit(ok ? 0 : 1);
