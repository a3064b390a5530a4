// 2. Polling: status calls and added delay (job completed → node noticed) for our schedule
// (pollTimes from the compiled pollSchedule.ts) vs the Segmind SDK's fixed 1 s and 2 s
// intervals; then a scaled-down REAL run that counts the status requests the simulator got.
import {
	API_KEY,
	BENCH_SLUG,
	loadModels,
	loadPollSchedule,
	median,
	runChild,
	sec,
	table,
	verdict,
} from './lib/common.mjs';
import { nodeParameters } from './memory.mjs';

export const FACTORS = [0.5, 0.8, 1.0, 1.3, 2.0];
/** The real run's ratios: 0.8 would put a check exactly on the completion (the dense window's start). */
const REAL_FACTORS = [0.5, 0.85, 1.0, 1.3, 2.0];
const CALL_RATIO_TARGET = 1 / 5;
const DELAY_TARGET_MS = 2000;
/** Issue 13's bound: a job ending at 0.3×–3× its typical time is noticed within max(3 s, 5 %). */
const BOUND_FLOOR_MS = 3000;
const BOUND_FRACTION = 0.05;
const SWEEP_FROM = 0.3;
const SWEEP_TO = 3.0;
const boundMs = (actualMs) => Math.max(BOUND_FLOOR_MS, BOUND_FRACTION * actualMs);

/** Our schedule: the status calls up to and including the first one at/after `actualMs`. */
function ours(pollTimes, typicalMs, actualMs) {
	const times = pollTimes(typicalMs, actualMs);
	return { calls: times.length, delayMs: times[times.length - 1] - actualMs, times };
}

/**
 * The SDK: sleep `interval`, check, repeat (request time ignored, which flatters the SDK).
 * Checks at k·interval; the first one at/after the completion sees COMPLETED.
 */
function fixed(intervalMs, actualMs) {
	const calls = Math.max(1, Math.ceil(actualMs / intervalMs));
	return { calls, delayMs: calls * intervalMs - actualMs };
}

function simulate(pollTimes, cases) {
	return cases.map((c) => ({
		...c,
		ours: ours(pollTimes, c.typicalMs, c.actualMs),
		sdk1: fixed(1000, c.actualMs),
		sdk2: fixed(2000, c.actualMs),
	}));
}

function summary(rows) {
	const sum = (pick) => rows.reduce((total, row) => total + pick(row), 0);
	return {
		calls: {
			ours: sum((r) => r.ours.calls),
			sdk1: sum((r) => r.sdk1.calls),
			sdk2: sum((r) => r.sdk2.calls),
		},
		medianDelay: {
			ours: median(rows.map((r) => r.ours.delayMs)),
			sdk1: median(rows.map((r) => r.sdk1.delayMs)),
			sdk2: median(rows.map((r) => r.sdk2.delayMs)),
		},
		meanDelay: {
			ours: sum((r) => r.ours.delayMs) / rows.length,
			sdk1: sum((r) => r.sdk1.delayMs) / rows.length,
			sdk2: sum((r) => r.sdk2.delayMs) / rows.length,
		},
		maxDelay: { ours: Math.max(...rows.map((r) => r.ours.delayMs)) },
		maxRatio: Math.max(...rows.map((r) => r.ours.calls / r.sdk1.calls)),
	};
}

function printRows(rows) {
	table([
		[
			'model',
			'typical',
			'actual',
			'ours calls',
			'SDK 1 s',
			'SDK 2 s',
			'ours/1 s',
			'ours delay',
			'1 s delay',
			'2 s delay',
		],
		...rows.map((r) => [
			r.slug,
			`${sec(r.typicalMs)} s`,
			`${sec(r.actualMs)} s (×${r.factor})`,
			r.ours.calls,
			r.sdk1.calls,
			r.sdk2.calls,
			(r.ours.calls / r.sdk1.calls).toFixed(3),
			`${sec(r.ours.delayMs)} s`,
			`${sec(r.sdk1.delayMs)} s`,
			`${sec(r.sdk2.delayMs)} s`,
		]),
	]);
}

function printSummary(label, s) {
	console.log(
		`  ${label}: status calls ours ${s.calls.ours} vs SDK 1 s ${s.calls.sdk1} (ratio ${(s.calls.ours / s.calls.sdk1).toFixed(3)}, worst case ${s.maxRatio.toFixed(3)})` +
			` vs SDK 2 s ${s.calls.sdk2} (ratio ${(s.calls.ours / s.calls.sdk2).toFixed(3)});` +
			` added delay median ours ${sec(s.medianDelay.ours)} s / 1 s ${sec(s.medianDelay.sdk1)} s / 2 s ${sec(s.medianDelay.sdk2)} s,` +
			` mean ours ${sec(s.meanDelay.ours)} s / 1 s ${sec(s.meanDelay.sdk1)} s / 2 s ${sec(s.meanDelay.sdk2)} s, worst ours ${sec(s.maxDelay.ours)} s`,
	);
}

