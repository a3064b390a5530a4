// What the parts of one e2e suite share: one reporter for the whole process (each suite runs as
// its own process, see runAll.mjs), and small helpers for a check's name and a failure's detail.
import { createReporter } from '../../scripts/e2e/reporter.mjs';

export const R = createReporter();
export const check = R.check;

/** The end of a long output. */
export const tail = (s, n = 3000) => (s.length > n ? `…${s.slice(-n)}` : s);

/** Seconds since `t`, e.g. "12.3 s". */
export const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/** A process's whole log (stdout + stderr: n8n logs to stdout). */
export const logOf = (proc) => {
	const o = proc.output();
	return `${o.stdout}\n${o.stderr}`;
};
