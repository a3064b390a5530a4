// Probe: n8n's streaming floor with the node's own download options (headers, timeout, abort
// signal, redirects, full response), one at a time and all together; CPU while n8n stores.
// With WITH_NODE_DOWNLOAD, the node's own download too, in a process that ran no job.
//   BENCH_HEAP_PRIMER_MIB=16 ROUNDS=12 VARIANTS=floor,allNode [WITH_NODE=1] [WITH_NODE_DOWNLOAD=1]
//   [IDLE=2000] node bench/probes/requestOptions.mjs
import { median, runChild, sec } from '../lib/common.mjs';
import { probeSetup } from './probeSetup.mjs';

const { baseline, node, close, rounds } = await probeSetup();
/** What the node's download passes to n8n's httpRequest (transport/media/download.ts). */
const NODE_OPTS = {
	headers: { 'accept-encoding': 'identity' },
	returnFullResponse: true,
	ignoreHttpStatusErrors: true,
	timeout: 120000,
	abortSignalMs: 120000,
	maxRedirects: 5,
};
const variants = {
	floor: undefined,
	timeout: { timeout: 120000 },
	signal: { abortSignalMs: 120000 },
	redirects: { maxRedirects: 5 },
	fullResponse: { returnFullResponse: true, ignoreHttpStatusErrors: true },
	identity: { headers: { 'accept-encoding': 'identity' } },
	allNode: NODE_OPTS,
};
// IDLE ms before each download (as the node's process idles while its job runs): like for like.
const idleBeforeMs = Number(process.env.IDLE ?? 0);
const chosen = (process.env.VARIANTS ?? Object.keys(variants).join(',')).split(',');
const clients = chosen.map((name) => ({
	name,
	run: () => runChild(baseline('stream', { requestOptions: variants[name], idleBeforeMs })),
}));
// The node's own download (no job before it), as long idle first as the node's process is.
if (process.env.WITH_NODE_DOWNLOAD)
	clients.push({
		name: 'nodeDownload',
		run: () => runChild(baseline('nodeDownload', { idleBeforeMs })),
	});
if (process.env.WITH_NODE) clients.push({ name: 'node', run: () => runChild(node()) });
const results = clients.map(() => []);
for (let round = 0; round < rounds; round++)
	for (let k = 0; k < clients.length; k++) {
		const i = (k + round) % clients.length;
		results[i].push(await clients[i].run());
	}
for (const [i, client] of clients.entries()) {
	const runs = results[i];
	const med = (field) => median(runs.map((run) => run[field]));
	console.log(
		`${client.name.padEnd(14)} storeCPU ${sec(med('storeCpuMs'))} s  sys ${sec(med('storeSystemMs'))} s  storeMs ${sec(med('storeMs'))} s  faults ${med('storePageFaults')}  cpus ${runs.map((run) => sec(run.storeCpuMs)).join(',')}`,
	);
}
await close();