/** The schedule in a real run: 5 items at once, one per ratio actual/typical, same generation time. */
async function realRun({ sim, pollTimes }) {
	const generationMs = 12_000;
	const typicals = REAL_FACTORS.map(
		(factor) => Math.round((generationMs / factor / 1000) * 100) / 100,
	);
	sim.reset();
	sim.configure({ generationMs, queueMs: 200 });
	const started = Date.now();
	const result = await runChild({
		kind: 'node',
		apiKey: API_KEY,
		apiUrl: sim.apiUrl,
		uploadUrl: sim.uploadUrl,
		parameters: {
			...nodeParameters('={{ $json.typical }}'),
			options: { concurrency: REAL_FACTORS.length },
		},
		items: typicals.map((typical) => ({ json: { typical } })),
		expectBytes: sim.video.length,
	});
	const rows = result.items.map((item, index) => {
		const job = sim.jobs.get(item.requestId);
		const statuses = sim.requests.filter(
			(r) => r.route === 'status' && r.path.includes(item.requestId),
		);
		// The node counts from just before its submit; the simulator from accepting it (≈ same ms).
		const actualMs = job.doneAt - job.submittedAt;
		const predicted = ours(pollTimes, typicals[index] * 1000, actualMs);
		const observedOffsets = statuses.map((r) => r.at - job.submittedAt);
		const drift = observedOffsets.map((offset, i) => offset - (predicted.times[i] ?? NaN));
		const margin = Math.min(...predicted.times.map((t) => Math.abs(t - actualMs)));
		return {
			typical: typicals[index],
			factor: REAL_FACTORS[index],
			predicted: predicted.calls,
			counted: statuses.length,
			nodeReported: item.statusChecks,
			predictedDelayMs: predicted.delayMs,
			observedDelayMs: statuses.length ? statuses[statuses.length - 1].at - job.doneAt : NaN,
			maxDriftMs: Math.max(...drift.map(Math.abs)),
			marginMs: margin,
		};
	});
	const wallMs = Date.now() - started;
	sim.reset();
	console.log(
		`\n  Scaled-down real run: generation ${sec(generationMs)} s, 5 items at once with typical times chosen so actual/typical = ${REAL_FACTORS.join(', ')} (wall ${sec(wallMs)} s)`,
	);
	table([
		[
			'typical',
			'actual/typical',
			'predicted calls',
			'simulator counted',
			'node reported',
			'predicted delay',
			'observed delay',
			'max timing drift',
			'nearest check to completion',
		],
		...rows.map((r) => [
			`${r.typical} s`,
			r.factor,
			r.predicted,
			r.counted,
			r.nodeReported,
			`${sec(r.predictedDelayMs)} s`,
			`${sec(r.observedDelayMs)} s`,
			`${r.maxDriftMs} ms`,
			`${r.marginMs} ms`,
		]),
	]);
	const agree = rows.every((r) => r.predicted === r.counted && r.counted === r.nodeReported);
	console.log(
		`  pollTimes prediction ${agree ? 'MATCHES' : 'DOES NOT MATCH'} the status requests the simulator received`,
	);
	return { rows, agree };
}

