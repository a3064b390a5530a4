'use strict';

/**
 * Reliability tallies. Each case of test/reliability/*.test.ts records what its runs did
 * (derived from the simulator and the harness, never assumed); the records go to one JSONL
 * file per test process in a directory shared by the whole jest run, and summaryReporter.js
 * prints the one summary line after the run. Plain JS (like the simulator) because it needs
 * node:fs, which the TypeScript tests may not import.
 */
const fs = require('node:fs');
const path = require('node:path');

const DIR_ENV = 'SEGMIND_RELIABILITY_TALLY_DIR';

/**
 * Set by the reporter before the workers start. Without it (jest run with other reporters)
 * nothing is recorded: nobody would print or clean up the tallies.
 */
function tallyDir() {
	const dir = process.env[DIR_ENV];
	if (dir) fs.mkdirSync(dir, { recursive: true });
	return dir;
}

function record(entry) {
	const dir = tallyDir();
	if (!dir) return;
	fs.appendFileSync(path.join(dir, `tally-${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}

function readAll(dir) {
	if (!dir || !fs.existsSync(dir)) return [];
	const entries = [];
	for (const name of fs.readdirSync(dir)) {
		if (!name.endsWith('.jsonl')) continue;
		for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
			if (line.trim()) entries.push(JSON.parse(line));
		}
	}
	return entries;
}

function summarize(entries) {
	const sum = (key) => entries.reduce((total, entry) => total + (entry[key] || 0), 0);
	return {
		tried: entries.length,
		passed: entries.filter((entry) => entry.passed).length,
		duplicateSubmits: sum('duplicateSubmits'),
		keyLeaks: sum('keyLeaks'),
		hangs: sum('hangs'),
	};
}

function summaryLine(totals) {
	return `reliability: cases tried ${totals.tried}, passed ${totals.passed}, duplicate submits ${totals.duplicateSubmits}, key leaks ${totals.keyLeaks}, hangs ${totals.hangs}`;
}

module.exports = { DIR_ENV, record, readAll, summarize, summaryLine, tallyDir };
