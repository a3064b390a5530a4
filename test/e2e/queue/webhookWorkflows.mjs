// The queue suite's two published workflows: Webhook (POST, respond when the last node finishes)
// -> Segmind Wan; one answers with the first item's JSON, the other with its binary.
import { randomUUID } from 'node:crypto';
import { EXAMPLE_IMAGE_URL, NODE_TYPE, webhookTrigger } from '../../../scripts/e2e/segmind.mjs';

export const CRED_ID = 'segmindQueueCred1';
export const MODEL = 'wan-2.2-i2v-flash';
export const SEGMIND_NODE = 'Segmind Wan';
export const PROMPT = 'A cat on a worker process slowly blinks at the camera';

/**
 * Webhook (POST, respond when the last node finishes, with responseData) -> Segmind Wan (Generate
 * Video, wait mode) with the given parameters; the shape of every workflow of the queue suite.
 */
function webhookToSegmind({
	id,
	name,
	webhookPath,
	responseData,
	credential,
	parameters,
	onError,
}) {
	const webhook = webhookTrigger({ webhookPath, responseMode: 'lastNode', responseData });
	const segmind = {
		id: randomUUID(),
		name: SEGMIND_NODE,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [260, 0],
		...(onError ? { onError } : {}),
		parameters: { operation: 'generate', executionMode: 'wait', ...parameters },
		credentials: { segmindApi: { id: credential.id, name: credential.name } },
	};
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, segmind],
		connections: { Webhook: { main: [[{ node: SEGMIND_NODE, type: 'main', index: 0 }]] } },
		pinData: {},
	};
}

/** Webhook (POST, lastNode) -> Segmind Wan. responseData: firstEntryJson | firstEntryBinary. */
export function webhookWorkflow({ id, name, webhookPath, responseData, credential }) {
	return webhookToSegmind({
		id,
		name,
		webhookPath,
		responseData,
		credential,
		parameters: {
			model: MODEL,
			imageSource: 'url',
			image: EXAMPLE_IMAGE_URL,
			prompt: '={{ $json.body.prompt }}',
		},
	});
}

export const WORKFLOWS = [
	{
		id: 'segmindQueueJson1',
		name: 'Segmind Wan queue e2e (JSON)',
		webhookPath: 'segmind-queue-json',
		responseData: 'firstEntryJson',
	},
	{
		id: 'segmindQueueMp41',
		name: 'Segmind Wan queue e2e (MP4)',
		webhookPath: 'segmind-queue-mp4',
		responseData: 'firstEntryBinary',
	},
];

/**
 * Issue 21's big-video cases, one workflow driven by the webhook body: Webhook (POST, JSON of
 * the last node) -> Segmind Wan (wan-2.2-t2v-fast, wait mode) whose Aspect Ratio, Video Output
 * and Largest Video to Download come from the body. On error it continues with an error item,
 * so the webhook answers the error's message, description and requestId.
 */
export const BIG_VIDEO = {
	id: 'segmindQueueBig1',
	name: 'Segmind Wan queue e2e (big videos)',
	webhookPath: 'segmind-queue-big',
	model: 'wan-2.2-t2v-fast',
};

export function bigVideoWorkflow({ credential }) {
	return webhookToSegmind({
		...BIG_VIDEO,
		responseData: 'firstEntryJson',
		credential,
		onError: 'continueRegularOutput',
		parameters: {
			model: BIG_VIDEO.model,
			prompt: '={{ $json.body.prompt }}',
			aspectRatio: '={{ $json.body.ratio }}',
			options: {
				videoOutput: '={{ $json.body.videoOutput }}',
				maxVideoMb: '={{ $json.body.maxVideoMb }}',
			},
		},
	});
}
