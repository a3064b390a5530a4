// Probe: n8n's streaming floor with the node's own download options (headers, timeout, abort
// signal, redirects, full response), one at a time and all together; CPU while n8n stores.
//   BENCH_HEAP_PRIMER_MIB=16 ROUNDS=12 VARIANTS=floor,allNode [WITH_NODE=1] node bench/probes/requestOptions.mjs
import {
	compile,
	startSim,
	runChild,
	median,
	MiB,
	API_KEY,
	videoFile,
	sec,
} from '../lib/common.mjs';
import { nodeParameters } from '../memory.mjs';
const rounds = Number(process.env.ROUNDS ?? 7);
const primer = Number(process.env.BENCH_HEAP_PRIMER_MIB ?? 0) * MiB;
compile();
const sim = await startSim();
const warmSim = await startSim({ generationMs: 50, queueMs: 10 });
const bytes = 500 * MiB;
sim.configure({ video: videoFile(bytes), generationMs: 50, queueMs: 10 });
sim.outputs.set('direct', sim.video);
warmSim.outputs.set('warmup', warmSim.video);
const url = `${sim.filesUrl}/outputs/direct.mp4`;
const warm = (o) => ({
	url: `${warmSim.filesUrl}/outputs/warmup.mp4`,
	mode: 'stream',
	expectBytes: warmSim.video.length,
	requestOptions: o,
});
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
const chosen = (process.env.VARIANTS ?? Object.keys(variants).join(',')).split(',');
const clients = chosen.map((name) => ({
	name,
	run: () =>
		runChild({
			heapPrimerBytes: primer,
			apiKey: API_KEY,
			apiUrl: sim.apiUrl,
			uploadUrl: sim.uploadUrl,
			kind: 'baseline',
			url,
			mode: 'stream',
			expectBytes: bytes,
			requestOptions: variants[name],
			warmup: warm(variants[name]),
		}),
}));
if (process.env.WITH_NODE)
	clients.push({
		name: 'node',
		run: () =>
			runChild({
				heapPrimerBytes: primer,
				apiKey: API_KEY,
				apiUrl: sim.apiUrl,
				uploadUrl: sim.uploadUrl,
				kind: 'node',
				parameters: nodeParameters(1),
				expectBytes: bytes,
				warmup: {
					apiUrl: warmSim.apiUrl,
					uploadUrl: warmSim.uploadUrl,
					expectBytes: warmSim.video.length,
				},
			}),
	});
const res = clients.map(() => []);
for (let r = 0; r < rounds; r++)
	for (let k = 0; k < clients.length; k++) {
		const i = (k + r) % clients.length;
		res[i].push(await clients[i].run());
	}
for (const [i, c] of clients.entries()) {
	const l = res[i];
	console.log(
		`${c.name.padEnd(14)} storeCPU ${sec(median(l.map((x) => x.storeCpuMs)))} s  sys ${sec(median(l.map((x) => x.storeSystemMs)))} s  storeMs ${sec(median(l.map((x) => x.storeMs)))} s  faults ${median(l.map((x) => x.storePageFaults))}  cpus ${l.map((x) => sec(x.storeCpuMs)).join(',')}`,
	);
}
await sim.close();
await warmSim.close();
