#!/usr/bin/env node
// `npm run test:e2e`: installs what the end-to-end suites need (Node 24, n8n 2.41.1, Chromium;
// Node 22 and n8n 1.123.81 for the 1.x run; cached under ~/.cache), builds once, then runs each
// suite as its own process, one after the other (they start real n8n instances; two cores).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

/**
 * Each suite prints PASS/FAIL lines and exits non-zero on a failure.
 * The browser probe (a throwaway package in the editor) is covered by the
 * Segmind Wan editor suite and runs only with E2E_ALL=1 (saves ~1 min).
 */
const ALL = process.env.E2E_ALL === '1' || process.argv.includes('--all');
const SUITES = [
	['probe: community-package install path and zod from n8n', ['test/e2e/probe.e2e.mjs']],
	[
		'Segmind Wan in n8n CLI: all models, both modes, binary input, Submit/Get Result; filesystem and database binary modes',
		['test/e2e/segmind.e2e.mjs'],
	],
	[
		'Segmind Wan in n8n 1.x CLI (1.123.81, Node 22): the same; filesystem and in-memory binary modes',
		['test/e2e/segmind.e2e.mjs', '--n8n1'],
	],
	['queue mode: Redis, main and worker', ['test/e2e/queue.e2e.mjs']],
	['budget guard: Max Cost per Run with 5 items, Check Credits First', ['test/e2e/budget.e2e.mjs']],
	[
		'long jobs across restarts: n8n and queue workers killed (SIGKILL) or stopped (SIGTERM) mid-job; n8n 1.x queue re-run',
		['test/e2e/restart.e2e.mjs'],
	],
	[
		'never pay twice: Retry On Fail, Retry execution, an execution timeout, Reuse an Identical Job',
		['test/e2e/paidOnce.e2e.mjs'],
	],
	[
		'recovering a paid job n8n cancelled (execution timeout): Find Jobs → Get Result',
		['test/e2e/recover.e2e.mjs'],
	],
	[
		'long jobs under an execution cap: Submit → Data Table, Schedule Trigger → Get Result',
		['test/e2e/dataTable.e2e.mjs'],
	],
	['editor in Chromium: probe package', ['test/e2e/browser.e2e.mjs'], { optional: true }],
	['editor in Chromium: the Segmind Wan node', ['test/e2e/editor.e2e.mjs']],
	['AI Agent in n8n: Segmind Wan as a tool', ['test/e2e/agent.e2e.mjs']],
	[
		"chains: n8n's YouTube, Google Drive, AWS S3, Telegram and HTTP Request nodes upload the MP4 (local fakes); the examples run whole",
		['test/e2e/chains.e2e.mjs'],
	],
	['npm run demo -- --smoke', ['scripts/demo.mjs', '--smoke']],
	['npm run demo: Ctrl-C stops everything', ['test/e2e/demoInterrupt.e2e.mjs']],
]
	.filter(([, , opts]) => ALL || !opts?.optional)
	.filter(([, [file]]) => existsSync(path.join(root, file)));

function run(command, args, env = {}) {
	const started = Date.now();
	const result = spawnSync(command, args, {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, ...env },
	});
	return { ok: result.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

const t0 = Date.now();
const setup = run('bash', ['scripts/e2e/install-n8n.sh', '--with-chromium', '--with-n8n1']);
if (!setup.ok) {
	console.log('e2e setup failed: could not install Node 24 / n8n / Chromium / Node 22 + n8n 1.x');
	process.exit(1);
}
const build = run('npm', ['run', 'build']);
if (!build.ok) process.exit(1);

const outcomes = SUITES.map(([title, args]) => {
	console.log(`\n=== ${title}`);
	// The build just ran; each suite packs the same dist/.
	// SEGMIND_API_KEY emptied: the demo smoke must use the simulator (nothing leaves 127.0.0.1).
	const outcome = run(process.execPath, args, { SEGMIND_E2E_SKIP_BUILD: '1', SEGMIND_API_KEY: '' });
	console.log(`=== ${outcome.ok ? 'PASS' : 'FAIL'} ${title} (${outcome.seconds} s)`);
	return outcome.ok;
});

const passed = outcomes.filter(Boolean).length;
console.log(
	`\ne2e suites: ${passed} passed, ${outcomes.length - passed} failed (${((Date.now() - t0) / 1000).toFixed(0)} s in all)`,
);
// CI adds these to its closing line.
if (process.env.E2E_JSON)
	writeFileSync(process.env.E2E_JSON, JSON.stringify({ passed, failed: outcomes.length - passed }));
process.exit(passed === outcomes.length ? 0 : 1);
