// The paid-once suite's workflows: Webhook → Split Out (one item per entry of body.items) →
// Segmind Wan (Generate Video, Wait for Result, Flash), with n8n's Retry On Fail or the
// "Reuse an Identical Job" option as the scenario needs.
import { randomUUID } from 'node:crypto';
import { segmindNode, webhookTrigger } from '../../../scripts/e2e/segmind.mjs';

export const GENERATE = 'Generate Video';

/** n8n's own node settings for Retry On Fail, as a user sets them (Max Tries 3, 1000 ms). */
export const RETRY_ON_FAIL = { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 };

export function generateWorkflow({ id, credential, webhookPath, settings = {}, options = {} }) {
	const webhook = webhookTrigger({ webhookPath });
	const split = {
		id: randomUUID(),
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [200, 0],
		parameters: { fieldToSplitOut: 'body.items', options: {} },
	};
	const generate = {
		...segmindNode({
			name: GENERATE,
			model: 'wan-2.2-i2v-flash',
			mode: 'wait',
			credential,
			typeVersion: 2,
			position: [400, 0],
			extra: { options },
		}),
		...settings,
	};
	return {
		id,
		name: `Paid once [${id}]`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhook, split, generate],
		connections: {
			Webhook: { main: [[{ node: split.name, type: 'main', index: 0 }]] },
			[split.name]: { main: [[{ node: GENERATE, type: 'main', index: 0 }]] },
		},
		pinData: {},
	};
}

/** The webhook body that makes `count` items after Split Out. */
export const itemsBody = (count) => ({ items: Array.from({ length: count }, (_, n) => ({ n })) });
