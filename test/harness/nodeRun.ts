import { randomUUID } from 'crypto';
import type { INodeParameters } from 'n8n-workflow';

import { SegmindApi } from '../../credentials/SegmindApi.credentials';
import { SegmindWan } from '../../nodes/SegmindWan/SegmindWan.node';
import { runNode } from './runNode';
import type { RunNodeOptions } from './runNode';
import type { Simulator } from '../simulator/segmindSimulator';

/** Made per run and recognisable, so the secrets checks can search every output and error for it. */
export const API_KEY = `sk-simulated-${randomUUID()}`;

/** Runs the Segmind Wan node in n8n-core's real execution context against the simulator. */
export async function runSegmind(
	sim: Simulator,
	parameters: INodeParameters,
	extra: Partial<RunNodeOptions> = {},
) {
	return await runNode({
		nodeType: new SegmindWan(),
		parameters,
		credentials: {
			type: 'segmindApi',
			data: {
				apiKey: API_KEY,
				baseUrl: sim.apiUrl,
				uploadUrl: sim.uploadUrl,
				historyUrl: sim.historyUrl,
			},
			credentialType: new SegmindApi(),
		},
		...extra,
	});
}

/** Request bodies Segmind received for generations (v1 or v2 submits), oldest first. */
export function generationBodies(sim: Simulator): Array<Record<string, unknown>> {
	return sim.requests
		.filter((request) => request.route === 'v1' || request.route === 'submit')
		.map((request) => request.body as Record<string, unknown>);
}

/** What a user must fill in: a prompt (the pages' samples are only placeholders), and an image where required. */
export const REQUIRED_INPUTS: Record<string, INodeParameters> = {
	'wan2.7-i2v': { prompt: 'a lake at dawn, ripples on the water' },
	'wan2.7-r2v': { prompt: 'Image1 waves at the camera' },
	'wan-2.6-i2v': { image: 'https://example.com/cat.png', prompt: 'a cat jumps onto a sofa' },
	'wan-2.2-i2v-flash': { image: 'https://example.com/cat.png', prompt: 'a cat jumps onto a sofa' },
	'wan2.1-i2v-720p': { image: 'https://example.com/cat.png', prompt: 'a cat jumps onto a sofa' },
	'wan2.7-t2v': { prompt: 'a lighthouse at dusk, waves below' },
	'wan-2.2-t2v-fast': { prompt: 'a lighthouse at dusk, waves below' },
	'wan3.0-video': { prompt: 'a lighthouse at dusk, waves below' },
	'wan-animate': { inputVideo: 'https://example.com/dance.mp4', prompt: 'a woman dances' },
};
