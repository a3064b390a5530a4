import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_API_URL, DEFAULT_HISTORY_URL, DEFAULT_UPLOAD_URL } from '../constants';
import { RateGate } from '../transport/client/rateGate';
import { apiKeyRedactor } from '../transport/http/redactApiKey';
import type { SegmindSession } from '../transport/client/session';
import type { RunStop } from './runStop';

/**
 * What every call of one run shares: Segmind's hosts (from the credential), one rate gate
 * (a 429 pauses all items), the key's redactor, and whether the run has stopped.
 */
export async function openSession(ctx: IExecuteFunctions, stop: RunStop): Promise<SegmindSession> {
	const startedAt = Date.now();
	const credentials = await ctx.getCredentials('segmindApi');
	return {
		startedAt,
		endpoints: {
			apiUrl: String(credentials.baseUrl || DEFAULT_API_URL),
			uploadUrl: String(credentials.uploadUrl || DEFAULT_UPLOAD_URL),
			historyUrl: String(credentials.historyUrl || DEFAULT_HISTORY_URL),
		},
		gate: new RateGate(),
		redact: apiKeyRedactor(String(credentials.apiKey ?? '')),
		runStopped: () => stop.stopped,
	};
}