export async function runPolling({ sim }) {
	console.log(
		'\n## 2. Polling: status calls and added delay (job done → node notices), ours vs SDK fixed 1 s / 2 s',
	);
	const { pollTimes } = loadPollSchedule();
	const models = loadModels();
	const atTypical = simulate(
		pollTimes,
		models.map((m) => ({
			slug: m.slug,
			factor: 1,
			typicalMs: m.typicalSeconds * 1000,
			actualMs: m.typicalSeconds * 1000,
		})),
	);
	console.log("  Generation time = the model page's typical time:");
	printRows(atTypical);
	const jittered = simulate(
		pollTimes,
		models.flatMap((m) =>
			FACTORS.map((factor) => ({
				slug: m.slug,
				factor,
				typicalMs: m.typicalSeconds * 1000,
				actualMs: m.typicalSeconds * 1000 * factor,
			})),
		),
	);
	console.log(`\n  Jittered: actual = typical × {${FACTORS.join(', ')}}:`);
	printRows(jittered.filter((r) => r.factor !== 1));
	// A dense sweep (×0.30 … ×3.00 in 0.001 steps): the bound must hold for every actual time.
	const sweep = simulate(
		pollTimes,
		models.flatMap((m) =>
			Array.from(
				{ length: Math.round((SWEEP_TO - SWEEP_FROM) * 1000) + 1 },
				(_, i) => SWEEP_FROM + i / 1000,
			).map((factor) => ({
				slug: m.slug,
				factor,
				typicalMs: m.typicalSeconds * 1000,
				actualMs: m.typicalSeconds * 1000 * factor,
			})),
		),
	);
	// "At the typical time" as a band (×0.9 … ×1.1), so the median does not hinge on one phase.
	const nearTypical = sweep.filter((r) => r.factor >= 0.9 - 1e-9 && r.factor <= 1.1 + 1e-9);
	const sTypical = summary(atTypical);
	const sJitter = summary(jittered);
	const sSweep = summary(sweep);
	const sNear = summary(nearTypical);
	console.log('');
	printSummary('at typical (5 jobs)', sTypical);
	printSummary('jittered (25 jobs)', sJitter);
	printSummary(`near typical ×0.9…×1.1 (${nearTypical.length} jobs)`, sNear);
	printSummary(`sweep ×${SWEEP_FROM}…×${SWEEP_TO} (${sweep.length} jobs)`, sSweep);
	const excess = sweep.map((r) => ({ ...r, excessMs: r.ours.delayMs - boundMs(r.actualMs) }));
	const worst = excess.reduce((a, b) => (b.excessMs > a.excessMs ? b : a));
	const late = excess.filter((r) => r.excessMs > 0);
	console.log(
		`  bound max(3 s, 5 % of the actual time) over the sweep: ${late.length} of ${sweep.length} jobs later than it;` +
			` closest: ${worst.slug} ×${worst.factor.toFixed(3)} delay ${sec(worst.ours.delayMs)} s vs bound ${sec(boundMs(worst.actualMs))} s`,
	);
	const perModel = models.map((m) => {
		const rows = sweep.filter((r) => r.slug === m.slug);
		const near = nearTypical.filter((r) => r.slug === m.slug);
		const s = summary(rows);
		return {
			slug: m.slug,
			typicalSeconds: m.typicalSeconds,
			ratio: s.calls.ours / s.calls.sdk1,
			medianNearTypicalMs: median(near.map((r) => r.ours.delayMs)),
			maxDelayMs: s.maxDelay.ours,
			worstDelayShare: Math.max(...rows.map((r) => r.ours.delayMs / r.actualMs)),
		};
	});
	console.log('  per model over the sweep:');
	table([
		[
			'model',
			'typical',
			'ours/1 s calls',
			'median delay ×0.9…×1.1',
			'worst delay',
			'worst delay / actual',
		],
		...perModel.map((m) => [
			m.slug,
			`${m.typicalSeconds} s`,
			m.ratio.toFixed(3),
			`${sec(m.medianNearTypicalMs)} s`,
			`${sec(m.maxDelayMs)} s`,
			`${(m.worstDelayShare * 100).toFixed(1)} %`,
		]),
	]);
	const byFactor = FACTORS.map((factor) => {
		const rows = jittered.filter((r) => r.factor === factor);
		return {
			factor,
			ratio:
				rows.reduce((t, r) => t + r.ours.calls, 0) / rows.reduce((t, r) => t + r.sdk1.calls, 0),
			delay: median(rows.map((r) => r.ours.delayMs)),
		};
	});
	console.log(
		`  per factor (ours/1 s calls, median delay): ${byFactor.map((f) => `×${f.factor}: ${f.ratio.toFixed(3)}, ${sec(f.delay)} s`).join('; ')}`,
	);

	const real = await realRun({ sim, pollTimes });

	const verdicts = [];
	verdicts.push(
		verdict(
			`every actual time ×${SWEEP_FROM}…×${SWEEP_TO}: added delay ≤ max(3 s, 5 % of it)`,
			late.length === 0,
			late.length === 0
				? `worst margin ${sec(-worst.excessMs)} s (${worst.slug} ×${worst.factor.toFixed(3)})`
				: `${late.length} jobs late, worst by ${sec(worst.excessMs)} s (${worst.slug} ×${worst.factor.toFixed(3)})`,
		),
	);
	const nearOk = sNear.medianDelay.ours <= DELAY_TARGET_MS;
	verdicts.push(
		verdict(
			'at the typical times (×0.9…×1.1): median added delay ≤ 2 s',
			nearOk,
			`median ${sec(sNear.medianDelay.ours)} s (5 jobs exactly at typical: ${sec(sTypical.medianDelay.ours)} s)`,
		),
	);
	const sweepRatio = sSweep.calls.ours / sSweep.calls.sdk1;
	verdicts.push(
		verdict(
			`status calls over the sweep ≤ 1/5 of the 1 s SDK's`,
			sweepRatio <= CALL_RATIO_TARGET,
			`${sweepRatio.toFixed(3)} of the SDK's (${sSweep.calls.ours} vs ${sSweep.calls.sdk1}); per model ${perModel.map((m) => `${m.slug} ${m.ratio.toFixed(3)}`).join(', ')}`,
		),
	);
	verdicts.push(
		verdict(
			'real run matches pollTimes',
			real.agree,
			real.agree ? 'status requests counted = predicted for all 5 jobs' : 'see table',
		),
	);
	return {
		atTypical: sTypical,
		jittered: sJitter,
		nearTypical: sNear,
		sweep: sSweep,
		perModel,
		lateJobs: late.length,
		byFactor,
		real,
		verdicts,
	};
}
