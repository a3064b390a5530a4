import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { SegmindApi } from '../../credentials/SegmindApi.credentials';
import { readJob } from '../../nodes/SegmindWan/transport/asyncJob';
import { downloadVideo } from '../../nodes/SegmindWan/transport/download';
import { apiKeyRedactor } from '../../nodes/SegmindWan/transport/redactApiKey';
import type { CallScope } from '../../nodes/SegmindWan/transport/segmindCalls';
import { runNode } from '../harness';
import type { RunNodeResult } from '../harness';
import { API_KEY } from '../integration/nodeRun';
import type { Simulator } from '../simulator/segmindSimulator';

/**
 * The node's request timeouts are long (60 s for API calls, 120 s idle for downloads), too long
 * for a test to sit through. This probe node runs the real transport functions inside n8n-core's
 * real execution context, with only the timeout n8n's HTTP helpers receive shortened, so a slow
 * server produces n8n's genuine timeout error and the transport's handling of it is what is tested.
 */
function withTimeout(ctx: IExecuteFunctions, timeoutMs: number): IExecuteFunctions {
	const helpers = ctx.helpers;
	const clamp = (options: IHttpRequestOptions): IHttpRequestOptions => ({ ...options, timeout: timeoutMs });
	const shortHelpers = Object.create(helpers, {
		httpRequest: { value: async (options: IHttpRequestOptions) => await helpers.httpRequest(clamp(options)) },
		httpRequestWithAuthentication: {
			value: async function (this: IExecuteFunctions, type: string, options: IHttpRequestOptions) {
				return await helpers.httpRequestWithAuthentication.call(this, type, clamp(options));
			},
		},
	}) as IExecuteFunctions['helpers'];
	return Object.create(ctx, { helpers: { value: shortHelpers } }) as IExecuteFunctions;
}

export interface ProbeTask {
	/** What the probe does with the transport, on a context whose requests time out after `timeoutMs`. */
	(scope: CallScope): Promise<INodeExecutionData>;
}

function probeNode(sim: Simulator, requestId: string, timeoutMs: number, task: ProbeTask): INodeType {
	return {
		description: {
			displayName: 'Segmind Timeout Probe',
			name: 'segmindTimeoutProbe',
			group: ['transform'],
			version: 1,
			description: 'Runs Segmind transport calls with a short request timeout',
			defaults: { name: 'Segmind Timeout Probe' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'segmindApi', required: true }],
			properties: [],
		},
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const scope: CallScope = {
				ctx: withTimeout(this, timeoutMs),
				itemIndex: 0,
				endpoints: { apiUrl: sim.apiUrl, uploadUrl: sim.uploadUrl },
				redact: apiKeyRedactor(String((await this.getCredentials('segmindApi')).apiKey ?? '')),
				requestId,
			};
			return [[await task(scope)]];
		},
	};
}

export async function runProbe(
	sim: Simulator,
	requestId: string,
	task: ProbeTask,
	options: { requestTimeoutMs: number; runTimeoutMs: number },
): Promise<RunNodeResult> {
	return await runNode({
		nodeType: probeNode(sim, requestId, options.requestTimeoutMs, task),
		credentials: {
			type: 'segmindApi',
			data: { apiKey: API_KEY, baseUrl: sim.apiUrl, uploadUrl: sim.uploadUrl },
			credentialType: new SegmindApi(),
		},
		timeoutMs: options.runTimeoutMs,
	});
}

/** A status check, as the wait loop makes it. */
export const checkStatus: ProbeTask = async (scope) => {
	const url = `${scope.endpoints.apiUrl}/v2/requests/${scope.requestId}/status`;
	const snapshot = await readJob(scope, url);
	return { json: { state: snapshot.state } };
};

/** The output download, as a completed job's item gets it. */
export const downloadOutput =
	(url: string): ProbeTask =>
	async (scope) => {
		const video = await downloadVideo(scope, url, 'probe.mp4');
		return { json: { bytes: video.bytes }, binary: { data: video.binary } };
	};
