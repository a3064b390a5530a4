// What every probe shares: the compiled node, a simulator serving the 500 MiB video, a warm-up
// simulator, and the child configs for the node and for n8n's own download helpers.
import { API_KEY, compile, MiB, startSim, videoFile } from '../lib/common.mjs';
import { nodeParameters } from '../memory.mjs';

export async function probeSetup() {
	compile();
	const sim = await startSim();
	const warmSim = await startSim({ generationMs: 50, queueMs: 10 });
	const bytes = 500 * MiB;
	sim.configure({ video: videoFile(bytes), generationMs: 50, queueMs: 10 });
	sim.outputs.set('direct', sim.video);
	warmSim.outputs.set('warmup', warmSim.video);
	const url = `${sim.filesUrl}/outputs/direct.mp4`;
	const base = {
		// BENCH_HEAP_PRIMER_MIB, as in the transfer section (bench/lib/child.mjs).
		heapPrimerBytes: Number(process.env.BENCH_HEAP_PRIMER_MIB ?? 0) * MiB,
		apiKey: API_KEY,
		apiUrl: sim.apiUrl,
		uploadUrl: sim.uploadUrl,
		expectBytes: bytes,
	};
	/** n8n's own helpers downloading the video ('baseline' by mode); the warm-up never idles. */
	const baseline = (mode, extra = {}) => ({
		...base,
		kind: 'baseline',
		url,
		mode,
		...extra,
		warmup: {
			url: `${warmSim.filesUrl}/outputs/warmup.mp4`,
			mode,
			expectBytes: warmSim.video.length,
			idleBeforeMs: 0,
			requestOptions: extra.requestOptions,
		},
	});
	/** The node: Generate Video, Wait for Result, the video from the simulator. */
	const node = (extra = {}) => ({
		...base,
		kind: 'node',
		parameters: nodeParameters(1),
		...extra,
		warmup: {
			apiUrl: warmSim.apiUrl,
			uploadUrl: warmSim.uploadUrl,
			expectBytes: warmSim.video.length,
		},
	});
	const close = async () => {
		await sim.close();
		await warmSim.close();
	};
	return { baseline, node, close, rounds: Number(process.env.ROUNDS ?? 5) };
}
