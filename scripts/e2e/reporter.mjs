// PASS/FAIL reporting of the e2e suites (one line a check, a summary, the exit code).
import { assertPortsFree, stopAll } from './processes.mjs';

/** PASS/FAIL bookkeeping shared by the e2e files. */
export function createReporter() {
	const r = {
		passed: 0,
		failed: 0,
		check(name, ok, detail) {
			if (ok) {
				r.passed++;
				console.log(`PASS ${name}`);
			} else {
				r.failed++;
				const d =
					detail === undefined
						? ''
						: `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
				console.log(`FAIL ${name}${d.length > 4000 ? `${d.slice(0, 4000)}…` : d}`);
			}
			return !!ok;
		},
		/** The processes a suite started are gone: their ports are free again. */
		async portsFree(ports, label = 'no process left, ports free', options) {
			await assertPortsFree(ports, options).then(
				() => r.check(label, true),
				(e) => r.check(label, false, e.message),
			);
		},
		summary() {
			console.log(`${r.passed} passed, ${r.failed} failed`);
			return r.failed === 0 && r.passed > 0 ? 0 : 1;
		},
	};
	return r;
}

/**
 * Runs a suite's main(): a crash counts as a failure and stops every process it started.
 * Sets the exit code from the reporter (non-zero on any failure or when nothing was checked).
 */
export async function runSuite(name, reporter, main) {
	const t0 = Date.now();
	try {
		await main();
	} catch (error) {
		reporter.check(`${name} run`, false, error.stack ?? String(error));
		await stopAll();
	}
	console.log(`${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	process.exitCode = reporter.summary();
}
