// Probe: what the process's history does to the download. The floor, the floor (and the floor
// with the node's stage) after idling IDLE ms (as the node's process does while its job runs),
// and the node; CPU while n8n stores, and V8's collections (--trace-gc) in the child's life.
//   BENCH_HEAP_PRIMER_MIB=16 ROUNDS=5 VARIANTS=floor,floorIdle,stageIdle,nodeDownloadIdle,node [IDLE=4000] node bench/probes/idleAndGc.mjs
import { spawn } from 'node:child_process';

import { CHILD_SCRIPT, ROOT } from '../lib/common.mjs';
import { probeSetup } from './probeSetup.mjs';

const { baseline, node, close, rounds } = await probeSetup();
const idleBeforeMs = Number(process.env.IDLE ?? 4000);
const configs = {
	floor: baseline('stream'),
	stage: baseline('stage'),
	floorIdle: baseline('stream', { idleBeforeMs }),
	stageIdle: baseline('stage', { idleBeforeMs }),
	// The node's own download in a process that ran no job (bench/lib/child.mjs, 'nodeDownload').
	nodeDownloadIdle: baseline('nodeDownload', { idleBeforeMs }),
	node: node(),
};
function run(config) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[
				'--expose-gc',
				'--trace-gc',
				...(process.env.EXTRA ? process.env.EXTRA.split(' ') : []),
				CHILD_SCRIPT,
				JSON.stringify(config),
			],
			{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
		);
		let out = '';
		child.stdout.on('data', (c) => (out += c));
		child.on('close', () => {
			const lines = out.split('\n');
			const at = lines.findIndex((l) => l.startsWith('BENCH_RESULT'));
			const result = JSON.parse(lines[at].slice(13));
			// Every collection in the child's life (the warm-up's few included).
			const gcs = lines.filter((l) => /Mark-Compact|Scavenge|Mark-Sweep/.test(l));
			const sum = (re) =>
				gcs
					.filter((l) => re.test(l))
					.reduce((s, l) => s + Number((/, ([\d.]+) \/ [\d.]+ ms/.exec(l) ?? [])[1] ?? 0), 0);
			const mc = gcs.filter((l) => /Mark-Compact|Mark-Sweep/.test(l));
			resolve({
				waited: result.items?.[0]?.waitedSeconds,
				startToStore: result.endAt - result.startAt - result.storeMs,
				storeCpu: result.storeCpuMs,
				storeMs: result.storeMs,
				heapMiB: Math.round(result.storeHeapUsed / 2 ** 20),
				mcCount: mc.length,
				mcMs: sum(/Mark-Compact|Mark-Sweep/),
				scCount: gcs.length - mc.length,
				scMs: sum(/Scavenge/),
				lastMc: mc.at(-1),
			});
		});
		child.on('error', reject);
	});
}
const names = (process.env.VARIANTS ?? 'floor,stage,node').split(',');
for (let r = 0; r < rounds; r++)
	for (const name of names) {
		const x = await run(configs[name]);
		console.log(name.padEnd(6), JSON.stringify(x));
	}
await close();
