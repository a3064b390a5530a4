'use strict';

/**
 * Jest reporter: after the run, prints the one reliability summary line from the tallies
 * the reliability suites recorded (see tally.js). Prints nothing when none of them ran.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { DIR_ENV, readAll, summarize, summaryLine } = require('./tally');

class ReliabilitySummaryReporter {
	constructor() {
		// Workers are started after the reporters, so they inherit this directory.
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segmind-reliability-'));
		process.env[DIR_ENV] = this.dir;
	}

	onRunComplete() {
		try {
			const entries = readAll(this.dir);
			if (entries.length > 0) process.stdout.write(`\n${summaryLine(summarize(entries))}\n`);
		} finally {
			fs.rmSync(this.dir, { recursive: true, force: true });
		}
	}
}

module.exports = ReliabilitySummaryReporter;
