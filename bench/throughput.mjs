// 3. Throughput: 20 items, each a 5 s job in the simulator, at concurrency 3 (default), 10
// and 20, against one-at-a-time (concurrency 1) measured in the same `npm run bench`.
import { API_KEY, loadPollSchedule, median, runChild, sec, table, verdict } from './lib/common.mjs';
import { nodeParameters } from './memory.mjs';

const ITEMS = 20;
const GENERATION_MS = 5000;
/** The typical time given to the node; 5 s, like the jobs, so the schedule is the one a 5 s model gets. */
const TYPICAL_SECONDS = 5;
const TARGET = 0.9;

async function wallTime(sim, concurrency) {
	sim.reset();
	sim.configure({ generationMs: GENERATION_MS, queueMs: 200 });
	const result = await runChild({
		kind: 'node',
		apiKey: API_KEY,
		apiUrl: sim.apiUrl,
		uploadUrl: sim.uploadUrl,
		parameters: { ...nodeParameters(TYPICAL_SECONDS), options: { concurrency } },
		items: Array.from({ length: ITEMS }, (_, index) => ({ json: { index } })),
		expectBytes: sim.video.length,
	});
	const out = {
		wallMs: result.endAt - result.startAt,
		maxJobs: sim.maxConcurrentJobs,
		perItemMs: median(result.items.map((item) => item.elapsedSeconds * 1000)),
		statusChecks: result.items.reduce((total, item) => total + item.statusChecks, 0),
	};
	sim.reset();
	return out;
}

export async function runThroughput({ sim, runs, levels = [3, 10, 20] }) {
	console.log(
		`\n## 3. Throughput: ${ITEMS} items, ${sec(GENERATION_MS)} s jobs, wall time of the node's execute() vs concurrency 1`,
	);
	const { pollTimes } = loadPollSchedule();
	const schedule = pollTimes(TYPICAL_SECONDS * 1000, GENERATION_MS);
	console.log(
		`  the node checks a ${TYPICAL_SECONDS} s model at ${schedule.map((t) => sec(t)).join(', ')} s, so one item takes ≥ ${sec(schedule[schedule.length - 1])} s plus result + download`,
	);
	const serial = await wallTime(sim, 1);
	const perItem = serial.wallMs / ITEMS;
	console.log(
		`  concurrency 1: ${sec(serial.wallMs)} s → ${sec(perItem)} s per item (baseline, 1 run: 20 items in sequence)`,
	);
	const rows = [];
	for (const concurrency of levels) {
		const samples = [];
		for (let run = 0; run < runs; run++) samples.push(await wallTime(sim, concurrency));
		const wallMs = median(samples.map((s) => s.wallMs));
		const waves = Math.ceil(ITEMS / concurrency);
		const idealMs = perItem * waves;
		const speedup = serial.wallMs / wallMs;
		const idealSpeedup = ITEMS / waves;
		rows.push({
			concurrency,
			wallMs,
			all: samples.map((s) => s.wallMs),
			idealMs,
			speedup,
			idealSpeedup,
			efficiency: speedup / idealSpeedup,
			maxJobs: Math.max(...samples.map((s) => s.maxJobs)),
		});
	}
	table([
		[
			'concurrency',
			'wall (median)',
			'runs',
			'ideal wall',
			'speedup',
			'ideal speedup',
			'speedup / ideal',
			'max jobs running at once',
		],
		[
			1,
			`${sec(serial.wallMs)} s`,
			sec(serial.wallMs),
			`${sec(serial.wallMs)} s`,
			'1.00',
			'1.00',
			'1.000',
			serial.maxJobs,
		],
		...rows.map((r) => [
			r.concurrency,
			`${sec(r.wallMs)} s`,
			r.all.map(sec).join(', '),
			`${sec(r.idealMs)} s`,
			r.speedup.toFixed(2),
			r.idealSpeedup.toFixed(2),
			r.efficiency.toFixed(3),
			r.maxJobs,
		]),
	]);
	console.log(
		'  ideal wall = (concurrency-1 wall / 20) × ceil(20 / c): items run in ceil(20/c) waves, each as long as one item alone',
	);
	const verdicts = rows.map((r) =>
		verdict(
			`concurrency ${r.concurrency}: ≥ ${TARGET} × ideal speedup`,
			r.efficiency >= TARGET,
			r.efficiency >= TARGET
				? `${r.efficiency.toFixed(3)} × ideal (${r.speedup.toFixed(2)} of ${r.idealSpeedup.toFixed(2)})`
				: `target missed by ${(TARGET - r.efficiency).toFixed(3)} (${r.efficiency.toFixed(3)} × ideal, ${r.speedup.toFixed(2)} of ${r.idealSpeedup.toFixed(2)})`,
		),
	);
	return { serial, perItem, rows, verdicts };
}
