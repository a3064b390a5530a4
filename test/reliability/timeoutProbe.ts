import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { SegmindApi } from '../../credentials/SegmindApi.credentials';
import { readJob, submitJob } from '../../nodes/SegmindWan/transport/jobs/asyncJob';
import { downloadVideo } from '../../nodes/SegmindWan/transport/media/download';
import { apiKeyRedactor } from '../../nodes/SegmindWan/transport/http/redactApiKey';
import type { CallScope } from '../../nodes/SegmindWan/transport/client/session';
import { uploadAsset } from '../../nodes/SegmindWan/transport/media/upload';
import { runNode } from '../harness';
import type { RunNodeResult } from '../harness';
import { API_KEY } from '../harness/nodeRun';
import { testNodeDescription } from '../harness/testNodeDescription';
import type { Simulator } from '../simulator/segmindSimulator';

/**
 * The node's request timeouts are long (60 s for API calls, 120 s idle for downloads), too long
 * for a test to sit through. This probe node runs the real transport functions inside n8n-core's
 * real execution context, with only the timeout n8n's HTTP helpers receive shortened, so a slow
 * server produces n8n's genuine timeout error and the transport's handling of it is what is tested.
 */
/** How the probe changes the timeout the transport asked for: a fixed value, or time compressed by a factor. */
export type TimeoutChange = { requestTimeoutMs: number } | { timeScale: number };

function changedTimeout(change: TimeoutChange, asked: number | undefined): number | undefined {
	if ('requestTimeoutMs' in change) return change.requestTimeoutMs;
	return asked === undefined ? undefined : Math.ceil(asked / change.timeScale);
}

function withTimeout(
	ctx: IExecuteFunctions,
	change: TimeoutChange,
	cancelled: boolean,
): IExecuteFunctions {
	const helpers = ctx.helpers;
	const clamp = (options: IHttpRequestOptions): IHttpRequestOptions => ({
		...options,
		timeout: changedTimeout(change, options.timeout),
	});
	const shortHelpers = Object.create(helpers, {
		httpRequest: {
			value: async (options: IHttpRequestOptions) => await helpers.httpRequest(clamp(options)),
		},
		httpRequestWithAuthentication: {
			value: async function (this: IExecuteFunctions, type: string, options: IHttpRequestOptions) {
				return await helpers.httpRequestWithAuthentication.call(this, type, clamp(options));
			},
		},
	}) as IExecuteFunctions['helpers'];
	const properties: PropertyDescriptorMap = { helpers: { value: shortHelpers } };
	if (cancelled) {
		// The execution was cancelled before the task ran (e.g. while an earlier item was polling).
		const signal = AbortSignal.abort();
		properties.getExecutionCancelSignal = { value: () => signal };
	}
	return Object.create(ctx, properties) as IExecuteFunctions;
}

export interface ProbeTask {
	/** What the probe does with the transport, on a context whose requests time out after `timeoutMs`. */
	(scope: CallScope): Promise<INodeExecutionData>;
}

function probeNode(
	sim: Simulator,
	requestId: string,
	change: TimeoutChange,
	cancelled: boolean,
	task: ProbeTask,
): INodeType {
	return {
		description: testNodeDescription(
			'Segmind Timeout Probe',
			'segmindTimeoutProbe',
			'Runs Segmind transport calls with a short request timeout',
			{ credentials: [{ name: 'segmindApi', required: true }] },
		),
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const scope: CallScope = {
				ctx: withTimeout(this, change, cancelled),
				itemIndex: 0,
				endpoints: { apiUrl: sim.apiUrl, uploadUrl: sim.uploadUrl, historyUrl: sim.historyUrl },
				redact: apiKeyRedactor(String((await this.getCredentials('segmindApi')).apiKey ?? '')),
				requestId: requestId || undefined,
			};
			return [[await task(scope)]];
		},
	};
}

export async function runProbe(
	sim: Simulator,
	requestId: string,
	task: ProbeTask,
	options: TimeoutChange & { runTimeoutMs: number; cancelled?: boolean },
): Promise<RunNodeResult> {
	return await runNode({
		nodeType: probeNode(sim, requestId, options, options.cancelled === true, task),
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

/** A binary input's upload, as the node makes it before a submit. */
export const uploadFile =
	(data: Buffer, mimeType: string): ProbeTask =>
	async (scope) => ({ json: { url: await uploadAsset(scope, data, mimeType) } });

/** A v2 submit of a valid flash job. */
export const submitFlash: ProbeTask = async (scope) => {
	const job = await submitJob(scope, 'wan-2.2-i2v-flash', {
		image: 'https://example.com/cat.png',
		prompt: 'a cat',
	});
	return { json: { requestId: job.requestId } };
};
