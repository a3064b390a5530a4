// `npm run bench`: compiles the node and the n8n-core harness to bench/.build, then runs the
// benchmarks and prints each figure beside a baseline measured in the same run.
// Benchmarks, not tests: they print "TARGET MISSED …" instead of failing, and exit 0.
//
//   npm run bench                      all five
//   npm run bench -- memory polling    only some: memory | polling | throughput | transfer | upload
//   BENCH_RUNS=5 npm run bench         repetitions per measurement (default 3)
//   npm run bench -- --json FILE       also write the results as JSON
import * as fs from 'node:fs';

import { compile, machine, startSim } from './lib/common.mjs';
import { runMemory } from './memory.mjs';
import { runPolling } from './polling.mjs';
import { runThroughput } from './throughput.mjs';
import { runTransfer } from './transfer.mjs';
import { runUpload } from './upload.mjs';

const SECTIONS = ['memory', 'polling', 'throughput', 'transfer', 'upload'];

async function main() {
	const args = process.argv.slice(2);
	const jsonAt = args.indexOf('--json');
	const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
	const chosen = args.length ? args : SECTIONS;
	for (const name of chosen)
		if (!SECTIONS.includes(name))
			throw new Error(`unknown section "${name}" (one of ${SECTIONS.join(', ')})`);
	const runs = Number(process.env.BENCH_RUNS ?? 3);

	const info = machine();
	console.log('# n8n-nodes-segmind-wan benchmarks');
	console.log(
		`  ${info.date} · nproc ${info.nproc} (${info.cpu}) · memory ${info.memTotalMiB} MiB (${info.memFreeMiB} free) · load ${info.loadavg}`,
	);
	console.log(`  node ${info.node} · ${info.platform} · tmpdir ${info.tmpdir} · ${info.curl}`);
	const started = Date.now();
	compile();

	const sim = await startSim();
	const warmSim = await startSim({ generationMs: 50, queueMs: 10 });
	const results = { machine: info, runs };
	try {
		if (chosen.includes('memory')) results.memory = await runMemory({ sim, warmSim, runs });
		if (chosen.includes('polling')) results.polling = await runPolling({ sim });
		if (chosen.includes('throughput')) results.throughput = await runThroughput({ sim, runs });
		if (chosen.includes('transfer')) results.transfer = await runTransfer({ sim, warmSim, runs });
		if (chosen.includes('upload')) results.upload = await runUpload({ sim, warmSim, runs });
	} finally {
		await sim.close();
		await warmSim.close();
	}

	const verdicts = Object.values(results).flatMap((section) => section?.verdicts ?? []);
	console.log(`\n## Summary (${((Date.now() - started) / 1000).toFixed(0)} s)`);
	for (const v of verdicts) console.log(`  ${v.met ? 'met   ' : 'MISSED'}  ${v.name}: ${v.detail}`);
	if (jsonFile) fs.writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error) => {
	console.error(`bench failed: ${error?.stack ?? error}`);
	process.exitCode = 1;
});
